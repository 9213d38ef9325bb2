/**
 * Redemption latency through the app proxy: signed POST /proxy/api/redemptions to the BUILT app,
 * timed until the code exists at the emulator, beside the emulator's own latency for minting one
 * code (discountCodeBasicCreate over HTTP, measured in the same run). The difference is what the app
 * adds (reservation transaction, outbox, worker, the look-up before the mint). Target: p95 overhead
 * at most 50 ms. The POST's own latency (the shopper gets the code in the answer) is reported too.
 */
import fs from "node:fs";
import path from "node:path";

import Database from "better-sqlite3";

import { issueAccessToken } from "../emulator/admin/access-tokens";
import { appProxySignature } from "../emulator/pages/app-proxy";
import { createCustomer } from "../emulator/store/customers";
import { storeShop } from "../emulator/store/shop";
import { startStack, type Stack } from "../scripts/stack";
import { buildAppCopy, ROOT } from "../test/browser/built-app";
import { summarise } from "./stats";

const SHOP = "bench-redeem.myshopify.com";
export const REDEMPTION_TARGETS = { maxP95OverheadMs: 50 } as const;

/** The validated form of a "$5 off" reward (RewardInputSchema output with its defaults). */
const REWARD_CONFIG = {
  type: "fixed_amount_off",
  pointsCost: 100,
  amount: 5000,
  name: { en: "$5 off", fr: "5 $ de remise" },
  description: {},
  image: {},
  appliesTo: { kind: "all" },
  minimumSubtotal: null,
  combinesWith: {
    orderDiscounts: false,
    productDiscounts: false,
    shippingDiscounts: false,
  },
  codeValidityDays: null,
  refundPointsOnExpiry: false,
  limitPerCustomer: null,
  stock: null,
  active: true,
  visibleToTiers: null,
  tierCosts: [],
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function proxyUrl(stack: Stack, customerId: string): string {
  const params = new URLSearchParams({
    shop: SHOP,
    logged_in_customer_id: customerId,
    path_prefix: "/apps/loyalty",
    timestamp: String(Math.floor(Date.now() / 1000)),
  });
  params.set("signature", appProxySignature(params, stack.apiSecret));
  return `${stack.appUrl}/proxy/api/redemptions?${params}`;
}

/** Members with points, written straight into the app's database (entry and balance together). */
function seedMembers(
  databaseFile: string,
  customerIds: number[],
  points: number,
) {
  const db = new Database(databaseFile);
  db.pragma("busy_timeout = 10000");
  const now = Date.now();
  const insertMember = db.prepare(
    `INSERT INTO "Member" ("id", "shopDomain", "customerId", "balance", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT ("shopDomain", "customerId") DO UPDATE SET "balance" = "balance" + excluded."balance"`,
  );
  const insertEntry = db.prepare(
    `INSERT INTO "LedgerEntry" ("id", "shopDomain", "memberId", "kind", "points", "balanceAfter", "idempotencyKey", "sourceType", "sourceId", "createdAt")
     SELECT ?, ?, "id", 'manual_adjustment', ?, "balance", ?, 'adjustment', ?, ? FROM "Member" WHERE "shopDomain" = ? AND "customerId" = ?`,
  );
  db.transaction(() => {
    customerIds.forEach((id, i) => {
      insertMember.run(`bench-member-${i}`, SHOP, String(id), points, now, now);
      insertEntry.run(
        `bench-entry-${i}`,
        SHOP,
        points,
        `bench:${i}`,
        `bench-${i}`,
        now,
        SHOP,
        String(id),
      );
    });
    db.prepare(
      `INSERT INTO "Reward" ("id", "shopDomain", "type", "name", "config", "pointsCost", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      "bench-reward",
      SHOP,
      "fixed_amount_off",
      JSON.stringify(REWARD_CONFIG.name),
      JSON.stringify(REWARD_CONFIG),
      100,
      now,
    );
  })();
  db.close();
}

async function waitForCode(
  stack: Stack,
  code: string,
  timeoutMs = 10_000,
): Promise<void> {
  const shop = stack.emulator.ctx.state.shops.get(SHOP)!;
  const started = performance.now();
  for (;;) {
    for (const discount of shop.discounts.values())
      if (discount.codes.some((c) => c.code === code)) return;
    if (performance.now() - started > timeoutMs)
      throw new Error(`code ${code} was not minted in ${timeoutMs} ms`);
    await sleep(1);
  }
}

/** The emulator's own latency for one discountCodeBasicCreate, over HTTP from this process. */
async function measureEmulatorMint(
  stack: Stack,
  count: number,
  customerId: number,
): Promise<number[]> {
  const shop = stack.emulator.ctx.state.shops.get(SHOP)!;
  const { accessToken } = issueAccessToken(shop, {
    accessMode: "offline",
    now: new Date(),
    lifetimeSeconds: null,
  });
  const url = `${stack.emulatorUrl}/${SHOP}/admin/api/2026-07/graphql.json`;
  const query = `mutation DiscountCodeBasicCreate($basicCodeDiscount: DiscountCodeBasicInput!) {
    discountCodeBasicCreate(basicCodeDiscount: $basicCodeDiscount) { codeDiscountNode { id } userErrors { field message code } } }`;
  const samples: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const variables = {
      basicCodeDiscount: {
        title: "Bench",
        code: `BENCH-DIRECT-${i}`,
        startsAt: new Date().toISOString(),
        context: {
          customers: { add: [`gid://shopify/Customer/${customerId}`] },
        },
        usageLimit: 1,
        appliesOncePerCustomer: true,
        combinesWith: {
          orderDiscounts: false,
          productDiscounts: false,
          shippingDiscounts: false,
        },
        customerGets: {
          items: { all: true },
          value: {
            discountAmount: { amount: "5.00", appliesOnEachItem: false },
          },
        },
      },
    };
    const started = performance.now();
    const response = await fetch(url, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "X-Shopify-Access-Token": accessToken,
      },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as {
      data?: { discountCodeBasicCreate?: { userErrors: unknown[] } };
    };
    samples.push(performance.now() - started);
    if (!response.ok || body.data?.discountCodeBasicCreate?.userErrors.length)
      throw new Error(`direct mint failed: ${JSON.stringify(body)}`);
  }
  return samples;
}

