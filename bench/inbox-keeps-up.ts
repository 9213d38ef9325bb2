/**
 * Does the inbox keep up with its door (issue 11, ADR 0022)? In one run, on one database:
 * - acknowledged per second: signed orders/paid webhooks into the built app's door (server.mjs,
 *   WEBHOOK_INBOX_DRAIN=off: verified and stored, nothing processed), closed loop, 16 in flight;
 * - processed per second: the backlog this left, drained by `npm run worker` processes of the same
 *   build on the same database (1, then 2 on PostgreSQL), from their start until no webhook waits.
 * Each side has the whole machine to itself while it is measured: the ratio compares what the
 * door can take with what the processing behind it can turn into ledger entries. A warm-up backlog
 * is stored and drained first, unmeasured, so the shop has a history, and each drain starts with
 * the database analyzed, as autovacuum keeps a host's (ADR 0029, "Measured with statistics").
 * On PostgreSQL the bench also prints how many of the machine's cores one instance and its server
 * kept busy, and so the most two instances could do against one here.
 * On PostgreSQL, the backlog is also drained by 1, then 2 workers each capped at CAPPED_CORES of
 * CPU (cpu-cap.ts): whether instances scale once the server does not share their cores.
 */
import fs from "node:fs";
import path from "node:path";

import Database from "better-sqlite3";
import pg from "pg";

import { migratePostgres } from "../scripts/migrate-postgres.mjs";
import { spawnOwnedNode, type OwnedProcess } from "../scripts/owned-processes";
import { startPostgresCluster } from "../scripts/postgres-cluster";
import { buildApp, isBuilt, startStack, type Stack } from "../scripts/stack";
import { createCpuCap, type CpuCap } from "./cpu-cap";
import { closedLoop, orderTemplate, signedOrders } from "./signed-orders";

const ROOT = path.resolve(import.meta.dirname, "..");

const SHOP = "inbox-bench.myshopify.com";
const SCOPES =
  "read_customers,write_customers,read_orders,write_discounts,read_products,read_locales";

export const INBOX_TARGETS = { minRatio: 1.0, minTwoInstanceSpeedup: 1.6 };

/**
 * The CPU each worker gets in the capped measurement: two capped instances use 0.8 of the 2 cores,
 * which leaves the PostgreSQL server (about as much CPU per webhook as a worker) what it needs.
 */
const CAPPED_CORES = 0.4;

interface InboxCounts {
  received(): Promise<number>;
  /** Whether any webhook still waits: polled while a backlog drains, so one index probe. */
  waiting(): Promise<boolean>;
  processed(): Promise<number>;
  /**
   * PostgreSQL: the planner's statistics brought up to date, as autovacuum keeps a host's
   * database. Without them, tables that were empty when last analyzed plan every lookup by key as
   * a walk of the shop's whole history, which a live database never does.
   */
  analyze(): Promise<void>;
  close(): Promise<void>;
}

function sqliteCounts(file: string): InboxCounts {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  const count = (status: string) =>
    (
      db
        .prepare(`SELECT COUNT(*) AS n FROM "WebhookInbox" WHERE "status" = ?`)
        .get(status) as { n: number }
    ).n;
  const waiting = db.prepare(
    `SELECT EXISTS (SELECT 1 FROM "WebhookInbox" WHERE "status" = 'received') AS waiting`,
  );
  return {
    received: async () => count("received"),
    waiting: async () => (waiting.get() as { waiting: number }).waiting === 1,
    processed: async () => count("processed"),
    analyze: async () => undefined,
    close: async () => void db.close(),
  };
}

async function postgresCounts(url: string): Promise<InboxCounts> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const count = async (status: string) =>
    Number(
      (
        await client.query<{ n: string }>(
          `SELECT COUNT(*) AS n FROM "WebhookInbox" WHERE "status" = $1`,
          [status],
        )
      ).rows[0].n,
    );
  return {
    received: () => count("received"),
    waiting: async () =>
      (
        await client.query<{ waiting: boolean }>(
          `SELECT EXISTS (SELECT 1 FROM "WebhookInbox" WHERE "status" = 'received') AS "waiting"`,
        )
      ).rows[0].waiting,
    processed: () => count("processed"),
    analyze: async () => void (await client.query("ANALYZE")),
    close: () => client.end(),
  };
}

/**
 * `npm run worker` processes of the built app; resolves once each says it is draining. With
 * `caps`, worker i runs in caps[i] from its start.
 */
