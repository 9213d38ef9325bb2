import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Liquid } from "liquidjs";
import {
  type Browser,
  type BrowserContext,
  type Locator,
  type Page,
} from "playwright-core";
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
} from "vitest";

import { launchChromium } from "./chromium";

/**
 * The storefront widget in a real browser. The theme app extension's blocks are rendered with
 * liquidjs (with `t`, `asset_url` and `stylesheet_tag` behaving like Shopify's) into a page served
 * by a local server that also serves the extension's assets and a FAKE app proxy
 * (/apps/loyalty/api/*) implementing the JSON contract of extensions/loyalty-widget/README.md in
 * memory. The real proxy routes live in the app; this fake exists only here.
 */

const EXTENSION = fileURLToPath(
  new URL("../../extensions/loyalty-widget/", import.meta.url),
);
const NNBSP = "\u202f";

// ---------------------------------------------------------------------------------------------
// Liquid, the way Shopify renders a theme app extension block (enough of it for these blocks)

type Json = Record<string, unknown>;

function readJson(file: string): Json {
  return JSON.parse(
    fs.readFileSync(path.join(EXTENSION, file), "utf8"),
  ) as Json;
}

function deepMerge(base: Json, over: Json): Json {
  const merged: Json = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = merged[key];
    merged[key] =
      value &&
      typeof value === "object" &&
      current &&
      typeof current === "object"
        ? deepMerge(current as Json, value as Json)
        : value;
  }
  return merged;
}

/** The shop's locale file, falling back to the default locale key by key, as Shopify does. */
function storefrontStrings(locale: string): Json {
  const base = readJson("locales/en.default.json");
  return locale === "en"
    ? base
    : deepMerge(base, readJson(`locales/${locale}.json`));
}

const escapeHtml = (s: string) =>
  s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");

/**
 * Shopify's `t`: dotted key, `count` picks the CLDR plural form, `{{ name }}` filled from the
 * arguments, and the result HTML-escaped unless the key ends in `_html`.
 */
function translate(
  strings: Json,
  locale: string,
  key: string,
  args: Json,
): string {
  let value: unknown = strings;
  for (const part of key.split("."))
    value =
      value && typeof value === "object" ? (value as Json)[part] : undefined;
  if (value && typeof value === "object" && "count" in args) {
    const forms = value as Json;
    value =
      forms[new Intl.PluralRules(locale).select(Number(args.count))] ??
      forms.other;
  }
  if (typeof value !== "string") return `translation missing: ${locale}.${key}`;
  const text = value.replace(/{{\s*(\w+)\s*}}/g, (_, name: string) =>
    String(args[name] ?? ""),
  );
  return key.endsWith("_html") ? text : escapeHtml(text);
}

function blockSource(name: string): { liquid: string; schema: Json } {
  const source = fs.readFileSync(
    path.join(EXTENSION, "blocks", `${name}.liquid`),
    "utf8",
  );
  const match = /{%-?\s*schema\s*-?%}([\s\S]*?){%-?\s*endschema\s*-?%}/.exec(
    source,
  );
  if (!match) throw new Error(`${name}.liquid has no schema`);
  return {
    liquid: source.replace(match[0], ""),
    schema: JSON.parse(match[1]) as Json,
  };
}

function defaultSettings(schema: Json): Json {
  const settings: Json = {};
  for (const setting of schema.settings as Json[])
    settings[setting.id as string] = setting.default ?? "";
  return settings;
}

interface Shopper {
  id: number;
  firstName: string;
}

