import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import prisma from "~/db.server";
import { loader as meLoader } from "~/routes/proxy.api.me";
import { loader as rewardsLoader } from "~/routes/proxy.api.rewards";
import { installShop } from "~/services/install.server";
import { enrollCustomer } from "~/services/members.server";
import { applyTierSettings } from "~/services/tiers.server";
import { now as systemNow } from "~/clock.server";
import { appProxySignature } from "../../emulator/pages/app-proxy";
import { buildCustomerFacts } from "test/factories";
import { storeOfflineSession } from "test/fake-admin-api";
import { expectLedgerConsistent } from "test/ledger-invariants";
import { addReward, givePoints } from "test/redemption-support";

/**
 * Names the merchant typed (tiers, rewards) reach the storefront API in the shopper's language,
 * else in the shop's primary language (ADR 0015): a French shop's tiers typed only in French are
 * never "Silver"/"Gold" for anyone.
 */

const SHOP = "localized-names.myshopify.com";
const CUSTOMER = "9202";
const SECRET = "test-api-secret";

function proxyRequest(path: string, locale: string) {
  const params = new URLSearchParams();
  params.set("shop", SHOP);
  params.set("logged_in_customer_id", CUSTOMER);
  params.set("path_prefix", "/apps/loyalty");
  params.set("timestamp", String(Math.floor(Date.now() / 1000)));
  params.set("locale", locale);
  params.set("signature", appProxySignature(params, SECRET));
  return new Request(`http://localhost:3999${path}?${params}`);
}

async function me(locale: string) {
  const response = await meLoader({
    request: proxyRequest("/proxy/api/me", locale),
    params: {},
    context: {},
  });
  return (await response.json()) as { tier: { name: string } | null };
}

async function rewards(locale: string) {
  const response = await rewardsLoader({
    request: proxyRequest("/proxy/api/rewards", locale),
    params: {},
    context: {},
  });
  return (await response.json()) as { rewards: { name: string }[] };
}

beforeEach(async () => {
  await prisma.shop.deleteMany();
  await installShop(SHOP);
  await storeOfflineSession(SHOP);
  await prisma.shop.update({
    where: { domain: SHOP },
    data: { currencyCode: "EUR", primaryLocale: "fr" },
  });
  const { memberId } = await enrollCustomer(
    SHOP,
    buildCustomerFacts({ customerId: CUSTOMER }),
  );
  await givePoints(SHOP, memberId!, 1000);
  vi.spyOn(console, "warn").mockImplementation(() => {});
});

afterEach(async () => {
  await expectLedgerConsistent(prisma);
  vi.restoreAllMocks();
});

describe("merchant-typed names on the storefront", () => {
  it("a French shopper sees the French tier name, an English one the English name", async () => {
    await applyTierSettings(
      SHOP,
      {
        basis: "points_earned",
        window: "lifetime",
        tiers: [{ nameEn: "Gold", nameFr: "Or", threshold: 0 }],
      },
      systemNow(),
    );
    expect((await me("fr")).tier?.name).toBe("Or");
    expect((await me("en")).tier?.name).toBe("Gold");
  });

  it("a tier typed only in the shop's primary language (French) is shown in French to an English shopper", async () => {
    await applyTierSettings(
      SHOP,
      {
        basis: "points_earned",
        window: "lifetime",
        tiers: [{ nameFr: "Argent", threshold: 0 }],
      },
      systemNow(),
    );
    expect((await me("en")).tier?.name).toBe("Argent");
    expect((await me("fr")).tier?.name).toBe("Argent");
  });

  it("a reward without a name in the shopper's language falls back to the shop's primary language", async () => {
    await addReward(SHOP, { name: { fr: "Café offert" } });
    await addReward(SHOP, { name: { en: "Free mug", fr: "Tasse offerte" } });
    expect((await rewards("en")).rewards.map((r) => r.name).sort()).toEqual([
      "Café offert",
      "Free mug",
    ]);
    expect((await rewards("fr")).rewards.map((r) => r.name).sort()).toEqual([
      "Café offert",
      "Tasse offerte",
    ]);
  });
});