async function startWorkers(
  stack: Stack,
  databaseUrl: string,
  count: number,
  caps: CpuCap[] = [],
): Promise<OwnedProcess[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const worker = spawnOwnedNode(
        [
          // For profiling a worker: BENCH_WORKER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof".
          ...(process.env.BENCH_WORKER_NODE_ARGS?.split(" ").filter(Boolean) ??
            []),
          // tsx as a loader in the worker's own process (its CLI would run the script in a child).
          "--import",
          "tsx",
          path.join(ROOT, "scripts/worker.ts"),
        ],
        {
          cwd: ROOT,
          env: {
            ...process.env,
            NODE_ENV: "production",
            REMIX_BUILD_DIR: path.join(ROOT, "build"),
            DATABASE_URL: databaseUrl,
            SHOPIFY_API_KEY: stack.apiKey,
            SHOPIFY_API_SECRET: stack.apiSecret,
            SHOPIFY_APP_URL: stack.appUrl,
            SCOPES,
            SHOPIFY_EMULATOR_URL: stack.emulatorUrl,
            WORKER_INTERVAL_MS: "200",
          },
          stdio: "pipe",
        },
      );
      if (caps[i] && worker.child.pid !== undefined)
        caps[i].add(worker.child.pid);
      let output = "";
      await new Promise<void>((resolve, reject) => {
        worker.child.stdout?.on("data", (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes("[worker] draining")) resolve();
        });
        worker.child.stderr?.on("data", (chunk: Buffer) => {
          output += chunk.toString();
        });
        worker.child.once("exit", (code) =>
          reject(new Error(`worker exited with ${code}:\n${output}`)),
        );
      });
      return worker;
    }),
  );
}

/**
 * The machine's CPU time so far, busy and in all, over the cores it counts (Linux's /proc/stat,
 * whose cores are the kernel's, not a container's share), or null elsewhere.
 */
function machineCpu(): { busy: number; total: number; cores: number } | null {
  try {
    const lines = fs.readFileSync("/proc/stat", "utf8").split("\n");
    const fields = lines[0].trim().split(/\s+/).slice(1, 9).map(Number);
    const total = fields.reduce((sum, value) => sum + value, 0);
    // idle and iowait
    return {
      busy: total - fields[3] - fields[4],
      total,
      cores: lines.filter((line) => /^cpu\d+ /.test(line)).length,
    };
  } catch {
    return null;
  }
}

interface Drain {
  perSecond: number;
  /** Of the machine's `cores`, those kept busy while the backlog drained (workers, server, the rest). */
  cpu: { busyCores: number; cores: number } | null;
}

/** Webhooks processed per second by `instances` workers, from their start until none waits. */
async function drainBacklog(
  stack: Stack,
  databaseUrl: string,
  counts: InboxCounts,
  instances: number,
  caps: CpuCap[] = [],
): Promise<Drain> {
  await counts.analyze();
  const before = await counts.processed();
  const backlog = await counts.received();
  const workers = await startWorkers(stack, databaseUrl, instances, caps);
  const started = performance.now();
  const cpuBefore = machineCpu();
  try {
    const deadline = started + 10 * 60_000;
    while ((await counts.waiting()) && performance.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 25));
    const seconds = (performance.now() - started) / 1000;
    const cpuAfter = machineCpu();
    const processed = (await counts.processed()) - before;
    if (processed < backlog)
      throw new Error(`only ${processed} of ${backlog} webhooks processed`);
    return {
      perSecond: processed / seconds,
      cpu:
        cpuBefore && cpuAfter && cpuAfter.total > cpuBefore.total
          ? {
              busyCores:
                ((cpuAfter.busy - cpuBefore.busy) /
                  (cpuAfter.total - cpuBefore.total)) *
                cpuAfter.cores,
              cores: cpuAfter.cores,
            }
          : null,
    };
  } finally {
    await Promise.all(workers.map((worker) => worker.stop()));
  }
}

export interface InboxKeepsUp {
  database: "sqlite" | "postgres";
  acknowledgedPerSecond: number;
  /** Processed per second with 1 instance, then 2 (PostgreSQL only). */
  processedPerSecond: number[];
  ratio: number;
  twoInstanceSpeedup: number | null;
  /**
   * PostgreSQL: the cores of the machine one instance and its server kept busy, and so the most
   * two instances could process against one on this machine (its cores / those), whatever the
   * code: instances that share the server's cores cannot scale past the CPU left over.
   */
  oneInstance: { busyCores: number; cores: number; ceiling: number } | null;
  /**
   * PostgreSQL: processed per second with 1, then 2 instances each capped at `cores` of CPU, so
   * the server does not share the instances' CPU; or why it was not measured.
   */
  capped:
    | { cores: number; processedPerSecond: [number, number]; speedup: number }
    | { unavailable: string }
    | null;
}