async function renderStorefront(options: {
  locale: string;
  shopper: Shopper | null;
  mirroredPoints: number;
  settings?: Json;
}): Promise<string> {
  const { locale, shopper } = options;
  const strings = storefrontStrings(locale);
  const engine = new Liquid({ ownPropertyOnly: true });
  engine.registerFilter("t", (key: string, ...args: unknown[]) => {
    const named: Json = {};
    for (const arg of args)
      if (Array.isArray(arg) && arg.length === 2)
        named[String(arg[0])] = arg[1];
    return translate(strings, locale, String(key), named);
  });
  engine.registerFilter(
    "asset_url",
    (file: string) => `/extension-assets/${file}`,
  );
  engine.registerFilter(
    "stylesheet_tag",
    (url: string) =>
      `<link href="${url}" rel="stylesheet" type="text/css" media="all" />`,
  );

  const scope = (name: string, schema: Json) => ({
    customer: shopper
      ? {
          id: shopper.id,
          first_name: shopper.firstName,
          metafields: {
            "$app:loyalty": {
              points: { value: options.mirroredPoints },
              tier: { value: "Gold" },
            },
          },
        }
      : null,
    block: {
      id: `block-${name}`,
      settings: { ...defaultSettings(schema), ...options.settings },
    },
    request: { locale: { iso_code: locale } },
    routes: {
      root_url: locale === "en" ? "/" : `/${locale}`,
      cart_url: locale === "en" ? "/cart" : `/${locale}/cart`,
      account_login_url: "/account/login",
      account_register_url: "/account/register",
    },
  });
  const balance = blockSource("points-balance");
  const launcher = blockSource("loyalty-launcher");
  const balanceHtml = await engine.parseAndRender(
    balance.liquid,
    scope("points-balance", balance.schema),
  );
  const launcherHtml = await engine.parseAndRender(
    launcher.liquid,
    scope("loyalty-launcher", launcher.schema),
  );
  // A theme with opinionated global styles, to see that the widget holds its own.
  return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Maison Test</title>
<style>
  html { font-size: 62.5%; }
  body { margin: 0; padding: 4rem; font: 1.6rem/1.6 Georgia, serif; background: #f7f3ec; color: #222; }
  button { text-transform: uppercase; letter-spacing: .2em; border: 2px solid #222; background: #fff; }
  h2, h3, h4 { font-family: Georgia, serif; font-size: 3rem; }
  ul { list-style: square; }
</style></head>
<body><h1>Maison Test</h1><p class="theme-text">Hand-made ceramics.</p>
<main>${balanceHtml}</main>
${launcherHtml}
</body></html>`;
}

// ---------------------------------------------------------------------------------------------
// The fake app proxy: the contract of extensions/loyalty-widget/README.md, in memory

interface FakeReward {
  id: string;
  name: string;
  description: string;
  imageUrl: string | null;
  type: string;
  pointsCost: number;
  slider: {
    min: number;
    max: number;
    step: number;
    valuePerStep: string;
    currencyCode: string;
  } | null;
  stock: number | null;
}

interface FakeRedemption {
  id: string;
  rewardName: string;
  code: string;
  status: string;
  expiresAt: string;
  points: number;
}

interface Stored {
  status: number;
  body: Json;
  request: string;
}

const NO_FAULTS = {
  loseResponse: false,
  badGateway: false,
  delayMs: 0,
  rateLimited: false,
  sessionEnded: false,
};

function newStore() {
  const rewards: FakeReward[] = [
    {
      id: "r-five",
      name: "$5 off",
      description: "On any order.",
      imageUrl: null,
      type: "fixed_amount",
      pointsCost: 500,
      slider: null,
      stock: null,
    },
    {
      id: "r-ship",
      name: "Free shipping",
      description: "",
      imageUrl: null,
      type: "free_shipping",
      pointsCost: 300,
      slider: null,
      stock: null,
    },
    {
      id: "r-fifty",
      name: "$50 off",
      description: "For our best customers.",
      imageUrl: null,
      type: "fixed_amount",
      pointsCost: 5000,
      slider: null,
      stock: null,
    },
    {
      id: "r-mug",
      name: "Free mug",
      description: "While stocks last.",
      imageUrl: null,
      type: "code_pool",
      pointsCost: 200,
      slider: null,
      stock: 0,
    },
    {
      id: "r-slider",
      name: "Points for cash",
      description: "Every 100 points is $1 off.",
      imageUrl: null,
      type: "points_slider",
      pointsCost: 100,
      slider: {
        min: 100,
        max: 1000,
        step: 100,
        valuePerStep: "1.00",
        currencyCode: "USD",
      },
      stock: null,
    },
  ];
  return {
    balance: 1250,
    pending: 40,
    rewards,
    history: [
      {
        id: "h1",
        kind: "order_award",
        points: 1250,
        description: "#1001",
        createdAt: "2026-03-02T10:00:00Z",
      },
    ] as Json[],
    redemptions: [] as FakeRedemption[],
    byKey: new Map<string, Stored>(),
    posts: [] as Json[],
    requests: [] as string[],
    /** Faults for the next redemption request. */
    next: { ...NO_FAULTS },
  };
}

let store = newStore();

function availability(reward: FakeReward): {
  available: boolean;
  reason: string | null;
} {
  if (reward.stock === 0) return { available: false, reason: "sold_out" };
  if (store.balance < (reward.slider ? reward.slider.min : reward.pointsCost))
    return { available: false, reason: "insufficient_points" };
  return { available: true, reason: null };
}

function redeem(body: Json): { status: number; body: Json } {
  const error = (status: number, code: string) => ({
    status,
    body: { error: { code, message: code } },
  });
  const reward = store.rewards.find((r) => r.id === body.rewardId);
  if (!reward) return error(422, "unknown_reward");
  let points = reward.pointsCost;
  if (reward.slider) {
    points = Number(body.points);
    const { min, max, step } = reward.slider;
    if (
      !Number.isInteger(points) ||
      points < min ||
      points > max ||
      points % step !== 0
    )
      return error(422, "invalid_points");
  } else if (body.points !== undefined) return error(422, "invalid_points");
  if (reward.stock === 0) return error(410, "sold_out");
  if (store.balance < points) return error(409, "insufficient_points");
  if (reward.stock !== null) reward.stock -= 1;
  store.balance -= points;
  const n = store.redemptions.length + 1;
  const redemption: FakeRedemption = {
    id: `red-${n}`,
    rewardName: reward.name,
    code: `LOYAL-${reward.id.slice(2).toUpperCase()}-${n}`,
    status: "active",
    expiresAt: "2026-12-31T23:59:59Z",
    points,
  };
  store.redemptions.unshift(redemption);
  store.history.unshift({
    id: `h-red-${n}`,
    kind: "redemption",
    points: -points,
    description: `Redeemed: ${reward.name}`,
    createdAt: "2026-04-01T12:00:00Z",
  });
  return { status: 201, body: { redemption, balance: store.balance } };
}

function cookieCustomer(request: http.IncomingMessage): number | null {
  const match = /(?:^|;\s*)customer=(\d+)/.exec(request.headers.cookie ?? "");
  return match ? Number(match[1]) : null;
}

async function readBody(request: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function sendJson(
  response: http.ServerResponse,
  status: number,
  body: unknown,
) {
  response
    .writeHead(status, {
      "Content-Type": "application/json",
      "Cache-Control": "no-store",
    })
    .end(JSON.stringify(body));
}

async function fakeAppProxy(
  request: http.IncomingMessage,
  response: http.ServerResponse,
  route: string,
) {
  store.requests.push(`${request.method} ${route}`);
  // The real proxy takes the customer from Shopify's signed logged_in_customer_id; here, a cookie.
  const customer = cookieCustomer(request);
  const signedIn = customer !== null;

  if (request.method === "GET" && route === "/api/me") {
    if (!signedIn)
      return sendJson(response, 401, {
        error: { code: "unauthenticated", message: "Sign in" },
      });
    return sendJson(response, 200, {
      customer: { id: `gid://shopify/Customer/${customer}`, firstName: "Ada" },
      balance: store.balance,
      pending: store.pending,
      tier: { name: "Gold" },
      history: store.history,
      redemptions: store.redemptions,
    });
  }
  if (request.method === "GET" && route === "/api/rewards") {
    return sendJson(response, 200, {
      rewards: store.rewards.map(({ stock: _stock, ...reward }, i) =>
        signedIn
          ? { ...reward, ...availability(store.rewards[i]) }
          : { ...reward, available: false, reason: null },
      ),
      waysToEarn: [
        {
          name: "Place an order",
          points: 5,
          description: "5 points for every $1 spent",
        },
        { name: "Create an account", points: 100, description: "" },
      ],
    });
  }
  if (request.method === "POST" && route === "/api/redemptions") {
    const raw = await readBody(request);
    const body = JSON.parse(raw) as Json;
    store.posts.push(body);
    const faults = store.next;
    store.next = { ...NO_FAULTS };
    if (!signedIn || faults.sessionEnded)
      return sendJson(response, 401, {
        error: { code: "unauthenticated", message: "Sign in" },
      });
    if (faults.rateLimited) {
      response.setHeader("Retry-After", "30");
      return sendJson(response, 429, {
        error: { code: "rate_limited", message: "Slow down" },
      });
    }
    const key = String(body.idempotencyKey ?? "");
    const { idempotencyKey: _key, ...rest } = body;
    const request_ = JSON.stringify(rest);
    let stored = store.byKey.get(key);
    if (stored && stored.request !== request_) {
      return sendJson(response, 422, {
        error: { code: "idempotency_key_reused", message: "Different request" },
      });
    }
    if (!stored) {
      stored = { ...redeem(body), request: request_ };
      store.byKey.set(key, stored);
    }
    if (faults.delayMs)
      await new Promise((resolve) => setTimeout(resolve, faults.delayMs));
    // The redemption happened, but the answer never reaches the shopper: the connection drops
    // mid-body. (Dropping it before the headers is not enough: Chromium silently resends a request
    // whose reused connection closed, exactly why the key must make a resend harmless.)
    if (faults.loseResponse) {
      response.writeHead(stored.status, {
        "Content-Type": "application/json",
        "Content-Length": "4096",
      });
      return void response.write('{"redemption":', () =>
        response.socket?.destroy(),
      );
    }
    // Shopify answers 502 when the app is too slow, whether or not the app finished the work.
    if (faults.badGateway)
      return sendJson(response, 502, {
        error: { code: "bad_gateway", message: "Bad gateway" },
      });
    return sendJson(response, stored.status, stored.body);
  }
  sendJson(response, 404, {
    error: { code: "not_found", message: "Not found" },
  });
}

