import { afterEach, describe, expect, it } from "vitest";

import {
  buildCustomerFacts,
  buildOrderFacts,
  FIXED_NOW,
} from "~/../test/factories";
import * as clock from "~/clock.server";
import { expectLedgerConsistent } from "~/../test/ledger-invariants";
import { untilASessionWaitsOnALock } from "~/../test/postgres-lock-waits";
import { webhookFixture } from "~/../test/webhooks";
import prisma from "~/db.server";
import { postLedgerEntry } from "~/models/ledger.server";
import { lockMember } from "~/models/member.server";
import { recordOrderFacts } from "~/models/order-record.server";
import { databaseTakesParallelWriters } from "~/models/row-locks.server";
import { inTransaction } from "~/models/transaction.server";
import { installShop } from "~/services/install.server";
import { enrollCustomer } from "~/services/members.server";
import { applyTierSettings } from "~/services/tiers.server";
import {
  acceptVerifiedWebhook,
  drainWebhookInbox,
} from "~/webhooks/inbox.server";

/**
 * Paid orders processed together on PostgreSQL (ADR 0029, "Paid orders in batches"): what the
 * batch leaves to the per-order path, a batch that cannot commit, and two drains sharing members.
 * That the batch leaves the same rows as the per-order path: inbox-batch-equivalence.test.ts.
 */

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- fixtures are edited freely

const NOW = FIXED_NOW;
const customerId = (n: number) => String(7490000000000 + n);
const orderId = (n: number) => String(5920000000000 + n);

/** Order `n` of customer `customer`: one line of 40 EUR, no discount, paid an hour ago. */
function paidOrder(n: number, customer: number): Json {
  const base = webhookFixture<Json>("orders-paid");
  const money = {
    shop_money: { amount: "40.00", currency_code: "EUR" },
    presentment_money: { amount: "40.00", currency_code: "EUR" },
  };
  return {
    ...base,
    id: Number(orderId(n)),
    admin_graphql_api_id: `gid://shopify/Order/${orderId(n)}`,
    name: `#${3000 + n}`,
    email: `customer-${customer}@example.com`,
    customer: {
      ...base.customer,
      id: Number(customerId(customer)),
      admin_graphql_api_id: `gid://shopify/Customer/${customerId(customer)}`,
      email: `customer-${customer}@example.com`,
    },
    test: false,
    discount_codes: [],
    discount_applications: [],
    line_items: [
      {
        ...base.line_items[1],
        id: 15200000000000 + n,
        admin_graphql_api_id: `gid://shopify/LineItem/${15200000000000 + n}`,
        price: "40.00",
        price_set: money,
        quantity: 1,
        discount_allocations: [],
        tax_lines: [],
      },
    ],
    subtotal_price_set: money,
    total_tip_received: "0.00",
    financial_status: "paid",
    processed_at: new Date(NOW.getTime() - 3_600_000).toISOString(),
    cancelled_at: null,
  };
}

async function storeOrders(shop: string, orders: [number, number][]) {
  for (const [i, [n, customer]] of orders.entries())
    await acceptVerifiedWebhook(
      {
        shopDomain: shop,
        topic: "orders/paid",
        eventId: `paid-${n}`,
        webhookId: `webhook-${n}`,
        apiVersion: "2026-07",
        triggeredAt: null,
        body: JSON.stringify(paidOrder(n, customer)),
      },
      new Date(NOW.getTime() - 60_000 + i),
    );
}

/** Each order's award entries: exactly one per order is what "once" means. */
async function awardsByOrder(shop: string) {
  const entries = await prisma.ledgerEntry.findMany({
    where: { shopDomain: shop, kind: "order_award" },
  });
  const counts = new Map<string, number>();
  for (const entry of entries)
    counts.set(entry.sourceId, (counts.get(entry.sourceId) ?? 0) + 1);
  return counts;
}

async function inboxStatuses(shop: string) {
  const rows = await prisma.webhookInbox.findMany({
    where: { shopDomain: shop },
  });
  return [...new Set(rows.map((row) => row.status))];
}

afterEach(async () => {
  await expectLedgerConsistent(prisma);
});

