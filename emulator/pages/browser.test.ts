import { type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { launchChromium } from "../../test/browser/chromium";
import type { RunningEmulator } from "../server";
import {
  control,
  type FakeApp,
  startFakeApp,
  startTestEmulator,
  TEST_API_KEY,
  TEST_SHOP,
} from "../store/test-support";

/**
 * The emulator's own pages in Chromium: the store simulator's forms really post and reload, and the
 * admin frame embeds an app whose App Bridge stand-in signs requests and reports nav, title and toasts.
 */
let app: FakeApp;
let emulator: RunningEmulator;
let browser: Browser;

// A minimal embedded app: loads App Bridge from APP_BRIDGE_URL, declares a nav menu, calls its own API.
function appPage(appBridgeUrl: string): string {
  return `<!doctype html><html><head><script src="${appBridgeUrl}" data-api-key="${TEST_API_KEY}"></script></head><body>
<ui-nav-menu><a href="/app" rel="home">Home</a><a href="/app/members">Members</a></ui-nav-menu>
<ui-title-bar title="Loyalty"></ui-title-bar>
<p id="where"></p>
<ui-save-bar id="unsaved"><button variant="primary" onclick="document.getElementById('where').textContent='saved'; shopify.saveBar.hide('unsaved')">Save</button><button onclick="document.getElementById('where').textContent='discarded'">Discard</button></ui-save-bar>
<button id="edit" onclick="shopify.saveBar.show('unsaved')">Edit</button>
<script>
  document.getElementById("where").textContent = location.pathname;
  fetch("/api/ping").then(() => shopify.toast.show("Saved"));
</script></body></html>`;
}

beforeAll(async () => {
  app = await startFakeApp();
  emulator = await startTestEmulator(app.url);
  app.respond = (request) =>
    request.path.startsWith("/app")
      ? {
          status: 200,
          body: appPage(`${emulator.url}/app-bridge.js`),
          headers: { "content-type": "text/html" },
        }
      : { status: 200, body: "ok" };
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await emulator?.close();
  await app?.close();
});

async function open(path: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage();
  page.setDefaultTimeout(10_000);
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(message.text());
  });
  page.on("dialog", (dialog) => void dialog.accept());
  await page.goto(`${emulator.url}${path}`);
  return { page, problems };
}

describe("emulator pages in a browser", () => {
  it("the store simulator creates a customer and places an order through its forms", async () => {
    await control(emulator, "POST", "/shops", { shop: TEST_SHOP });
    const { page, problems } = await open(`/store/${TEST_SHOP}`);

    const customerForm = page.locator("form[data-build=customer]");
    await customerForm.locator("input[name=email]").fill("browser@example.com");
    await customerForm.locator("input[name=firstName]").fill("Bea");
    await customerForm.locator("button[type=submit]").click();
    await expect
      .poll(() => page.locator("tr[data-customer-id]").count())
      .toBe(1);

    const orderForm = page.locator("form[data-build=order]");
    await orderForm.locator("select[name=customerId]").selectOption({
      label: (await orderForm
        .locator("select[name=customerId] option")
        .nth(1)
        .textContent())!,
    });
    await orderForm.locator("input[name=discountCode]").fill("TEN");
    await orderForm.locator("input[name=duplicates]").fill("1");
    await orderForm.locator("button[type=submit]").click();
    await expect.poll(() => page.locator("tr[data-order-id]").count()).toBe(1);

    const { body } = await control(emulator, "GET", `/state/${TEST_SHOP}`);
    expect(body.orders[0]).toMatchObject({
      customer: { email: "browser@example.com" },
      discount_codes: [{ code: "TEN" }],
    });
    const paid = app.received.filter(
      (r) => r.headers["x-shopify-topic"] === "orders/paid",
    );
    expect(paid).toHaveLength(2);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("the admin frame embeds the app, whose App Bridge stand-in signs its requests and fills the admin chrome", async () => {
    await control(emulator, "POST", "/shops", { shop: TEST_SHOP });
    app.received.length = 0;
    const { page, problems } = await open(`/admin/${TEST_SHOP}?locale=fr`);

    await expect
      .poll(() => page.locator("#app-nav a").allTextContents())
      .toEqual(["Home", "Members"]);
    await expect
      .poll(() => page.locator("#app-title").textContent())
      .toBe("Loyalty");
    await expect
      .poll(() => page.locator("#flash").textContent())
      .toContain("Saved");
    const ping = app.received.find((r) => r.path === "/api/ping");
    expect(ping?.headers.authorization).toMatch(/^Bearer ey/);

    await page.locator("#app-nav a", { hasText: "Members" }).click();
    await expect
      .poll(() =>
        page.frameLocator("#app-frame").locator("#where").textContent(),
      )
      .toBe("/app/members");
    const members = app.received.find((r) => r.path === "/app/members");
    expect(members?.url.searchParams.get("id_token")).toMatch(/^ey/);
    expect(members?.url.searchParams.get("shop")).toBe(TEST_SHOP);

    // The contextual save bar: drawn by the stand-in with the page's own buttons, which it clicks.
    const frame = page.frameLocator("#app-frame");
    expect(await frame.locator("ui-save-bar").isVisible()).toBe(false);
    await frame.locator("#edit").click();
    const bar = frame.locator("[data-save-bar]");
    await expect
      .poll(() => bar.getByRole("button").allTextContents())
      .toEqual(["Discard", "Save"]);
    await bar.getByRole("button", { name: "Save" }).click();
    await expect
      .poll(() => frame.locator("#where").textContent())
      .toBe("saved");
    await bar.waitFor({ state: "hidden" });
    expect(problems).toEqual([]);
    await page.close();
  });
});
