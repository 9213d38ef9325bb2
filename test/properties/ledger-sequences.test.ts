import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";

import prisma from "~/db.server";
import { postLedgerEntry } from "~/models/ledger.server";
import { inTransaction } from "~/models/transaction.server";
import { runExpirySweep, saveExpirySettings } from "~/services/expiry.server";
import { installShop } from "~/services/install.server";
import {
  awardPointsForOrder,
  recordOrderFulfilled,
  reversePointsForCancellation,
  reversePointsForRefund,
} from "~/services/orders.server";
import { applyTierSettings, reviewTiers } from "~/services/tiers.server";
import { type OrderFacts } from "~/loyalty/types";
import {
  buildOrderFacts,
  buildOrderLine,
  buildRefundFacts,
  buildRefundLine,
} from "../factories";
import { expectLedgerConsistent } from "../ledger-invariants";
import { slowTestTimeout } from "../database";

/**
 * Random sequences of what happens to a shop, run through the real services on SQLite: orders,
 * partial refunds, cancellations, fulfilments, expiry sweeps, redemptions (debits), tier reviews
 * and clock jumps across time zones and daylight-saving changes. After every sequence the ledger
 * invariants hold (balance = sum of entries, never negative, reversals never beyond their award,
 * unique keys), and after every step no balance is negative.
 */

const SHOP = "properties.myshopify.com";
const CUSTOMERS = ["c1", "c2", "c3"];
const ZONES = [
  "Europe/Paris",
  "America/New_York",
  "Australia/Sydney",
  "UTC",
  "Pacific/Auckland",
];
// Starts just before a daylight-saving change somewhere.
const STARTS = [
  "2026-03-07T20:00:00Z",
  "2026-03-28T22:00:00Z",
  "2026-10-24T23:30:00Z",
  "2026-04-04T12:00:00Z",
  "2026-12-31T22:00:00Z",
];

type Step =
  | { kind: "order"; customer: number; quantity: number; unitPrice: number }
  | { kind: "refund"; order: number; quantity: number; amountShare: number }
  | { kind: "cancel"; order: number }
  | { kind: "fulfil"; order: number }
  | { kind: "redeem"; customer: number; points: number }
  | { kind: "sweep" }
  | { kind: "review" }
  | { kind: "jump"; ms: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant("order" as const),
      customer: fc.nat(2),
      quantity: fc.integer({ min: 1, max: 4 }),
      unitPrice: fc.integer({ min: 1, max: 90 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("refund" as const),
      order: fc.nat(30),
      quantity: fc.integer({ min: 1, max: 2 }),
      amountShare: fc.integer({ min: 1, max: 100 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("cancel" as const),
      order: fc.nat(30),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("fulfil" as const),
      order: fc.nat(30),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("redeem" as const),
      customer: fc.nat(2),
      points: fc.integer({ min: 1, max: 300 }),
    }),
  },
  { weight: 2, arbitrary: fc.constant({ kind: "sweep" as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: "review" as const }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("jump" as const),
      ms: fc.integer({ min: 60_000, max: 120 * 86_400_000 }),
    }),
  },
);

const scenarioArb = fc.record({
  zone: fc.constantFrom(...ZONES),
  start: fc.constantFrom(...STARTS),
  policy: fc.constantFrom(
    "none" as const,
    "inactivity" as const,
    "per_lot" as const,
  ),
  months: fc.integer({ min: 1, max: 3 }),
  tierWindow: fc.constantFrom(
    "lifetime" as const,
    "calendar_year" as const,
    "rolling_12_months" as const,
  ),
  steps: fc.array(stepArb, { minLength: 5, maxLength: 40 }),
});

interface PlacedOrder {
  facts: OrderFacts;
  remaining: number;
  cancelled: boolean;
  refunds: number;
}

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