/**
 * Whether instances scale when CPU is not the bound: the backlog drained by 1, then 2 workers,
 * each worker in a cgroup of its own capped at CAPPED_CORES.
 */
async function measureCapped(
  refill: () => Promise<void>,
  drain: (instances: number, caps: CpuCap[]) => Promise<Drain>,
): Promise<NonNullable<InboxKeepsUp["capped"]>> {
  const caps: CpuCap[] = [];
  try {
    for (let i = 0; i < 2; i += 1) {
      const cap = createCpuCap(
        `loyalty-bench-${process.pid}-${i}`,
        CAPPED_CORES,
      );
      if ("unavailable" in cap) return cap;
      caps.push(cap);
    }
    await refill();
    const one = (await drain(1, caps.slice(0, 1))).perSecond;
    await refill();
    const two = (await drain(2, caps)).perSecond;
    return {
      cores: CAPPED_CORES,
      processedPerSecond: [one, two],
      speedup: two / one,
    };
  } finally {
    for (const cap of caps) cap.remove();
  }
}

export async function measureInboxKeepsUp(
  database: "sqlite" | "postgres",
  options: { requests?: number; concurrency?: number } = {},
): Promise<InboxKeepsUp> {
  // Long enough a backlog that each drain lasts seconds, not the time a worker takes to warm up.
  const requests = options.requests ?? 6000;
  const concurrency = options.concurrency ?? 16;
  if (!isBuilt()) buildApp();
  const dir = fs.mkdtempSync(path.resolve("data", "inbox-bench-"));
  const databaseFile = path.join(dir, "bench.sqlite");
  const cluster = database === "postgres" ? await startPostgresCluster() : null;
  let databaseUrl = `file:${databaseFile}`;
  let stack: Stack | null = null;
  let counts: InboxCounts | null = null;
  try {
    if (cluster) {
      const admin = new pg.Client({
        connectionString: cluster.url("postgres"),
      });
      await admin.connect();
      await admin.query('CREATE DATABASE "inbox_bench"');
      await admin.end();
      databaseUrl = cluster.url("inbox_bench");
      await migratePostgres(databaseUrl);
    }
    const app = await startStack({
      databaseFile,
      databaseUrl: cluster ? databaseUrl : undefined,
      // The door alone: processing is measured apart, by the workers.
      extraAppEnv: { WEBHOOK_INBOX_DRAIN: "off", LOYALTY_WORKER: "off" },
    });
    stack = app;
    const inbox = cluster
      ? await postgresCounts(databaseUrl)
      : sqliteCounts(databaseFile);
    counts = inbox;
    const { payload, customerIds } = await orderTemplate(app, SHOP, 200);
    const url = `${app.appUrl}/webhooks/orders/paid`;
    const drain = (instances: number, caps: CpuCap[] = []) =>
      drainBacklog(app, databaseUrl, inbox, instances, caps);
    // Warm-up, not measured: the door's JIT and prepared statements, and a shop with a history
    // of orders, members and deliveries for the planner to have statistics of.
    await closedLoop(
      url,
      signedOrders(app, SHOP, payload, customerIds, 300, 30_000_000),
      concurrency,
    );
    await drain(1);
    const acknowledgedPerSecond = await closedLoop(
      url,
      signedOrders(app, SHOP, payload, customerIds, requests, 31_000_000),
      concurrency,
    );
    const first = await drain(1);
    const processedPerSecond = [first.perSecond];
    // Each later backlog is as long as the first, with orders of its own.
    let firstId = 32_000_000;
    const refill = async () => {
      await closedLoop(
        url,
        signedOrders(app, SHOP, payload, customerIds, requests, firstId),
        concurrency,
      );
      firstId += 1_000_000;
    };
    let capped: InboxKeepsUp["capped"] = null;
    if (cluster) {
      await refill();
      processedPerSecond.push((await drain(2)).perSecond);
      capped = await measureCapped(refill, drain);
    }
    return {
      database,
      acknowledgedPerSecond,
      processedPerSecond,
      ratio: processedPerSecond[0] / acknowledgedPerSecond,
      twoInstanceSpeedup: cluster
        ? processedPerSecond[1] / processedPerSecond[0]
        : null,
      oneInstance:
        cluster && first.cpu
          ? { ...first.cpu, ceiling: first.cpu.cores / first.cpu.busyCores }
          : null,
      capped,
    };
  } finally {
    await counts?.close();
    await stack?.stop();
    await cluster?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
