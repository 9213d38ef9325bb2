/**
 * Signed orders/paid webhooks over HTTP into the running (built) app, against the emulator:
 * peak throughput with a closed loop, then p50/p99 latency at half the peak rate with an open
 * loop, beside raw SQLite inserts measured in the same run (the ratio is what is compared, never
 * the absolute numbers: machines differ and are shared).
 */
import { fork } from "node:child_process";
import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import fs from "node:fs";
import path from "node:path";

import { createCustomer } from "../emulator/store/customers";
import { signWebhookBody } from "../emulator/store/deliver";
import { placeOrder } from "../emulator/store/orders";
import { storeShop } from "../emulator/store/shop";
import { buildApp, isBuilt, startStack, type Stack } from "../scripts/stack";
import { measureSqliteInsertBaseline } from "./sqlite-baseline";
import { summarise } from "./stats";

const SHOP = "bench.myshopify.com";
export const WEBHOOK_TARGETS = { minRatio: 0.1, maxP99Ms: 100 } as const;

interface SignedWebhook {
  body: string;
  headers: Record<string, string>;
}

async function orderTemplate(
  stack: Stack,
  customers: number,
): Promise<{ payload: Record<string, unknown>; customerIds: number[] }> {
  const ctx = stack.emulator.ctx;
  storeShop(ctx, SHOP, { currencyCode: "EUR" });
  await stack.installShop(SHOP);
  const customerIds: number[] = [];
  for (let i = 0; i < customers; i++) {
    const { customer } = await createCustomer(ctx, {
      shop: SHOP,
      email: `bench-${i}@example.com`,
    });
    customerIds.push(customer.id);
  }
  const variant = [...ctx.state.shops.get(SHOP)!.products.values()][0]
    .variants[0];
  const { payload } = await placeOrder(
    ctx,
    {
      shop: SHOP,
      customerId: customerIds[0],
      lines: [{ variantId: variant.id, quantity: 2 }],
      tax: { rate: 0.2, included: true },
    },
    { hold: true },
  );
  return { payload, customerIds };
}

function signedOrders(
  stack: Stack,
  template: Record<string, unknown>,
  customerIds: number[],
  count: number,
  firstId: number,
): SignedWebhook[] {
  const customer = template.customer as Record<string, unknown>;
  return Array.from({ length: count }, (_, i) => {
    const id = firstId + i;
    const customerId = customerIds[i % customerIds.length];
    const body = JSON.stringify({
      ...template,
      id,
      admin_graphql_api_id: `gid://shopify/Order/${id}`,
      name: `#B${id}`,
      order_number: id,
      customer: {
        ...customer,
        id: customerId,
        admin_graphql_api_id: `gid://shopify/Customer/${customerId}`,
      },
    });
    return {
      body,
      headers: {
        "Content-Type": "application/json",
        "X-Shopify-Topic": "orders/paid",
        "X-Shopify-Shop-Domain": SHOP,
        "X-Shopify-API-Version": "2026-07",
        "X-Shopify-Webhook-Id": randomUUID(),
        "X-Shopify-Event-Id": randomUUID(),
        "X-Shopify-Triggered-At": new Date().toISOString(),
        "X-Shopify-Hmac-Sha256": signWebhookBody(body, stack.apiSecret),
      },
    };
  });
}

/** CPU time (user + system) a process has used so far, in ms, from /proc (Linux). */
function processCpuMs(pid: number): number {
  const fields = fs
    .readFileSync(`/proc/${pid}/stat`, "utf8")
    .split(") ")[1]
    .split(" ");
  // After the command name: utime and stime are fields 14 and 15 of stat, in clock ticks (100 Hz).
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function send(url: string, webhook: SignedWebhook): Promise<number> {
  const started = performance.now();
  const response = await fetch(url, {
    method: "POST",
    headers: webhook.headers,
    body: webhook.body,
  });
  await response.arrayBuffer();
  if (response.status !== 200)
    throw new Error(`webhook answered ${response.status}`);
  return performance.now() - started;
}

async function closedLoop(
  url: string,
  webhooks: SignedWebhook[],
  concurrency: number,
) {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < webhooks.length) await send(url, webhooks[next++]);
    }),
  );
  return webhooks.length / ((performance.now() - started) / 1000);
}

async function openLoop(
  url: string,
  webhooks: SignedWebhook[],
  ratePerSecond: number,
) {
  const interval = 1000 / ratePerSecond;
  const started = performance.now();
  const samples = await Promise.all(
    webhooks.map(async (webhook, i) => {
      const due = started + i * interval;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      // Latency counts from when the request was due, so a backlog shows (no coordinated omission).
      const lateBy = Math.max(0, performance.now() - due);
      return lateBy + (await send(url, webhook));
    }),
  );
  return summarise(samples);
}

