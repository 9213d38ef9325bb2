import { Prisma } from "@prisma/client";
import { beforeEach, describe, expect, it, vi } from "vitest";

import prisma, { driverOf, openTransaction } from "~/db.server";
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

  it.skipIf(databaseTakesParallelWriters)(
    "on SQLite, keep a findUnique from elsewhere out of the transaction even when Prisma would send both in one tick",
    async () => {
      const inside: Promise<unknown>[] = [];
      let outside: Promise<{ name: string | null } | null> | null = null;
      await inTransaction(async (tx) => {
        await tx.shop.update({
          where: { domain: SHOP },
          data: { name: "uncommitted" },
        });
        // One tick: the transaction's own read first, then a read from elsewhere.
        // (`.then` sends them now: Prisma's promises wait to be awaited.)
        inside.push(
          tx.shop.findUnique({ where: { domain: SHOP } }).then((shop) => shop),
        );
        outside = outsideTransaction(() =>
          prisma.shop
            .findUnique({ where: { domain: SHOP } })
            .then((shop) => shop),
        );
        await Promise.all(inside);
        throw new Error("undo");
      }).catch(() => undefined);
      expect(await inside[0]).toMatchObject({ name: "uncommitted" });
      expect(await outside!).toMatchObject({ name: null });
      // And the other way round: a read from elsewhere first, then the transaction's own.
      let pending: Promise<unknown> | null = null;
      await inTransaction(async (tx) => {
        pending = outsideTransaction(() =>
          prisma.shop
            .findUnique({ where: { domain: SHOP } })
            .then((shop) => shop),
        );
        await tx.shop.findUnique({ where: { domain: SHOP } });
      });
      await pending;
    },
  );

  it.skipIf(databaseTakesParallelWriters)(
    "on SQLite, roll back a transaction that runs past its timeout and let the others in",
    async () => {
      const logged = vi
        .spyOn(console, "error")
        .mockImplementation(() => undefined);
      const late = openTransaction(
        prisma,
        async (tx) => {
          await tx.shop.update({
            where: { domain: SHOP },
            data: { name: "late" },
          });
          await new Promise((resolve) => setTimeout(resolve, 150));
          await tx.shop.update({
            where: { domain: SHOP },
            data: { name: "later" },
          });
        },
        { maxWait: 1_000, timeout: 50 },
      ).catch((error: unknown) => error);
      // Waits for the connection: gets it when the transaction is rolled back, not after 150 ms.
      const read = await prisma.shop.findUniqueOrThrow({
        where: { domain: SHOP },
      });
      expect(read.name).toBeNull();
      expect(String(await late)).toMatch(/ran past its timeout/);
      expect(String(logged.mock.calls[0]?.[0])).toMatch(
        /ran past 50 ms: rolled back/,
      );
      logged.mockRestore();
      expect(
        (await prisma.shop.findUniqueOrThrow({ where: { domain: SHOP } })).name,
      ).toBeNull();
    },
  );

  it.skipIf(!databaseTakesParallelWriters)(
    "on PostgreSQL, refuse a statement sent through a transaction that is over",
    async () => {
      let over: Parameters<typeof sqlRows>[0] | null = null;
      await inTransaction(async (tx) => {
        over = tx;
        await sqlRows(tx, readShop);
      });
      await expect(sqlRows(over!, readShop)).rejects.toThrow(
        /the transaction is over/,
      );
    },
  );
});