async function runScenario(scenario: Scenario): Promise<void> {
  vi.setSystemTime(new Date(scenario.start));
  await prisma.shop.deleteMany();
  await installShop(SHOP);
  await prisma.shop.update({
    where: { domain: SHOP },
    data: { ianaTimezone: scenario.zone },
  });
  await saveExpirySettings(SHOP, {
    policy: scenario.policy,
    months: scenario.months,
    expiringSoonDays: 7,
  });
  await applyTierSettings(
    SHOP,
    {
      basis: "points_earned",
      window: scenario.tierWindow,
      tiers: [
        { nameEn: "Silver", threshold: 100, entryBonus: 10 },
        { nameEn: "Gold", threshold: 400, earnMultiplier: 2, entryBonus: 25 },
      ],
    },
    new Date(),
  );
  const orders: PlacedOrder[] = [];
  let counter = 0;

  for (const step of scenario.steps) {
    counter += 1;
    const now = new Date();
    switch (step.kind) {
      case "order": {
        const orderId = `o${counter}`;
        const facts = buildOrderFacts({
          orderId,
          customerId: CUSTOMERS[step.customer],
          paidAt: now,
          shipping: 0,
          lines: [
            buildOrderLine({
              lineId: `${orderId}-l`,
              quantity: step.quantity,
              unitPrice: step.unitPrice * 1000,
            }),
          ],
        });
        await awardPointsForOrder(SHOP, facts, { now });
        orders.push({
          facts,
          remaining: step.quantity,
          cancelled: false,
          refunds: 0,
        });
        break;
      }
      case "refund": {
        const order = orders[step.order % Math.max(1, orders.length)];
        if (!order || order.cancelled || order.remaining === 0) break;
        const quantity = Math.min(step.quantity, order.remaining);
        order.remaining -= quantity;
        order.refunds += 1;
        const unit = order.facts.lines[0].unitPrice;
        await reversePointsForRefund(
          SHOP,
          buildRefundFacts({
            refundId: `${order.facts.orderId}-r${order.refunds}`,
            orderId: order.facts.orderId,
            lines: [
              buildRefundLine({
                lineId: order.facts.lines[0].lineId,
                quantity,
                subtotal: Math.floor(
                  (unit * quantity * step.amountShare) / 100,
                ),
              }),
            ],
            createdAt: now,
          }),
        );
        break;
      }
      case "cancel": {
        const order = orders[step.order % Math.max(1, orders.length)];
        if (!order || order.cancelled) break;
        order.cancelled = true;
        await reversePointsForCancellation(
          SHOP,
          { ...order.facts, cancelledAt: now },
          { now },
        );
        break;
      }
      case "fulfil": {
        const order = orders[step.order % Math.max(1, orders.length)];
        if (!order || order.cancelled) break;
        await recordOrderFulfilled(
          SHOP,
          { ...order.facts, fulfilledAt: now },
          { now },
        );
        break;
      }
      case "redeem": {
        const member = await prisma.member.findUnique({
          where: {
            shopCustomer: {
              shopDomain: SHOP,
              customerId: CUSTOMERS[step.customer],
            },
          },
        });
        if (!member) break;
        // May ask for more than the balance: the guarded debit must refuse it, never go below zero.
        const result = await inTransaction((tx) =>
          postLedgerEntry(tx, {
            shopDomain: SHOP,
            memberId: member.id,
            kind: "redemption",
            points: -step.points,
            sourceType: "redemption",
            sourceId: `r${counter}`,
            recordedAt: now,
          }),
        );
        expect(
          result.outcome === "posted" ||
            (result.outcome === "rejected" &&
              result.reason === "insufficient_balance"),
        ).toBe(true);
        if (result.outcome === "rejected")
          expect(step.points).toBeGreaterThan(member.balance);
        break;
      }
      case "sweep":
        await runExpirySweep(SHOP, now);
        // A second sweep at the same moment posts nothing (idempotent).
        expect((await runExpirySweep(SHOP, now)).entries).toBe(0);
        break;
      case "review":
        await reviewTiers(SHOP, now);
        break;
      case "jump":
        vi.setSystemTime(new Date(now.getTime() + step.ms));
        break;
    }
    const negative = await prisma.member.count({
      where: { balance: { lt: 0 } },
    });
    expect(negative).toBe(0);
  }
  await expectLedgerConsistent(prisma);
  for (const entry of await prisma.ledgerEntry.findMany({
    select: { kind: true },
  }))
    seen.add(entry.kind);
}

/** Which entry kinds the runs produced: the property is only worth something if they all occur. */
const seen = new Set<string>();

afterEach(() => {
  vi.useRealTimers();
});

describe("ledger under random sequences", () => {
  it(
    "balance = sum of posted entries, never negative, reversals never beyond awards, expiry idempotent",
    { timeout: slowTestTimeout(120_000) },
    async () => {
      vi.useFakeTimers({ toFake: ["Date"] });
      await fc.assert(fc.asyncProperty(scenarioArb, runScenario), {
        numRuns: 100,
        seed: 20261123,
      });
      expect([...seen].sort()).toEqual([
        "cancellation_reversal",
        "expiry",
        "order_award",
        "redemption",
        "refund_reversal",
        "tier_bonus",
      ]);
    },
  );
});
