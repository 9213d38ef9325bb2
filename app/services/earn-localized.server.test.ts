import { afterEach, beforeEach, describe, expect, it } from "vitest";

import prisma from "~/db.server";
import { listStorefrontWaysToEarn } from "~/services/earn-actions.server";
import {
  listWaysToEarn,
  saveEarningRule,
} from "~/services/earning-rules.server";
import { installShop } from "~/services/install.server";
import { expectLedgerConsistent } from "test/ledger-invariants";

const SHOP = "earn-localized.myshopify.com";

beforeEach(async () => {
  await prisma.shop.deleteMany();
  await installShop(SHOP);
});

afterEach(async () => {
  await expectLedgerConsistent(prisma);
});

describe("the default order rule's name on the storefront", () => {
  it("is stored once, and reaches shoppers in their language", async () => {
    const { rules } = await listWaysToEarn(SHOP);
    const rule = rules.find((r) => r.type === "place_order");
    expect(rule?.name).toBe("Place an order");

    const fr = await listStorefrontWaysToEarn(SHOP, null, "fr");
    expect(fr.waysToEarn.find((w) => w.type === "place_order")?.name).toBe(
      "Passer une commande",
    );
    const en = await listStorefrontWaysToEarn(SHOP, null, "en");
    expect(en.waysToEarn.find((w) => w.type === "place_order")?.name).toBe(
      "Place an order",
    );
  });

  it("shows a name the merchant typed as typed, in both languages", async () => {
    const { rules } = await listWaysToEarn(SHOP);
    const rule = rules.find((r) => r.type === "place_order")!;
    const saved = await saveEarningRule(SHOP, rule.id, {
      ...rule,
      name: "Achetez chez nous",
    });
    expect(saved.ok).toBe(true);
    for (const locale of ["en", "fr"] as const) {
      const { waysToEarn } = await listStorefrontWaysToEarn(SHOP, null, locale);
      expect(waysToEarn.find((w) => w.type === "place_order")?.name).toBe(
        "Achetez chez nous",
      );
    }
  });

  it("shows each shopper the name typed for their language, else the shop's primary language", async () => {
    await prisma.shop.update({
      where: { domain: SHOP },
      data: { primaryLocale: "fr" },
    });
    const { rules } = await listWaysToEarn(SHOP);
    const rule = rules.find((r) => r.type === "place_order")!;
    const name = async (locale: "en" | "fr") =>
      (await listStorefrontWaysToEarn(SHOP, null, locale)).waysToEarn.find(
        (w) => w.type === "place_order",
      )?.name;

    await saveEarningRule(SHOP, rule.id, {
      ...rule,
      name: "Orders",
      nameTranslations: { fr: "Vos achats", en: "Your purchases" },
    });
    expect(await name("fr")).toBe("Vos achats");
    expect(await name("en")).toBe("Your purchases");

    // No English name: the English shopper reads the shop's primary language (French).
    await saveEarningRule(SHOP, rule.id, {
      ...rule,
      name: "Orders",
      nameTranslations: { fr: "Vos achats" },
    });
    expect(await name("en")).toBe("Vos achats");
  });

  it("refuses a translation keyed by something that is not a language code", async () => {
    const { rules } = await listWaysToEarn(SHOP);
    const rule = rules.find((r) => r.type === "place_order")!;
    const saved = await saveEarningRule(SHOP, rule.id, {
      ...rule,
      nameTranslations: { "<b>": "x" },
    });
    expect(saved.ok).toBe(false);
  });
});
