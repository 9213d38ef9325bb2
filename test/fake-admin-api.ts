import { Session } from "@shopify/shopify-api";

import { sessionStorage } from "~/shopify.server";
import type { FetchLike } from "~/shopify/shopify-fetch.server";

/**
 * A stand-in for the Admin GraphQL endpoint at the fetch level (no network, no emulator):
 * each request is recorded and answered by a function that sees the operation name and
 * variables. Pass `fetch` as the `options.fetch` of runOperation / mirrorMemberBalance / ...
 */
export interface FakeAdminCall {
  url: string;
  accessToken: string | null;
  operationName: string | null;
  query: string;
  variables: Record<string, unknown>;
}

export type FakeAdminAnswer =
  | { status?: number; body: unknown; headers?: Record<string, string> }
  /** Thrown by fetch, as a network failure or timeout would be. */
  | { throws: Error };

export function createFakeAdminApi(
  answer: (
    call: FakeAdminCall,
    index: number,
  ) => FakeAdminAnswer | Promise<FakeAdminAnswer>,
) {
  const calls: FakeAdminCall[] = [];
  const fetch: FetchLike = async (input, init) => {
    const request =
      input instanceof Request ? input : new Request(String(input), init);
    const text =
      init?.body !== undefined ? String(init.body) : await request.text();
    const payload = JSON.parse(text) as {
      query: string;
      variables?: Record<string, unknown>;
      operationName?: string;
    };
    const call: FakeAdminCall = {
      url: request.url,
      accessToken: new Headers(init?.headers ?? request.headers).get(
        "x-shopify-access-token",
      ),
      operationName: payload.operationName ?? null,
      query: payload.query,
      variables: payload.variables ?? {},
    };
    calls.push(call);
    const reply = await answer(call, calls.length - 1);
    if ("throws" in reply) throw reply.throws;
    return new Response(
      typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body),
      {
        status: reply.status ?? 200,
        headers: { "content-type": "application/json", ...reply.headers },
      },
    );
  };
  return { fetch, calls };
}

export interface CostBlock {
  requestedQueryCost: number;
  currentlyAvailable: number;
  restoreRate?: number;
  maximumAvailable?: number;
}

function extensions(cost: CostBlock, actual: number | null) {
  return {
    cost: {
      requestedQueryCost: cost.requestedQueryCost,
      actualQueryCost: actual,
      throttleStatus: {
        maximumAvailable: cost.maximumAvailable ?? 2000,
        currentlyAvailable: cost.currentlyAvailable,
        restoreRate: cost.restoreRate ?? 100,
      },
    },
  };
}

/** A successful answer, with Shopify's cost block. */
export function graphqlData(
  data: unknown,
  cost: CostBlock = { requestedQueryCost: 10, currentlyAvailable: 1990 },
): FakeAdminAnswer {
  return {
    body: { data, extensions: extensions(cost, cost.requestedQueryCost) },
  };
}

/** Shopify's THROTTLED answer: HTTP 200, no data, the bucket state in extensions.cost. */
export function throttledAnswer(cost: CostBlock): FakeAdminAnswer {
  return {
    body: {
      errors: [
        {
          message: "Throttled",
          extensions: {
            code: "THROTTLED",
            documentation: "https://shopify.dev/api/usage/rate-limits",
          },
        },
      ],
      extensions: extensions(cost, null),
    },
  };
}

/** Stores an offline session as token exchange would, so runOperation finds an access token. */
export async function storeOfflineSession(
  shop: string,
  accessToken = `shpat_test_${shop.split(".")[0]}`,
) {
  const session = new Session({
    id: `offline_${shop}`,
    shop,
    state: "",
    isOnline: false,
    accessToken,
    scope: "read_customers",
  });
  await sessionStorage.storeSession(session);
  return session;
}
