import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

import { type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import prisma from "~/db.server";
import { type RewardInput } from "~/loyalty/rewards";
import { saveEarningRule } from "~/services/earning-rules.server";
import { createReward } from "~/services/rewards.server";
import { createCustomer } from "../../emulator/store/customers";
import { placeOrder } from "../../emulator/store/orders";
import { storeShop } from "../../emulator/store/shop";
import type { Stack } from "../../scripts/stack";
import { eventually, startTestStack } from "../e2e/harness";
import { expectLedgerConsistent } from "../ledger-invariants";
import { launchChromium, ROOT_SCREENSHOTS } from "./storefront-support";

/**
 * The shopper's side in Chromium against the emulator's storefront and the built app: the program
 * page (the app proxy's Liquid rendered inside the emulator's theme) and the Rewards catalogue block.
 * Screenshots at 1024 px, in English and French, land in test-artifacts/screenshots (CI keeps them).
 */

const require = createRequire(import.meta.url);
const SHOP = "program-browser.myshopify.com";
let stack: Stack;
let browser: Browser;
let customerId = 0;
let memberOrderId = 0;

async function addReward(overrides: Partial<RewardInput>) {
  const result = await createReward(SHOP, {
    type: "fixed_amount_off",
    amount: 5000,
    ...overrides,
  });
  if (result.outcome !== "saved") throw new Error("reward not saved");
  return result.reward;
}
const rewardIds: Record<string, string> = {};

beforeAll(async () => {
  stack = await startTestStack();
  const ctx = stack.emulator.ctx;
  storeShop(ctx, SHOP, { currencyCode: "EUR" });
  await stack.installShop(SHOP);
  const { customer } = await createCustomer(ctx, {
    shop: SHOP,
    email: "lea@example.com",
    firstName: "Léa",
  });
  customerId = customer.id;
  const variant = [...ctx.state.shops.get(SHOP)!.products.values()][0]
    .variants[0];
  memberOrderId = (
    await placeOrder(ctx, {
      shop: SHOP,
      customerId: customer.id,
      lines: [{ variantId: variant.id, quantity: 10 }],
    })
  ).order.id;
  await eventually(async () => {
    const member = await prisma.member.findUnique({
      where: {
        shopCustomer: { shopDomain: SHOP, customerId: String(customer.id) },
      },
    });
    expect(member?.balance).toBeGreaterThanOrEqual(100);
  });
  // The shop's currency arrives with the install's shop profile job (the worker, in the background).
  await eventually(async () => {
    const shop = await prisma.shop.findUnique({ where: { domain: SHOP } });
    expect(shop?.currencyCode).toBe("EUR");
  });
  await prisma.tier.create({
    data: { shopDomain: SHOP, nameEn: "Bronze", threshold: 0 },
  });
  const gold = await prisma.tier.create({
    data: {
      shopDomain: SHOP,
      nameEn: "Gold",
      nameFr: "Or",
      threshold: 100_000,
      earnMultiplier: 2,
    },
  });
  rewardIds.open = (
    await addReward({
      name: { en: "€5 off", fr: "5 € de remise" },
      pointsCost: 100,
      minimumSubtotal: 30000,
      image: { en: "https://cdn.example.invalid/missing.png" },
    })
  ).id;
  const soldOut = await addReward({
    name: { en: "Tote bag", fr: "Sac en toile" },
    pointsCost: 50,
    stock: 1,
  });
  await prisma.reward.update({
    where: { id: soldOut.id },
    data: { redeemedCount: 1 },
  });
  rewardIds.soldOut = soldOut.id;
  rewardIds.locked = (
    await addReward({
      name: { en: "VIP evening", fr: "Soirée VIP" },
      pointsCost: 60,
      visibleToTiers: [gold.id],
    })
  ).id;
  const social = await saveEarningRule(SHOP, null, {
    type: "social",
    name: "Follow us on Instagram",
    points: 25,
    network: "instagram",
    action: "follow",
    url: "https://instagram.example.invalid/shop",
  });
  if (!social.ok) throw new Error("social rule not saved");
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function shopperPage(
  who: "guest" | "member",
  locale: string,
): Promise<Page> {
  const page = await browser.newPage({
    viewport: { width: 1024, height: 900 },
    locale,
  });
  page.setDefaultTimeout(15_000);
  // Signing in on the emulator's storefront sets the customer cookie the app proxy signs with.
  await page.goto(
    `${stack.emulatorUrl}/storefront/${SHOP}?locale=${locale}&customer=${who === "member" ? customerId : ""}`,
  );
  return page;
}

async function screenshot(page: Page, name: string) {
  fs.mkdirSync(ROOT_SCREENSHOTS, { recursive: true });
  await page.screenshot({
    path: path.join(ROOT_SCREENSHOTS, `${name}.png`),
    fullPage: true,
  });
}

describe("the program page in the shop's theme", () => {
  it("shows a guest the program, the rewards and the sign-in prompt", async () => {
    const page = await shopperPage("guest", "en");
    await page.goto(`${stack.emulatorUrl}/apps/loyalty?locale=en`);
    await expect
      .poll(() => page.locator(".theme-header").count())
      .toBeGreaterThan(0);
    const main = page.locator("[data-lp-page]");
    await main.waitFor();
    const text = await main.innerText();
    expect(text).toContain("Earn points, enjoy rewards");
    expect(text).toContain("1 point per euro spent");
    expect(text).toContain("€5 off");
    expect(text).toContain("On orders of €30 or more");
    const guest = page.locator("[data-lp-guest]");
    expect(await guest.getByRole("link", { name: "Sign in" }).count()).toBe(1);
    expect(
      await guest.getByRole("link", { name: "Create an account" }).count(),
    ).toBe(1);
    // The Liquid was rendered: no tag is left in the page.
    expect(await page.content()).not.toContain("{{");
    await screenshot(page, "program-page-guest-en");
    await page.close();
  });

  it("shows a member their balance, tier and progress to the next tier, in French", async () => {
    const page = await shopperPage("member", "fr");
    await page.goto(`${stack.emulatorUrl}/apps/loyalty?locale=fr`);
    const member = page.locator("[data-lp-member]");
    await member.waitFor();
    const text = await member.innerText();
    expect(text).toContain("Bonjour Léa");
    expect(text).toMatch(/\d[\d\u202f]* points/);
    expect(text).toContain("Niveau : Bronze");
    expect(text).toMatch(/Encore [\d\u202f]+ points pour atteindre Or/);
    expect(await member.getByRole("progressbar").count()).toBe(1);
    expect(await page.locator("[data-lp-guest]").count()).toBe(0);
    await screenshot(page, "program-page-member-fr");
    await page.close();
  });
});

describe("the Rewards catalogue block", () => {
  async function catalogue(page: Page) {
    const block = page.locator("[data-lwc]");
    await block.scrollIntoViewIfNeeded();
    await block.locator(`[data-lwc-reward="${rewardIds.open}"]`).waitFor();
    return block;
  }

  it("lets a member redeem in place and shows the code the emulator holds for them", async () => {
    const page = await shopperPage("member", "en");
    const block = await catalogue(page);
    const card = block.locator(`[data-lwc-reward="${rewardIds.open}"]`);
    // The image does not load: the points icon stands in.
    await card.locator(".lwc-card__icon").waitFor();
    expect(await card.innerText()).toContain("On orders of €30 or more");
    await card.getByRole("button", { name: "Redeem" }).click();
    const code = await card
      .locator("[data-lwc-code]")
      .getAttribute("data-lwc-code", { timeout: 15_000 });
    expect(code).toBeTruthy();
    expect(await card.getByRole("button", { name: "Copy" }).count()).toBe(1);
    await eventually(() => {
      const discounts = [
        ...stack.emulator.ctx.state.shops.get(SHOP)!.discounts.values(),
      ];
      const holding = discounts.find((d) =>
        d.codes.some((c) => c.code === code),
      );
      expect(holding?.customerGids).toEqual([
        `gid://shopify/Customer/${customerId}`,
      ]);
    });
    await screenshot(page, "catalogue-member-en");
    await page.close();
    await expectLedgerConsistent(prisma);
  });

  it("cannot redeem a sold-out reward, and shows a tier-locked one with its requirement", async () => {
    const page = await shopperPage("member", "fr");
    const block = await catalogue(page);
    const soldOut = block.locator(`[data-lwc-reward="${rewardIds.soldOut}"]`);
    expect(await soldOut.innerText()).toContain("Épuisée");
    expect(await soldOut.getByRole("button").count()).toBe(0);
    const locked = block.locator(`[data-lwc-reward="${rewardIds.locked}"]`);
    expect(await locked.innerText()).toContain("Réservée aux membres Or");
    expect(await locked.getByRole("button").count()).toBe(0);
    await screenshot(page, "catalogue-member-fr");
    await page.close();
  });

  it("tells a guest a sold-out reward is sold out, not to sign in", async () => {
    const page = await shopperPage("guest", "en");
    const block = await catalogue(page);
    const soldOut = block.locator(`[data-lwc-reward="${rewardIds.soldOut}"]`);
    expect(await soldOut.innerText()).toContain("Sold out");
    expect(await soldOut.getByRole("link").count()).toBe(0);
    const open = block.locator(`[data-lwc-reward="${rewardIds.open}"]`);
    expect(
      await open
        .getByRole("link", { name: "Sign in to redeem your points" })
        .count(),
    ).toBe(1);
    await screenshot(page, "catalogue-guest-en");
    await page.close();
  });
});

describe("ways to earn in the launcher", () => {
  it("opens the network, then claims the follow once", async () => {
    const page = await shopperPage("member", "en");
    const before = (await prisma.member.findUniqueOrThrow({
      where: {
        shopCustomer: { shopDomain: SHOP, customerId: String(customerId) },
      },
    }))!.balance;
    await page.locator("[data-lw-launcher]").click();
    await page.locator('summary[data-lw-focus="earn"]').click();
    const go = page.getByRole("button", { name: "Go and get my points" });
    await go.waitFor();
    const popup = page.waitForEvent("popup");
    await go.click();
    await (await popup).close();
    await page
      .locator("[data-lw-msg]", {
        hasText: "Thank you! Your points are added.",
      })
      .waitFor();
    await page.getByText("Done ✓").waitFor();
    expect(
      (await prisma.member.findUniqueOrThrow({
        where: {
          shopCustomer: { shopDomain: SHOP, customerId: String(customerId) },
        },
      }))!.balance,
    ).toBe(before + 25);
    await screenshot(page, "launcher-earn-en");
    await page.close();
    await expectLedgerConsistent(prisma);
  });
});

/** axe-core (npm), injected into the page: the serious and critical violations, with where they are. */
async function seriousAccessibilityViolations(page: Page) {
  await page.addScriptTag({
    path: path.join(path.dirname(require.resolve("axe-core")), "axe.min.js"),
  });
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            context: Document,
            options: object,
          ) => Promise<{
            violations: {
              id: string;
              impact: string | null;
              nodes: { target: string[] }[];
            }[];
          }>;
        };
      }
    ).axe;
    const { violations } = await axe.run(document, {
      resultTypes: ["violations"],
    });
    return violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map(
        (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
      );
  });
}

