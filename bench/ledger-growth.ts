/**
 * Ledger growth: does the app slow down as the ledger grows? The same 1,000 members are measured
 * with 1,000 ledger entries, then again with 1,000,000 (seeded with raw SQL in one transaction
 * through better-sqlite3 on a temp database migrated with `prisma migrate deploy`), through the
 * app's own code: the balance read the storefront and admin use (the member row), and
 * `awardPointsForOrder`, the whole orders/paid use case. Targets (issue 3): balance read p99 at
 * 1,000,000 entries ≤ 1.5 × the p99 at 1,000, award throughput at 1,000,000 ≥ 0.5 × at 1,000.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import v8 from "node:v8";
import vm from "node:vm";
import Database from "better-sqlite3";

import { summarise } from "./stats";

export const LEDGER_GROWTH_TARGETS = {
  maxReadP99Ratio: 1.5,
  minAwardThroughputRatio: 0.5,
};

export const SHOP = "ledger-growth.myshopify.com";
export const MEMBERS = 1_000;

const READ_BATCHES = 7;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** A full collection when the runtime allows it (node flag set here, so `npm run bench` needs none). */
function collectGarbage() {
  v8.setFlagsFromString("--expose-gc");
  const gc = vm.runInNewContext("gc") as (() => void) | undefined;
  gc?.();
}

export interface LedgerGrowthPhase {
  entries: number;
  balanceRead: ReturnType<typeof summarise> & { p99AllSamples: number };
  awardsPerSecond: number;
}

export interface LedgerGrowthResult {
  small: LedgerGrowthPhase;
  large: LedgerGrowthPhase;
  readP99Ratio: number;
  awardThroughputRatio: number;
  seedSeconds: number;
  meetsTargets: boolean;
}

function migrate(url: string) {
  const cli = path.resolve("node_modules/prisma/build/index.js");
  execFileSync(process.execPath, [cli, "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: url },
    stdio: "pipe",
  });
}

/** Members, then `perMember` more entries for each, in one transaction; balances kept equal to the sums. */
function seed(
  file: string,
  fromIndex: number,
  perMember: number,
  withShop: boolean,
) {
  const db = new Database(file);
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    const now = new Date("2026-01-01T00:00:00Z").getTime();
    db.transaction(() => {
      if (withShop) {
        const iso = new Date(now).toISOString();
        db.prepare(
          `INSERT INTO "Shop" ("domain", "currencyCode", "ianaTimezone", "installedAt", "createdAt", "updatedAt") VALUES (?, 'EUR', 'Europe/Paris', ?, ?, ?)`,
        ).run(SHOP, iso, iso, iso);
        db.prepare(
          `INSERT INTO "Program" ("shopDomain", "createdAt", "updatedAt") VALUES (?, ?, ?)`,
        ).run(SHOP, iso, iso);
        const member = db.prepare(
          `INSERT INTO "Member" ("id", "shopDomain", "customerId", "balance", "createdAt", "updatedAt") VALUES (?, ?, ?, 0, ?, ?)`,
        );
        for (let m = 0; m < MEMBERS; m++)
          member.run(`member-${m}`, SHOP, `cust-${m}`, iso, iso);
      }
      const balances = db
        .prepare(`SELECT "id", "balance" FROM "Member" WHERE "shopDomain" = ?`)
        .all(SHOP) as { id: string; balance: number }[];
      const balanceOf = new Map(balances.map((b) => [b.id, Number(b.balance)]));
      const entry =
        db.prepare(`INSERT INTO "LedgerEntry" ("id", "shopDomain", "memberId", "kind", "points", "balanceAfter", "idempotencyKey", "sourceType", "sourceId", "createdAt")
        VALUES (?, ?, ?, 'manual_adjustment', ?, ?, ?, 'adjustment', ?, ?)`);
      let index = fromIndex;
      for (let round = 0; round < perMember; round++) {
        for (let m = 0; m < MEMBERS; m++) {
          const memberId = `member-${m}`;
          const points = 1 + (index % 7);
          const after = (balanceOf.get(memberId) ?? 0) + points;
          balanceOf.set(memberId, after);
          const sourceId = `seed-${index}`;
          entry.run(
            `seed${String(index).padStart(9, "0")}`,
            SHOP,
            memberId,
            points,
            after,
            `${SHOP}:adjustment:${sourceId}:manual_adjustment`,
            sourceId,
            new Date(now + index * 1000).toISOString(),
          );
          index += 1;
        }
      }
      const update = db.prepare(
        `UPDATE "Member" SET "balance" = ? WHERE "id" = ?`,
      );
      for (const [id, balance] of balanceOf) update.run(balance, id);
    })();
    db.pragma("wal_checkpoint(TRUNCATE)");
    db.exec("ANALYZE");
  } finally {
    db.close();
  }
}

export interface LedgerGrowthOptions {
  largeEntries?: number;
  reads?: number;
  awards?: number;
}

/**
 * The measure itself, on a database already holding the shop, its MEMBERS members and one entry
 * each: both phases through the app's own code, `seedLarge` growing the ledger in between. The
 * app's modules read DATABASE_URL when they load, so a process measures one database only.
 */