// ---------------------------------------------------------------------------------------------
// Server and browser

let server: http.Server;
let baseUrl = "";
let browser: Browser;

beforeAll(async () => {
  server = http.createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    const handle = async () => {
      if (url.pathname.startsWith("/apps/loyalty/"))
        return fakeAppProxy(
          request,
          response,
          url.pathname.slice("/apps/loyalty".length),
        );
      if (url.pathname.startsWith("/extension-assets/")) {
        const file = path.join(
          EXTENSION,
          "assets",
          path.basename(url.pathname),
        );
        if (!fs.existsSync(file)) return void response.writeHead(404).end();
        const type = file.endsWith(".css") ? "text/css" : "text/javascript";
        return void response
          .writeHead(200, { "Content-Type": `${type}; charset=utf-8` })
          .end(fs.readFileSync(file));
      }
      if (url.pathname === "/store") {
        const customer = url.searchParams.get("customer");
        const shopper = customer
          ? { id: Number(customer), firstName: "Ada" }
          : null;
        const settings = url.searchParams.has("position")
          ? { position: url.searchParams.get("position") }
          : undefined;
        const html = await renderStorefront({
          locale: url.searchParams.get("locale") ?? "en",
          shopper,
          mirroredPoints: store.balance,
          settings,
        });
        response.writeHead(200, {
          "Content-Type": "text/html; charset=utf-8",
          "Set-Cookie": shopper
            ? `customer=${shopper.id}; Path=/`
            : "customer=; Path=/; Max-Age=0",
        });
        return void response.end(html);
      }
      response.writeHead(404).end();
    };
    handle().catch((error: unknown) =>
      response.writeHead(500).end(String(error)),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  baseUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;

  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) =>
    server ? server.close(resolve) : resolve(undefined),
  );
});

