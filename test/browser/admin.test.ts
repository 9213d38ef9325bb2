import os from "node:os";
import path from "node:path";
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

/**
 * The embedded admin in a real browser: the production build served by remix-serve, opened the way
 * Shopify opens it (embedded=1, shop, host, id_token, locale), with App Bridge replaced by a tiny
 * local script as APP_BRIDGE_URL allows. Checks what the merchant reads, in French and English.
 */

const SHOP = "browser-shop.myshopify.com";
const EMPTY_SHOP = "empty-shop.myshopify.com";
const NNBSP = "\u202f";
const DAY = 24 * 60 * 60 * 1000;
const ago = (days: number) => new Date(Date.now() - days * DAY);

let app: RunningApp;
let harness: AdminInBrowser;
let browser: Browser;

beforeAll(async () => {
  harness = await startAdminInBrowser("admin", async (db) => {
    await seedShop(db, SHOP, {
      currencyCode: "EUR",
      ianaTimezone: "Europe/Paris",
    });
    await storeOfflineSession(db, SHOP);
    await seedMember(db, SHOP, {
      customerId: "7001",
      firstName: "Camille",
      lastName: "Tremblay",
      email: "camille@example.com",
      joinedAt: ago(120),
      entries: [
        { kind: "order_award", points: 1000, at: ago(90) },
        { kind: "order_award", points: 345, at: ago(4) },
        { kind: "redemption", points: -100, at: ago(2) },
      ],
    });
    await seedMember(db, SHOP, {
      customerId: "7002",
      firstName: "Louis",
      lastName: "Bernard",
      email: "louis@example.com",
      joinedAt: ago(30),
      entries: [{ kind: "order_award", points: 55, at: ago(1) }],
    });
    await seedMember(db, SHOP, {
      customerId: "7003",
      firstName: "Gone",
      lastName: "Customer",
      joinedAt: ago(60),
      redactedAt: ago(1),
      entries: [{ kind: "order_award", points: 12, at: ago(20) }],
    });
    await seedShop(db, EMPTY_SHOP);
    await storeOfflineSession(db, EMPTY_SHOP);
  });
  ({ app, browser } = harness);
});

afterAll(async () => {
  await harness?.stop();
});

interface AdminPage {
  page: Page;
  /** Uncaught errors, console errors (hydration mismatches show up there) and failed requests. */
  problems: string[];
  /** Requests that tried to leave the machine (Shopify's CDN, image hosts...). */
  offMachine: string[];
}

/**
 * Opens the embedded admin as Shopify would, in a browser whose own language is `browserLocale`,
 * runs `check`, and closes it. A failure carries the page's text.
 */
async function inAdmin(
  shop: string,
  adminLocale: string,
  browserLocale: string,
  check: (admin: AdminPage) => Promise<void>,
): Promise<void> {
  // Headless Chromium announces itself as HeadlessChrome, which authenticate.admin turns away (410).
  const context = await browser.newContext({
    userAgent: BROWSER_USER_AGENT,
    locale: browserLocale,
  });
  const page = await context.newPage();
  // Fail with the page's text well before the test's own timeout.
  page.setDefaultTimeout(10_000);
  const admin: AdminPage = { page, problems: [], offMachine: [] };
  page.on("pageerror", (error) => admin.problems.push(error.message));
  page.on("console", (message) => {
    // A failed request is reported below with its URL.
    if (
      message.type() === "error" &&
      !message.text().startsWith("Failed to load resource")
    ) {
      admin.problems.push(message.text());
    }
  });
  page.on("response", (response) => {
    // Browsers ask for /favicon.ico on their own; inside Shopify the admin shows its own.
    if (
      response.status() >= 400 &&
      new URL(response.url()).pathname !== "/favicon.ico"
    ) {
      admin.problems.push(`${response.status()} ${response.url()}`);
    }
  });
  page.on("request", (request) => {
    const { hostname } = new URL(request.url());
    if (hostname !== "127.0.0.1" && hostname !== "localhost")
      admin.offMachine.push(request.url());
  });
  try {
    await page.goto(await embeddedAppUrl(app.url, "/app", shop, adminLocale));
    await check(admin);
  } catch (error) {
    const text = await visibleText(page).catch(() => "(no page)");
    throw new Error(
      `${(error as Error).message}\n--- page text ---\n${text}\n--- app log ---\n${app.log().slice(-2000)}`,
    );
  } finally {
    await context.close();
  }
}

