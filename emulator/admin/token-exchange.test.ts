import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { createEmulatorContext } from "../context";
import { signSessionToken } from "../session-token";
import { createEmulatorState } from "../state";
import { handleAdminGraphql } from "./graphql";
import { testEmulatorConfig } from "./testing";
import { handleTokenExchange } from "./token-exchange";

const SHOP = "loyal-beans.myshopify.com";
const OFFLINE = "urn:shopify:params:oauth:token-type:offline-access-token";
const ONLINE = "urn:shopify:params:oauth:token-type:online-access-token";

function setup() {
  const dir = mkdtempSync(path.join(tmpdir(), "emulator-toml-"));
  const appTomlPath = path.join(dir, "shopify.app.toml");
  writeFileSync(
    appTomlPath,
    `client_id = "test-api-key"\n[access_scopes]\nscopes = "read_customers, write_customers,write_discounts"\n`,
  );
  let clock = new Date("2026-03-01T12:00:00Z");
  const ctx = createEmulatorContext(
    testEmulatorConfig({ appTomlPath }),
    createEmulatorState({ now: () => clock }),
  );
  const sessionToken = (
    overrides: Parameters<typeof signSessionToken>[0] extends infer O
      ? Partial<O>
      : never = {},
  ) =>
    signSessionToken({
      apiKey: "test-api-key",
      apiSecret: "test-api-secret",
      shop: SHOP,
      now: clock,
      userId: 42,
      ...overrides,
    });
  const exchange = (body: Record<string, string>, asForm = false) => {
    const response = handleTokenExchange(ctx, {
      shop: SHOP,
      headers: {
        "Content-Type": asForm
          ? "application/x-www-form-urlencoded"
          : "application/json",
      },
      body: asForm
        ? new URLSearchParams(body).toString()
        : JSON.stringify(body),
    });
    return { status: response.status, body: JSON.parse(response.body) };
  };
  const request = (token: string) => ({
    client_id: "test-api-key",
    client_secret: "test-api-secret",
    grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
    subject_token: token,
    subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
    requested_token_type: OFFLINE,
  });
  const shopName = async (accessToken: string) => {
    const response = await handleAdminGraphql(ctx, {
      shop: SHOP,
      apiVersion: "2026-07",
      headers: {
        "content-type": "application/json",
        "x-shopify-access-token": accessToken,
      },
      body: JSON.stringify({ query: "{ shop { name } }" }),
    });
    return response.kind === "respond" ? response.status : 0;
  };
  return {
    ctx,
    sessionToken,
    exchange,
    request,
    shopName,
    advance: (ms: number) => (clock = new Date(clock.getTime() + ms)),
  };
}

