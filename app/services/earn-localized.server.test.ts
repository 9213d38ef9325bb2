import { afterEach, beforeEach, describe, expect, it } from "vitest";

import prisma from "~/db.server";
import { listStorefrontWaysToEarn } from "~/services/earn-actions.server";
import {
  listWaysToEarn,
  saveCampaign,
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
    // No prose stored: the rule is named after its type, put in words for each reader.
    expect(rule?.name).toBe("");

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

describe("a campaign's name", () => {
  const running = (now: Date) => ({
    multiplier: 2,
    startsAt: new Date(now.getTime() - 3_600_000).toISOString(),
    endsAt: new Date(now.getTime() + 3_600_000).toISOString(),
    appliesTo: { kind: "all_rules" },
  });
  const campaignName = async (locale: "en" | "fr", now: Date) =>
    (await listStorefrontWaysToEarn(SHOP, null, locale, now)).campaigns[0]
      ?.name;

  it("reaches each shopper in their language, else the shop's primary language, else as typed", async () => {
    const now = new Date("2030-06-01T12:00:00Z");
    await prisma.shop.update({
      where: { domain: SHOP },
      data: { primaryLocale: "fr" },
    });
    const saved = await saveCampaign(
      SHOP,
      null,
      {
        ...running(now),
        name: "Double weekend",
        nameTranslations: { fr: "Points doublés", en: "Double points" },
      },
      now,
    );
    expect(saved.ok).toBe(true);
    expect(await campaignName("fr", now)).toBe("Points doublés");
    expect(await campaignName("en", now)).toBe("Double points");

    // Only a French name: the English shopper reads the shop's primary language.
    const [campaign] = (await listWaysToEarn(SHOP)).campaigns;
    expect(campaign.appliesTo).toEqual({ kind: "all_rules" });
    await saveCampaign(
      SHOP,
      campaign.id,
      {
        ...running(now),
        name: "Double weekend",
        nameTranslations: { fr: "Points doublés" },
      },
      now,
    );
    expect(await campaignName("en", now)).toBe("Points doublés");

    // No translation at all (a campaign saved before names were per language): the typed name.
    await prisma.campaign.update({
      where: { id: campaign.id },
      data: { appliesTo: JSON.stringify({ kind: "all_rules" }) },
    });
    expect(await campaignName("en", now)).toBe("Double weekend");
    expect(await campaignName("fr", now)).toBe("Double weekend");
  });

  it("keeps the rules it applies to apart from its names", async () => {
    const now = new Date("2030-06-01T12:00:00Z");
    const { rules } = await listWaysToEarn(SHOP);
    await saveCampaign(
      SHOP,
      null,
      {
        ...running(now),
        appliesTo: { kind: "rules", ruleIds: [rules[0].id] },
        name: "Launch",
        nameTranslations: { fr: "Lancement" },
      },
      now,
    );
    const [campaign] = (await listWaysToEarn(SHOP)).campaigns;
    expect(campaign.appliesTo).toEqual({
      kind: "rules",
      ruleIds: [rules[0].id],
    });
    expect(campaign.nameTranslations).toEqual({ fr: "Lancement" });
  });

  it("refuses a translation keyed by something that is not a language code", async () => {
    const now = new Date("2030-06-01T12:00:00Z");
    const saved = await saveCampaign(
      SHOP,
      null,
      { ...running(now), name: "X", nameTranslations: { "<b>": "x" } },
      now,
    );
    expect(saved.ok).toBe(false);
    expect((await listWaysToEarn(SHOP)).campaigns).toHaveLength(0);
  });
});
