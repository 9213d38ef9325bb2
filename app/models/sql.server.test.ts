import { Prisma } from "@prisma/client";
import { beforeEach, describe, expect, it } from "vitest";

import prisma, { driverOf } from "~/db.server";
import { databaseTakesParallelWriters } from "~/models/row-locks.server";
import { sqlExecute, sqlRows } from "~/models/sql.server";
import {
  database,
  inTransaction,
  isUniqueViolation,
  outsideTransaction,
} from "~/models/transaction.server";

/**
 * Raw SQL on the driver itself (ADR 0029): the same rows as Prisma's `$queryRaw`, in and out of
 * transactions, on SQLite and on PostgreSQL; and SQLite's own transactions, whose scope every
 * statement of the work joins while others wait.
 */

const SHOP = "sql-driver.myshopify.com";
const OTHER = "sql-driver-other.myshopify.com";
const INSTALLED = new Date("2026-03-01T10:20:30.456Z");

interface ShopRow {
  domain: string;
  installedAt: Date;
  uninstalledAt: Date | null;
}

const readShop = Prisma.sql`SELECT "domain", "installedAt", "uninstalledAt" FROM "Shop" WHERE "domain" = ${SHOP}`;

beforeEach(async () => {
  await prisma.shop.deleteMany();
  await prisma.shop.create({ data: { domain: SHOP, installedAt: INSTALLED } });
});

describe("sqlRows and sqlExecute", () => {
  it("run on the driver, and read what Prisma's $queryRaw reads", async () => {
    expect(driverOf(database)).not.toBeNull();
    const direct = await sqlRows<ShopRow>(database, readShop);
    const throughPrisma = await prisma.$queryRaw<ShopRow[]>(readShop);
    expect(direct).toEqual(throughPrisma);
    expect(direct).toEqual([
      { domain: SHOP, installedAt: INSTALLED, uninstalledAt: null },
    ]);
  });

  it("bind dates and booleans as Prisma writes them, so Prisma reads them back", async () => {
    const later = new Date("2026-04-02T00:00:00.001Z");
    const changed = await sqlExecute(
      database,
      Prisma.sql`UPDATE "Shop" SET "uninstalledAt" = ${later} WHERE "domain" = ${SHOP} AND "installedAt" < ${later}`,
    );
    expect(changed).toBe(1);
    const shop = await prisma.shop.findUniqueOrThrow({
      where: { domain: SHOP },
    });
    expect(shop.uninstalledAt).toEqual(later);
    await prisma.program.create({
      data: { shopDomain: SHOP, active: true },
    });
    const [program] = await sqlRows<{ active: boolean; earnPoints: number }>(
      database,
      Prisma.sql`SELECT "active", "earnPoints" FROM "Program" WHERE "shopDomain" = ${SHOP} AND "active" = ${true}`,
    );
    expect(program).toEqual({ active: true, earnPoints: expect.any(Number) });
  });

  it("report a duplicate key as a unique violation, as Prisma's error is", async () => {
    const failure = await sqlExecute(
      database,
      Prisma.sql`INSERT INTO "Shop" ("domain", "currencyCode", "ianaTimezone", "installedAt", "createdAt", "updatedAt",
        "primaryLocale", "publishedLocales") VALUES (${SHOP}, 'EUR', 'UTC', ${INSTALLED}, ${INSTALLED}, ${INSTALLED}, 'fr', '[]')`,
    ).catch((error: unknown) => error);
    expect(isUniqueViolation(failure)).toBe(true);
  });

  it("inside a transaction, see its writes and undo them with it", async () => {
    const error = await inTransaction(async (tx) => {
      await sqlExecute(
        tx,
        Prisma.sql`UPDATE "Shop" SET "name" = 'inside' WHERE "domain" = ${SHOP}`,
      );
      const [seen] = await sqlRows<{ name: string }>(
        tx,
        Prisma.sql`SELECT "name" FROM "Shop" WHERE "domain" = ${SHOP}`,
      );
      expect(seen.name).toBe("inside");
      throw new Error("undo");
    }).catch((e: unknown) => e);
    expect(error).toEqual(new Error("undo"));
    const shop = await prisma.shop.findUniqueOrThrow({
      where: { domain: SHOP },
    });
    expect(shop.name).toBeNull();
  });
});

describe("transactions", () => {
  it("nest as savepoints: an inner one that throws undoes only its own writes", async () => {
    await inTransaction(async (tx) => {
      await tx.shop.update({
        where: { domain: SHOP },
        data: { name: "outer" },
      });
      await inTransaction(async (inner) => {
        await inner.shop.create({ data: { domain: OTHER } });
        throw new Error("inner refused");
      }).catch(() => undefined);
      // A write Prisma makes in a transaction of its own (a create with a nested one).
      await tx.member.create({
        data: {
          shopDomain: SHOP,
          customerId: "1",
          ruleAwards: {
            create: {
              shopDomain: SHOP,
              ruleId: "rule",
              points: 5,
              sourceType: "order",
              sourceId: "1",
              awardedAt: INSTALLED,
            },
          },
        },
      });
    });
    expect((await prisma.shop.findMany()).map((shop) => shop.name)).toEqual([
      "outer",
    ]);
    expect(await prisma.ruleAward.count()).toBe(1);
  });

  it.skipIf(databaseTakesParallelWriters)(
    "on SQLite, run what the work starts inside, and nothing woken from inside it (outsideTransaction)",
    async () => {
      let joined: Promise<ShopRow[]> | null = null;
      let woken: Promise<ShopRow[]> | null = null;
      await inTransaction(async (tx) => {
        await tx.shop.update({
          where: { domain: SHOP },
          data: { uninstalledAt: INSTALLED },
        });
        // Part of the work: sees its uncommitted write.
        joined = sqlRows<ShopRow>(database, readShop);
        // As the inbox and worker wakers start their drains: waits its turn, sees what committed.
        woken = outsideTransaction(() => sqlRows<ShopRow>(database, readShop));
        await new Promise((resolve) => setTimeout(resolve, 20));
        throw new Error("undo");
      }).catch(() => undefined);
      expect((await joined!)[0].uninstalledAt).toEqual(INSTALLED);
      expect((await woken!)[0].uninstalledAt).toBeNull();
    },
  );

  it.skipIf(databaseTakesParallelWriters)(
    "on SQLite, make a query from another context wait for the open transaction, never see it half done",
    async () => {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const transaction = inTransaction(async (tx) => {
        await tx.shop.update({
          where: { domain: SHOP },
          data: { name: "half" },
        });
        await held;
        await tx.shop.update({
          where: { domain: SHOP },
          data: { name: "done" },
        });
      });
      await new Promise((resolve) => setTimeout(resolve, 10));
      const read = prisma.shop.findUniqueOrThrow({ where: { domain: SHOP } });
      const raw = sqlRows<{ name: string }>(
        database,
        Prisma.sql`SELECT "name" FROM "Shop" WHERE "domain" = ${SHOP}`,
      );
      release();
      await transaction;
      expect((await read).name).toBe("done");
      expect((await raw)[0].name).toBe("done");
    },
  );
});
