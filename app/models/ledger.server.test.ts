import { afterEach, beforeEach, describe, expect, it } from "vitest";

import prisma from "~/db.server";
import { type NewLedgerEntry, postLedgerEntry } from "~/models/ledger.server";
import { databaseTakesParallelWriters } from "~/models/row-locks.server";
import { inTransaction } from "~/models/transaction.server";
import { FIXED_NOW } from "test/factories";
import { untilASessionWaitsOnALock } from "test/postgres-lock-waits";
import { expectLedgerConsistent } from "test/ledger-invariants";

const SHOP = "ledger-test.myshopify.com";
let memberId: string;

function entry(overrides: Partial<NewLedgerEntry> = {}): NewLedgerEntry {
  return {
    shopDomain: SHOP,
    memberId,
    kind: "order_award",
    points: 100,
    sourceType: "order",
    sourceId: "1001",
    recordedAt: FIXED_NOW,
    ...overrides,
  };
}

const post = (input: NewLedgerEntry) =>
  inTransaction((tx) => postLedgerEntry(tx, input));
const balance = async () =>
  (await prisma.member.findUniqueOrThrow({ where: { id: memberId } })).balance;

beforeEach(async () => {
  await prisma.shop.deleteMany();
  await prisma.shop.create({ data: { domain: SHOP } });
  ({ id: memberId } = await prisma.member.create({
    data: { shopDomain: SHOP, customerId: "cust-1" },
  }));
});

// Every scenario ends with the ledger invariants holding.
afterEach(async () => {
  await expectLedgerConsistent(prisma);
});

