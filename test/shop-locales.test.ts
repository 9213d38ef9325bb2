import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import prisma from "~/db.server";
import { findShopLocales, updateShopProfile } from "~/models/shop.server";
import { createEmailDelivery } from "~/services/emails/delivery.server";
import { enrollCustomer } from "~/services/members.server";
import { authenticate } from "~/shopify.server";
import { fetchShopProfile } from "~/shopify/shop.server";
import { createShopifyFetch } from "~/shopify/shopify-fetch.server";
import { buildCustomerFacts } from "test/factories";
import { startTestSmtpServer, type TestSmtpServer } from "test/smtp-server";
import { type RunningEmulator, startEmulator } from "../emulator/server";
import { createEmulatorState, ensureShop } from "../emulator/state";
import { signSessionToken } from "../emulator/session-token";
import { BROWSER_USER_AGENT } from "./browser/admin-auth";

/**
 * The shop's languages come from Shopify (shopLocales, read_locales) through the install's profile
 * job, and a member whose own locale is unknown is emailed in the shop's primary language: the
 * demo's French shop writes to them in French.
 */

const SHOP = "shop-locales.myshopify.com";
let emulator: RunningEmulator;
let smtp: TestSmtpServer;
let shopifyFetch: ReturnType<typeof createShopifyFetch>;
const clock = new Date();

beforeAll(async () => {
  const state = createEmulatorState({ now: () => clock });
  ensureShop(state, SHOP, {
    name: "Maison Dupont",
    primaryLocale: "fr",
    publishedLocales: ["en", "es"],
  });
  emulator = await startEmulator({
    config: {
      apiKey: "test-api-key",
      apiSecret: "test-api-secret",
      appUrl: "http://localhost:3999",
      apiVersion: "2026-07",
      appTomlPath: "shopify.app.toml",
      throttle: { maximumAvailable: 2000, restoreRate: 100 },
    },
    state,
  });
  shopifyFetch = createShopifyFetch(emulator.url);
  setAbstractFetchFunc(shopifyFetch as never);
  smtp = await startTestSmtpServer();
  vi.spyOn(console, "log").mockImplementation(() => {});
});

afterAll(async () => {
  await emulator?.close();
  await smtp?.close();
});

describe("the shop's languages", () => {
  it("are read from Shopify at install, and a member without a locale is emailed in the primary one", async () => {
    const token = signSessionToken({
      apiKey: "test-api-key",
      apiSecret: "test-api-secret",
      shop: SHOP,
      now: clock,
    });
    // The first admin request installs the shop through token exchange (scopes from shopify.app.toml).
    await authenticate.admin(
      new Request("http://localhost:3999/app", {
        headers: {
          Authorization: `Bearer ${token}`,
          "User-Agent": BROWSER_USER_AGENT,
        },
      }),
    );
    expect(await findShopLocales(prisma, SHOP)).toEqual({
      primaryLocale: "en",
      publishedLocales: ["en"],
    });
    // What the sync_shop_profile job does.
    const profile = await fetchShopProfile(SHOP, { fetch: shopifyFetch });
    await updateShopProfile(prisma, SHOP, profile);
    expect(await findShopLocales(prisma, SHOP)).toEqual({
      primaryLocale: "fr",
      publishedLocales: ["fr", "en", "es"],
    });

    await enrollCustomer(SHOP, buildCustomerFacts({ locale: null }));
    await enrollCustomer(
      SHOP,
      buildCustomerFacts({
        customerId: "cust-2",
        email: "en@example.com",
        locale: "en-GB",
      }),
    );
    const delivery = createEmailDelivery({
      transport: smtp.transport(),
      from: "loyalty@maison-dupont.test",
      appUrl: "http://localhost:3999",
      secret: "test-api-secret",
      now: () => new Date(),
    });
    while ((await delivery.drainOnce()).claimed > 0);
    const subjects = Object.fromEntries(
      smtp.received.map((email) => [email.to[0], email.headers.subject]),
    );
    expect(subjects).toEqual({
      "ada@example.com": "Bienvenue dans Maison Dupont",
      "en@example.com": "Welcome to Maison Dupont",
    });
  });
});
