import fs from "node:fs";
import path from "node:path";

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
import { ROOT, type RunningApp } from "~/../test/browser/built-app";
import { seedMember, seedShop } from "~/../test/browser/seed-admin";

/**
 * Every admin page at the two widths a merchant's laptop shows (1024 and 1440 px), in French and
 * English: nothing wider than the window (a cut column scrolls the page sideways), no script
 * error, and no English word left on a French page. Screenshots go to test-artifacts/admin-pages/.
 */

const SHOP = "pages-browser.myshopify.com";
const DAY = 24 * 60 * 60 * 1000;
const SHOTS = path.join(ROOT, "test-artifacts", "admin-pages");
let app: RunningApp;
let harness: AdminInBrowser;
let browser: Browser;
let memberId = "";

beforeAll(async () => {
  harness = await startAdminInBrowser("pages", async (db) => {
    await seedShop(db, SHOP, {
      currencyCode: "EUR",
      ianaTimezone: "Europe/Paris",
    });
    await storeOfflineSession(db, SHOP);
    const now = Date.now();
    const ago = (days: number) => new Date(now - days * DAY);
    await ensureDefaultOrderRule(
      db,
      SHOP,
      { earnPoints: 1, earnPerAmount: 1 },
      ago(100),
    );
    await db.tier.create({
      data: {
        shopDomain: SHOP,
        nameEn: "Gold",
        nameFr: "Or",
        threshold: 500,
        earnMultiplier: 1.5,
      },
    });
    memberId = await seedMember(db, SHOP, {
      customerId: "7001",
      firstName: "Marie-Christine",
      lastName: "Dupont-Lefèvre de la Tour",
      email: "marie-christine.dupont-lefevre@example.com",
      joinedAt: ago(90),
      entries: [
        { kind: "order_award", points: 1250, at: ago(60) },
        { kind: "redemption", points: -500, at: ago(30) },
        { kind: "manual_adjustment", points: 1, at: ago(2) },
      ],
    });
    for (let i = 0; i < 3; i += 1)
      await seedMember(db, SHOP, {
        customerId: `71${i}`,
        firstName: `Client ${i}`,
        email: `client${i}@example.com`,
        joinedAt: ago(10 + i),
        entries: [{ kind: "order_award", points: 1 + i, at: ago(5 + i) }],
      });
  });
  ({ app, browser } = harness);
  fs.mkdirSync(SHOTS, { recursive: true });
}, 300_000);

afterAll(async () => {
  await harness?.stop();
});

async function waitForHydration(page: Page) {
  await page.waitForFunction(() => {
    const root = document.querySelector(".Polaris-Page");
    return (
      root !== null &&
      Object.keys(root).some((key) => key.startsWith("__reactFiber"))
    );
  });
}

const PAGES = [
  ["home", "/app"],
  ["program", "/app/program"],
  ["program-page", "/app/program-page"],
  ["members", "/app/members"],
  ["member", "/app/members/:member"],
  ["import", "/app/members/import"],
  ["reports", "/app/reports"],
  ["earn", "/app/earn"],
  ["campaigns", "/app/earn/campaigns"],
  ["rewards", "/app/rewards"],
  ["new-reward", "/app/rewards/new"],
  ["tiers", "/app/tiers"],
  ["emails", "/app/emails"],
  ["settings", "/app/settings"],
  ["activity", "/app/settings/activity"],
] as const;

// English words that would only be on a French page by mistake (whole words, case kept).
const ENGLISH =
  /\b(Save|Cancel|Delete|Members|Member|Rewards|Reward|Settings|Search|Balance|Tier|Tiers|Earned|Redeemed|Expired|Pending|Add|Edit|Loading|None|Never|Customer|Email|Orders|Order|Week|Month|Year|Days|Day|Activity|Apply|Preview)\b/;

describe.each(["fr", "en"] as const)("every admin page in %s", (locale) => {
  it.each(PAGES)(
    "%s fits 1024 and 1440 px, with no script error",
    async (name, pagePath) => {
      for (const width of [1024, 1440]) {
        const context = await browser.newContext({
          userAgent: BROWSER_USER_AGENT,
          locale: locale === "fr" ? "fr-FR" : "en-US",
          viewport: { width, height: 900 },
        });
        const page = await context.newPage();
        page.setDefaultTimeout(15_000);
        const problems: string[] = [];
        page.on("pageerror", (error) => problems.push(error.message));
        try {
          await page.goto(
            await embeddedAppUrl(
              app.url,
              pagePath.replace(":member", memberId),
              SHOP,
              locale,
            ),
          );
          await waitForHydration(page);
          await page.screenshot({
            path: path.join(SHOTS, `${locale}-${width}-${name}.png`),
            fullPage: true,
          });
          const overflow = await page.evaluate(
            () =>
              document.documentElement.scrollWidth -
              document.documentElement.clientWidth,
          );
          expect({ name, width, overflow }).toEqual({
            name,
            width,
            overflow: 0,
          });
          // A table wider than its card is clipped by it, or scrolls sideways inside it: either
          // way its last columns are cut.
          const cutTables = await page.evaluate(
            () =>
              Array.from(
                document.querySelectorAll(".Polaris-Page table"),
              ).filter((table) => {
                const card =
                  table.closest(".Polaris-ShadowBevel") ?? table.parentElement!;
                const scroller = table.parentElement!;
                return (
                  table.getBoundingClientRect().right >
                    card.getBoundingClientRect().right + 1 ||
                  scroller.scrollWidth > scroller.clientWidth + 1
                );
              }).length,
          );
          expect({ name, width, cutTables }).toEqual({
            name,
            width,
            cutTables: 0,
          });
          if (locale === "fr") {
            const text = await page.locator(".Polaris-Page").innerText();
            const english = text
              .split("\n")
              .filter((line) => ENGLISH.test(line))
              // What the merchant or the customer typed, and the app's own name for the points.
              .filter((line) => !/example\.com|Gold/.test(line));
            expect({ name, width, english }).toEqual({
              name,
              width,
              english: [],
            });
          }
          expect(problems).toEqual([]);
        } finally {
          await context.close();
        }
      }
    },
    120_000,
  );
});
