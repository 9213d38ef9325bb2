import fs from "node:fs";

import ExcelJS from "exceljs";
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
import { seedMember, seedShop } from "~/../test/browser/seed-admin";
import { parseCsv } from "~/../test/spreadsheets";

/**
 * The Reports page in a real browser, in French: filter the report by kind and customer, export
 * it as CSV and as Excel, and read both files back. Then "Add points to this customer" lands on
 * the member's adjustment.
 */

const SHOP = "reports-browser.myshopify.com";
const DAY = 24 * 60 * 60 * 1000;
// The app reads the machine clock; the seed is dated from it so the test passes on any day.
const ago = (days: number) => new Date(Date.now() - days * DAY);

let app: RunningApp;
let harness: AdminInBrowser;
let browser: Browser;
let camilleId = "";

beforeAll(async () => {
  harness = await startAdminInBrowser("reports", async (db) => {
    await seedShop(db, SHOP, {
      ianaTimezone: "Europe/Paris",
      currencyCode: "EUR",
    });
    await storeOfflineSession(db, SHOP);
    camilleId = await seedMember(db, SHOP, {
      customerId: "6001",
      firstName: "Camille",
      lastName: "Martin",
      email: "camille@example.com",
      joinedAt: ago(40),
      entries: [
        { kind: "order_award", points: 300, at: ago(30) },
        { kind: "manual_adjustment", points: 25, at: ago(20) },
        { kind: "redemption", points: -200, at: ago(10) },
      ],
    });
    await seedMember(db, SHOP, {
      customerId: "6002",
      firstName: "=cmd|' /C calc'!A0",
      email: "+eve@example.com",
      joinedAt: ago(15),
      entries: [
        { kind: "order_award", points: 80, at: ago(12) },
        { kind: "redemption", points: -50, at: ago(3) },
      ],
    });
  });
  ({ app, browser } = harness);
});

afterAll(async () => {
  await harness?.stop();
});

const text = async (page: Page) =>
  (await page.locator("body").innerText()).replace(/[\s\u00a0\u202f]+/g, " ");

async function waitForHydration(page: Page) {
  await page.waitForFunction(() =>
    Object.keys(document.querySelector(".Polaris-Page") ?? {}).some((k) =>
      k.startsWith("__reactFiber"),
    ),
  );
}

describe("the points report in a browser", () => {
  it("filters, exports CSV and Excel, and the files read back with the filter applied", async () => {
    const context = await browser.newContext({
      userAgent: BROWSER_USER_AGENT,
      locale: "fr-FR",
      acceptDownloads: true,
    });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const problems: string[] = [];
    page.on("pageerror", (error) => problems.push(error.message));
    try {
      await page.goto(
        await embeddedAppUrl(app.url, "/app/reports", SHOP, "fr"),
      );
      await page
        .getByRole("heading", { name: "Rapport sur les points", level: 1 })
        .waitFor();
      await waitForHydration(page);
      expect(await text(page)).toContain("5 mouvements");

      // Kind: redeemed only.
      await page.getByRole("button", { name: "Type" }).first().click();
      // The choice is the URL's: it shows checked once the filtered report has loaded.
      await page.getByLabel("Échangés", { exact: true }).click();
      await page.waitForURL(/kind=redeemed/);
      // Wait for the filtered report before typing: a search typed while the kind's navigation is
      // still loading is built on the URL without the kind.
      await page
        .getByLabel("Échangés", { exact: true })
        .and(page.locator(":checked"))
        .waitFor();
      await page.keyboard.press("Escape");
      // Customer: Camille.
      await page
        .getByPlaceholder("Rechercher par nom ou adresse e-mail du client")
        .fill("camille");
      await page.waitForURL(/q=camille/);
      await page.getByText("1 mouvement", { exact: false }).first().waitFor();
      const body = await text(page);
      expect(body).toContain("Camille Martin");
      expect(body).toContain("Échangés contre une récompense");
      expect(body).not.toContain("Gagnés sur une commande");

      const [csvDownload] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("button", { name: "Exporter en CSV" }).click(),
      ]);
      expect(csvDownload.suggestedFilename()).toBe("rapport-points.csv");
      const csv = parseCsv(
        fs.readFileSync((await csvDownload.path())!, "utf8"),
      );
      expect(csv[0][0]).toBe("Date et heure (Europe/Paris)");
      expect(csv.slice(1).map((row) => [row[1], row[7]])).toEqual([
        ["Camille Martin", "-200"],
      ]);

      const [xlsxDownload] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("button", { name: "Exporter en Excel" }).click(),
      ]);
      expect(xlsxDownload.suggestedFilename()).toBe("rapport-points.xlsx");
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile((await xlsxDownload.path())!);
      const sheet = workbook.worksheets[0];
      expect(sheet.getRow(1).getCell(2).value).toBe("Client");
      expect(sheet.rowCount).toBe(2);
      expect(sheet.getRow(2).getCell(2).value).toBe("Camille Martin");
      expect(sheet.getRow(2).getCell(8).value).toBe(-200);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("exports every row with formulas neutralised, and 'Add points to this customer' opens the adjustment", async () => {
    const context = await browser.newContext({
      userAgent: BROWSER_USER_AGENT,
      locale: "en-US",
      acceptDownloads: true,
    });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const problems: string[] = [];
    page.on("pageerror", (error) => problems.push(error.message));
    try {
      await page.goto(
        await embeddedAppUrl(app.url, "/app/reports", SHOP, "en"),
      );
      await page
        .getByRole("heading", { name: "Points report", level: 1 })
        .waitFor();
      await waitForHydration(page);
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("button", { name: "Export CSV" }).click(),
      ]);
      const rows = parseCsv(fs.readFileSync((await download.path())!, "utf8"));
      expect(rows).toHaveLength(6);
      const eve = rows.filter((row) => row[3] === "6002");
      expect(eve.map((row) => row[1])).toEqual([
        "'=cmd|' /C calc'!A0",
        "'=cmd|' /C calc'!A0",
      ]);
      expect(eve.map((row) => row[2])).toEqual([
        "'+eve@example.com",
        "'+eve@example.com",
      ]);

      await page
        .getByRole("row", { name: /Camille Martin.*Manual adjustment/ })
        .getByRole("link", { name: "Add points to this customer" })
        .click();
      await page.waitForURL(
        new RegExp(`/app/members/${camilleId}\\?adjust=add`),
      );
      await page.getByRole("heading", { name: "Camille Martin" }).waitFor();
      await page.waitForFunction(
        () =>
          document.activeElement?.getAttribute("name") === "points" &&
          document.activeElement.closest("#adjust-points") !== null,
      );
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
