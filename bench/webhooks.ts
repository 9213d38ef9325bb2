/**
 * Signed orders/paid webhooks over HTTP into the running (built) app, against the emulator:
 * peak throughput with a closed loop, then p50/p99 latency at half the peak rate with an open
 * loop, beside raw SQLite inserts measured in the same run (the ratio is what is compared, never
 * the absolute numbers: machines differ and are shared).
 */
import { fork } from "node:child_process";
import Database from "better-sqlite3";
import fs from "node:fs";
import path from "node:path";

import { buildApp, isBuilt, startStack } from "../scripts/stack";
import {
  closedLoop,
  orderTemplate,
  send,
  signedOrders,
  type SignedWebhook,
} from "./signed-orders";
import { measureSqliteInsertBaseline } from "./sqlite-baseline";
import { summarise } from "./stats";

const SHOP = "bench.myshopify.com";
export const WEBHOOK_TARGETS = { minRatio: 0.1, maxP99Ms: 100 } as const;

function processCpuMs(pid: number): number {
  const fields = fs
    .readFileSync(`/proc/${pid}/stat`, "utf8")
    .split(") ")[1]
    .split(" ");
  // After the command name: utime and stime are fields 14 and 15 of stat, in clock ticks (100 Hz).
  return (Number(fields[11]) + Number(fields[12])) * 10;
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
    const { payload, customerIds } = await orderTemplate(stack, SHOP, 200);
    const url = `${stack.appUrl}/webhooks/orders/paid`;
    // Warm up (JIT, prepared statements, the member rows) before anything is measured.
    const warmUpStarted = performance.now();
    await closedLoop(
      url,
      signedOrders(stack, SHOP, payload, customerIds, 300, 9_000_000),
      concurrency,
    );
    const processedPerSecond =
      process.env.WEBHOOK_INBOX_DRAIN === "off"
        ? NaN
        : await drainRate(databaseFile, warmUpStarted);
    const peakWebhooks = signedOrders(
      stack,
      SHOP,
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
      signedOrders(
        stack,
        SHOP,
        payload,
        customerIds,
        steadyRequests,
        20_000_000,
      ),
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
