import fc from "fast-check";
import { describe, expect, it } from "vitest";

import {
  type KnownRefund,
  planOrderReversals,
  refundedEligibleAmount,
  reversalTarget,
} from "~/loyalty/reversal";
import {
  type AwardSnapshot,
  type RefundFacts,
  type RefundLine,
} from "~/loyalty/types";

const now = new Date("2026-11-23T10:00:00Z");

// 3 mugs at 10.00 (30.00 eligible) and a 40.00 lamp: 70.00 → 70 points at 1 per unit.
const snapshot: AwardSnapshot = {
  version: 1,
  currencyCode: "EUR",
  eligibleAmount: 70_000,
  earnPoints: 1,
  earnPerAmount: 1,
  points: 70,
  lines: [
    { lineId: "mug", quantity: 3, eligibleAmount: 30_000 },
    { lineId: "lamp", quantity: 1, eligibleAmount: 40_000 },
  ],
};

function refundLine(
  lineId: string,
  quantity: number,
  overrides: Partial<RefundLine> = {},
): RefundLine {
  return {
    lineId,
    quantity,
    subtotal: 0,
    tax: 0,
    giftCard: false,
    ...overrides,
  };
}

function refund(
  refundId: string,
  lines: RefundLine[],
  otherAmount = 0,
  minutes = 0,
): RefundFacts {
  return {
    refundId,
    orderId: "1001",
    lines,
    otherAmount,
    createdAt: new Date(now.getTime() + minutes * 60_000),
  };
}

const pending = (r: RefundFacts): KnownRefund => ({
  refund: r,
  reversed: null,
});

describe("refundedEligibleAmount", () => {
  it("counts each refunded unit for its share of the line's eligible amount", () => {
    expect(
      refundedEligibleAmount(snapshot, [refund("r1", [refundLine("mug", 1)])]),
    ).toBe(10_000);
  });

  it("gives the rounding remainder to the last unit, so a whole line refunds exactly", () => {
    const odd: AwardSnapshot = {
      ...snapshot,
      eligibleAmount: 10_000,
      lines: [{ lineId: "mug", quantity: 3, eligibleAmount: 10_000 }],
    };
    const one = [refund("r1", [refundLine("mug", 1)])];
    const all = [
      refund("r1", [refundLine("mug", 1)]),
      refund("r2", [refundLine("mug", 1)]),
      refund("r3", [refundLine("mug", 1)]),
    ];
    expect(refundedEligibleAmount(odd, one)).toBe(3_333);
    expect(refundedEligibleAmount(odd, all)).toBe(10_000);
  });

  it("ignores lines that were not eligible at award time and gift cards", () => {
    expect(
      refundedEligibleAmount(snapshot, [
        refund("r1", [
          refundLine("gift-card", 1),
          refundLine("lamp", 1, { giftCard: true }),
        ]),
      ]),
    ).toBe(0);
  });

  it("counts amounts refunded outside any line", () => {
    expect(refundedEligibleAmount(snapshot, [refund("r1", [], 5_500)])).toBe(
      5_500,
    );
  });

  it("caps units at what was bought and the total at the eligible amount", () => {
    expect(
      refundedEligibleAmount(snapshot, [refund("r1", [refundLine("mug", 5)])]),
    ).toBe(30_000);
    expect(
      refundedEligibleAmount(snapshot, [
        refund("r1", [refundLine("lamp", 1)], 99_000),
      ]),
    ).toBe(70_000);
  });
});

describe("reversalTarget", () => {
  it("is floor(points × refunded / eligible), and everything after a cancellation", () => {
    expect(reversalTarget(snapshot, 10_000, false)).toBe(10);
    expect(reversalTarget(snapshot, 9_999, false)).toBe(9);
    expect(reversalTarget(snapshot, 0, true)).toBe(70);
  });

  it("is zero for an award with no eligible amount", () => {
    expect(
      reversalTarget(
        { ...snapshot, eligibleAmount: 0, points: 0, lines: [] },
        5_000,
        false,
      ),
    ).toBe(0);
  });

  it("uses the rate of the snapshot, not today's", () => {
    const doubled = { ...snapshot, earnPoints: 2, points: 140 };
    expect(reversalTarget(doubled, 35_000, false)).toBe(70);
  });
});

