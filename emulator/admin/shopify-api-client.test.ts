import "@shopify/shopify-api/adapters/node";

import {
  ApiVersion,
  GraphqlQueryError,
  RequestedTokenType,
  shopifyApi,
} from "@shopify/shopify-api";
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { describe, expect, it } from "vitest";

import { createEmulatorContext } from "../context";
import { signSessionToken } from "../session-token";
import { createEmulatorState } from "../state";
import { handleAdminGraphql } from "./graphql";
import { testEmulatorConfig } from "./testing";
import { handleTokenExchange } from "./token-exchange";

// The app talks to the emulator through @shopify/shopify-api; these tests run that library's real
// token exchange and GraphQL client against the handlers, with a fetch that skips the socket.
const ctx = createEmulatorContext(
  testEmulatorConfig({ throttle: { maximumAvailable: 20, restoreRate: 1 } }),
  createEmulatorState(),
);
const SHOP = "loyal-beans.myshopify.com";

setAbstractFetchFunc((async (
  input: string | URL | Request,
  init?: RequestInit,
) => {
  const request = new Request(input, init);
  const url = new URL(request.url);
  const headers = Object.fromEntries(request.headers.entries());
  const body = await request.text();
  if (url.pathname === "/admin/oauth/access_token") {
    const answer = handleTokenExchange(ctx, { shop: url.host, headers, body });
    return new Response(answer.body, {
      status: answer.status,
      headers: answer.headers,
    });
  }
  const match = /^\/admin\/api\/([^/]+)\/graphql\.json$/.exec(url.pathname);
  if (!match) return new Response("Not Found", { status: 404 });
  const answer = await handleAdminGraphql(ctx, {
    shop: url.host,
    apiVersion: match[1],
    headers,
    body,
  });
  if (answer.kind === "drop")
    throw new TypeError("fetch failed: socket hang up");
  return new Response(answer.body, {
    status: answer.status,
    headers: answer.headers,
  });
}) as never);

const shopify = shopifyApi({
  apiKey: "test-api-key",
  apiSecretKey: "test-api-secret",
  apiVersion: ApiVersion.July26,
  hostName: "localhost:3999",
  isEmbeddedApp: true,
  logger: { log: async () => undefined },
});

describe("@shopify/shopify-api against the emulator", () => {
  it("exchanges a session token and queries the Admin API with the session it gets", async () => {
    const sessionToken = signSessionToken({
      apiKey: "test-api-key",
      apiSecret: "test-api-secret",
      shop: SHOP,
    });
    const { session } = await shopify.auth.tokenExchange({
      shop: SHOP,
      sessionToken,
      requestedTokenType: RequestedTokenType.OfflineAccessToken,
    });
    expect(session.accessToken).toMatch(/^shpat_/);

    const client = new shopify.clients.Graphql({ session });
    const answer = await client.request(
      `query ShopName { shop { name myshopifyDomain } }`,
    );
    expect(answer.data).toEqual({
      shop: { name: "loyal-beans", myshopifyDomain: SHOP },
    });
    expect(answer.extensions?.cost).toMatchObject({
      requestedQueryCost: 1,
      actualQueryCost: 1,
    });

    // A throttled answer reaches the app as the library's GraphqlQueryError carrying Shopify's body.
    const burst = async () => {
      for (let i = 0; i < 30; i++)
        await client.request(
          `mutation M { tagsAdd(id: "gid://shopify/Customer/1", tags: ["x"]) { userErrors { message } } }`,
        );
    };
    const error = await burst().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GraphqlQueryError);
    expect((error as GraphqlQueryError).body?.errors).toMatchObject({
      graphQLErrors: [
        { message: "Throttled", extensions: { code: "THROTTLED" } },
      ],
    });
  });
});