let context: BrowserContext;
let problems: string[] = [];

beforeEach(async () => {
  store = newStore();
  problems = [];
  context = await browser.newContext({
    locale: "en-US",
    viewport: { width: 1100, height: 900 },
    reducedMotion: "reduce",
  });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], {
    origin: baseUrl,
  });
});

afterEach(async () => {
  await context?.close();
  // A dropped connection is logged by the browser on purpose in one test; anything else is a bug.
  expect(
    problems.filter((p) => !p.includes("Failed to load resource")),
  ).toEqual([]);
});

async function openStore(query: string): Promise<Page> {
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  });
  await page.goto(`${baseUrl}/store?${query}`);
  return page;
}

/** Screenshots for a human to look at: LOYALTY_WIDGET_SCREENSHOTS=/some/dir npx vitest run <this file>. */
async function snapshot(page: Page, name: string) {
  const dir = process.env.LOYALTY_WIDGET_SCREENSHOTS;
  if (dir)
    await page.screenshot({
      path: path.join(dir, `storefront-widget-${name}.png`),
    });
}

const launcher = (page: Page) => page.locator("[data-lw-launcher]");
const panel = (page: Page) => page.locator("[data-lw-panel]");
const reward = (page: Page, id: string) =>
  page.locator(`[data-lw-reward="${id}"]`);
const message = (page: Page) => page.locator("[data-lw-msg]");

async function openPanel(page: Page) {
  await launcher(page).click();
  await page.locator(".lw-reward").first().waitFor();
}

async function redeemReward(page: Page, id: string, confirmLabel = "Confirm") {
  await reward(page, id)
    .getByRole("button", { name: /Redeem|Échanger/ })
    .click();
  await reward(page, id).getByRole("button", { name: confirmLabel }).click();
}

async function textOf(locator: Locator): Promise<string> {
  // Only ASCII whitespace: French numbers keep their narrow no-break space.
  return (await locator.innerText()).replace(/[ \t\r\n]+/g, " ").trim();
}