describe("planOrderReversals", () => {
  it("reverses a partial refund in proportion", () => {
    const plan = planOrderReversals({
      snapshot,
      refunds: [pending(refund("r1", [refundLine("lamp", 1)]))],
      cancellation: null,
      spendable: 70,
    });
    expect(plan).toEqual({
      reversals: [{ kind: "refund_reversal", refundId: "r1", points: 40 }],
      shortfall: 0,
      steps: [
        {
          kind: "refund_reversal",
          refundId: "r1",
          wanted: 40,
          taken: 40,
          owedAfter: 0,
        },
      ],
    });
  });

  it("takes only the new part for a second refund", () => {
    const plan = planOrderReversals({
      snapshot,
      refunds: [
        { refund: refund("r1", [refundLine("mug", 1)]), reversed: 10 },
        pending(refund("r2", [refundLine("mug", 2)], 0, 5)),
      ],
      cancellation: null,
      spendable: 60,
    });
    expect(plan.reversals).toEqual([
      { kind: "refund_reversal", refundId: "r2", points: 20 },
    ]);
  });

  it("takes what remains on cancellation", () => {
    const plan = planOrderReversals({
      snapshot,
      refunds: [
        { refund: refund("r1", [refundLine("lamp", 1)]), reversed: 40 },
      ],
      cancellation: { reversed: null },
      spendable: 30,
    });
    expect(plan.reversals).toEqual([
      { kind: "cancellation_reversal", points: 30 },
    ]);
  });

  it("posts refunds in proportion before the cancellation takes the rest when both are pending", () => {
    const plan = planOrderReversals({
      snapshot,
      refunds: [pending(refund("r1", [refundLine("mug", 1)]))],
      cancellation: { reversed: null },
      spendable: 70,
    });
    expect(plan.reversals).toEqual([
      { kind: "refund_reversal", refundId: "r1", points: 10 },
      { kind: "cancellation_reversal", points: 60 },
    ]);
  });

  it("writes nothing when nothing more is due (no zero entries)", () => {
    const plan = planOrderReversals({
      snapshot,
      refunds: [
        { refund: refund("r1", [refundLine("lamp", 1)]), reversed: 40 },
      ],
      cancellation: { reversed: 30 },
      spendable: 0,
    });
    expect(plan).toEqual({ reversals: [], shortfall: 0, steps: [] });
  });

  it("clamps to the spendable balance and reports the shortfall", () => {
    const plan = planOrderReversals({
      snapshot,
      refunds: [pending(refund("r1", [refundLine("lamp", 1)]))],
      cancellation: null,
      spendable: 15,
    });
    expect(plan).toEqual({
      reversals: [{ kind: "refund_reversal", refundId: "r1", points: 15 }],
      shortfall: 25,
      // The history's trace: 40 wanted, 15 taken, 25 still owed by the order.
      steps: [
        {
          kind: "refund_reversal",
          refundId: "r1",
          wanted: 40,
          taken: 15,
          owedAfter: 25,
        },
      ],
    });
  });

  it("collects a clamped shortfall with the next reversal of the same order", () => {
    const plan = planOrderReversals({
      snapshot,
      refunds: [
        { refund: refund("r1", [refundLine("lamp", 1)]), reversed: 15 },
        pending(refund("r2", [refundLine("mug", 1)], 0, 5)),
      ],
      cancellation: null,
      spendable: 100,
    });
    // Target after both: 50. Already reversed 15. The second refund takes 35 (its own 10 plus 25 owed).
    expect(plan).toEqual({
      reversals: [{ kind: "refund_reversal", refundId: "r2", points: 35 }],
      shortfall: 0,
      steps: [
        {
          kind: "refund_reversal",
          refundId: "r2",
          wanted: 35,
          taken: 35,
          owedAfter: 0,
        },
      ],
    });
  });

  it("records a refund that could take nothing as a step with nothing taken", () => {
    const plan = planOrderReversals({
      snapshot,
      refunds: [pending(refund("r1", [refundLine("lamp", 1)]))],
      cancellation: { reversed: null },
      spendable: 0,
    });
    expect(plan.reversals).toEqual([]);
    expect(plan.steps).toEqual([
      {
        kind: "refund_reversal",
        refundId: "r1",
        wanted: 40,
        taken: 0,
        owedAfter: 40,
      },
      { kind: "cancellation_reversal", wanted: 70, taken: 0, owedAfter: 70 },
    ]);
  });

  it("lets a refund after a posted cancellation collect what the cancellation could not", () => {
    const plan = planOrderReversals({
      snapshot,
      refunds: [pending(refund("r1", [refundLine("mug", 1)]))],
      cancellation: { reversed: 50 },
      spendable: 100,
    });
    expect(plan.reversals).toEqual([
      { kind: "refund_reversal", refundId: "r1", points: 20 },
    ]);
  });

  it("never plans beyond the award, even from inconsistent history", () => {
    const plan = planOrderReversals({
      snapshot,
      refunds: [
        { refund: refund("r1", [refundLine("lamp", 1)]), reversed: 80 },
        pending(refund("r2", [refundLine("mug", 3)], 0, 5)),
      ],
      cancellation: { reversed: null },
      spendable: 100,
    });
    expect(plan.reversals).toEqual([]);
  });
});