/** The visible text of the page with every kind of space made plain, for comparisons. */
async function visibleText(page: Page): Promise<string> {
  return (await page.locator("body").innerText()).replace(
    /[\s\u00a0\u202f]+/g,
    " ",
  );
}

/** The page is hydrated once React has attached to it (links then navigate client-side). */
async function waitForHydration(page: Page) {
  await page.waitForFunction(() => {
    const root = document.querySelector(".Polaris-Page");
    return (
      root !== null &&
      Object.keys(root).some((key) => key.startsWith("__reactFiber"))
    );
  });
}

describe("the embedded admin in a browser", () => {
  it("shows the French home with the shop's members and figures, styled by Polaris", async () => {
    await inAdmin(
      SHOP,
      "fr",
      "en-US",
      async ({ page, problems, offMachine }) => {
        await page
          .getByRole("heading", { name: "Programme de fidélité", level: 1 })
          .waitFor();
        await waitForHydration(page);
        const text = await visibleText(page);

        expect(await page.evaluate(() => document.documentElement.lang)).toBe(
          "fr",
        );
        expect(text).toContain("Actif");
        expect(text).toContain("Membres 3");
        // 1 245 + 55 + 12, with French digit grouping.
        expect(text).toContain("Points en circulation 1 312");
        expect(await page.getByText(`1${NNBSP}312`).count()).toBeGreaterThan(0);
        expect(text).toContain("Points attribués ces 30 derniers jours 412");
        expect(text).toContain("Activité récente");
        expect(text).toContain("Gagnés sur une commande");
        expect(text).toContain("Échangés contre une récompense");
        expect(text).toContain("Camille Tremblay");
        expect(text).toContain("Louis Bernard");
        // An erased customer is only a number.
        expect(text).toContain("Client n° 7003");
        expect(text).not.toContain("Gone");
        expect(text).toContain(
          "Vos clients gagnent 1 point pour chaque tranche de 1,00 € dépensée.",
        );
        expect(text).toContain("Voir tous les membres");

        // Polaris' stylesheet is loaded: its design tokens are defined and components are styled.
        const styled = await page.evaluate(() => ({
          token: getComputedStyle(document.documentElement)
            .getPropertyValue("--p-color-bg-surface")
            .trim(),
          cardRadius: getComputedStyle(
            document.querySelector(".Polaris-ShadowBevel") as Element,
          ).borderRadius,
          badgeBackground: getComputedStyle(
            document.querySelector(".Polaris-Badge") as Element,
          ).backgroundColor,
        }));
        expect(styled.token).not.toBe("");
        expect(styled.cardRadius).not.toBe("0px");
        expect(styled.badgeBackground).not.toBe("rgba(0, 0, 0, 0)");

        // The local App Bridge replaced Shopify's CDN script; nothing tried to reach the internet.
        const standIn = await page.evaluate(
          () =>
            (window as unknown as { __appBridgeStandIn?: string })
              .__appBridgeStandIn,
        );
        expect(standIn).toBe("test-api-key");
        expect(harness.appBridgeRequests()).toBeGreaterThan(0);
        expect(offMachine).toEqual([]);

        await page.screenshot({
          path: path.join(os.tmpdir(), "loyalty-admin-home-fr.png"),
          fullPage: true,
        });
        expect(problems).toEqual([]);
      },
    );
  });

  it("stays in French when the merchant moves to the members list, searches and sorts", async () => {
    await inAdmin(SHOP, "fr-CA", "en-US", async ({ page, problems }) => {
      await page
        .getByRole("heading", { name: "Programme de fidélité", level: 1 })
        .waitFor();
      await waitForHydration(page);

      // A client-side navigation: the data request carries the session token App Bridge adds,
      // and no locale parameter, yet the page stays French.
      await page.getByRole("link", { name: "Voir tous les membres" }).click();
      await page.waitForURL((url) => url.pathname === "/app/members");
      await page
        .getByRole("heading", { name: "Membres", exact: true })
        .waitFor();
      await page.getByText("3 membres", { exact: true }).waitFor();
      expect(await visibleText(page)).toContain("Solde");
      const rows = page.locator(".Polaris-IndexTable__TableRow");
      expect(await rows.count()).toBe(3);
      expect(await rows.first().innerText()).toContain("Camille Tremblay");

      const search = page.getByPlaceholder(
        "Rechercher par nom ou adresse e-mail",
      );
      await search.fill("louis");
      await page.waitForURL((url) => url.searchParams.get("q") === "louis");
      await page.getByText("1 membre", { exact: true }).waitFor();
      expect(await rows.count()).toBe(1);
      expect(await rows.first().innerText()).toContain("louis@example.com");

      await search.fill("");
      await page.getByText("3 membres", { exact: true }).waitFor();
      await page.getByLabel("Trier par").selectOption("balance-asc");
      await page.waitForURL(
        (url) => url.searchParams.get("sort") === "balance-asc",
      );
      // Lowest balance first: the erased customer's 12 points, then Louis, then Camille.
      await page.waitForFunction(() => {
        const names = [
          ...document.querySelectorAll(
            ".Polaris-IndexTable__TableRow td:first-child",
          ),
        ].map((cell) => cell.textContent ?? "");
        // Remix exposes its router: the list is final once no navigation is pending.
        const router = (
          window as unknown as {
            __remixRouter?: { state: { navigation: { state: string } } };
          }
        ).__remixRouter;
        return (
          router?.state.navigation.state === "idle" &&
          names.length === 3 &&
          names[0].startsWith("Client n°") &&
          names[2] === "Camille Tremblay"
        );
      });

      await page.screenshot({
        path: path.join(os.tmpdir(), "loyalty-admin-members-fr.png"),
        fullPage: true,
      });
      expect(problems).toEqual([]);
    });
  });

  it("shows the same home in English when the admin is in English, whatever the browser's language", async () => {
    await inAdmin(
      SHOP,
      "en",
      "fr-FR",
      async ({ page, problems, offMachine }) => {
        await page
          .getByRole("heading", { name: "Loyalty program", level: 1 })
          .waitFor();
        await waitForHydration(page);
        const text = await visibleText(page);
        expect(text).toContain("Active");
        expect(text).toContain("Members 3");
        expect(text).toContain("Points outstanding 1,312");
        expect(text).toContain("Points issued in the last 30 days 412");
        expect(text).toContain("Recent activity");
        expect(text).toContain("Earned on an order");
        expect(text).toContain("Redeemed for a reward");
        expect(text).toContain("Customer #7003");
        expect(text).toContain("Customers earn 1 point for every €1.00 spent.");
        expect(text).not.toContain("Programme");
        expect(offMachine).toEqual([]);
        await page.screenshot({
          path: path.join(os.tmpdir(), "loyalty-admin-home-en.png"),
          fullPage: true,
        });
        expect(problems).toEqual([]);
      },
    );
  });

  it("opens a member's points history", async () => {
    await inAdmin(SHOP, "en", "en-US", async ({ page, problems }) => {
      await page
        .getByRole("heading", { name: "Loyalty program", level: 1 })
        .waitFor();
      await waitForHydration(page);
      await page
        .getByRole("link", { name: "Camille Tremblay" })
        .first()
        .click();
      await page.getByRole("heading", { name: "Camille Tremblay" }).waitFor();
      await page.getByText("Points history").waitFor();
      const text = await visibleText(page);
      expect(text).toContain("1,245 points");
      expect(text).toContain("camille@example.com");
      expect(await page.locator(".Polaris-IndexTable__TableRow").count()).toBe(
        3,
      );
      await page.screenshot({
        path: path.join(os.tmpdir(), "loyalty-admin-member-en.png"),
        fullPage: true,
      });
      expect(problems).toEqual([]);
    });
  });

  it("welcomes a shop with no members yet with an empty state", async () => {
    await inAdmin(
      EMPTY_SHOP,
      "fr",
      "fr-FR",
      async ({ page, problems, offMachine }) => {
        await page.getByText("Aucun membre pour l’instant").waitFor();
        const text = await visibleText(page);
        expect(text).toContain("Membres 0");
        expect(text).toContain("Points en circulation 0");
        // The illustration is served by the app itself.
        const image = page.locator("img.Polaris-EmptyState__Image");
        await image.waitFor();
        expect(
          await image.evaluate(
            (img: HTMLImageElement) => img.complete && img.naturalWidth > 0,
          ),
        ).toBe(true);
        expect(offMachine).toEqual([]);
        await page.screenshot({
          path: path.join(os.tmpdir(), "loyalty-admin-empty-fr.png"),
          fullPage: true,
        });
        expect(problems).toEqual([]);
      },
    );
  });
});