async function waitForText(locator: Locator, text: string) {
  await locator.filter({ hasText: text }).waitFor();
}

// ---------------------------------------------------------------------------------------------

describe("storefront widget: signed-in shopper", () => {
  it("paints the mirrored balance server-side and makes no request until the panel is wanted", async () => {
    const page = await openStore("customer=7");
    expect(await textOf(launcher(page))).toBe("Rewards 1250 points");
    await page.waitForLoadState("networkidle");
    // The deferred script ran (it reveals the balance block's "See rewards" button)...
    await page.getByRole("button", { name: "See rewards" }).waitFor();
    // ...and still asked the app nothing.
    expect(store.requests).toEqual([]);
    expect(await panel(page).isHidden()).toBe(true);

    await page.getByRole("button", { name: "See rewards" }).click();
    await page.locator(".lw-reward").first().waitFor();
    // The ways to earn a member can act on come with them (/api/earn).
    expect(store.requests.sort()).toEqual([
      "GET /api/earn",
      "GET /api/me",
      "GET /api/rewards",
    ]);
  });

  it("opens the panel, shows balance and availability, redeems once and shows a code to copy", async () => {
    const page = await openStore("customer=7");
    await openPanel(page);
    expect(await launcher(page).getAttribute("aria-expanded")).toBe("true");
    expect(
      await page.evaluate(() => document.activeElement?.textContent?.trim()),
    ).toBe("Rewards");

    expect(await textOf(page.locator(".lw-summary"))).toBe(
      "Hi Ada Your balance 1,250 points Tier: Gold · 40 points pending",
    );
    expect(
      await textOf(reward(page, "r-five").locator(".lw-reward__cost")),
    ).toBe("500 points");
    expect(
      await textOf(reward(page, "r-fifty").locator(".lw-reward__reason")),
    ).toBe("Not enough points · 3,750 points more to go");
    expect(
      await textOf(reward(page, "r-mug").locator(".lw-reward__reason")),
    ).toBe("Sold out");
    expect(await reward(page, "r-fifty").getByRole("button").count()).toBe(0);

    await reward(page, "r-five")
      .getByRole("button", { name: "Redeem" })
      .click();
    expect(
      await textOf(reward(page, "r-five").locator(".lw-reward__question")),
    ).toBe("Use 500 points for $5 off?");
    await reward(page, "r-five")
      .getByRole("button", { name: "Confirm" })
      .click();

    const code = page.locator(".lw-code__value");
    await code.waitFor();
    expect(await code.inputValue()).toBe("LOYAL-FIVE-1");
    await waitForText(
      message(page),
      "You redeemed $5 off. Your code is LOYAL-FIVE-1.",
    );
    // Focus lands on the copy button, the next thing a shopper does.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(
      "Copy code",
    );
    await page.keyboard.press("Enter");
    await waitForText(message(page), "Code copied");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
      "LOYAL-FIVE-1",
    );
    expect(await page.locator(".lw-code a").getAttribute("href")).toBe(
      "/discount/LOYAL-FIVE-1?redirect=%2Fcart",
    );

    expect(await textOf(launcher(page))).toBe("Rewards 750 points");
    await waitForText(page.locator(".lw-section"), "Your codes");
    expect(await textOf(page.locator(".lw-row__code"))).toBe("LOYAL-FIVE-1");

    expect(store.posts).toHaveLength(1);
    expect(Object.keys(store.posts[0]).sort()).toEqual([
      "idempotencyKey",
      "rewardId",
    ]);
    expect(store.posts[0].rewardId).toBe("r-five");
    expect(String(store.posts[0].idempotencyKey)).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(store.balance).toBe(750);
    expect(store.redemptions).toHaveLength(1);

    await snapshot(page, "redeemed");
  });

  it("retries a redemption whose answer was lost with the same idempotencyKey, so it redeems once", async () => {
    const page = await openStore("customer=7");
    await openPanel(page);
    store.next.loseResponse = true;
    await redeemReward(page, "r-five");

    // Shopify's escaped apostrophe (&#39;) is decoded, not shown.
    await waitForText(
      message(page),
      "We couldn't reach the store. Check your connection and try again.",
    );
    expect(store.redemptions).toHaveLength(1);
    expect(store.balance).toBe(750);
    const retry = message(page).getByRole("button", { name: "Try again" });
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(
      "Try again",
    );
    await retry.click();
    await page.locator(".lw-code__value").waitFor();
    expect(await page.locator(".lw-code__value").inputValue()).toBe(
      "LOYAL-FIVE-1",
    );

    // Clicking Redeem and Confirm again after an answer lost behind a 502 is the same attempt too.
    store.next.badGateway = true;
    await redeemReward(page, "r-ship");
    await waitForText(
      message(page),
      "Something went wrong on our side. Try again in a moment.",
    );
    await redeemReward(page, "r-ship");
    await waitForText(
      page.locator(".lw-code__title"),
      "Your code for Free shipping",
    );

    expect(store.posts.map((p) => p.rewardId)).toEqual([
      "r-five",
      "r-five",
      "r-ship",
      "r-ship",
    ]);
    expect(store.posts[1].idempotencyKey).toBe(store.posts[0].idempotencyKey);
    expect(store.posts[3].idempotencyKey).toBe(store.posts[2].idempotencyKey);
    expect(store.posts[2].idempotencyKey).not.toBe(
      store.posts[0].idempotencyKey,
    );
    expect(store.redemptions).toHaveLength(2);
    expect(store.balance).toBe(1250 - 500 - 300);
    await waitForText(launcher(page), "450 points");
  });

  it("sends one request for a double click on Confirm", async () => {
    const page = await openStore("customer=7");
    await openPanel(page);
    store.next.delayMs = 300;
    await reward(page, "r-ship")
      .getByRole("button", { name: "Redeem" })
      .click();
    // Both clicks in one task, the way an impatient double click arrives before any answer.
    await reward(page, "r-ship")
      .getByRole("button", { name: "Confirm" })
      .evaluate((button: HTMLElement) => {
        button.click();
        button.click();
      });
    await page.locator(".lw-code__value").waitFor();
    expect(store.posts).toHaveLength(1);
    expect(store.balance).toBe(950);
  });

  it("says not enough points when the balance was spent elsewhere (409) and refreshes the catalogue", async () => {
    const page = await openStore("customer=7");
    await openPanel(page);
    store.balance = 100; // spent in another tab since the catalogue loaded
    await redeemReward(page, "r-five");
    await waitForText(message(page), "Not enough points for this reward.");
    expect(await message(page).getAttribute("class")).toContain(
      "lw-msg--error",
    );
    await waitForText(
      reward(page, "r-five").locator(".lw-reward__reason"),
      "Not enough points · 400 points more to go",
    );
    expect(await textOf(launcher(page))).toBe("Rewards 100 points");
    expect(store.redemptions).toHaveLength(0);
  });

  it("handles sold out (410), too many attempts (429) and an ended session (401)", async () => {
    const page = await openStore("customer=7");
    await openPanel(page);

    store.rewards.find((r) => r.id === "r-ship")!.stock = 0; // the last one went to someone else
    await redeemReward(page, "r-ship");
    await waitForText(message(page), "Sorry, this reward is sold out.");
    await waitForText(
      reward(page, "r-ship").locator(".lw-reward__reason"),
      "Sold out",
    );

    store.next.rateLimited = true;
    await redeemReward(page, "r-five");
    await waitForText(
      message(page),
      "Too many attempts. Please try again later.",
    );
    // Not processed, so the same attempt may go again later with its key.
    await redeemReward(page, "r-five");
    await page.locator(".lw-code__value").waitFor();
    expect(store.posts[2].idempotencyKey).toBe(store.posts[1].idempotencyKey);

    store.next.sessionEnded = true;
    await redeemReward(page, "r-five");
    await waitForText(
      message(page),
      "Your session has ended. Sign in to redeem rewards.",
    );
    expect(
      await message(page)
        .getByRole("link", { name: "Sign in" })
        .getAttribute("href"),
    ).toBe("/account/login");
    expect(
      await reward(page, "r-five")
        .getByRole("link", { name: "Sign in to redeem" })
        .count(),
    ).toBe(1);
    expect(store.redemptions).toHaveLength(1);
  });

  it("redeems a points slider amount chosen with the keyboard, and explains a refused amount (422)", async () => {
    const page = await openStore("customer=7");
    await openPanel(page);
    const slider = reward(page, "r-slider").getByRole("slider", {
      name: "Points to use",
    });
    expect(await slider.getAttribute("max")).toBe("1000");
    await slider.focus();
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    expect(await textOf(reward(page, "r-slider").locator("output"))).toBe(
      "300 points for $3.00 off",
    );
    expect(await slider.getAttribute("aria-valuetext")).toBe(
      "300 points for $3.00 off",
    );
    await redeemReward(page, "r-slider");
    await page.locator(".lw-code__value").waitFor();
    expect(store.posts[0]).toMatchObject({ rewardId: "r-slider", points: 300 });
    expect(store.balance).toBe(950);

    // The merchant lowered the maximum since the page loaded.
    await slider.fill("900");
    store.rewards.find((r) => r.id === "r-slider")!.slider!.max = 500;
    await redeemReward(page, "r-slider");
    await waitForText(
      message(page),
      "This reward can’t be redeemed as requested. Refresh the page and try again.",
    );
    expect(store.balance).toBe(950);
  });

  it("works from the keyboard: Enter opens, Escape closes and gives focus back to the launcher", async () => {
    const page = await openStore("customer=7&position=bottom-left");
    await launcher(page).focus();
    await page.keyboard.press("Enter");
    await page.locator(".lw-reward").first().waitFor();
    expect(await panel(page).isVisible()).toBe(true);
    await page.keyboard.press("Tab");
    expect(
      await page.evaluate(() =>
        document.activeElement?.getAttribute("aria-label"),
      ),
    ).toBe("Close rewards");
    await page.keyboard.press("Escape");
    expect(await panel(page).isHidden()).toBe(true);
    expect(await launcher(page).getAttribute("aria-expanded")).toBe("false");
    expect(
      await page.evaluate(() =>
        document.activeElement?.hasAttribute("data-lw-launcher"),
      ),
    ).toBe(true);
    // The position setting reaches the page: bottom-left sits on the left edge.
    const box = await launcher(page).boundingBox();
    expect(box!.x).toBeLessThan(100);
  });
});