export async function measurePhases(
  url: string,
  seedLarge: () => void | Promise<void>,
  options: LedgerGrowthOptions = {},
): Promise<LedgerGrowthResult> {
  const reads = options.reads ?? 7_000;
  const awards = options.awards ?? 1_000;
  process.env.DATABASE_URL = url;
  process.env.LOYALTY_WORKER = "off";
  const { createPrismaClient } = await import("../app/db.server");
  globalThis.prismaGlobal = createPrismaClient(url);
  const prisma = globalThis.prismaGlobal;
  const { findMemberByCustomer } = await import("../app/models/member.server");
  const { awardPointsForOrder } = await import("../app/services/orders.server");

  let orderCounter = 0;
  const phase = async (entries: number): Promise<LedgerGrowthPhase> => {
    const readOnce = async (i: number) => {
      const member = await findMemberByCustomer(
        prisma,
        SHOP,
        `cust-${(i * 7919) % MEMBERS}`,
      );
      if (!member) throw new Error("seeded member missing");
      return member.balance;
    };
    // Warm-up (JIT, statement caches) so the first phase is not measured cold.
    for (let i = 0; i < 2_000; i++) await readOnce(i);
    // Seeding a million rows leaves garbage behind: collect it before measuring, not during.
    collectGarbage();
    const samples: number[] = [];
    const batchP99: number[] = [];
    const batch = Math.max(100, Math.floor(reads / READ_BATCHES));
    for (let b = 0; b < READ_BATCHES; b++) {
      const batchSamples: number[] = [];
      for (let i = 0; i < batch; i++) {
        const t0 = performance.now();
        await readOnce(b * batch + i);
        batchSamples.push(performance.now() - t0);
      }
      samples.push(...batchSamples);
      batchP99.push(summarise(batchSamples).p99);
    }
    const award = async () => {
      orderCounter += 1;
      const orderId = String(9_000_000 + orderCounter);
      const customerId = `cust-${(orderCounter * 31) % MEMBERS}`;
      const summary = await awardPointsForOrder(
        SHOP,
        {
          orderId,
          orderName: `#${orderId}`,
          customerId,
          email: null,
          test: false,
          currencyCode: "EUR",
          taxesIncluded: false,
          lines: [
            {
              lineId: `${orderId}-1`,
              productId: null,
              variantId: null,
              title: "Candle",
              quantity: 1,
              unitPrice: 25_000,
              discount: 0,
              tax: 0,
              giftCard: false,
            },
          ],
          shipping: 0,
          paidAt: new Date(),
          cancelledAt: null,
          fulfilledAt: null,
          discountCodes: [],
        },
        { products: {} },
      );
      if (summary.outcome !== "awarded")
        throw new Error(`award ${orderId}: ${summary.outcome}`);
    };
    for (let i = 0; i < 200; i++) await award();
    const started = performance.now();
    for (let i = 0; i < awards; i++) await award();
    const awardsPerSecond = awards / ((performance.now() - started) / 1000);
    // The p99 reported is the median of the batches' p99: one pause of the machine (another process,
    // a collection) moves one batch, not the figure.
    const readSummary = summarise(samples);
    return {
      entries,
      balanceRead: {
        ...readSummary,
        p99: median(batchP99),
        p99AllSamples: readSummary.p99,
      },
      awardsPerSecond,
    };
  };

  try {
    const small = await phase(await prisma.ledgerEntry.count());
    await prisma.$disconnect();
    const seedStarted = performance.now();
    await seedLarge();
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const large = await phase(await prisma.ledgerEntry.count());

    const readP99Ratio = large.balanceRead.p99 / small.balanceRead.p99;
    const awardThroughputRatio = large.awardsPerSecond / small.awardsPerSecond;
    return {
      small,
      large,
      readP99Ratio,
      awardThroughputRatio,
      seedSeconds,
      meetsTargets:
        readP99Ratio <= LEDGER_GROWTH_TARGETS.maxReadP99Ratio &&
        awardThroughputRatio >= LEDGER_GROWTH_TARGETS.minAwardThroughputRatio,
    };
  } finally {
    await prisma.$disconnect();
  }
}

export async function measureLedgerGrowth(
  options: LedgerGrowthOptions = {},
): Promise<LedgerGrowthResult> {
  const largeEntries = options.largeEntries ?? 1_000_000;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "loyalty-ledger-growth-"));
  const file = path.join(dir, "ledger.sqlite");
  const url = `file:${file}`;
  const previousUrl = process.env.DATABASE_URL;
  try {
    migrate(url);
    seed(file, 0, 1, true);
    return await measurePhases(
      url,
      () =>
        seed(
          file,
          MEMBERS,
          Math.max(0, Math.round(largeEntries / MEMBERS) - 1),
          false,
        ),
      options,
    );
  } finally {
    if (previousUrl === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = previousUrl;
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// `tsx bench/ledger-growth.ts` runs it alone.
if (
  process.argv[1] &&
  path.resolve(process.argv[1]) ===
    path.resolve(new URL(import.meta.url).pathname)
) {
  measureLedgerGrowth()
    .then((r) => console.log(JSON.stringify(r, null, 2)))
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
