import { type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  BROWSER_USER_AGENT,
  embeddedAppUrl,
  storeOfflineSession,
} from "~/../test/browser/admin-auth";
import {
  startAdminInBrowser,
  type AdminInBrowser,
} from "~/../test/browser/admin-in-browser";
import { type RunningApp } from "~/../test/browser/built-app";
import { seedShop } from "~/../test/browser/seed-admin";

/**
 * The home page's "Needs attention" card in a real browser, in French and English: what Shopify
 * sent and the app could not process, with Retry queuing the order's re-read. Shopify-supplied
 * values render as text.
 */

const SHOP = "attention-browser.myshopify.com";
let app: RunningApp;
let harness: AdminInBrowser;
let browser: Browser;

beforeAll(async () => {
  harness = await startAdminInBrowser("attention", async (db) => {
    await seedShop(db, SHOP, { ianaTimezone: "Europe/Paris" });
    await storeOfflineSession(db, SHOP);
    const at = new Date(Date.now() - 60 * 60_000);
    await db.webhookAttention.create({
      data: {
        id: "attention-order",
        shopDomain: SHOP,
        topic: "orders/paid",
        eventId: "e-1",
        webhookId: "w-1",
        orderId: "5820000000001",
        problem: "line_items.0.quantity: Expected number, received string",
        attempts: 2,
        lastError: "ShopifyUnavailableError: 503",
        createdAt: at,
        updatedAt: at,
      },
    });
    await db.webhookAttention.create({
      data: {
        id: "attention-markup",
        shopDomain: SHOP,
        topic: "<img src=x onerror=alert(1)>",
        eventId: "e-2",
        webhookId: "w-2",
        orderId: null,
        problem: "<b>id</b>: Required",
        createdAt: at,
        updatedAt: at,
      },
    });
  });
  ({ app, browser } = harness);
});

afterAll(async () => {
  await harness?.stop();
});

async function openHome(locale: string) {
  const context = await browser.newContext({
    userAgent: BROWSER_USER_AGENT,
    locale,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(error.message));
  page.on("dialog", (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await page.goto(await embeddedAppUrl(app.url, "/app", SHOP, locale));
  return { context, page, problems };
}

const text = async (page: Page) =>
  (await page.locator("body").innerText()).replace(/[\s\u00a0\u202f]+/g, " ");

describe("the Needs attention card in a browser", () => {
  it("lists in French what could not be processed, as text", async () => {
    const { context, page, problems } = await openHome("fr");
    try {
      await page.getByRole("heading", { name: "À traiter" }).waitFor();
      const body = await text(page);
      expect(body).toContain("2 mises à jour n’ont pas pu être traitées");
      expect(body).toContain("Commande 5820000000001");
      expect(body).toContain("Champs illisibles : line_items.0.quantity");
      expect(body).toContain("Relue 2 fois depuis Shopify, sans succès");
      expect(body).toContain("Aucune commande n’a pu être identifiée");
      // Markup from a webhook is shown, never run.
      expect(body).toContain("<img src=x onerror=alert(1)>");
      expect(await page.locator("img[src=x]").count()).toBe(0);
      expect(
        await page.getByRole("button", { name: "Réessayer" }).count(),
      ).toBe(1);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("retries in English: the order's re-read is queued", async () => {
    const { context, page, problems } = await openHome("en");
    try {
      await page.getByRole("heading", { name: "Needs attention" }).waitFor();
      await page.waitForFunction(() =>
        Object.keys(document.querySelector(".Polaris-Page") ?? {}).some((k) =>
          k.startsWith("__reactFiber"),
        ),
      );
      await page.getByRole("button", { name: "Retry" }).click();
      await page
        .getByText("Retrying: the order is being read again from Shopify.", {
          exact: false,
        })
        .waitFor();
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