export async function measureRedemptionOverhead(
  options: { redemptions?: number; warmup?: number } = {},
) {
  const redemptions = options.redemptions ?? 300;
  const warmup = options.warmup ?? 30;
  fs.mkdirSync(path.join(ROOT, "data"), { recursive: true });
  const dir = fs.mkdtempSync(path.join(ROOT, "data", "bench-redeem-"));
  await buildAppCopy(dir);
  const databaseFile = path.join(dir, "bench.sqlite");
  // A bucket large enough that Shopify's throttle is not what is measured.
  const stack = await startStack({
    databaseFile,
    appDir: dir,
    throttle: { maximumAvailable: 1_000_000, restoreRate: 1_000_000 },
  });
  try {
    const ctx = stack.emulator.ctx;
    storeShop(ctx, SHOP, { currencyCode: "USD" });
    await stack.installShop(SHOP);
    const customerIds: number[] = [];
    for (let i = 0; i < warmup + redemptions; i += 1) {
      const { customer } = await createCustomer(
        ctx,
        { shop: SHOP, email: `redeem-${i}@example.com` },
        { wait: true },
      );
      customerIds.push(customer.id);
    }
    seedMembers(databaseFile, customerIds, 1000);

    const postMs: number[] = [];
    const mintedMs: number[] = [];
    for (let i = 0; i < customerIds.length; i += 1) {
      const started = performance.now();
      const response = await fetch(proxyUrl(stack, String(customerIds[i])), {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          Accept: "application/json",
        },
        body: JSON.stringify({
          rewardId: "bench-reward",
          idempotencyKey: `bench-key-${i}`,
        }),
      });
      const body = (await response.json()) as { redemption?: { code: string } };
      const answered = performance.now();
      if (response.status !== 201 || !body.redemption)
        throw new Error(
          `redemption answered ${response.status}: ${JSON.stringify(body)}\n${stack.appLog()}`,
        );
      await waitForCode(stack, body.redemption.code);
      if (i >= warmup) {
        postMs.push(answered - started);
        mintedMs.push(performance.now() - started);
      }
    }
    const direct = summarise(
      (
        await measureEmulatorMint(stack, warmup + redemptions, customerIds[0])
      ).slice(warmup),
    );
    const post = summarise(postMs);
    const minted = summarise(mintedMs);
    const overheadP95 = minted.p95 - direct.p95;
    return {
      redemptions,
      emulatorMint: direct,
      post,
      codeMinted: minted,
      overheadP50: minted.p50 - direct.p50,
      overheadP95,
      meetsTargets: overheadP95 <= REDEMPTION_TARGETS.maxP95OverheadMs,
    };
  } finally {
    await stack.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// `npx tsx bench/redemption.ts` runs it alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  measureRedemptionOverhead()
    .then((r) => {
      const f = (n: number) => n.toFixed(1);
      console.log(
        `emulator mint (discountCodeBasicCreate over HTTP): p50 ${f(r.emulatorMint.p50)} ms, p95 ${f(r.emulatorMint.p95)} ms`,
      );
      console.log(
        `proxy POST answered with the code:                 p50 ${f(r.post.p50)} ms, p95 ${f(r.post.p95)} ms`,
      );
      console.log(
        `POST until the code exists at the emulator:       p50 ${f(r.codeMinted.p50)} ms, p95 ${f(r.codeMinted.p95)} ms`,
      );
      console.log(
        `overhead over the emulator's mint:                p50 ${f(r.overheadP50)} ms, p95 ${f(r.overheadP95)} ms (target ≤ ${REDEMPTION_TARGETS.maxP95OverheadMs})`,
      );
      console.log(r.meetsTargets ? "→ meets target" : "→ MISSES target");
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
