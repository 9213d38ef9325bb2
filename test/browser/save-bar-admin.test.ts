import { type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createPrismaClient } from "~/db.server";
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
 * The admin's long forms as Shopify's own: a change shows the contextual save bar, Discard puts
 * the stored values back, Save saves, and leaving with unsaved changes asks first. A page whose
 * loader is still running shows Polaris's skeleton.
 */

const SHOP = "save-bar-browser.myshopify.com";
const NBSP = /[\u00a0\u202f]/g;
let app: RunningApp;
let harness: AdminInBrowser;
let browser: Browser;
let databaseFile = "";
let ruleId = "";

beforeAll(async () => {
  harness = await startAdminInBrowser("save-bar", async (db) => {
    await seedShop(db, SHOP, {
      currencyCode: "EUR",
      ianaTimezone: "Europe/Paris",
    });
    await storeOfflineSession(db, SHOP);
    await ensureDefaultOrderRule(
      db,
      SHOP,
      { earnPoints: 1, earnPerAmount: 1 },
      new Date(),
    );
    ruleId = (
      await db.earningRule.findFirstOrThrow({ where: { shopDomain: SHOP } })
    ).id;
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

async function frenchPage(
  run: (page: Page, problems: string[]) => Promise<void>,
) {
  const context = await browser.newContext({
    userAgent: BROWSER_USER_AGENT,
    locale: "fr-FR",
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(error.message));
  try {
    await run(page, problems);
  } catch (error) {
    const text = await visibleText(page).catch(() => "(no page)");
    throw new Error(`${(error as Error).message}\n--- page text ---\n${text}`);
  } finally {
    await context.close();
  }
}

async function open(page: Page, path: string) {
  await page.goto(await embeddedAppUrl(app.url, path, SHOP, "fr"));
  await waitForHydration(page);
}

describe("the contextual save bar on the admin's forms", () => {
  it.each([
    { path: "/app/program", label: "Nom du programme", value: "Club Étoile" },
    {
      path: "/app/program-page",
      label: "Texte sur la couleur d’accent",
      value: "#222222",
    },
    {
      path: "/app/tiers",
      label: "Sur la période",
      value: "calendar_year",
      select: true,
    },
    { path: "/app/earn/:rule", label: "Nom", value: "Achats en ligne" },
    {
      path: "/app/earn/campaigns",
      label: "Nom de la campagne",
      value: "Soldes d’hiver",
    },
    {
      path: "/app/emails",
      label: "Objet",
      value: "Vos points vous attendent",
      openEditor: true,
    },
    {
      path: "/app/settings",
      label: "Vérifier toutes les (minutes)",
      value: "45",
    },
  ])(
    "$path: a change shows the bar, Discard puts the stored value back",
    async ({ path, label, value, select, openEditor }) => {
      await frenchPage(async (page, problems) => {
        await open(page, path.replace(":rule", ruleId));
        if (openEditor)
          await page.getByRole("button", { name: "Modifier" }).first().click();
        const bar = page.locator("[data-save-bar]");
        expect(await bar.isVisible()).toBe(false);
        const field = page.getByLabel(label, { exact: true }).first();
        const before = await field.inputValue();
        if (select) await field.selectOption(value);
        else await field.fill(value);
        await bar.waitFor({ state: "visible" });
        await bar
          .getByRole("button", { name: "Annuler les modifications" })
          .click();
        await bar.waitFor({ state: "hidden" });
        expect(await field.inputValue()).toBe(before);
        expect(problems).toEqual([]);
      });
    },
    60_000,
  );

  it("asks before leaving with unsaved changes (Stay keeps them), and Save saves", async () => {
    await frenchPage(async (page, problems) => {
      await open(page, "/app/settings");
      const bar = page.locator("[data-save-bar]");
      const field = page.getByLabel("Vérifier toutes les (minutes)");
      await field.fill("45");
      await bar.waitFor({ state: "visible" });

      const activity = page.getByRole("link", { name: "Journal d’activité" });
      const leave = page.locator("[data-leave-confirmation]");
      await activity.click();
      await leave.waitFor({ state: "visible" });
      await leave.getByRole("button", { name: "Stay" }).click();
      await leave.waitFor({ state: "hidden" });
      expect(new URL(page.url()).pathname).toBe("/app/settings");
      expect(await field.inputValue()).toBe("45");
      await bar.waitFor({ state: "visible" });

      await bar.getByRole("button", { name: "Enregistrer" }).click();
      await bar.waitFor({ state: "hidden" });
      const db = createPrismaClient(`file:${databaseFile}`);
      try {
        await expect
          .poll(
            async () =>
              (await db.program.findUniqueOrThrow({
                where: { shopDomain: SHOP },
              })) as unknown as Record<string, unknown>,
          )
          .toMatchObject({ reconcileEveryMinutes: 45 });
      } finally {
        await db.$disconnect();
      }
      // Saved: leaving asks nothing.
      await activity.click();
      await page.waitForURL((url) => url.pathname === "/app/settings/activity");
      expect(await leave.count()).toBe(0);

      // Unsaved again, and the merchant chooses to leave: the changes are dropped.
      await open(page, "/app/settings");
      await field.fill("50");
      await bar.waitFor({ state: "visible" });
      await activity.click();
      await leave.getByRole("button", { name: "Leave page" }).click();
      await page.waitForURL((url) => url.pathname === "/app/settings/activity");
      await bar.waitFor({ state: "hidden" });
      expect(problems).toEqual([]);
    });
  }, 90_000);
});

describe("skeletons while a page loads", () => {
  it("shows the page's skeleton while the next page's loader runs, then the page", async () => {
    await frenchPage(async (page, problems) => {
      await open(page, "/app/settings");
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      await page.route(
        (url) =>
          url.searchParams.get("_data") === "routes/app.settings.activity",
        async (route) => {
          await held;
          await route.continue();
        },
      );
      await page.getByRole("link", { name: "Journal d’activité" }).click();
      // Polaris's SkeletonPage names itself in the admin's language.
      const skeleton = page.locator("[data-page-skeleton]");
      await skeleton.waitFor({ state: "visible" });
      expect(
        await skeleton
          .getByRole("status", { name: "Chargement de la page" })
          .count(),
      ).toBe(1);
      expect(
        await skeleton.locator(".Polaris-SkeletonBodyText").count(),
      ).toBeGreaterThan(0);
      release();
      await page
        .getByRole("heading", { name: "Journal d’activité", exact: true })
        .waitFor();
      expect(await skeleton.count()).toBe(0);
      expect(problems).toEqual([]);
    });
  }, 60_000);
});
