/**
 * Ledger growth on PostgreSQL (issue 11): the same measure as ledger-growth.ts (the same members,
 * reads and awards through the app's own code, the same targets), on a throwaway cluster
 * (scripts/postgres-cluster.ts). Seeding is done by the server itself: each chunk of entries is
 * one `INSERT … SELECT` over `generate_series`, the running balances computed by a window, so a
 * million entries cost a few statements, not a million round trips.
 *
 * The app's modules pick their SQL dialect when they load (app/db.server.ts): the measure runs in
 * a child process of its own, which prints its result as JSON.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import pg from "pg";

import { migratePostgres } from "../scripts/migrate-postgres.mjs";
import { spawnOwnedNode } from "../scripts/owned-processes";
import { startPostgresCluster } from "../scripts/postgres-cluster";
import {
  MEMBERS,
  measurePhases,
  SHOP,
  type LedgerGrowthOptions,
  type LedgerGrowthResult,
} from "./ledger-growth";

const SEED_BASE = "2026-01-01T00:00:00Z";
/** Entries per INSERT: large enough to amortise the statement, small enough to sort in memory. */
const CHUNK = 100_000;

async function seedShopAndMembers(client: pg.Client) {
  await client.query(
    `INSERT INTO "Shop" ("domain", "currencyCode", "ianaTimezone", "installedAt", "createdAt", "updatedAt")
     VALUES ($1, 'EUR', 'Europe/Paris', $2, $2, $2)`,
    [SHOP, SEED_BASE],
  );
  await client.query(
    `INSERT INTO "Program" ("shopDomain", "createdAt", "updatedAt") VALUES ($1, $2, $2)`,
    [SHOP, SEED_BASE],
  );
  await client.query(
    `INSERT INTO "Member" ("id", "shopDomain", "customerId", "balance", "createdAt", "updatedAt")
     SELECT 'member-' || m, $1, 'cust-' || m, 0, $2, $2 FROM generate_series(0, $3 - 1) AS m`,
    [SHOP, SEED_BASE, MEMBERS],
  );
}

/**
 * Entries `from` to `to - 1`, as ledger-growth.ts seeds them on SQLite: entry i belongs to member
 * i mod MEMBERS, earns 1 + i mod 7, and carries the member's running balance; each member's cached
 * balance is moved by the same sum in the same transaction.
 */
async function seedEntries(client: pg.Client, from: number, to: number) {
  for (let start = from; start < to; start += CHUNK) {
    const end = Math.min(to, start + CHUNK);
    await client.query("BEGIN");
    await client.query(
      `INSERT INTO "LedgerEntry" ("id", "shopDomain", "memberId", "kind", "points", "balanceAfter", "idempotencyKey", "sourceType", "sourceId", "createdAt", "effectiveAt")
       SELECT 'seed' || lpad(i::text, 9, '0'), $1, m."id", 'manual_adjustment', 1 + i % 7,
         m."balance" + SUM(1 + i % 7) OVER (PARTITION BY m."id" ORDER BY i),
         $1 || ':adjustment:seed-' || i || ':manual_adjustment', 'adjustment', 'seed-' || i,
         $2::timestamp + i * interval '1 second', $2::timestamp + i * interval '1 second'
       FROM generate_series($3::int, $4::int - 1) AS i
       JOIN "Member" m ON m."id" = 'member-' || (i % $5)`,
      [SHOP, SEED_BASE, start, end, MEMBERS],
    );
    await client.query(
      `UPDATE "Member" m SET "balance" = m."balance" + s."points"
       FROM (SELECT 'member-' || (i % $3) AS "id", SUM(1 + i % 7) AS "points"
             FROM generate_series($1::int, $2::int - 1) AS i GROUP BY 1) s
       WHERE m."id" = s."id"`,
      [start, end, MEMBERS],
    );
    await client.query("COMMIT");
  }
  await client.query('ANALYZE "LedgerEntry", "Member"');
}

async function withClient<T>(
  url: string,
  work: (client: pg.Client) => Promise<T>,
) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** In the child process: cluster, migrations, seed, measure, then the cluster goes. */
async function measureHere(
  options: LedgerGrowthOptions,
): Promise<LedgerGrowthResult> {
  const largeEntries = options.largeEntries ?? 1_000_000;
  const cluster = await startPostgresCluster();
  try {
    await withClient(cluster.url("postgres"), (client) =>
      client.query('CREATE DATABASE "ledger_growth"'),
    );
    const url = cluster.url("ledger_growth");
    await migratePostgres(url);
    await withClient(url, async (client) => {
      await seedShopAndMembers(client);
      await seedEntries(client, 0, MEMBERS);
    });
    return await measurePhases(
      url,
      () =>
        withClient(url, (client) =>
          seedEntries(
            client,
            MEMBERS,
            Math.max(MEMBERS, Math.round(largeEntries / MEMBERS) * MEMBERS),
          ),
        ),
      options,
    );
  } finally {
    await cluster.stop();
  }
}

const CHILD_FLAG = "--measure-here";

/** Runs the measure in a child process (see above) and returns what it wrote. */
export async function measurePostgresLedgerGrowth(
  options: LedgerGrowthOptions = {},
): Promise<LedgerGrowthResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "loyalty-ledger-pg-"));
  const resultFile = path.join(dir, "result.json");
  try {
    const child = spawnOwnedNode(
      [
        "--import",
        "tsx",
        path.join(import.meta.dirname, "ledger-growth-postgres.ts"),
        CHILD_FLAG,
        resultFile,
        JSON.stringify(options),
      ],
      { stdio: "inherit" },
    );
    await child.exited;
    if (child.child.exitCode !== 0)
      throw new Error(
        `the PostgreSQL ledger bench exited with ${child.child.exitCode ?? child.child.signalCode}`,
      );
    return JSON.parse(
      fs.readFileSync(resultFile, "utf8"),
    ) as LedgerGrowthResult;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// `tsx bench/ledger-growth-postgres.ts` runs it alone (in a child, like `npm run bench`).
if (
  process.argv[1] &&
  path.resolve(process.argv[1]) ===
    path.resolve(new URL(import.meta.url).pathname)
) {
  const run =
    process.argv[2] === CHILD_FLAG
      ? measureHere(
          JSON.parse(process.argv[4] ?? "{}") as LedgerGrowthOptions,
        ).then((r) => fs.writeFileSync(process.argv[3], JSON.stringify(r)))
      : measurePostgresLedgerGrowth().then((r) =>
          console.log(JSON.stringify(r, null, 2)),
        );
  run.then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