describe("token exchange", () => {
  it("swaps a valid session token for an offline access token, installs the shop, and the token works", async () => {
    const t = setup();
    const answer = t.exchange(t.request(t.sessionToken()));
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      access_token: expect.stringMatching(/^shpat_[0-9a-f]{32}$/),
      scope: "read_customers,write_customers,write_discounts",
    });
    expect(t.ctx.state.shops.get(SHOP)?.shop.installed).toBe(true);
    expect(await t.shopName(answer.body.access_token)).toBe(200);
  });

  it("accepts a form-encoded body too", () => {
    const t = setup();
    expect(t.exchange(t.request(t.sessionToken()), true).status).toBe(200);
  });

  it("issues online tokens with their lifetime and associated user", async () => {
    const t = setup();
    const answer = t.exchange({
      ...t.request(t.sessionToken()),
      requested_token_type: ONLINE,
    });
    expect(answer.body).toMatchObject({
      access_token: expect.stringMatching(/^shpua_/),
      expires_in: 86399,
      associated_user: { id: 42, email: `owner@${SHOP}` },
    });
    t.advance(86_400_000);
    expect(await t.shopName(answer.body.access_token)).toBe(401);
  });

  it("issues expiring offline tokens, refuses them once expired, and refreshes them", async () => {
    const t = setup();
    const answer = t.exchange({
      ...t.request(t.sessionToken()),
      expiring: "1",
    });
    expect(answer.body).toEqual({
      access_token: expect.stringMatching(/^shpat_/),
      scope: "read_customers,write_customers,write_discounts",
      expires_in: 3600,
      refresh_token: expect.stringMatching(/^shprt_/),
      refresh_token_expires_in: 7776000,
    });
    t.advance(3_599_000);
    expect(await t.shopName(answer.body.access_token)).toBe(200);
    t.advance(1_000);
    const refused = await handleAdminGraphql(t.ctx, {
      shop: SHOP,
      apiVersion: "2026-07",
      headers: {
        "content-type": "application/json",
        "x-shopify-access-token": answer.body.access_token,
      },
      body: JSON.stringify({ query: "{ shop { name } }" }),
    });
    expect(refused).toMatchObject({
      status: 401,
      body: JSON.stringify({
        errors:
          "[API] Invalid API key or access token (unrecognized login or wrong password)",
      }),
    });

    const refresh = (refreshToken: string) => ({
      client_id: "test-api-key",
      client_secret: "test-api-secret",
      grant_type: "refresh_token",
      refresh_token: refreshToken,
    });
    const first = t.exchange(refresh(answer.body.refresh_token));
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      expires_in: 3600,
      refresh_token: expect.stringMatching(/^shprt_/),
      refresh_token_expires_in: 7776000,
    });
    expect(await t.shopName(first.body.access_token)).toBe(200);
    // The answer was lost: the same refresh token works again while its replacement is unused,
    // and the access token of the lost answer stops working.
    const retried = t.exchange(refresh(answer.body.refresh_token));
    expect(retried.status).toBe(200);
    expect(await t.shopName(retried.body.access_token)).toBe(200);
    // Using a replacement retires the original for good.
    expect(t.exchange(refresh(retried.body.refresh_token)).status).toBe(200);
    expect(t.exchange(refresh(answer.body.refresh_token))).toMatchObject({
      status: 400,
      body: { error: "invalid_grant" },
    });
  });

  it("migrates a non-expiring offline token to an expiring pair and retires it", async () => {
    const t = setup();
    const legacy = t.exchange(t.request(t.sessionToken())).body.access_token;
    const migrate = {
      client_id: "test-api-key",
      client_secret: "test-api-secret",
      grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
      subject_token: legacy,
      subject_token_type: OFFLINE,
      requested_token_type: OFFLINE,
      expiring: "1",
    };
    const migrated = t.exchange(migrate);
    expect(migrated.body).toMatchObject({
      expires_in: 3600,
      refresh_token: expect.stringMatching(/^shprt_/),
    });
    expect(await t.shopName(legacy)).toBe(401);
    expect(await t.shopName(migrated.body.access_token)).toBe(200);
    expect(t.exchange(migrate).body.error).toBe("invalid_subject_token");
  });

  it("refuses a wrong client secret with 401 invalid_client", () => {
    const t = setup();
    expect(
      t.exchange({
        ...t.request(t.sessionToken()),
        client_secret: "not-the-secret",
      }),
    ).toEqual({
      status: 401,
      body: {
        error: "invalid_client",
        error_description:
          "Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.",
      },
    });
  });

  it.each([
    ["expired", () => ({ now: new Date("2026-03-01T11:58:00Z") })],
    [
      "signed with another secret",
      () => ({ apiSecret: "someone-elses-secret" }),
    ],
    ["issued for another app", () => ({ apiKey: "another-app" })],
    ["issued for another shop", () => ({ shop: "someone-else.myshopify.com" })],
  ])(
    "refuses a session token %s with 400 invalid_subject_token",
    (_label, overrides) => {
      const t = setup();
      const answer = t.exchange(t.request(t.sessionToken(overrides())));
      expect(answer).toEqual({
        status: 400,
        body: {
          error: "invalid_subject_token",
          error_description:
            "Token exchange cannot be performed due to an invalid subject token.",
        },
      });
      expect(t.ctx.state.shops.get(SHOP)?.shop.installed ?? false).toBe(false);
    },
  );

  it("refuses a garbled token and an unknown grant type", () => {
    const t = setup();
    expect(t.exchange(t.request("not.a.jwt")).body.error).toBe(
      "invalid_subject_token",
    );
    expect(
      t.exchange({
        ...t.request(t.sessionToken()),
        grant_type: "authorization_code",
      }),
    ).toMatchObject({ status: 400, body: { error: "unsupported_grant_type" } });
  });
});
