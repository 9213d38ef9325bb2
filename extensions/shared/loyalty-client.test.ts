import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

import { APP_URL } from "./app-url";
import { createLoyaltyClient } from "./loyalty-client";

function recordingFetch(answer: () => Response | Promise<Response>) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return answer();
  }) as unknown as typeof globalThis.fetch;
  return { calls, fetch };
}

describe("the extensions' client", () => {
  it("sends a fresh session token as a bearer token with the customer's language", async () => {
    let tokens = 0;
    const { calls, fetch } = recordingFetch(
      () =>
        new Response(JSON.stringify({ state: "posted", points: 5 }), {
          status: 200,
        }),
    );
    const client = createLoyaltyClient({
      appUrl: "https://app.example/",
      getToken: async () => `token-${(tokens += 1)}`,
      locale: "fr",
      fetch,
    });
    const first = await client.orderPoints("gid://shopify/Order/12");
    await client.orderPoints("12");
    expect(first).toEqual({
      ok: true,
      status: 200,
      data: { state: "posted", points: 5 },
    });
    expect(calls[0].url).toBe(
      "https://app.example/customer-account/orders/gid%3A%2F%2Fshopify%2FOrder%2F12?locale=fr",
    );
    expect(
      (calls[0].init.headers as Record<string, string>).Authorization,
    ).toBe("Bearer token-1");
    expect(
      (calls[1].init.headers as Record<string, string>).Authorization,
    ).toBe("Bearer token-2");
  });

  it("posts a redemption as JSON and leaves out unknown query values", async () => {
    const { calls, fetch } = recordingFetch(
      () =>
        new Response(JSON.stringify({ redemption: {}, balance: 1 }), {
          status: 201,
        }),
    );
    const client = createLoyaltyClient({
      appUrl: "https://app.example",
      getToken: async () => "t",
      locale: "en",
      fetch,
    });
    await client.redeem("reward-1", "key-12345678");
    await client.thankYou({ orderId: null, subtotal: "10.00" });
    expect(calls[0].init.method).toBe("POST");
    expect(JSON.parse(String(calls[0].init.body))).toEqual({
      rewardId: "reward-1",
      idempotencyKey: "key-12345678",
    });
    expect(calls[1].url).toBe(
      "https://app.example/checkout/thank-you?locale=en&subtotal=10.00",
    );
  });

  it("reads the app's error code, and a lost connection as `network`", async () => {
    const refused = createLoyaltyClient({
      appUrl: "https://app.example",
      getToken: async () => "t",
      locale: "en",
      fetch: recordingFetch(
        () =>
          new Response(
            JSON.stringify({
              error: { code: "sold_out", message: "Sold out." },
            }),
            { status: 410 },
          ),
      ).fetch,
    });
    expect(await refused.redeem("r", "key-12345678")).toEqual({
      ok: false,
      status: 410,
      code: "sold_out",
      message: "Sold out.",
    });
    const offline = createLoyaltyClient({
      appUrl: "https://app.example",
      getToken: async () => "t",
      locale: "en",
      fetch: recordingFetch(() =>
        Promise.reject(new TypeError("Failed to fetch")),
      ).fetch,
    });
    expect(await offline.rewardsPage()).toMatchObject({
      ok: false,
      code: "network",
    });
    const html = createLoyaltyClient({
      appUrl: "https://app.example",
      getToken: async () => "t",
      locale: "en",
      fetch: recordingFetch(() => new Response("<html>", { status: 502 }))
        .fetch,
    });
    expect(await html.rewardsPage()).toMatchObject({
      ok: false,
      code: "http_502",
    });
  });

  it("reaches the app at shopify.app.toml's application_url", () => {
    const toml = fs.readFileSync(
      path.resolve(__dirname, "../../shopify.app.toml"),
      "utf8",
    );
    expect(toml).toContain(`application_url = "${APP_URL}"`);
  });
});
