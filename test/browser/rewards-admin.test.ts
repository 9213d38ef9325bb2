import os from "node:os";
import path from "node:path";
import { type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createPrismaClient } from "~/db.server";
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
 * A French merchant creates a reward through the real form of the built admin: a refused value
 * comes back with its French message next to the field and nothing saved, then the corrected
 * reward shows in the rewards list.
 */

const SHOP = "rewards-browser.myshopify.com";
const NBSP = /[\u00a0\u202f]/g;

// The part of App Bridge the app relies on: the session token on every request to the app.
let databaseFile = "";
let app: RunningApp;
let harness: AdminInBrowser;
let browser: Browser;

beforeAll(async () => {
  harness = await startAdminInBrowser("rewards", async (db) => {
    await seedShop(db, SHOP, {
      currencyCode: "EUR",
      ianaTimezone: "Europe/Paris",
    });
    await storeOfflineSession(db, SHOP);
  });
  ({ app, browser } = harness);
  databaseFile = harness.databaseFile;
}, 300_000);

afterAll(async () => {
  await harness?.stop();
});

async function visibleText(page: Page): Promise<string> {
  return (await page.locator("body").innerText())
    .replace(NBSP, " ")
    .replace(/\s+/g, " ");
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

describe("rewards in the embedded admin", () => {
  it("creates a reward in French through the form and lists it", async () => {
    const context = await browser.newContext({
      userAgent: BROWSER_USER_AGENT,
      locale: "en-US",
    });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const problems: string[] = [];
    page.on("pageerror", (error) => problems.push(error.message));
    page.on("console", (message) => {
      if (
        message.type() === "error" &&
        !message.text().startsWith("Failed to load resource")
      )
        problems.push(message.text());
    });
    try {
      await page.goto(
        await embeddedAppUrl(app.url, "/app/rewards/new", SHOP, "fr"),
      );
      await page
        .getByRole("heading", { name: "Nouvelle récompense" })
        .waitFor();
      await waitForHydration(page);

      await page.getByLabel("Choix du type").selectOption("fixed_amount_off");
      await page.getByLabel("Nom (français)").fill("Bon fidélité 5 €");
      await page
        .getByLabel("Description (français)")
        .fill("5 € de réduction sur votre prochaine commande");
      await page.getByLabel("Coût en points").fill("0");
      await page.getByLabel("Montant de la réduction").fill("5,00");
      await page.getByRole("button", { name: "Enregistrer" }).click();

      // Refused: the French message beside the field, the typed values kept, nothing saved.
      await page
        .getByText("Le coût en points doit être d’au moins 1 point.")
        .waitFor();
      expect(await visibleText(page)).toContain(
        "La récompense n’a pas été enregistrée.",
      );
      expect(await page.getByLabel("Nom (français)").inputValue()).toBe(
        "Bon fidélité 5 €",
      );
      expect(
        await page
          .getByLabel("Active : les clients peuvent obtenir cette récompense")
          .isChecked(),
      ).toBe(true);
      await page.screenshot({
        path: path.join(os.tmpdir(), "loyalty-reward-form-error-fr.png"),
        fullPage: true,
      });
      const db = createPrismaClient(`file:${databaseFile}`);
      expect(await db.reward.count()).toBe(0);

      await page.getByLabel("Coût en points").fill("500");
      await page.getByRole("button", { name: "Enregistrer" }).click();
      await page.waitForURL((url) => url.pathname === "/app/rewards");
      await page
        .getByRole("heading", { name: "Récompenses", exact: true })
        .waitFor();
      const row = page.locator(".Polaris-IndexTable__TableRow").first();
      await row.waitFor();
      const rowText = (await row.innerText()).replace(NBSP, " ");
      expect(rowText).toContain("Bon fidélité 5 €");
      expect(rowText).toContain("Montant fixe de réduction sur la commande");
      expect(rowText).toContain("500 points");
      expect(rowText).toContain("Illimité");
      expect(rowText).toContain("Activée");

      const saved = await db.reward.findFirstOrThrow();
      expect(saved).toMatchObject({
        type: "fixed_amount_off",
        pointsCost: 500,
        active: true,
      });
      expect(JSON.parse(saved.config)).toMatchObject({
        amount: 5000,
        name: { fr: "Bon fidélité 5 €" },
      });
      await db.$disconnect();

      await page.screenshot({
        path: path.join(os.tmpdir(), "loyalty-rewards-list-fr.png"),
        fullPage: true,
      });
      expect(problems).toEqual([]);
    } catch (error) {
      const text = await visibleText(page).catch(() => "(no page)");
      throw new Error(
        `${(error as Error).message}\n--- page text ---\n${text}\n--- app log ---\n${app
          .log()
          .split("\n")
          .filter((line) => /^(GET|POST)/.test(line))
          .map((line) => line.replace(/\?.*_data=/, " _data="))
          .join("\n")}`,
      );
    } finally {
      await context.close();
    }
  }, 120_000);

  it("shows the contextual save bar while a reward has unsaved changes: Discard puts them back, Save saves", async () => {
    const context = await browser.newContext({
      userAgent: BROWSER_USER_AGENT,
      locale: "fr-FR",
    });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const problems: string[] = [];
    page.on("pageerror", (error) => problems.push(error.message));
    const db = createPrismaClient(`file:${databaseFile}`);
    try {
      // The reward the first test created.
      const reward = await db.reward.findFirstOrThrow({
        where: { config: { contains: "Bon fidélité 5 €" } },
      });
      await page.goto(
        await embeddedAppUrl(app.url, `/app/rewards/${reward.id}`, SHOP, "fr"),
      );
      await page.getByRole("heading", { name: "Bon fidélité 5 €" }).waitFor();
      await waitForHydration(page);
      const bar = page.locator("[data-save-bar]");
      expect(await bar.isVisible()).toBe(false);

      const name = page.getByLabel("Nom (français)");
      await name.fill("Bon fidélité 6 €");
      await bar.waitFor({ state: "visible" });
      await bar
        .getByRole("button", { name: "Annuler les modifications" })
        .click();
      await bar.waitFor({ state: "hidden" });
      expect(await name.inputValue()).toBe("Bon fidélité 5 €");

      await name.fill("Bon fidélité 6 €");
      await bar.getByRole("button", { name: "Enregistrer" }).click();
      await page.waitForURL((url) => url.pathname === "/app/rewards");
      const saved = await db.reward.findUniqueOrThrow({
        where: { id: reward.id },
      });
      expect(JSON.parse(saved.config)).toMatchObject({
        name: { fr: "Bon fidélité 6 €" },
      });
      // Leaving the page takes the bar away.
      await page
        .getByRole("heading", { name: "Récompenses", exact: true })
        .waitFor();
      await bar.waitFor({ state: "hidden" });
      expect(problems).toEqual([]);
    } catch (error) {
      const text = await visibleText(page).catch(() => "(no page)");
      throw new Error(
        `${(error as Error).message}\n--- page text ---\n${text}`,
      );
    } finally {
      await db.$disconnect();
      await context.close();
    }
  }, 120_000);

  it("imports code files for a pool reward: a malformed file is refused whole with its lines, in French", async () => {
    const context = await browser.newContext({
      userAgent: BROWSER_USER_AGENT,
      locale: "fr-FR",
    });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const problems: string[] = [];
    page.on("pageerror", (error) => problems.push(error.message));
    try {
      await page.goto(
        await embeddedAppUrl(
          app.url,
          "/app/rewards/new?type=code_pool",
          SHOP,
          "fr",
        ),
      );
      await page
        .getByRole("heading", { name: "Nouvelle récompense" })
        .waitFor();
      await waitForHydration(page);
      await page.getByLabel("Nom (français)").fill("Code partenaire");
      await page.getByLabel("Coût en points").fill("300");
      await page.getByRole("button", { name: "Enregistrer" }).click();
      await page.waitForURL((url) =>
        /\/app\/rewards\/[^/]+\/codes$/.test(url.pathname),
      );
      await page
        .getByRole("heading", { name: "Codes de Code partenaire" })
        .waitFor();
      expect(await visibleText(page)).toContain("Plus aucun code disponible");

      const csv = (name: string, text: string) => ({
        name,
        mimeType: "text/csv",
        buffer: Buffer.from(text),
      });
      await page
        .locator('input[type="file"]')
        .setInputFiles([csv("mauvais.csv", "Code\nPART-1\nPART-1\nPART 2\n")]);
      await page.getByRole("button", { name: "Importer", exact: true }).click();
      await page.getByText("mauvais.csv : rien n’a été importé.").waitFor();
      const refused = await visibleText(page);
      expect(refused).toContain("Ligne 3 : PART-1 figure déjà à la ligne 2.");
      expect(refused).toContain("Ligne 4 : PART 2 contient une espace.");
      expect(refused).toContain("Aucun fichier importé pour le moment.");

      await page
        .locator('input[type="file"]')
        .setInputFiles([
          csv("bons.csv", "\uFEFFPART-1\r\nPART-2 | |||\r\n\r\nPART-3,,\r\n"),
        ]);
      await page.getByRole("button", { name: "Importer", exact: true }).click();
      await page.getByText("3 codes importés depuis bons.csv.").waitFor();
      // The action's answer shows first; the counts come with the page's data, reloaded right after.
      await page.getByText(/3 codes importés\s:/).waitFor();
      // The summary adds up with the files table, plural forms included.
      expect(await visibleText(page)).toContain(
        "3 codes importés : 0 attribué à un client, 3 inutilisés, 0 supprimé.",
      );
      expect(await visibleText(page)).not.toContain(
        "Plus aucun code disponible",
      );
      const row = page.locator(".Polaris-IndexTable__TableRow").first();
      expect((await row.innerText()).replace(/\s+/g, " ")).toMatch(
        /bons\.csv .* 3 0 3 0/,
      );
      await page.screenshot({
        path: path.join(os.tmpdir(), "loyalty-reward-codes-fr.png"),
        fullPage: true,
      });
      expect(problems).toEqual([]);
    } catch (error) {
      const text = await visibleText(page).catch(() => "(no page)");
      throw new Error(
        `${(error as Error).message}\n--- page text ---\n${text}\n--- app log ---\n${app
          .log()
          .split("\n")
          .filter((line) => /^(GET|POST)/.test(line))
          .map((line) => line.replace(/\?.*_data=/, " _data="))
          .join("\n")}`,
      );
    } finally {
      await context.close();
    }
  }, 120_000);
});
