import fs from "node:fs";
import path from "node:path";

import { type Browser, type Page } from "playwright-core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import prisma from "~/db.server";
import { createCustomer } from "../../emulator/store/customers";
import { storeShop } from "../../emulator/store/shop";
import type { Stack } from "../../scripts/stack";
import { eventually, startTestStack } from "../e2e/harness";
import { expectLedgerConsistent } from "../ledger-invariants";
import { BROWSER_USER_AGENT } from "./admin-auth";
import { launchChromium } from "./chromium";
import { ROOT } from "./built-app";

/**
 * Issue 8 in Chromium, in the emulator's admin frame with its App Bridge stand-in: a French merchant
 * imports balances from another app (dry run with a bad row, apply, apply again: no change), and
 * picks a product for a reward's condition through the resource picker.
 */
const SHOP = "import-pickers.myshopify.com";
const SHOTS = path.join(ROOT, "data", "screenshots");
const NBSP = /[\u00a0\u202f]/g;

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
  const page = await browser.newPage({
    viewport: { width: 1280, height: 900 },
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

async function screenshot(page: Page, name: string) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({
    path: path.join(SHOTS, `${name}.png`),
    fullPage: true,
  });
}

const balanceOf = async (customerId: number) =>
  (
    await prisma.member.findUnique({
      where: {
        shopCustomer: { shopDomain: SHOP, customerId: String(customerId) },
      },
    })
  )?.balance ?? null;

describe("issue 8 in a browser: imports and pickers", () => {
  it("imports a CSV with a bad row: dry run, apply, apply again changes nothing", async () => {
    const ctx = stack.emulator.ctx;
    const { customer: lea } = await createCustomer(ctx, {
      shop: SHOP,
      email: "lea@example.com",
      firstName: "Léa",
    });
    await eventually(async () => expect(await balanceOf(lea.id)).toBe(0));
    // A customer of the shop whose customers/create the app has not received: found through the Admin API.
    const { customer: nina } = await createCustomer(
      ctx,
      { shop: SHOP, email: "nina@example.com", firstName: "Nina" },
      { hold: true },
    );
    const csv = [
      "Email,Points balance,VIP tier,Date of birth",
      "lea@example.com,120,,",
      "marc@example.com,douze,,",
      "nina@example.com,45,,1991-03-04",
      "personne@example.com,5,,",
    ].join("\n");

    const { page, frame, problems } = await openAdmin(
      "fr",
      "/app/members/import",
    );
    await frame.getByRole("heading", { name: "Importer des soldes" }).waitFor();
    await frame.locator('input[type="file"]').setInputFiles({
      name: "smile-export.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(csv),
    });
    await frame.getByText("Fichier choisi : smile-export.csv").waitFor();
    await frame.getByRole("button", { name: "Vérifier le fichier" }).click();
    await frame.getByText("Simulation : smile-export.csv").waitFor();
    const table = frame.locator(".Polaris-IndexTable__Table");
    const rows = async () =>
      (await table.locator("tbody tr").allInnerTexts()).map((text) =>
        text.replace(NBSP, " ").replace(/\s+/g, " ").trim(),
      );
    expect(await rows()).toEqual([
      expect.stringMatching(
        /^2 lea@example\.com (\S+ )?Changement de solde 0 120 \+120$/,
      ),
      expect.stringMatching(
        /^3 (\S+ )?Valeur incorrecte Les points doivent être un nombre entier, 0 ou plus : « douze »$/,
      ),
      expect.stringMatching(
        /^4 nina@example\.com (\S+ )?Nouveau membre 0 45 \+45$/,
      ),
      expect.stringMatching(/^5 personne@example\.com (\S+ )?Client inconnu$/),
    ]);
    await expect(frame.locator("body").innerText()).resolves.toContain(
      "Format : export Smile.io",
    );
    // A dry run changes nothing.
    expect(await balanceOf(lea.id)).toBe(0);
    expect(await balanceOf(nina.id)).toBeNull();
    await screenshot(page, "import-dry-run-fr");

    await frame.getByRole("button", { name: "Appliquer l’import" }).click();
    const dialog = frame.getByRole("dialog");
    await dialog.getByText("Appliquer l’import ?").waitFor();
    await dialog.getByRole("button", { name: "Appliquer l’import" }).click();
    await frame.getByText("Soldes importés").first().waitFor();
    expect(await balanceOf(lea.id)).toBe(120);
    expect(await balanceOf(nina.id)).toBe(45);
    const imported = await prisma.ledgerEntry.count({
      where: { shopDomain: SHOP, kind: "import" },
    });
    expect(imported).toBe(2);
    await screenshot(page, "import-applied-fr");

    // The same file again: the dry run says the rows are already imported, and applying changes nothing.
    await frame.getByRole("button", { name: "Vérifier le fichier" }).click();
    await frame.getByText("2 lignes déjà importées").waitFor();
    await frame.getByRole("button", { name: "Appliquer l’import" }).click();
    await frame
      .getByRole("dialog")
      .getByRole("button", { name: "Appliquer l’import" })
      .click();
    await frame.getByText("Soldes importés").first().waitFor();
    await expect(frame.locator("body").innerText()).resolves.toContain(
      "Variation nette : 0",
    );
    expect(await balanceOf(lea.id)).toBe(120);
    expect(await balanceOf(nina.id)).toBe(45);
    expect(
      await prisma.ledgerEntry.count({
        where: { shopDomain: SHOP, kind: "import" },
      }),
    ).toBe(imported);
    const audit = await prisma.auditEvent.findMany({
      where: { shopDomain: SHOP, action: "import.applied" },
    });
    expect(audit).toHaveLength(2);
    expect(audit.every((event) => event.actorId !== null)).toBe(true);
    expect(problems).toEqual([]);
    await expectLedgerConsistent(prisma);
    await page.close();
  }, 180_000);

  it("picks a product for a reward's condition through the resource picker and saves it, then uploads the reward's image", async () => {
    const mug = [
      ...stack.emulator.ctx.state.shops.get(SHOP)!.products.values(),
    ].find((product) => product.title === "Enamel mug")!;
    const { page, frame, problems } = await openAdmin("fr", "/app/rewards/new");
    await frame.getByRole("heading", { name: "Nouvelle récompense" }).waitFor();
    await frame.getByLabel("Choix du type").selectOption("percentage_off");
    await frame.getByLabel("Nom (français)").fill("10 % sur les tasses");
    await frame.getByLabel("Coût en points").fill("200");
    await frame.getByLabel("Pourcentage de réduction").fill("10");
    await frame.getByText("Produits ou variantes spécifiques").click();
    await frame.getByText("Aucun choix").waitFor();

    await frame.getByRole("button", { name: /Choisir des produits/ }).click();
    const picker = frame.locator("dialog[data-emulator-resource-picker]");
    await picker.getByText("Enamel mug").waitFor();
    await picker.getByRole("searchbox").fill("mug");
    await expect
      .poll(async () => picker.locator("li").allInnerTexts())
      .toEqual(["Enamel mug"]);
    await picker.getByLabel("Enamel mug").check();
    await picker.getByRole("button", { name: "Sélectionner" }).click();
    await frame.getByText("Enamel mug").waitFor();
    await screenshot(page, "reward-picker-fr");

    await frame.getByRole("button", { name: "Enregistrer" }).click();
    const saved = await eventually(async () => {
      const reward = await prisma.reward.findFirst({
        where: { shopDomain: SHOP },
      });
      expect(reward).not.toBeNull();
      return reward!;
    });
    expect(JSON.parse(saved.appliesTo)).toEqual({
      kind: "products",
      productIds: [`gid://shopify/Product/${mug.id}`],
      variantIds: [],
    });

    // The saved reward names the product by its title, read back through the Admin API.
    await page.goto(
      `${stack.emulatorUrl}/admin/${SHOP}?locale=fr&path=${encodeURIComponent(`/app/rewards/${saved.id}`)}`,
    );
    await frame.getByRole("button", { name: /Choisir des produits/ }).waitFor();
    await frame.getByText("Enamel mug").waitFor();

    // An image uploaded on the reward page is resized by the app and served by it.
    await frame.locator('input[type="file"]').setInputFiles({
      name: "mug.png",
      mimeType: "image/png",
      buffer: await sharp({
        create: {
          width: 1600,
          height: 1200,
          channels: 3,
          background: "#2e86de",
        },
      })
        .png()
        .toBuffer(),
    });
    const thumbnail = frame.locator('img[src*="/reward-images/"]');
    await thumbnail.waitFor();
    const served = await fetch((await thumbnail.getAttribute("src"))!);
    expect(served.headers.get("content-type")).toBe("image/webp");
    const metadata = await sharp(
      Buffer.from(await served.arrayBuffer()),
    ).metadata();
    expect([metadata.width, metadata.height]).toEqual([800, 600]);
    await screenshot(page, "reward-image-fr");
    expect(problems).toEqual([]);
    await page.close();
  }, 180_000);
});
