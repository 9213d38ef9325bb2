import type { EmulatorContext } from "../context";

export interface TokenExchangeRequest {
  shop: string;
  headers: Record<string, string | undefined>;
  body: string;
}

export interface TokenExchangeResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function handleTokenExchange(_ctx: EmulatorContext, _req: TokenExchangeRequest): TokenExchangeResponse {
  return {
    status: 503,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ error: "not_implemented" }),
  };
}
