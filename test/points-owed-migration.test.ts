import fs from "node:fs";
import path from "node:path";

import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";

/**
 * Migration 20261204203000 folds OrderPointsOwed into ReversalShortfall (ADR 0028) and keeps the
 * data: every trace learns its order's award entry, and an order whose debt the dropped table
 * knew differently from its newest trace gets a trace saying it.
 */

const MIGRATIONS = path.resolve("prisma/migrations");
const FOLD = "20261204203000_one_record_of_points_owed";

function migrate(db: Database.Database, upTo: (name: string) => boolean) {
  for (const name of fs.readdirSync(MIGRATIONS).sort())
    if (fs.statSync(path.join(MIGRATIONS, name)).isDirectory() && upTo(name))
      db.exec(
        fs.readFileSync(path.join(MIGRATIONS, name, "migration.sql"), "utf8"),
      );
}

describe("folding the points owed by orders into the reversal traces", () => {
  it("keeps each order's debt and links every trace to its award", () => {
    const db = new Database(":memory:");
    migrate(db, (name) => name < FOLD);
    const at = "2026-01-02T10:00:00.000Z";
    db.exec(`
      INSERT INTO "Shop" ("domain", "updatedAt") VALUES ('s.myshopify.com', '${at}');
      INSERT INTO "Member" ("id", "shopDomain", "customerId", "updatedAt")
        VALUES ('m1', 's.myshopify.com', '1', '${at}');
    `);
    const entry =
      db.prepare(`INSERT INTO "LedgerEntry" ("id", "shopDomain", "memberId", "kind",
      "points", "balanceAfter", "idempotencyKey", "sourceType", "sourceId", "correctsEntryId")
      VALUES (?, 's.myshopify.com', 'm1', ?, ?, ?, ?, 'order', ?, ?)`);
    entry.run("award-a", "order_award", 100, 100, "k1", "A", null);
    entry.run("award-b", "order_award", 50, 150, "k2", "B", null);
    entry.run("rev-a", "refund_reversal", -30, 120, "k3", "A", "award-a");
    const trace =
      db.prepare(`INSERT INTO "ReversalShortfall" ("shopDomain", "memberId", "orderId",
      "kind", "sourceId", "ledgerEntryId", "wantedPoints", "takenPoints", "owedAfter",
      "idempotencyKey", "createdAt") VALUES ('s.myshopify.com', 'm1', ?, 'refund_reversal', ?, ?, ?, ?, ?, ?, '${at}')`);
    // Order A: a clamped refund, owing 25, known to both tables.
    trace.run("A", "r1", "rev-a", 55, 30, 25, "t1");
    // Order B: a trace without its row in OrderPointsOwed, and an owed row saying 40, not 10.
    trace.run("B", "r2", null, 10, 0, 10, "t2");
    const owed =
      db.prepare(`INSERT INTO "OrderPointsOwed" ("id", "shopDomain", "orderId",
      "memberId", "awardEntryId", "pointsOwed", "updatedAt") VALUES (?, 's.myshopify.com', ?, 'm1', ?, ?, '${at}')`);
    owed.run("o1", "A", "award-a", 25);
    owed.run("o2", "B", "award-b", 40);

    migrate(db, (name) => name === FOLD);

    const rows = db
      .prepare(
        `SELECT "orderId", "awardEntryId", "wantedPoints", "takenPoints", "owedAfter"
         FROM "ReversalShortfall" ORDER BY "id"`,
      )
      .all();
    expect(rows).toEqual([
      {
        orderId: "A",
        awardEntryId: "award-a",
        wantedPoints: 55,
        takenPoints: 30,
        owedAfter: 25,
      },
      {
        orderId: "B",
        awardEntryId: "award-b",
        wantedPoints: 10,
        takenPoints: 0,
        owedAfter: 10,
      },
      // The figure the dropped table held, kept as the order's newest trace.
      {
        orderId: "B",
        awardEntryId: "award-b",
        wantedPoints: 0,
        takenPoints: 0,
        owedAfter: 40,
      },
    ]);
    expect(
      db
        .prepare(
          `SELECT name FROM sqlite_master WHERE name = 'OrderPointsOwed'`,
        )
        .all(),
    ).toEqual([]);
    db.close();
  });
});
