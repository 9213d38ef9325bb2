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
import { seedMember, seedShop } from "~/../test/browser/seed-admin";

/**
 * The admin as a French merchant uses it from a browser in another time zone: campaign times are
 * the shop's (Europe/Paris), deleting asks in a Polaris modal (never the browser's dialog), saves
 * end with a toast, and the member page keeps its date column inside the card at 1400 and 1024 px.
 */

const SHOP = "fixes-browser.myshopify.com";
const DAY = 24 * 60 * 60 * 1000;
let app: RunningApp;
let harness: AdminInBrowser;
let browser: Browser;
let memberId = "";

beforeAll(async () => {
  harness = await startAdminInBrowser("fixes", async (db) => {
    await seedShop(db, SHOP, {
      currencyCode: "EUR",
      ianaTimezone: "Europe/Paris",
    });
    // The seed is dated from the machine's clock, like the app it runs against.
    const now = Date.now();
    const ago = (days: number) => new Date(now - days * DAY);
    await ensureDefaultOrderRule(
      db,
      SHOP,
      { earnPoints: 1, earnPerAmount: 1 },
      ago(100),
    );
    await storeOfflineSession(db, SHOP);
    memberId = await seedMember(db, SHOP, {
      customerId: "7001",
      firstName: "Camille",
      lastName: "Dupont-Lefèvre",
      email: "camille.dupont-lefevre@example.com",
      joinedAt: ago(90),
      entries: [
        { kind: "order_award", points: 120, at: ago(60) },
        { kind: "redemption", points: -65, at: ago(30) },
        { kind: "refund_reversal", points: -55, at: ago(3) },
      ],
    });
    const reversal = await db.ledgerEntry.findFirstOrThrow({
      where: { shopDomain: SHOP, kind: "refund_reversal" },
    });
    // The refund wanted 80 and found 55: a long trace line in the history.
    await db.reversalShortfall.create({
      data: {
        shopDomain: SHOP,
        memberId,
        orderId: "1001",
        kind: "refund_reversal",
        sourceId: "r1",
        ledgerEntryId: reversal.id,
        wantedPoints: 80,
        takenPoints: 55,
        owedAfter: 25,
        idempotencyKey: "seed-shortfall",
        createdAt: ago(3),
      },
    });
    await db.pendingAward.create({
      data: {
        shopDomain: SHOP,
        memberId,
        orderId: "1003",
        points: 48,
        postAt: ago(-14),
      },
    });
  });
  ({ app, browser } = harness);
});

afterAll(async () => {
  await harness?.stop();
});