describe("postLedgerEntry", () => {
  it("posts the entry, moves the cached balance and stores balanceAfter, in one go", async () => {
    const first = await post(entry());
    const award = first.outcome === "posted" ? first.entry.id : null;
    const second = await post(
      entry({
        kind: "refund_reversal",
        points: -30,
        sourceType: "refund",
        sourceId: "r1",
        correctsEntryId: award,
      }),
    );

    expect(first).toMatchObject({
      outcome: "posted",
      entry: {
        points: 100,
        balanceAfter: 100,
        idempotencyKey: `${SHOP}:order:1001:order_award`,
      },
    });
    expect(second).toMatchObject({
      outcome: "posted",
      entry: { points: -30, balanceAfter: 70 },
    });
    expect(await balance()).toBe(70);
    await expectLedgerConsistent(prisma);
  });

  it("returns a duplicate for the same business event instead of throwing, and changes nothing", async () => {
    const first = await post(entry());
    const again = await post(entry({ points: 999 }));

    expect(again).toEqual({
      outcome: "duplicate",
      entry: first.outcome === "posted" ? first.entry : null,
    });
    expect(await balance()).toBe(100);
    await expectLedgerConsistent(prisma);
  });

  it("refuses a debit the balance cannot cover, zero points and wrong signs", async () => {
    await post(entry({ points: 50 }));
    expect(
      await post(
        entry({
          kind: "redemption",
          points: -51,
          sourceType: "redemption",
          sourceId: "x",
        }),
      ),
    ).toEqual({
      outcome: "rejected",
      reason: "insufficient_balance",
    });
    expect(await post(entry({ sourceId: "2", points: 0 }))).toEqual({
      outcome: "rejected",
      reason: "zero",
    });
    expect(await post(entry({ sourceId: "3", points: -5 }))).toEqual({
      outcome: "rejected",
      reason: "wrong_sign",
    });
    expect(await post(entry({ memberId: "nobody", sourceId: "4" }))).toEqual({
      outcome: "rejected",
      reason: "unknown_member",
    });
    expect(
      await post(
        entry({
          kind: "refund_reversal",
          points: -5,
          sourceType: "refund",
          sourceId: "r1",
        }),
      ),
    ).toEqual({
      outcome: "rejected",
      reason: "missing_correction",
    });
    expect(await balance()).toBe(50);
    await expectLedgerConsistent(prisma);
  });

  it("lets exactly one of two concurrent debits through when the balance covers one", async () => {
    await post(entry({ points: 100 }));
    const results = await Promise.all(
      ["a", "b", "c"].map((id) =>
        post(
          entry({
            kind: "redemption",
            points: -60,
            sourceType: "redemption",
            sourceId: id,
          }),
        ),
      ),
    );
    expect(results.map((r) => r.outcome).sort()).toEqual([
      "posted",
      "rejected",
      "rejected",
    ]);
    expect(await balance()).toBe(40);
    await expectLedgerConsistent(prisma);
  });

  it("keeps a member's entries in the order their balance moved when an earlier clock reading commits later", async () => {
    // Two events for one member, processed side by side: the one read at the later instant takes
    // the member first; the other, read a few milliseconds earlier, waits for it and moves the
    // balance after it. Its entry must come after it in the member's history too.
    const later = new Date(FIXED_NOW.getTime() + 5);
    let commitFirst!: () => void;
    const firstHolds = new Promise<void>((resolve) => (commitFirst = resolve));
    let firstPosted!: () => void;
    const posted = new Promise<void>((resolve) => (firstPosted = resolve));
    const first = inTransaction(async (tx) => {
      const result = await postLedgerEntry(
        tx,
        entry({ sourceId: "later", recordedAt: later }),
      );
      firstPosted();
      await firstHolds;
      return result;
    });
    await posted;
    const second = post(entry({ sourceId: "earlier", points: 40 }));
    // The second is waiting for the member (PostgreSQL) or the connection (SQLite).
    await new Promise((resolve) => setTimeout(resolve, 50));
    commitFirst();
    await first;
    const secondPosted = await second;

    expect(secondPosted).toMatchObject({
      outcome: "posted",
      entry: { balanceAfter: 140 },
    });
    const history = await prisma.ledgerEntry.findMany({
      where: { memberId },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    expect(history.map((e) => [e.sourceId, e.balanceAfter])).toEqual([
      ["later", 100],
      ["earlier", 140],
    ]);
  });

  it("records a member's entries of one instant a millisecond apart, in order, and counts each from that instant", async () => {
    const posted = await inTransaction(async (tx) => {
      const results = [];
      for (const sourceId of ["a", "b", "c"])
        results.push(await postLedgerEntry(tx, entry({ sourceId })));
      return results;
    });
    // After an entry moved on, the next clock reading still compares with the stored time.
    const later = await post(
      entry({
        sourceId: "d",
        recordedAt: new Date(FIXED_NOW.getTime() + 1),
      }),
    );

    const at = (ms: number) => new Date(FIXED_NOW.getTime() + ms);
    expect(
      [...posted, later].map((result) =>
        result.outcome === "posted"
          ? [result.entry.createdAt, result.entry.effectiveAt]
          : result.outcome,
      ),
    ).toEqual([
      [at(0), at(0)],
      [at(1), at(0)],
      [at(2), at(0)],
      [at(3), at(1)],
    ]);
    const stored = await prisma.ledgerEntry.findMany({
      where: { memberId },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    expect(
      stored.map((e) => [e.sourceId, e.createdAt, e.balanceAfter]),
    ).toEqual([
      ["a", at(0), 100],
      ["b", at(1), 200],
      ["c", at(2), 300],
      ["d", at(3), 400],
    ]);
  });

  it("queues one balance mirror for the member per pending period", async () => {
    await post(entry());
    await post(entry({ sourceId: "1002" }));
    expect(
      await prisma.outboxJob.findMany({ where: { kind: "mirror_member" } }),
    ).toMatchObject([
      { coalesceKey: `mirror_member:${memberId}`, status: "pending" },
    ]);
  });

  it("leaves the member row as it was when the entry is a duplicate (its times included)", async () => {
    await post(entry());
    const before = await prisma.member.findUniqueOrThrow({
      where: { id: memberId },
    });
    const later = new Date(FIXED_NOW.getTime() + 60_000);
    expect(await post(entry({ points: 40, recordedAt: later }))).toMatchObject({
      outcome: "duplicate",
    });
    const after = await prisma.member.findUniqueOrThrow({
      where: { id: memberId },
    });
    expect(after).toEqual(before);
    // The next entry still chains on the balance as it was.
    expect(await post(entry({ sourceId: "1002", points: 5 }))).toMatchObject({
      outcome: "posted",
      entry: { balanceAfter: 105 },
    });
  });

  it.skipIf(!databaseTakesParallelWriters)(
    "on PostgreSQL, yields to the same entry posted by a transaction that committed while it waited for the member, and undoes its balance move",
    async () => {
      // A posts and holds the member's row; B finds no entry (A has not committed), waits for
      // the row at its guarded update, then its insert meets A's entry once A commits.
      let posted!: () => void;
      const aPosted = new Promise<void>((resolve) => (posted = resolve));
      let release!: () => void;
      const aReleased = new Promise<void>((resolve) => (release = resolve));
      const a = inTransaction(async (tx) => {
        const result = await postLedgerEntry(tx, entry());
        posted();
        await aReleased;
        return result;
      });
      await aPosted;
      const b = post(entry({ points: 60 }));
      // Until B waits on a lock (the member's row, held by A).
      await untilASessionWaitsOnALock(prisma);
      release();
      const [first, second] = await Promise.all([a, b]);
      expect(first.outcome).toBe("posted");
      expect(second).toEqual({
        outcome: "duplicate",
        entry: first.outcome === "posted" ? first.entry : null,
      });
      expect(await balance()).toBe(100);
      expect(await prisma.ledgerEntry.count()).toBe(1);
    },
  );

  it("keeps a debit posted before a duplicate even when the balance could no longer cover it", async () => {
    await post(entry());
    const redemption = entry({
      kind: "redemption",
      points: -80,
      sourceType: "redemption",
      sourceId: "red-1",
    });
    const first = await post(redemption);
    expect(first).toMatchObject({ outcome: "posted" });
    // 20 left: the same redemption again is the same entry, not "insufficient balance".
    expect(await post(redemption)).toEqual({
      outcome: "duplicate",
      entry: first.outcome === "posted" ? first.entry : null,
    });
    expect(await balance()).toBe(20);
  });

  it("refuses a member of another shop, whose balance stays as it was", async () => {
    await prisma.shop.create({ data: { domain: "other.myshopify.com" } });
    const other = await prisma.member.create({
      data: {
        shopDomain: "other.myshopify.com",
        customerId: "cust-9",
      },
    });
    expect(await post(entry({ memberId: other.id }))).toEqual({
      outcome: "rejected",
      reason: "unknown_member",
    });
    expect(
      (await prisma.member.findUniqueOrThrow({ where: { id: other.id } }))
        .balance,
    ).toBe(0);
    expect(await prisma.ledgerEntry.count()).toBe(0);
  });
});

// Prisma reports a trigger's RAISE(ABORT) as a constraint violation without its message, so
// each guard is shown to be the cause by the same write succeeding without the bad value.
describe("the database's own guards", () => {
  it("refuses to edit a ledger entry", async () => {
    const posted = await post(entry());
    if (posted.outcome !== "posted") throw new Error("expected a posted entry");
    await expect(
      prisma.ledgerEntry.update({
        where: { id: posted.entry.id },
        data: { points: 1_000 },
      }),
    ).rejects.toThrow();
    expect(
      await prisma.ledgerEntry.findUniqueOrThrow({
        where: { id: posted.entry.id },
      }),
    ).toMatchObject({ points: 100 });
  });

  it("refuses a zero entry and a negative balanceAfter", async () => {
    const row = {
      shopDomain: SHOP,
      memberId,
      kind: "order_award",
      sourceType: "order",
      sourceId: "x",
    };
    await expect(
      prisma.ledgerEntry.create({
        data: { ...row, points: 0, balanceAfter: 0, idempotencyKey: "k1" },
      }),
    ).rejects.toThrow();
    await expect(
      prisma.ledgerEntry.create({
        data: { ...row, points: -1, balanceAfter: -1, idempotencyKey: "k2" },
      }),
    ).rejects.toThrow();
    expect(await prisma.ledgerEntry.count()).toBe(0);
    await expect(
      prisma.ledgerEntry.create({
        data: { ...row, points: 1, balanceAfter: 1, idempotencyKey: "k3" },
      }),
    ).resolves.toBeTruthy();
    await prisma.ledgerEntry.deleteMany(); // written behind the model's back: not a real history
  });

  it("refuses a negative cached balance", async () => {
    await expect(
      prisma.member.update({ where: { id: memberId }, data: { balance: -1 } }),
    ).rejects.toThrow();
    await expect(
      prisma.member.update({ where: { id: memberId }, data: { balance: 1 } }),
    ).resolves.toMatchObject({ balance: 1 });
    await prisma.member.update({
      where: { id: memberId },
      data: { balance: 0 },
    });
  });
});

describe("inTransaction", () => {
  it("runs the work again when it lost a race on a unique key, and rolls back the loser", async () => {
    let attempts = 0;
    const result = await inTransaction(async (tx) => {
      attempts += 1;
      await tx.member.update({
        where: { id: memberId },
        data: { email: `attempt-${attempts}@example.com` },
      });
      if (attempts === 1)
        await tx.member.create({
          data: { shopDomain: SHOP, customerId: "cust-1" },
        });
      return attempts;
    });
    expect(result).toBe(2);
    expect(
      await prisma.member.findUniqueOrThrow({ where: { id: memberId } }),
    ).toMatchObject({ email: "attempt-2@example.com" });
  });

  it("does not retry other errors", async () => {
    let attempts = 0;
    await expect(
      inTransaction(async () => {
        attempts += 1;
        throw new Error("a bug");
      }),
    ).rejects.toThrow("a bug");
    expect(attempts).toBe(1);
  });
});
