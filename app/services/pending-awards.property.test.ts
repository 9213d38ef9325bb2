import fc from "fast-check";
import { describe, expect, it } from "vitest";

import prisma from "~/db.server";
import { type AwardTiming } from "~/loyalty/earning-rules";
import { listEarningRules } from "~/models/earning-rules.server";
import { saveEarningRule } from "~/services/earning-rules.server";
import { installShop } from "~/services/install.server";
import {
  awardPointsForOrder,
  recordOrderFulfilled,
  reversePointsForCancellation,
  reversePointsForRefund,
} from "~/services/orders.server";
import {
  getPendingPoints,
  postDuePendingAwards,
} from "~/services/pending-awards.server";
import {
  buildOrderFacts,
  buildOrderLine,
  buildRefundFacts,
  FIXED_NOW,
} from "test/factories";
import { expectLedgerConsistent } from "test/ledger-invariants";

/**
 * Award timing never changes what a shopper ends up with: the same order, refunds, fulfilment and
 * cancellation, in any order and at any time, leave a shop that awards on payment and a shop that
 * awards on fulfilment or after a delay with the same points, and at every step the delayed shop's
 * posted plus pending points equal the first shop's balance.
 */

type Event =
  | { kind: "refund"; units: number[] }
  | { kind: "fulfil" }
  | { kind: "cancel" }
  | { kind: "tick"; hours: number };

const eventArb: fc.Arbitrary<Event> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("refund" as const),
      units: fc.array(fc.nat(3), { minLength: 3, maxLength: 3 }),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: "fulfil" as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: "cancel" as const }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("tick" as const),
      hours: fc.integer({ min: 1, max: 30 }),
    }),
  },
);

const timingArb: fc.Arbitrary<AwardTiming> = fc.oneof(
  fc.constant({ when: "fulfilled" as const }),
  fc.record({
    when: fc.constant("after_payment" as const),
    delay: fc.integer({ min: 1, max: 48 }),
    unit: fc.constant("hours" as const),
  }),
);

let run = 0;

async function shopWithTiming(
  name: string,
  timing: AwardTiming,
  bonus: boolean,
) {
  await installShop(name);
  const [stored] = await listEarningRules(prisma, name);
  const saved = await saveEarningRule(name, stored.rule.id, {
    type: "place_order",
    name: "Orders",
    earnPoints: 3,
    earnPerAmount: 2,
    bonuses: bonus ? [{ productIds: ["product-b"], pointsPerItem: 7 }] : [],
    timing,
  });
  if (!saved.ok) throw new Error(JSON.stringify(saved));
}

async function pointsOf(shop: string) {
  const member = await prisma.member.findUnique({
    where: { shopCustomer: { shopDomain: shop, customerId: "cust-1" } },
  });
  if (!member) return { balance: 0, pending: 0 };
  return {
    balance: member.balance,
    pending: await getPendingPoints(member.id),
  };
}

describe("award timing (property)", () => {
  it("never changes the final points, and posted + pending always equals the points of a shop that awards on payment", async () => {
    await fc.assert(
      fc.asyncProperty(
        timingArb,
        fc.array(fc.integer({ min: 1, max: 3 }), {
          minLength: 3,
          maxLength: 3,
        }),
        fc.array(fc.integer({ min: 1_000, max: 90_000 }), {
          minLength: 3,
          maxLength: 3,
        }),
        fc.boolean(),
        fc.array(eventArb, { maxLength: 8 }),
        async (timing, quantities, prices, bonus, events) => {
          run += 1;
          const paidShop = `paid-${run}.myshopify.com`;
          const laterShop = `later-${run}.myshopify.com`;
          await shopWithTiming(paidShop, { when: "paid" }, bonus);
          await shopWithTiming(laterShop, timing, bonus);
          const lines = quantities.map((quantity, i) =>
            buildOrderLine({
              lineId: `l${i}`,
              productId: i === 1 ? "product-b" : `product-${i}`,
              quantity,
              unitPrice: prices[i],
            }),
          );
          const order = buildOrderFacts({ lines, paidAt: FIXED_NOW });
          let now = FIXED_NOW;
          for (const shop of [paidShop, laterShop])
            await awardPointsForOrder(shop, order, { now });

          const refunded = [0, 0, 0];
          let refundCount = 0;
          const check = async () => {
            const paid = await pointsOf(paidShop);
            const later = await pointsOf(laterShop);
            expect(paid.pending).toBe(0);
            expect(later.balance + later.pending).toBe(paid.balance);
          };
          for (const event of events) {
            if (event.kind === "tick") {
              now = new Date(now.getTime() + event.hours * 3_600_000);
              await postDuePendingAwards(now);
            } else if (event.kind === "fulfil") {
              for (const shop of [paidShop, laterShop])
                await recordOrderFulfilled(
                  shop,
                  { ...order, fulfilledAt: now },
                  { now },
                );
            } else if (event.kind === "cancel") {
              for (const shop of [paidShop, laterShop])
                await reversePointsForCancellation(
                  shop,
                  { ...order, cancelledAt: now },
                  { now },
                );
            } else {
              const refundLines = event.units
                .map((units, i) => ({
                  i,
                  units: Math.min(units, quantities[i] - refunded[i]),
                }))
                .filter((line) => line.units > 0)
                .map((line) => {
                  refunded[line.i] += line.units;
                  return {
                    lineId: `l${line.i}`,
                    quantity: line.units,
                    subtotal: line.units * prices[line.i],
                    tax: 0,
                    giftCard: false,
                  };
                });
              if (refundLines.length === 0) continue;
              refundCount += 1;
              const refund = buildRefundFacts({
                refundId: `r${refundCount}`,
                lines: refundLines,
                createdAt: now,
              });
              for (const shop of [paidShop, laterShop])
                await reversePointsForRefund(shop, refund, { now });
            }
            await check();
          }
          // Whatever was still waiting comes due.
          now = new Date(now.getTime() + 60 * 24 * 3_600_000);
          for (const shop of [paidShop, laterShop])
            await recordOrderFulfilled(
              shop,
              { ...order, fulfilledAt: now },
              { now },
            );
          await postDuePendingAwards(now);
          const paid = await pointsOf(paidShop);
          expect(await pointsOf(laterShop)).toEqual({
            balance: paid.balance,
            pending: 0,
          });
          await expectLedgerConsistent(prisma);
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);
});
