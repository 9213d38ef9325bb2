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
import {
  startTestSmtpServer,
  type TestSmtpServer,
} from "~/../test/smtp-server";

/**
 * A French merchant edits the French welcome email on the Emails page of the built admin: the live
 * preview follows the typed subject, and "send me a test" delivers it through SMTP to the address
 * typed, where the test's SMTP server receives it with the edited subject. The member page says
 * whether a member unsubscribed from loyalty emails.
 */

const SHOP = "emails-browser.myshopify.com";
const SHOP_NAME = "emails-browser";
const NBSP = /[\u00a0\u202f]/g;

let app: RunningApp;
let harness: AdminInBrowser;
let browser: Browser;
let smtp: TestSmtpServer;
let optedOutId = "";
let subscribedId = "";

beforeAll(async () => {
  smtp = await startTestSmtpServer();
  harness = await startAdminInBrowser(
    "emails",
    async (db) => {
      await seedShop(db, SHOP, {
        currencyCode: "EUR",
        ianaTimezone: "Europe/Paris",
      });
      await storeOfflineSession(db, SHOP);
      const joinedAt = new Date("2026-01-10T12:00:00.000Z");
      optedOutId = await seedMember(db, SHOP, {
        customerId: "2001",
        firstName: "Léa",
        lastName: "Bernard",
        email: "lea@example.com",
        joinedAt,
      });
      // 23:30 UTC on 14 March is already 15 March in Paris, the shop's time zone.
      await db.member.update({
        where: { id: optedOutId },
        data: { emailOptOutAt: new Date("2026-03-14T23:30:00.000Z") },
      });
      subscribedId = await seedMember(db, SHOP, {
        customerId: "2002",
        firstName: "Hugo",
        email: "hugo@example.com",
        joinedAt,
      });
    },
    { SMTP_URL: smtp.url, SMTP_FROM: "fidelite@emails-browser.example" },
  );
  ({ app, browser } = harness);
}, 300_000);

afterAll(async () => {
  await harness?.stop();
  await smtp?.close();
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

const previewSubject = async (page: Page) =>
  ((await page.locator("[data-preview-subject]").textContent()) ?? "").replace(
    NBSP,
    " ",
  );

describe("emails in the embedded admin", () => {
  it("edits the French welcome email, previews it live and sends a test through SMTP", async () => {
    const context = await browser.newContext({
      userAgent: BROWSER_USER_AGENT,
      locale: "fr-FR",
    });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const problems: string[] = [];
    page.on("pageerror", (error) => problems.push(error.message));
    try {
      await page.goto(await embeddedAppUrl(app.url, "/app/emails", SHOP, "fr"));
      await page
        .getByRole("heading", { name: "E-mails aux membres" })
        .waitFor();
      await waitForHydration(page);

      // The first email on the page is the welcome email.
      await page.getByRole("button", { name: "Modifier" }).first().click();
      const editor = page.locator('[data-email-editor="welcome"]');
      await editor.getByLabel("Langue", { exact: true }).selectOption("fr");
      const before = await previewSubject(page);
      expect(before).not.toBe("");

      // Typed HTML stays text in the preview; the shop's name comes from the variable.
      await editor
        .getByLabel("Objet")
        .fill("Merci <b>fidèle</b> client de {{ shop_name }} !");
      const expected = `Merci <b>fidèle</b> client de ${SHOP_NAME} !`;
      await expect
        .poll(() => previewSubject(page), { timeout: 10_000 })
        .toBe(expected);
      expect(expected).not.toBe(before);

      await editor.getByLabel("Envoyer un test à").fill("marchand@example.com");
      await editor.getByRole("button", { name: "M’envoyer un test" }).click();
      await page
        .getByText("E-mail de test envoyé à marchand@example.com.")
        .waitFor();

      expect(smtp.received).toHaveLength(1);
      const [email] = smtp.received;
      expect(email.to).toEqual(["marchand@example.com"]);
      expect(email.headers.subject).toBe(`[Test] ${expected}`);
      expect(email.html).toContain("Merci &lt;b&gt;fidèle&lt;/b&gt;");
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it("adds a language by its code, saves its text, then removes it", async () => {
    const context = await browser.newContext({
      userAgent: BROWSER_USER_AGENT,
      locale: "fr-FR",
    });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const problems: string[] = [];
    page.on("pageerror", (error) => problems.push(error.message));
    try {
      await page.goto(await embeddedAppUrl(app.url, "/app/emails", SHOP, "fr"));
      await page
        .getByRole("heading", { name: "E-mails aux membres" })
        .waitFor();
      await waitForHydration(page);
      await page.getByRole("button", { name: "Modifier" }).first().click();
      const editor = page.locator('[data-email-editor="welcome"]');
      const languages = () =>
        editor
          .getByLabel("Langue", { exact: true })
          .locator("option")
          .evaluateAll((options) =>
            options.map((option) => (option as HTMLOptionElement).value),
          );
      await editor.getByLabel("Ou un code de langue").fill("es");
      await editor
        .getByRole("button", { name: "Ajouter", exact: true })
        .click();
      expect(await languages()).toContain("es");
      await editor.getByLabel("Objet").fill("¡Bienvenido a {{ shop_name }}!");
      await expect
        .poll(() => previewSubject(page))
        .toBe(`¡Bienvenido a ${SHOP_NAME}!`);
      await editor.getByRole("button", { name: "Enregistrer" }).click();
      await page.getByText("E-mail enregistré.").waitFor();
      // Saved: the editor starts again from what is stored, on the language being edited.
      await expect.poll(languages).toEqual(["en", "fr", "es"]);
      expect(await editor.locator("input[name=locale]").inputValue()).toBe(
        "es",
      );
      expect(await editor.getByLabel("Objet").inputValue()).toBe(
        "¡Bienvenido a {{ shop_name }}!",
      );

      await editor
        .getByRole("button", { name: "Supprimer cette langue" })
        .click();
      await page.getByText("Texte par défaut rétabli.").waitFor();
      await expect.poll(languages).toEqual(["en", "fr"]);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it("shows on the member page whether the member unsubscribed, in French", async () => {
    const context = await browser.newContext({
      userAgent: BROWSER_USER_AGENT,
      locale: "fr-FR",
    });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    try {
      await page.goto(
        await embeddedAppUrl(app.url, `/app/members/${optedOutId}`, SHOP, "fr"),
      );
      await page
        .getByRole("heading", { name: "E-mails de fidélité" })
        .waitFor();
      const text = (await page.locator("body").innerText()).replace(NBSP, " ");
      expect(text).toContain(
        "Désinscrit des e-mails de fidélité le 15 mars 2026.",
      );
      expect(text).not.toContain("Reçoit les e-mails de fidélité.");

      await page.goto(
        await embeddedAppUrl(
          app.url,
          `/app/members/${subscribedId}`,
          SHOP,
          "fr",
        ),
      );
      await page
        .getByRole("heading", { name: "E-mails de fidélité" })
        .waitFor();
      expect(await page.locator("body").innerText()).toContain(
        "Reçoit les e-mails de fidélité.",
      );
    } finally {
      await context.close();
    }
  }, 60_000);
});