async function openPage(
  path: string,
  options: { width?: number; timezoneId?: string } = {},
) {
  const context = await browser.newContext({
    userAgent: BROWSER_USER_AGENT,
    locale: "en-US",
    timezoneId: options.timezoneId ?? "UTC",
    viewport: { width: options.width ?? 1280, height: 900 },
  });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(error.message));
  // A native dialog is a failure: the admin asks in Polaris modals.
  page.on("dialog", (dialog) => {
    problems.push(`native dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await page.goto(await embeddedAppUrl(app.url, path, SHOP, "fr"));
  await waitForHydration(page);
  return { context, page, problems };
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

async function toasts(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    (
      (window as unknown as { __toasts?: { message: string }[] }).__toasts ?? []
    ).map((toast) => toast.message),
  );
}

describe("the admin, fixed as a French merchant found it", () => {
  it("reads campaign times in the shop's zone from a browser in Los Angeles, toasts the save and deletes after a Polaris modal", async () => {
    const { context, page, problems } = await openPage("/app/earn/campaigns", {
      timezoneId: "America/Los_Angeles",
    });
    const db = createPrismaClient(`file:${harness.databaseFile}`);
    try {
      await page
        .getByText("fuseau horaire de la boutique (Europe/Paris)")
        .waitFor();
      await page.getByLabel("Nom de la campagne").fill("Black Friday");
      await page.getByLabel("Début").fill("2027-11-26T00:00");
      await page.getByLabel("Fin").fill("2027-11-29T09:30");
      await page.getByRole("button", { name: "Créer la campagne" }).click();
      await page.getByText("Black Friday").first().waitFor();
      await page.waitForFunction(
        () =>
          (window as unknown as { __toasts?: unknown[] }).__toasts?.length ===
          1,
      );
      expect(await toasts(page)).toEqual(["Enregistré"]);
      const saved = await db.campaign.findFirstOrThrow({
        where: { shopDomain: SHOP },
      });
      // Midnight and 09:30 in Paris (UTC+1 in November), not in Los Angeles.
      expect(saved.startsAt.toISOString()).toBe("2027-11-25T23:00:00.000Z");
      expect(saved.endsAt.toISOString()).toBe("2027-11-29T08:30:00.000Z");
      const period = (await page.locator("body").innerText()).replace(
        /[\s\u00a0\u202f]+/g,
        " ",
      );
      expect(period).toContain("26 nov. 2027");
      expect(period).toContain("00:00");
      expect(period).toContain("09:30");

      await page.getByRole("button", { name: "Supprimer" }).click();
      const dialog = page.getByRole("dialog");
      await dialog.getByText("Supprimer la campagne").waitFor();
      // Cancelling keeps it.
      await dialog.getByRole("button", { name: "Annuler" }).click();
      await dialog.waitFor({ state: "hidden" });
      expect(
        (await db.campaign.findFirstOrThrow({ where: { id: saved.id } }))
          .deletedAt,
      ).toBeNull();
      await page.getByRole("button", { name: "Supprimer" }).click();
      await page
        .getByRole("dialog")
        .getByRole("button", { name: "Supprimer" })
        .click();
      await expect
        .poll(
          async () =>
            (await db.campaign.findFirstOrThrow({ where: { id: saved.id } }))
              .deletedAt,
        )
        .not.toBeNull();
      expect(problems).toEqual([]);
    } finally {
      await db.$disconnect();
      await context.close();
    }
  }, 120_000);

  it.each([1400, 1024])(
    "keeps the member history's date column inside the card at %i px, with the clamped refund and pending points",
    async (width) => {
      const { context, page, problems } = await openPage(
        `/app/members/${memberId}`,
        { width },
      );
      try {
        await page.getByText("Historique des points").waitFor();
        const text = (await page.locator("body").innerText()).replace(
          /[\s\u00a0\u202f]+/g,
          " ",
        );
        expect(text).toContain(
          "impossible à reprendre (solde insuffisant) : 25 points",
        );
        expect(text).toContain("la commande 1001 doit encore 25 points");
        expect(text).toContain("Commande 1001 : 25 points à reprendre");
        expect(text).toContain("Points en attente");
        expect(text).toContain("48 points de la commande 1003, utilisables le");

        const card = page
          .locator(".Polaris-ShadowBevel")
          .filter({ hasText: "Historique des points" })
          .first();
        const cardBox = await card.boundingBox();
        const headers = card.locator("th");
        const dateHeader = headers.last();
        expect(await dateHeader.innerText()).toBe("Date");
        const cells = card.locator("tbody tr td:last-child");
        expect(await cells.count()).toBe(3);
        for (const cell of [dateHeader, ...(await cells.all())]) {
          const box = await cell.boundingBox();
          expect(box).not.toBeNull();
          expect(box!.x + box!.width).toBeLessThanOrEqual(
            cardBox!.x + cardBox!.width + 0.5,
          );
          // Nothing scrolled away inside the cell either.
          expect(
            await cell.evaluate((node) => node.scrollWidth <= node.clientWidth),
          ).toBe(true);
        }
        const scroller = card.locator(".Polaris-IndexTable__ScrollContainer");
        if ((await scroller.count()) > 0)
          expect(
            await scroller
              .first()
              .evaluate((node) => node.scrollWidth <= node.clientWidth + 1),
          ).toBe(true);
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    },
    120_000,
  );
});