describe("storefront widget: guest", () => {
  it("shows the ways to earn and a sign-in / create-account prompt, and never asks for /api/me", async () => {
    const page = await openStore("");
    expect(await textOf(launcher(page))).toBe("Rewards");
    await openPanel(page);
    expect(
      await page
        .getByRole("link", { name: "Create an account" })
        .getAttribute("href"),
    ).toBe("/account/register");
    expect(
      await page
        .locator(".lw-guest")
        .getByRole("link", { name: "Sign in" })
        .getAttribute("href"),
    ).toBe("/account/login");
    await waitForText(page.locator(".lw-section"), "Ways to earn");
    expect(await textOf(page.locator(".lw-row").first())).toBe(
      "Place an order 5 points for every $1 spent 5 points",
    );
    expect(
      await reward(page, "r-five")
        .getByRole("link", { name: "Sign in to redeem" })
        .count(),
    ).toBe(1);
    expect(await page.getByRole("button", { name: "Redeem" }).count()).toBe(0);
    expect(store.requests).toEqual(["GET /api/rewards"]);
    await snapshot(page, "guest");
  });

  it("opens as a bottom sheet on a phone", async () => {
    await context.close();
    context = await browser.newContext({
      locale: "en-US",
      viewport: { width: 375, height: 700 },
      isMobile: true,
      hasTouch: true,
      reducedMotion: "reduce",
    });
    const page = await openStore("");
    await launcher(page).tap();
    await page.locator(".lw-reward").first().waitFor();
    const box = await panel(page).boundingBox();
    expect(box).toMatchObject({ x: 0, width: 375 });
    expect(Math.round(box!.y + box!.height)).toBe(700);
    await snapshot(page, "phone");
  });
});

