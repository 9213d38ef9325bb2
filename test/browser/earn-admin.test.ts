import { type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { ensureDefaultOrderRule } from "~/models/earning-rules.server";
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
 * The ways-to-earn admin in a real browser, in French: the production build, opened the way
 * Shopify opens it, with a local stand-in for App Bridge (see admin.test.ts).
 */

const SHOP = "earn-browser.myshopify.com";
let app: RunningApp;
let harness: AdminInBrowser;
let browser: Browser;

beforeAll(async () => {
  harness = await startAdminInBrowser("earn", async (db) => {
    await seedShop(db, SHOP, {
      currencyCode: "EUR",
      ianaTimezone: "Europe/Paris",
    });
    await ensureDefaultOrderRule(
      db,
      SHOP,
      { earnPoints: 1, earnPerAmount: 1 },
      new Date(),
    );
    await storeOfflineSession(db, SHOP);
  });
  ({ app, browser } = harness);
});

afterAll(async () => {
  await harness?.stop();
});

async function visibleText(page: Page): Promise<string> {
  return (await page.locator("body").innerText()).replace(
    /[\s\u00a0\u202f]+/g,
    " ",
  );
}

async function waitForHydration(page: Page) {
  await page.waitForFunction(() => {
    const root = document.querySelector(".Polaris-Page");
    return (
      root !== null &&
      Object.keys(root).some((key) => key.startsWith("__reactFiber"))
    );
  });
}

describe("ways to earn in the admin, in French", () => {
  it("lists the order rule, adds an honour-based social rule labelled as such, and switches it off", async () => {
    const context = await browser.newContext({
      userAgent: BROWSER_USER_AGENT,
      locale: "en-US",
    });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const problems: string[] = [];
    page.on("pageerror", (error) => problems.push(error.message));
    page.on("console", (message) => {
      if (
        message.type() === "error" &&
        !message.text().startsWith("Failed to load resource")
      )
        problems.push(message.text());
    });
    page.on("response", (response) => {
      if (
        response.status() >= 400 &&
        new URL(response.url()).pathname !== "/favicon.ico"
      )
        problems.push(`${response.status()} ${response.url()}`);
    });
    try {
      await page.goto(await embeddedAppUrl(app.url, "/app/earn", SHOP, "fr"));
      await page.getByRole("heading", { name: "Gagner des points" }).waitFor();
      await waitForHydration(page);
      let text = await visibleText(page);
      // The install's default rule is stored as "Place an order"; unrenamed, it reads in French (name and type).
      expect(text).not.toContain("Place an order");
      expect(
        text.split("Passer une commande").length - 1,
      ).toBeGreaterThanOrEqual(2);
      expect(text).toContain("1 point par tranche de 1,00 €, au paiement");
      expect(text).toContain("Activée");

      await page
        .getByRole("link", {
          name: "Suivre ou partager sur les réseaux sociaux",
        })
        .click();
      await page.waitForURL((url) => url.pathname === "/app/earn/new");
      await page
        .getByText("Rien ne prouve que le client a suivi ou partagé", {
          exact: false,
        })
        .waitFor();
      await page
        .getByLabel("Adresse du profil ou de la page")
        .fill("https://instagram.com/maison");
      await page.getByLabel("Points par attribution").fill("25");
      await page.getByRole("button", { name: "Enregistrer" }).first().click();
      await page.waitForURL((url) => url.pathname === "/app/earn");
      // The form also says "Sur l’honneur": wait for the list's row, not only the new URL (Remix
      // moves the URL before the list renders).
      await page
        .locator(".Polaris-IndexTable__TableRow")
        .filter({ hasText: "Sur l’honneur" })
        .waitFor();
      text = await visibleText(page);
      expect(text).toContain("Suivre ou partager sur les réseaux sociaux");
      expect(text).toContain("25 points");

      const row = page
        .locator(".Polaris-IndexTable__TableRow")
        .filter({ hasText: "Sur l’honneur" });
      await row.getByRole("button", { name: "Désactiver" }).click();
      await row.getByText("Désactivée").waitFor();
      expect(problems).toEqual([]);
    } catch (error) {
      const text = await visibleText(page).catch(() => "(no page)");
      throw new Error(
        `${(error as Error).message}\n--- page text ---\n${text}\n--- app log ---\n${app.log().slice(-2000)}`,
      );
    } finally {
      await context.close();
    }
  }, 120_000);
});
