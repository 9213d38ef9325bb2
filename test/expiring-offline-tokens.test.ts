import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { authenticate, sessionStorage } from "~/shopify.server";
import { offlineSessionId, runOperation } from "~/shopify/admin-client.server";
import { ShopifyUnavailableError } from "~/shopify/errors.server";
import { ShopProfile } from "~/shopify/graphql/ShopProfile";
import { createShopifyFetch } from "~/shopify/shopify-fetch.server";
import { type RunningEmulator, startEmulator } from "../emulator/server";
import { createEmulatorState } from "../emulator/state";
import { signSessionToken } from "../emulator/session-token";
import { BROWSER_USER_AGENT } from "./browser/admin-auth";

/**
 * Expiring offline access tokens end to end: the app asks for them at token exchange, the emulator
 * refuses them after an hour of its own clock, and the app refreshes and carries on.
 */

const SHOP = "expiring-tokens.myshopify.com";
const HOUR_MS = 3_600_000;
let emulator: RunningEmulator;
let clock: Date;
let shopifyFetch: ReturnType<typeof createShopifyFetch>;

beforeAll(async () => {
  clock = new Date();
  emulator = await startEmulator({
    config: {
      apiKey: "test-api-key",
      apiSecret: "test-api-secret",
      appUrl: "http://localhost:3999",
      apiVersion: "2026-07",
      appTomlPath: "shopify.app.toml",
      throttle: { maximumAvailable: 2000, restoreRate: 100 },
    },
    state: createEmulatorState({ now: () => clock }),
  });
  shopifyFetch = createShopifyFetch(emulator.url);
  // The library's own calls (token exchange, refresh) reach the emulator, as with SHOPIFY_EMULATOR_URL.
  setAbstractFetchFunc(shopifyFetch as never);
  vi.spyOn(console, "log").mockImplementation(() => {});
});

afterAll(async () => {
  await emulator?.close();
});

const storedSession = () => sessionStorage.loadSession(offlineSessionId(SHOP));

async function shopProfileCalls() {
  await runOperation(SHOP, ShopProfile, {}, { fetch: shopifyFetch });
  return emulator.ctx.adminCalls
    .filter((call) => call.operationName === "ShopProfile")
    .map((call) => call.status);
}

describe("expiring offline access tokens", () => {
  it("are what the first admin request gets from token exchange", async () => {
    // What App Bridge sends: a session token the emulator signed (its clock, one minute of life).
    const token = signSessionToken({
      apiKey: "test-api-key",
      apiSecret: "test-api-secret",
      shop: SHOP,
      now: clock,
    });
    await authenticate.admin(
      new Request("http://localhost:3999/app", {
        headers: {
          Authorization: `Bearer ${token}`,
          "User-Agent": BROWSER_USER_AGENT,
        },
      }),
    );
    const session = await storedSession();
    expect(session?.refreshToken).toMatch(/^shprt_/);
    expect(session?.expires).toBeInstanceOf(Date);
    const lifetime = session!.expires!.getTime() - Date.now();
    expect(lifetime).toBeGreaterThan(HOUR_MS - 60_000);
    expect(lifetime).toBeLessThanOrEqual(HOUR_MS);
    expect(await shopProfileCalls()).toEqual([200]);
  });

  it("refused by Shopify once expired, are refreshed and the call made again", async () => {
    const before = await storedSession();
    clock = new Date(clock.getTime() + 2 * HOUR_MS);
    expect(await shopProfileCalls()).toEqual([200, 401, 200]);
    const after = await storedSession();
    expect(after?.accessToken).not.toBe(before?.accessToken);
    expect(after?.refreshToken).not.toBe(before?.refreshToken);
    expect(after?.refreshToken).toMatch(/^shprt_/);
  });

  it("about to expire by the app's clock, are refreshed before the call", async () => {
    const session = (await storedSession())!;
    const previous = session.accessToken;
    session.expires = new Date(Date.now() + 60_000);
    await sessionStorage.storeSession(session);
    expect(await shopProfileCalls()).toEqual([200, 401, 200, 200]);
    expect((await storedSession())?.accessToken).not.toBe(previous);
  });

  it("whose refresh token expired too, fail the call as an outage (retried, then given up)", async () => {
    clock = new Date(clock.getTime() + 91 * 24 * HOUR_MS);
    vi.spyOn(console, "error").mockImplementation(() => {});
    await expect(
      runOperation(SHOP, ShopProfile, {}, { fetch: shopifyFetch }),
    ).rejects.toBeInstanceOf(ShopifyUnavailableError);
  });
});