/** Waits until the inbox holds nothing unprocessed; returns webhooks processed per second meanwhile. */
async function drainRate(databaseFile: string, since: number): Promise<number> {
  const db = new Database(databaseFile, {
    readonly: true,
    fileMustExist: true,
  });
  try {
    const pending = db.prepare(
      `SELECT COUNT(*) AS n FROM "WebhookInbox" WHERE "status" = 'received'`,
    );
    const processed = db.prepare(
      `SELECT COUNT(*) AS n FROM "WebhookInbox" WHERE "status" = 'processed'`,
    );
    const deadline = Date.now() + 10 * 60_000;
    while ((pending.get() as { n: number }).n > 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    return (
      (processed.get() as { n: number }).n /
      ((performance.now() - since) / 1000)
    );
  } finally {
    db.close();
  }
}

/** Peak of the HTTP baseline (bench/insert-server.mjs) with the same client, bodies and concurrency. */
async function measureHttpInsertBaseline(
  dir: string,
  webhooks: SignedWebhook[],
  concurrency: number,
) {
  const child = fork(
    path.resolve(import.meta.dirname, "insert-server.mjs"),
    [],
    {
      env: {
        ...process.env,
        BASELINE_DATABASE: path.join(dir, "baseline.sqlite"),
      },
      stdio: "ignore",
    },
  );
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.once("message", (message) =>
        resolve((message as { port: number }).port),
      );
      child.once("exit", (code) =>
        reject(new Error(`insert server exited with ${code}`)),
      );
    });
    const url = `http://127.0.0.1:${port}/webhooks/orders/paid`;
    await closedLoop(url, webhooks.slice(0, 300), concurrency);
    const cpuBefore = processCpuMs(child.pid!);
    const perSecond = await closedLoop(url, webhooks, concurrency);
    return {
      perSecond,
      cpuMsPerRequest: (processCpuMs(child.pid!) - cpuBefore) / webhooks.length,
    };
  } finally {
    child.kill("SIGTERM");
  }
}

export async function measureWebhookThroughput(
  options: {
    peakRequests?: number;
    steadyRequests?: number;
    concurrency?: number;
  } = {},
) {
  const peakRequests = options.peakRequests ?? 3000;
  const steadyRequests = options.steadyRequests ?? 2000;
  const concurrency = options.concurrency ?? 16;

  const baseline = measureSqliteInsertBaseline();
  if (!isBuilt()) buildApp();
  const dir = fs.mkdtempSync(path.resolve("data", "bench-"));
  const databaseFile = path.join(dir, "bench.sqlite");
  const stack = await startStack({
    databaseFile,
    extraAppEnv: {
      ...(process.env.WEBHOOK_INBOX_DRAIN
        ? { WEBHOOK_INBOX_DRAIN: process.env.WEBHOOK_INBOX_DRAIN }
        : {}),
    },
    appNodeArgs: process.env.BENCH_APP_NODE_ARGS?.split(" ").filter(Boolean),
  });
  try {
    const { payload, customerIds } = await orderTemplate(stack, 200);
    const url = `${stack.appUrl}/webhooks/orders/paid`;
    // Warm up (JIT, prepared statements, the member rows) before anything is measured.
    const warmUpStarted = performance.now();
    await closedLoop(
      url,
      signedOrders(stack, payload, customerIds, 300, 9_000_000),
      concurrency,
    );
    const processedPerSecond =
      process.env.WEBHOOK_INBOX_DRAIN === "off"
        ? NaN
        : await drainRate(databaseFile, warmUpStarted);
    const peakWebhooks = signedOrders(
      stack,
      payload,
      customerIds,
      peakRequests,
      10_000_000,
    );
    const cpuBefore = processCpuMs(stack.app.pid!);
    const peak = await closedLoop(url, peakWebhooks, concurrency);
    const appCpuMsPerWebhook =
      (processCpuMs(stack.app.pid!) - cpuBefore) / peakRequests;
    const httpBaseline = await measureHttpInsertBaseline(
      dir,
      peakWebhooks,
      concurrency,
    );
    const steadyRate = peak / 2;
    const steady = await openLoop(
      url,
      signedOrders(stack, payload, customerIds, steadyRequests, 20_000_000),
      steadyRate,
    );
    const ratio = peak / baseline.rowsPerSecond;
    const httpRatio = peak / httpBaseline.perSecond;
    return {
      baselineInsertsPerSecond: baseline.rowsPerSecond,
      peakWebhooksPerSecond: peak,
      ratio,
      steadyRatePerSecond: steadyRate,
      latencyAtHalfPeak: steady,
      processedPerSecond,
      appCpuMsPerWebhook,
      baselineCpuMsPerInsert: baseline.cpuMsPerRow,
      httpBaselinePerSecond: httpBaseline.perSecond,
      httpBaselineCpuMsPerRequest: httpBaseline.cpuMsPerRequest,
      httpRatio,
      meetsTargets:
        httpRatio >= WEBHOOK_TARGETS.minRatio &&
        steady.p99 <= WEBHOOK_TARGETS.maxP99Ms,
      meetsStrictTargets:
        ratio >= WEBHOOK_TARGETS.minRatio &&
        steady.p99 <= WEBHOOK_TARGETS.maxP99Ms,
    };
  } finally {
    await stack.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
