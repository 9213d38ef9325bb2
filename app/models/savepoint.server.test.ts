import { beforeEach, expect, it } from "vitest";

import prisma from "~/db.server";
import { undoIfThrows } from "~/models/savepoint.server";
import { inTransaction } from "~/models/transaction.server";

const kept = "savepoint-kept.myshopify.com";
const undone = "savepoint-undone.myshopify.com";
const after = "savepoint-after.myshopify.com";

beforeEach(async () => {
  await prisma.shop.deleteMany();
});

it("undoes what the work wrote when it throws, and the transaction goes on and commits", async () => {
  const caught = await inTransaction(async (tx) => {
    await tx.shop.create({ data: { domain: kept } });
    const error = await undoIfThrows(tx, async () => {
      await tx.shop.create({ data: { domain: undone } });
      throw new Error("refused");
    }).catch((e: unknown) => e);
    await tx.shop.create({ data: { domain: after } });
    return error;
  });
  expect(caught).toEqual(new Error("refused"));
  const domains = (await prisma.shop.findMany()).map((s) => s.domain).sort();
  expect(domains).toEqual([after, kept]);
});

it("keeps what the work wrote when it succeeds, and returns its value", async () => {
  const value = await inTransaction((tx) =>
    undoIfThrows(tx, async () => {
      await tx.shop.create({ data: { domain: kept } });
      return 42;
    }),
  );
  expect(value).toBe(42);
  expect(await prisma.shop.count()).toBe(1);
});

it("undoes a failed statement inside it too, so PostgreSQL's transaction is usable again", async () => {
  await inTransaction(async (tx) => {
    await tx.shop.create({ data: { domain: kept } });
    await expect(
      undoIfThrows(tx, () => tx.shop.create({ data: { domain: kept } })),
    ).rejects.toThrow();
    await tx.shop.create({ data: { domain: after } });
  });
  expect(await prisma.shop.count()).toBe(2);
});