describe("the launcher from the keyboard alone", () => {
  const focused = (page: Page) =>
    page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      return {
        launcher: el?.hasAttribute("data-lw-launcher") ?? false,
        inPanel: Boolean(el?.closest("[data-lw-panel]")),
        key: el?.dataset.lwFocus ?? null,
        text: el?.textContent?.trim() ?? "",
      };
    });

  async function tabUntil(
    page: Page,
    reached: (f: Awaited<ReturnType<typeof focused>>) => boolean,
    limit = 80,
  ) {
    for (let i = 0; i < limit; i += 1) {
      if (reached(await focused(page))) return;
      await page.keyboard.press("Tab");
    }
    throw new Error(`not reached in ${limit} Tab presses`);
  }

  it("opens with Enter, keeps focus inside, redeems with Enter, closes with Escape back on the launcher; axe finds nothing serious", async () => {
    const member = await prisma.member.findUniqueOrThrow({
      where: {
        shopCustomer: { shopDomain: SHOP, customerId: String(customerId) },
      },
    });
    // Imported here: loading the app's services before the stack's migrations would lock the database.
    const { givePoints } = await import("../redemption-support");
    await givePoints(SHOP, member.id, 500);
    const page = await shopperPage("member", "en");
    await page.locator("[data-lw-launcher]").waitFor();
    await tabUntil(page, (f) => f.launcher);
    await page.keyboard.press("Enter");
    const panel = page.locator("[data-lw-panel]");
    await panel.waitFor({ state: "visible" });
    expect((await focused(page)).inPanel).toBe(true);
    await panel.locator(`[data-lw-focus="redeem-${rewardIds.open}"]`).waitFor();

    // The focus trap: however far Tab goes, focus stays in the open panel, both ways.
    for (let i = 0; i < 30; i += 1) {
      await page.keyboard.press("Tab");
      expect((await focused(page)).inPanel).toBe(true);
    }
    for (let i = 0; i < 5; i += 1) {
      await page.keyboard.press("Shift+Tab");
      expect((await focused(page)).inPanel).toBe(true);
    }

    const violations = await seriousAccessibilityViolations(page);
    expect(violations).toEqual([]);

    await tabUntil(page, (f) => f.key === `redeem-${rewardIds.open}`);
    await page.keyboard.press("Enter");
    await expect
      .poll(async () => (await focused(page)).key)
      .toBe(`confirm-${rewardIds.open}`);
    await page.keyboard.press("Enter");
    // The code is shown and focus moves to its Copy button.
    await expect
      .poll(async () => (await focused(page)).text, { timeout: 15_000 })
      .toMatch(/Copy/);
    const code = await panel.locator("input[readonly]").first().inputValue();
    expect(code).toMatch(/^LOYAL-/);
    await screenshot(page, "launcher-keyboard-en");

    await page.keyboard.press("Escape");
    await panel.waitFor({ state: "hidden" });
    expect((await focused(page)).launcher).toBe(true);
    await page.close();
    await expectLedgerConsistent(prisma);
  });
});