describe("storefront widget: French", () => {
  it("speaks French from the locale files, numbers included", async () => {
    const page = await openStore("customer=7&locale=fr");
    expect(await textOf(launcher(page))).toBe("Récompenses 1250 points");
    await openPanel(page);
    expect(await textOf(page.locator(".lw-summary__points"))).toBe(
      `1${NNBSP}250 points`,
    );
    expect(
      await textOf(reward(page, "r-mug").locator(".lw-reward__reason")),
    ).toBe("Épuisé");
    expect(
      await textOf(reward(page, "r-fifty").locator(".lw-reward__reason")),
    ).toBe(`Pas assez de points · Encore 3${NNBSP}750 points`);
    expect(await textOf(page.locator(".lw-summary__meta"))).toBe(
      "Statut : Gold · 40 points en attente",
    );
    // The history says what happened in French; the stored detail (the order's name) follows it.
    const history = page.locator("details.lw-section", {
      has: page.locator('[data-lw-focus="history"]'),
    });
    const firstEntry =
      (await history.locator(".lw-row").first().textContent()) ?? "";
    expect(firstEntry).toContain("Points gagnés sur une commande");
    expect(firstEntry).toContain("#1001");

    store.balance = 100;
    await reward(page, "r-five")
      .getByRole("button", { name: "Échanger" })
      .click();
    expect(
      await textOf(reward(page, "r-five").locator(".lw-reward__question")),
    ).toBe("Utiliser 500 points pour $5 off ?");
    await reward(page, "r-five")
      .getByRole("button", { name: "Confirmer" })
      .click();
    await waitForText(
      message(page),
      "Pas assez de points pour cette récompense.",
    );
    await waitForText(reward(page, "r-five"), "Pas assez de points");
    await snapshot(page, "french");
    expect(await page.locator("html").innerText()).not.toMatch(
      /not enough|translation missing/i,
    );
  });
});