describe("partial refunds in any order", () => {
  const arbitrarySnapshot = fc
    .array(
      fc.record({
        quantity: fc.integer({ min: 1, max: 5 }),
        eligibleAmount: fc.integer({ min: 0, max: 500_000 }),
      }),
      {
        minLength: 1,
        maxLength: 4,
      },
    )
    .chain((lines) => {
      const eligibleAmount = lines.reduce(
        (sum, l) => sum + l.eligibleAmount,
        0,
      );
      return fc.record({
        lines: fc.constant(lines.map((l, i) => ({ lineId: `L${i}`, ...l }))),
        eligibleAmount: fc.constant(eligibleAmount),
        rate: fc.record({
          earnPoints: fc.integer({ min: 1, max: 10 }),
          earnPerAmount: fc.integer({ min: 1, max: 5 }),
        }),
      });
    })
    .map(({ lines, eligibleAmount, rate }): AwardSnapshot => ({
      version: 1,
      currencyCode: "EUR",
      eligibleAmount,
      ...rate,
      points: Math.floor(
        (eligibleAmount * rate.earnPoints) / (rate.earnPerAmount * 1000),
      ),
      lines,
    }));

  const arbitraryCase = arbitrarySnapshot.chain((snap) =>
    fc.record({
      snapshot: fc.constant(snap),
      refunds: fc.array(
        fc.record({
          lines: fc.array(
            fc.record({
              index: fc.integer({ min: 0, max: snap.lines.length - 1 }),
              quantity: fc.integer({ min: 0, max: 3 }),
            }),
            { maxLength: 3 },
          ),
          otherAmount: fc.integer({ min: 0, max: 20_000 }),
        }),
        { minLength: 1, maxLength: 5 },
      ),
      arrival: fc.array(fc.nat(), { minLength: 5, maxLength: 5 }),
      cancelAt: fc.option(fc.nat({ max: 5 }), { nil: null }),
    }),
  );

  it("reverse the same total whatever order they arrive in, never beyond the award", () => {
    fc.assert(
      fc.property(
        arbitraryCase,
        ({ snapshot: snap, refunds: specs, arrival, cancelAt }) => {
          const refunds = specs.map((spec, i) =>
            refund(
              `r${i}`,
              spec.lines.map((l) =>
                refundLine(snap.lines[l.index].lineId, l.quantity),
              ),
              spec.otherAmount,
              i,
            ),
          );
          // Deliver in a shuffled order, settling after each arrival (the cancellation too, if any).
          const order = refunds
            .map((r, i) => ({ r, key: arrival[i] }))
            .sort((a, b) => a.key - b.key)
            .map((x) => x.r);
          const reversedByRefund = new Map<string, number>();
          let cancellation: { reversed: number | null } | null = null;
          let total = 0;
          const settle = () => {
            const plan = planOrderReversals({
              snapshot: snap,
              refunds: refunds
                .filter(
                  (r) =>
                    reversedByRefund.has(r.refundId) || arrived.has(r.refundId),
                )
                .map((r) => ({
                  refund: r,
                  reversed: reversedByRefund.get(r.refundId) ?? null,
                })),
              cancellation,
              spendable: Number.MAX_SAFE_INTEGER,
            });
            for (const reversal of plan.reversals) {
              expect(reversal.points).toBeGreaterThan(0);
              total += reversal.points;
              if (reversal.kind === "refund_reversal")
                reversedByRefund.set(reversal.refundId, reversal.points);
              else if (cancellation)
                cancellation = { reversed: reversal.points };
            }
            expect(total).toBeLessThanOrEqual(snap.points);
          };
          const arrived = new Set<string>();
          order.forEach((r, i) => {
            if (cancelAt === i) {
              cancellation = { reversed: null };
              settle();
            }
            arrived.add(r.refundId);
            settle();
          });
          if (cancelAt !== null && cancellation === null) {
            cancellation = { reversed: null };
            settle();
          }

          const expected =
            cancelAt !== null
              ? snap.points
              : reversalTarget(
                  snap,
                  refundedEligibleAmount(snap, refunds),
                  false,
                );
          expect(total).toBe(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});