describe("customer accounts and the thank-you page (the UI extensions' logic against the app)", () => {
  it("shows the Rewards page, redeems from it, and says what an order earned", async () => {
    // The tiers were written straight to the database: place the members as saving them would.
    const { refreshAllMemberTiers } = await import("~/services/tiers.server");
    await refreshAllMemberTiers(SHOP, new Date());
    const page = await shopperPage("member", "en");
    await page.locator("[data-theme-account]").click();
    const rewards = page.locator('[data-extension="customer-account-rewards"]');
    await rewards.waitFor();
    expect(await rewards.locator("[data-ux-balance]").innerText()).toMatch(
      /^You have [\d,]+ points$/,
    );
    expect(await rewards.locator("[data-ux-tier]").innerText()).toBe(
      "Your tier: Bronze",
    );
    expect(await rewards.locator("[data-ux-history]").innerText()).toContain(
      "Order",
    );
    const soldOut = rewards.locator(`[data-ux-reward="${rewardIds.soldOut}"]`);
    expect(await soldOut.innerText()).toContain("Sold out");
    expect(await soldOut.getByRole("button").count()).toBe(0);
    expect(
      await rewards
        .locator(`[data-ux-reward="${rewardIds.locked}"]`)
        .innerText(),
    ).toContain("For Gold members");
    const profile = page.locator(
      '[data-extension="customer-account-points/profile"]',
    );
    expect(await profile.innerText()).toMatch(/Balance: [\d,]+ points/);
    const orderStatus = page.locator(`[data-ux-order="${memberOrderId}"]`);
    expect(await orderStatus.innerText()).toMatch(
      /You earned [\d,]+ points with this order/,
    );

    await rewards
      .locator(`[data-ux-reward="${rewardIds.open}"]`)
      .getByRole("button", { name: "Redeem €5 off" })
      .click();
    const code = await page.locator("[data-ux-code]").innerText();
    expect(code).toMatch(/^LOYAL-/);
    await eventually(() => {
      const discounts = [
        ...stack.emulator.ctx.state.shops.get(SHOP)!.discounts.values(),
      ];
      const holding = discounts.find((d) =>
        d.codes.some((c) => c.code === code),
      );
      expect(holding?.customerGids).toEqual([
        `gid://shopify/Customer/${customerId}`,
      ]);
    });
    await screenshot(page, "customer-account-rewards-en");

    await page.goto(
      `${stack.emulatorUrl}/storefront/${SHOP}/thank-you/${memberOrderId}?locale=fr`,
    );
    expect(await page.locator("[data-ux-thanks]").innerText()).toMatch(
      /^Vous avez gagné [\d\u202f]+ points avec cette commande$/,
    );
    await screenshot(page, "thank-you-member-fr");
    await page.close();
    await expectLedgerConsistent(prisma);
  });

  it("invites a guest to join on the thank-you page, with what the order would earn", async () => {
    const ctx = stack.emulator.ctx;
    const variant = [...ctx.state.shops.get(SHOP)!.products.values()][0]
      .variants[0];
    const guestOrder = await placeOrder(ctx, {
      shop: SHOP,
      email: "guest@example.com",
      lines: [{ variantId: variant.id, quantity: 2 }],
    });
    const page = await shopperPage("guest", "en");
    await page.goto(
      `${stack.emulatorUrl}/storefront/${SHOP}/thank-you/${guestOrder.order.id}?locale=en`,
    );
    const block = page.locator('[data-extension="thank-you-points"]');
    expect(await block.innerText()).toMatch(
      /Create an account to earn about [\d,]+ points on an order like this one\./,
    );
    expect(
      await block.getByRole("link", { name: "Create an account" }).count(),
    ).toBe(1);
    await screenshot(page, "thank-you-guest-en");
    await page.close();
  });
});

// Last: switching the program off changes what every other test sees.
describe("the program switched off", () => {
  it("hides the launcher, the catalogue block and the program page's content", async () => {
    const { switchProgram } =
      await import("~/services/program-identity.server");
    await switchProgram(
      SHOP,
      false,
      { id: "staff-1", name: "Camille" },
      new Date(),
    );
    const page = await shopperPage("member", "en");
    await eventually(async () => {
      await page.reload();
      expect(await page.locator("[data-lw]").count()).toBe(0);
      expect(await page.locator("[data-lwc-reward]").count()).toBe(0);
    });
    await page.goto(`${stack.emulatorUrl}/apps/loyalty?locale=en`);
    const text = await page.locator(".theme-main").innerText();
    expect(text).toContain("not available");
    expect(text).not.toContain("€5 off");
    expect(await page.locator("[data-lp-member]").count()).toBe(0);
    await screenshot(page, "program-off-storefront-en");
    await page.close();
  });
});
