import type { EmulatorContext } from "../context";

/**
 * What the HTTP layer does with an Admin GraphQL request. "drop" means the operation WAS applied
 * and the server must now destroy the socket without answering (a timeout after success).
 */
export type AdminResponse =
  | { kind: "respond"; status: number; headers: Record<string, string>; body: string }
  | { kind: "drop" };

export interface AdminGraphqlRequest {
  shop: string;
  apiVersion: string;
  headers: Record<string, string | undefined>;
  body: string;
}

export async function handleAdminGraphql(_ctx: EmulatorContext, _req: AdminGraphqlRequest): Promise<AdminResponse> {
  return {
    kind: "respond",
    status: 503,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ errors: "Admin GraphQL is not implemented yet" }),
  };
}
