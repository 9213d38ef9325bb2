/**
 * Does the inbox keep up with its door (issue 11, ADR 0022)? In one run, on one database:
 * - acknowledged per second: signed orders/paid webhooks into the built app's door (server.mjs,
 *   WEBHOOK_INBOX_DRAIN=off: verified and stored, nothing processed), closed loop, 16 in flight;
 * - processed per second: the backlog this left, drained by `npm run worker` processes of the same
 *   build on the same database (1, then 2 on PostgreSQL), from their start until no webhook waits.
 * Each side has the whole machine to itself while it is measured: the ratio compares what the
 * door can take with what the processing behind it can turn into ledger entries.
 */
import fs from "node:fs";
import path from "node:path";

import Database from "better-sqlite3";
import pg from "pg";

import { migratePostgres } from "../scripts/migrate-postgres.mjs";
import { spawnOwnedNode, type OwnedProcess } from "../scripts/owned-processes";
import { startPostgresCluster } from "../scripts/postgres-cluster";
import { buildApp, isBuilt, startStack, type Stack } from "../scripts/stack";
import { closedLoop, orderTemplate, signedOrders } from "./signed-orders";

const ROOT = path.resolve(import.meta.dirname, "..");

const SHOP = "inbox-bench.myshopify.com";
const SCOPES =
  "read_customers,write_customers,read_orders,write_discounts,read_products,read_locales";

export const INBOX_TARGETS = { minRatio: 1.0, minTwoInstanceSpeedup: 1.6 };

interface InboxCounts {
  received(): Promise<number>;
  processed(): Promise<number>;
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
  return {
    received: async () => count("received"),
    processed: async () => count("processed"),
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
    processed: () => count("processed"),
    close: () => client.end(),
  };
}

/** `npm run worker` processes of the built app; resolves once each says it is draining. */
async function startWorkers(
  stack: Stack,
  databaseUrl: string,
  count: number,
): Promise<OwnedProcess[]> {
  return Promise.all(
    Array.from({ length: count }, async () => {
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

/** Webhooks processed per second by `instances` workers, from their start until none waits. */
async function drainBacklog(
  stack: Stack,
  databaseUrl: string,
  counts: InboxCounts,
  instances: number,
): Promise<number> {
  const before = await counts.processed();
  const backlog = await counts.received();
  const workers = await startWorkers(stack, databaseUrl, instances);
  const started = performance.now();
  try {
    const deadline = started + 10 * 60_000;
    while ((await counts.received()) > 0 && performance.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 25));
    const seconds = (performance.now() - started) / 1000;
    const processed = (await counts.processed()) - before;
    if (processed < backlog)
      throw new Error(`only ${processed} of ${backlog} webhooks processed`);
    return processed / seconds;
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
}

export async function measureInboxKeepsUp(
  database: "sqlite" | "postgres",
  options: { requests?: number; concurrency?: number } = {},
): Promise<InboxKeepsUp> {
  const requests = options.requests ?? 2000;
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
    stack = await startStack({
      databaseFile,
      databaseUrl: cluster ? databaseUrl : undefined,
      // The door alone: processing is measured apart, by the workers.
      extraAppEnv: { WEBHOOK_INBOX_DRAIN: "off", LOYALTY_WORKER: "off" },
    });
    counts = cluster
      ? await postgresCounts(databaseUrl)
      : sqliteCounts(databaseFile);
    const { payload, customerIds } = await orderTemplate(stack, SHOP, 200);
    const url = `${stack.appUrl}/webhooks/orders/paid`;
    // Warm-up (JIT, prepared statements): stored, and processed with the first backlog.
    await closedLoop(
      url,
      signedOrders(stack, SHOP, payload, customerIds, 300, 30_000_000),
      concurrency,
    );
    const acknowledgedPerSecond = await closedLoop(
      url,
      signedOrders(stack, SHOP, payload, customerIds, requests, 31_000_000),
      concurrency,
    );
    const processedPerSecond = [
      await drainBacklog(stack, databaseUrl, counts, 1),
    ];
    if (cluster) {
      await closedLoop(
        url,
        signedOrders(
          stack,
          SHOP,
          payload,
          customerIds,
          requests + 300,
          32_000_000,
        ),
        concurrency,
      );
      processedPerSecond.push(
        await drainBacklog(stack, databaseUrl, counts, 2),
      );
    }
    return {
      database,
      acknowledgedPerSecond,
      processedPerSecond,
      ratio: processedPerSecond[0] / acknowledgedPerSecond,
      twoInstanceSpeedup: cluster
        ? processedPerSecond[1] / processedPerSecond[0]
        : null,
    };
  } finally {
    await counts?.close();
    await stack?.stop();
    await cluster?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