describe("storefront widget: strings and styles", () => {
  const script = fs.readFileSync(
    path.join(EXTENSION, "assets/loyalty-widget.js"),
    "utf8",
  );

  async function configStrings(
    locale: string,
  ): Promise<Record<string, string>> {
    const html = await renderStorefront({
      locale,
      shopper: { id: 7, firstName: "Ada" },
      mirroredPoints: 10,
    });
    const json =
      /<script type="application\/json" data-lw-config>([\s\S]*?)<\/script>/.exec(
        html,
      )?.[1];
    return (JSON.parse(json ?? "{}") as { t: Record<string, string> }).t;
  }

  it("hands the script every string it asks for, in English and French, none missing", async () => {
    const en = await configStrings("en");
    const fr = await configStrings("fr");
    const literalKeys = [...script.matchAll(/\bt\("(\w+)"\s*[,)]/g)].map(
      (m) => m[1],
    );
    // Keys built at run time: reasons and statuses from the contract, plural forms, error table.
    const builtKeys = [
      ...[
        "insufficient_points",
        "sold_out",
        "limit_reached",
        "not_available",
      ].map((r) => `reason_${r}`),
      ...["active", "pending", "used", "expired", "cancelled"].map(
        (s) => `status_${s}`,
      ),
      ...["one", "other"].map((f) => `points_${f}`),
      ...[
        "order_award",
        "refund_reversal",
        "cancellation_reversal",
        "manual_adjustment",
        "redemption",
        "redemption_refund",
        "expiry",
        "tier_bonus",
        "earning_award",
        "gift",
      ].map((k) => `kind_${k}`),
      ...[...script.matchAll(/"(error_\w+)"/g)].map((m) => m[1]),
    ];
    const needed = [...new Set([...literalKeys, ...builtKeys])];
    expect(needed.length).toBeGreaterThan(40);
    for (const key of needed) {
      expect(en[key], key).toBeTruthy();
      expect(fr[key], key).toBeTruthy();
    }
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
    for (const value of [...Object.values(en), ...Object.values(fr)])
      expect(value).not.toMatch(/translation missing/);
    expect(fr.redeem).toBe("Échanger");
    // Placeholders reach the script as [name] tokens it fills in.
    expect(en.confirm_question).toBe("Use [points] for [reward]?");
  });

  it("keeps shopper-facing text out of the script", () => {
    const code = script.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
    const literals = [
      ...code.matchAll(/(["'`])((?:(?!\1)[^\\\n]|\\.)*)\1/g),
    ].map((m) => m[2]);
    const classNames = (s: string) =>
      s.split(" ").every((word) => word.startsWith("lw-"));
    const wordy = literals.filter(
      (s) =>
        s !== "use strict" &&
        !classNames(s) &&
        /[A-Za-z]{2,} [A-Za-z]{2,}/.test(s),
    );
    expect(wordy).toEqual([]);
  });

  it("prefixes every CSS selector with .lw so nothing leaks into the theme", () => {
    const css = fs
      .readFileSync(path.join(EXTENSION, "assets/loyalty-widget.css"), "utf8")
      .replace(/\/\*[\s\S]*?\*\//g, "");
    const withoutKeyframes = css.replace(
      /@keyframes[^{]+\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}/g,
      "",
    );
    const selectors = [...withoutKeyframes.matchAll(/([^{}]+)\{[^{}]*\}/g)]
      .map((m) => m[1].replace(/@media[^{]+\{/g, "").trim())
      .flatMap((s) => s.split(","))
      .map((s) => s.trim())
      .filter(Boolean);
    expect(selectors.length).toBeGreaterThan(30);
    expect(selectors.filter((s) => !/^(\w+)?\.lw(\b|-)/.test(s))).toEqual([]);
  });
});
