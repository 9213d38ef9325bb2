import fs from "node:fs";
import path from "node:path";

import { type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import prisma from "~/db.server";
import { createCustomer } from "../../emulator/store/customers";
import { placeOrder } from "../../emulator/store/orders";
import { storeShop } from "../../emulator/store/shop";
import type { Stack } from "../../scripts/stack";
import { eventually, startTestStack } from "../e2e/harness";
import { expectLedgerConsistent } from "../ledger-invariants";
import { BROWSER_USER_AGENT } from "./admin-auth";
import { launchChromium } from "./chromium";
import { ROOT } from "./built-app";

/**
 * The program's identity and switch, end to end in Chromium: the merchant renames the points and
 * turns the program off in the embedded admin (the emulator's admin frame), and the storefront
 * (the theme extension rendered by the emulator from the app-data metafield the worker wrote)
 * follows; an order placed while off earns nothing.
 */
const SHOP = "program-switch.myshopify.com";
const SHOTS = path.join(ROOT, "test-artifacts", "screenshots");

let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  stack = await startTestStack();
  storeShop(stack.emulator.ctx, SHOP, { currencyCode: "EUR" });
  await stack.installShop(SHOP);
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function openAdmin(locale: string, appPath: string) {
  // authenticate.admin answers 410 to HeadlessChrome's user agent.
  const page = await browser.newPage({
    viewport: { width: 1024, height: 900 },
    userAgent: BROWSER_USER_AGENT,
  });
  page.setDefaultTimeout(20_000);
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(error.message));
  await page.goto(
    `${stack.emulatorUrl}/admin/${SHOP}?locale=${locale}&path=${encodeURIComponent(appPath)}`,
  );
  return { page, frame: page.frameLocator("#app-frame"), problems };
}

async function storefront(page: Page, customerId: number) {
  await page.goto(
    `${stack.emulatorUrl}/storefront/${SHOP}?customer=${customerId}&locale=fr`,
  );
}

async function screenshot(page: Page, name: string) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({
    path: path.join(SHOTS, `${name}.png`),
    fullPage: true,
  });
}

async function memberBalance(customerId: number) {
  const member = await prisma.member.findUnique({
    where: {
      shopCustomer: { shopDomain: SHOP, customerId: String(customerId) },
    },
  });
  return member?.balance ?? null;
}

describe("the program's name and switch in a browser", () => {
  it("renames the points and the storefront widget says it; switched off, an order earns nothing and the widget disappears", async () => {
    const ctx = stack.emulator.ctx;
    const { customer } = await createCustomer(ctx, {
      shop: SHOP,
      email: "lea@example.com",
      firstName: "Léa",
    });
    const variant = [...ctx.state.shops.get(SHOP)!.products.values()].filter(
      (p) => !p.giftCard,
    )[0].variants[0];
    await placeOrder(ctx, {
      shop: SHOP,
      customerId: customer.id,
      lines: [{ variantId: variant.id, quantity: 2 }],
    });
    const earned = await eventually(async () => {
      const balance = await memberBalance(customer.id);
      expect(balance).toBeGreaterThan(1);
      return balance!;
    });

    // The merchant names the points in French.
    const { page, frame, problems } = await openAdmin("fr", "/app/program");
    await frame.getByLabel("Singulier (français)").fill("étoile");
    await frame.getByLabel("Pluriel (français)").fill("étoiles");
    await frame.getByLabel("Nom du programme").fill("Club Étoile");
    await frame
      .locator("form")
      .getByRole("button", { name: "Enregistrer" })
      .click();
    await eventually(async () => {
      const row = await prisma.programIdentity.findUnique({
        where: { shopDomain: SHOP },
      });
      expect(JSON.parse(row?.pointsNames ?? "{}")).toEqual({
        fr: { one: "étoile", other: "étoiles" },
      });
    });
    await screenshot(page, "program-fr-1024");

    // The worker mirrors it; the storefront widget now counts in étoiles.
    const shop = await browser.newPage();
    shop.setDefaultTimeout(20_000);
    await eventually(async () => {
      await storefront(shop, customer.id);
      await expect(
        shop.locator("[data-lw-points]").first().textContent(),
      ).resolves.toContain(`${earned} étoiles`);
    }, 30_000);
    await expect(
      shop.locator(".loyalty-balance__points").textContent(),
    ).resolves.toContain(`Vous avez ${earned} étoiles`);

    // Turning off asks first, in a Polaris modal.
    await frame
      .getByRole("button", { name: "Désactiver", exact: true })
      .click();
    const dialog = frame.getByRole("dialog");
    await expect(dialog.textContent()).resolves.toContain(
      "Désactiver le programme de fidélité ?",
    );
    await dialog.getByRole("button", { name: "Désactiver" }).click();
    await eventually(async () => {
      const program = await prisma.program.findUnique({
        where: { shopDomain: SHOP },
      });
      expect(program?.active).toBe(false);
    });
    await expect(
      frame.getByRole("button", { name: "Activer", exact: true }).isVisible(),
    ).resolves.toBe(true);

    const { order } = await placeOrder(ctx, {
      shop: SHOP,
      customerId: customer.id,
      lines: [{ variantId: variant.id, quantity: 3 }],
    });
    await eventually(async () => {
      const record = await prisma.orderRecord.findFirst({
        where: { shopDomain: SHOP, orderId: String(order.id) },
      });
      expect(record?.status).toBe("skipped_inactive");
    });
    expect(await memberBalance(customer.id)).toBe(earned);

    await eventually(async () => {
      await storefront(shop, customer.id);
      expect(await shop.locator("[data-lw]").count()).toBe(0);
      expect(await shop.locator("[data-loyalty-balance]").count()).toBe(0);
    }, 30_000);

    const audit = await prisma.auditEvent.findMany({
      where: { shopDomain: SHOP },
      orderBy: { createdAt: "asc" },
    });
    expect(audit.map((event) => event.action)).toEqual([
      "program.identity_saved",
      "program.switched_off",
    ]);
    expect(audit.every((event) => event.actorId !== null)).toBe(true);
    await screenshot(page, "program-off-fr-1024");
    await page.goto(
      `${stack.emulatorUrl}/admin/${SHOP}?locale=en&path=${encodeURIComponent("/app/program")}`,
    );
    await frame.getByRole("button", { name: "Turn on", exact: true }).waitFor();
    await screenshot(page, "program-off-en-1024");
    expect(problems).toEqual([]);
    await expectLedgerConsistent(prisma);
    await shop.close();
    await page.close();
  }, 180_000);
});