describe.runIf(databaseTakesParallelWriters)("paid orders together", () => {
  const now = () => NOW;

  it("awards a customer's orders of one batch one after the other, each once", async () => {
    const shop = "together-plain.myshopify.com";
    await installShop(shop, NOW);
    // Three orders of customer 1, two of customer 2, one of customer 3.
    await storeOrders(shop, [
      [1, 1],
      [2, 2],
      [3, 1],
      [4, 3],
      [5, 1],
      [6, 2],
    ]);

    const totals = await drainWebhookInbox({ now });

    expect(totals).toMatchObject({ processed: 6, batched: 6, failed: 0 });
    expect([...(await awardsByOrder(shop)).values()]).toEqual([
      1, 1, 1, 1, 1, 1,
    ]);
    const first = await prisma.member.findFirstOrThrow({
      where: { shopDomain: shop, customerId: customerId(1) },
      include: { ledgerEntries: { orderBy: { createdAt: "asc" } } },
    });
    // In arrival order, each entry after the one before (1 ms apart at one clock reading).
    expect(
      first.ledgerEntries.map((entry) => [entry.sourceId, entry.balanceAfter]),
    ).toEqual([
      [orderId(1), 40],
      [orderId(3), 80],
      [orderId(5), 120],
    ]);
    expect(
      first.ledgerEntries.map((e) => e.createdAt.getTime() - NOW.getTime()),
    ).toEqual([0, 1, 2]);
    expect(first.balance).toBe(120);
    expect(await inboxStatuses(shop)).toEqual(["processed"]);
  });

  it("leaves a customer's second order to the per-order path in a shop with tiers", async () => {
    const shop = "together-tiers.myshopify.com";
    await installShop(shop, NOW);
    await applyTierSettings(
      shop,
      {
        basis: "points_earned",
        window: "lifetime",
        tiers: [{ nameEn: "Silver", threshold: 50, earnMultiplier: 2 }],
      },
      NOW,
    );
    await storeOrders(shop, [
      [11, 1],
      [12, 1],
      [13, 2],
    ]);

    const totals = await drainWebhookInbox({ now });

    expect(totals).toMatchObject({ processed: 3, batched: 2, failed: 0 });
    const member = await prisma.member.findFirstOrThrow({
      where: { shopDomain: shop, customerId: customerId(1) },
    });
    // 40 at the base rate reach no tier; the second order alone earns 40 more, then Silver.
    expect(member.balance).toBe(80);
    expect(
      await prisma.memberTier.findUnique({ where: { memberId: member.id } }),
    ).toMatchObject({ tierId: expect.any(String) });
  });

  it("prices an order by the tier another transaction gave the member while the batch waited for it", async () => {
    const shop = "together-tier-race.myshopify.com";
    await installShop(shop, NOW);
    await applyTierSettings(
      shop,
      {
        basis: "points_earned",
        window: "lifetime",
        tiers: [{ nameEn: "Gold", threshold: 10_000, earnMultiplier: 2 }],
      },
      NOW,
    );
    const { memberId } = await enrollCustomer(
      shop,
      buildCustomerFacts({ customerId: customerId(1) }),
      NOW,
    );
    const gold = await prisma.tier.findFirstOrThrow({
      where: { shopDomain: shop },
    });
    await storeOrders(shop, [[31, 1]]);
    let locked!: () => void;
    const memberLocked = new Promise<void>((resolve) => (locked = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    // Another transaction holds the member and gives it Gold (as a tier review would).
    const review = inTransaction(async (tx) => {
      await tx.$executeRaw`SELECT 1 FROM "Member" WHERE "id" = ${memberId} FOR UPDATE`;
      locked();
      await released;
      await tx.memberTier.create({
        data: {
          shopDomain: shop,
          memberId: memberId!,
          tierId: gold.id,
          achievedAt: NOW,
        },
      });
    });
    await memberLocked;
    const drain = drainWebhookInbox({ now });
    await untilASessionWaitsOnALock(prisma);
    release();
    await review;

    expect(await drain).toMatchObject({ processed: 1, batched: 1 });
    // 40 EUR at the Gold multiplier: the tier read after the member's lock, not before.
    expect(
      await prisma.member.findUniqueOrThrow({ where: { id: memberId! } }),
    ).toMatchObject({ balance: 80 });
  });

  it("records an order before locking its member, as a single order does: a reconciliation of the same order never waits on the batch", async () => {
    const shop = "together-reconciled.myshopify.com";
    await installShop(shop, NOW);
    const { memberId } = await enrollCustomer(
      shop,
      buildCustomerFacts({ customerId: customerId(1) }),
      NOW,
    );
    await storeOrders(shop, [[51, 1]]);
    let recorded!: () => void;
    const orderRecorded = new Promise<void>((resolve) => (recorded = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    // A single order's steps (a reconciliation of order 51): its record, then its member. It may
    // wait for the member no longer than PostgreSQL waits before looking for a deadlock (1 s):
    // a batch holding the member while it waits for this record would make it time out.
    const single = prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SET LOCAL lock_timeout = '500ms'`;
      await recordOrderFacts(
        tx,
        shop,
        buildOrderFacts({ orderId: orderId(51), customerId: customerId(1) }),
        NOW,
      );
      recorded();
      await released;
      await lockMember(tx, memberId!);
    });
    await orderRecorded;
    const drain = drainWebhookInbox({ now });
    await untilASessionWaitsOnALock(prisma);
    release();
    await single;

    // The batch found the order recorded once it could look again, and left it to the order's
    // own path, which awarded it.
    expect(await drain).toMatchObject({ processed: 1, batched: 0, failed: 0 });
    expect(Object.fromEntries(await awardsByOrder(shop))).toEqual({
      [orderId(51)]: 1,
    });
  });

  it("undoes a batch that cannot be written and settles each of its orders alone", async () => {
    const shop = "together-undone.myshopify.com";
    await installShop(shop, NOW);
    // An award entry for order 21 with no order record: the batch's write of it finds the key
    // taken, so the whole batch is undone; alone, the order finds its award posted already.
    const { memberId } = await enrollCustomer(
      shop,
      buildCustomerFacts({ customerId: customerId(1) }),
      NOW,
    );
    await inTransaction((tx) =>
      postLedgerEntry(tx, {
        shopDomain: shop,
        memberId: memberId!,
        kind: "order_award",
        points: 40,
        sourceType: "order",
        sourceId: orderId(21),
        recordedAt: NOW,
      }),
    );
    await storeOrders(shop, [
      [21, 1],
      [22, 2],
      [23, 3],
    ]);

    const totals = await drainWebhookInbox({ now });

    expect(totals).toMatchObject({ processed: 3, batched: 0, failed: 0 });
    expect(Object.fromEntries(await awardsByOrder(shop))).toEqual({
      [orderId(21)]: 1,
      [orderId(22)]: 1,
      [orderId(23)]: 1,
    });
    expect(
      await prisma.orderRecord.count({
        where: { shopDomain: shop, status: "awarded" },
      }),
    ).toBe(3);
    expect(await inboxStatuses(shop)).toEqual(["processed"]);
  });

  it("lets two drains at once share customers: every order awarded once, no deadlock", async () => {
    const shop = "together-race.myshopify.com";
    await installShop(shop, NOW);
    // 300 orders of 12 customers: every batch of either drain shares members with the other's.
    await storeOrders(
      shop,
      Array.from({ length: 300 }, (_, i): [number, number] => [
        100 + i,
        i % 12,
      ]),
    );

    const [one, two] = await Promise.all([
      drainWebhookInbox({ now, claimer: "instance-1" }),
      drainWebhookInbox({ now, claimer: "instance-2" }),
    ]);

    expect(one.processed + two.processed).toBe(300);
    expect(one.failed + two.failed + one.retried + two.retried).toBe(0);
    // No batch failed (a deadlock would have sent its orders to the per-order path).
    expect(one.batched + two.batched).toBe(300);
    const awards = await awardsByOrder(shop);
    expect(awards.size).toBe(300);
    expect([...awards.values()].every((n) => n === 1)).toBe(true);
    const balances = await prisma.member.aggregate({
      where: { shopDomain: shop },
      _sum: { balance: true },
    });
    expect(balances._sum.balance).toBe(300 * 40);
    expect(await inboxStatuses(shop)).toEqual(["processed"]);
  });

  it("keeps its claims while its batch waits past their lease: the heartbeat renews them", async () => {
    const shop = "together-lease.myshopify.com";
    await installShop(shop, NOW);
    const { memberId } = await enrollCustomer(
      shop,
      buildCustomerFacts({ customerId: customerId(1) }),
      NOW,
    );
    await storeOrders(shop, [
      [41, 1],
      [42, 2],
    ]);
    let locked!: () => void;
    const memberLocked = new Promise<void>((resolve) => (locked = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    // Another transaction holds the member: the batch waits for it, holding its claims.
    const holder = inTransaction(async (tx) => {
      await tx.$executeRaw`SELECT 1 FROM "Member" WHERE "id" = ${memberId} FOR UPDATE`;
      locked();
      await released;
    });
    await memberLocked;
    const leaseMs = 200;
    // The machine's clock (the drain's default): leases run out in real time here.
    const first = drainWebhookInbox({ claimer: "a", leaseMs });
    await untilASessionWaitsOnALock(prisma);
    // Three leases later, the claims are still the first drain's, their leases renewed: no other
    // drain could take them.
    await new Promise((resolve) => setTimeout(resolve, 3 * leaseMs));
    const rows = await prisma.webhookInbox.findMany({
      where: { shopDomain: shop },
    });
    const checkedAt = clock.now().getTime();
    release();
    await holder;

    expect(rows.map((row) => row.claimedBy)).toEqual(["a", "a"]);
    for (const row of rows)
      expect(row.leaseUntil!.getTime()).toBeGreaterThan(checkedAt);
    expect(await first).toMatchObject({ processed: 2, batched: 2 });
    expect((await awardsByOrder(shop)).size).toBe(2);
  });
});
