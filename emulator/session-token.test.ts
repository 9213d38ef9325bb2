import "@shopify/shopify-api/adapters/node";

import { ApiVersion, shopifyApi } from "@shopify/shopify-api";
import { describe, expect, it } from "vitest";

import { signSessionToken, verifySessionToken } from "./session-token";

const keys = { apiKey: "test-api-key", apiSecret: "test-api-secret" };

describe("session tokens", () => {
  it("are accepted by @shopify/shopify-api's own decoder", async () => {
    const shopify = shopifyApi({
      apiKey: keys.apiKey,
      apiSecretKey: keys.apiSecret,
      apiVersion: ApiVersion.July26,
      hostName: "localhost:3999",
      isEmbeddedApp: true,
      logger: { log: async () => undefined },
    });
    const payload = await shopify.session.decodeSessionToken(
      signSessionToken({
        ...keys,
        shop: "loyal-beans.myshopify.com",
        userId: 7,
      }),
    );
    expect(payload).toMatchObject({
      iss: "https://loyal-beans.myshopify.com/admin",
      dest: "https://loyal-beans.myshopify.com",
      aud: keys.apiKey,
      sub: "7",
    });
  });

  it("verify: signature, lifetime with 10 s of tolerance, audience and shop", () => {
    const now = new Date("2026-03-01T12:00:00Z");
    const token = signSessionToken({
      ...keys,
      shop: "loyal-beans.myshopify.com",
      now,
    });
    expect(verifySessionToken(token, { ...keys, now })).toMatchObject({
      ok: true,
      shop: "loyal-beans.myshopify.com",
    });
    expect(
      verifySessionToken(token, {
        ...keys,
        now: new Date(now.getTime() + 69_000),
      }).ok,
    ).toBe(true);
    expect(
      verifySessionToken(token, {
        ...keys,
        now: new Date(now.getTime() + 71_000),
      }),
    ).toEqual({ ok: false, reason: "token expired" });
    expect(
      verifySessionToken(token, { ...keys, apiSecret: "other", now }),
    ).toEqual({ ok: false, reason: "signature does not match the app secret" });
    expect(
      verifySessionToken(token, { ...keys, apiKey: "other", now }),
    ).toEqual({ ok: false, reason: "audience is not this app" });
    const mixed = signSessionToken({
      ...keys,
      shop: "a.myshopify.com",
      now,
      claims: { iss: "https://b.myshopify.com/admin" },
    });
    expect(verifySessionToken(mixed, { ...keys, now }).ok).toBe(false);
    const [header, payload] = token.split(".");
    expect(
      verifySessionToken(`${header}.${payload}.tampered`, { ...keys, now }).ok,
    ).toBe(false);
  });
});
