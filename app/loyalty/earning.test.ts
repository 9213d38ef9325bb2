import { describe, expect, it } from "vitest";

import {
  AwardSnapshotSchema,
  DEFAULT_EARNING_RULES,
  eligibleLineAmount,
  planOrderAward,
  pointsForAmount,
  withOrderDiscountAllocated,
} from "~/loyalty/earning";
import { type OrderFacts, type OrderLine } from "~/loyalty/types";

const now = new Date("2026-11-23T10:00:00Z");

function line(overrides: Partial<OrderLine> = {}): OrderLine {
  return {
    lineId: "L1",
    productId: "P1",
    variantId: "V1",
    title: "Mug",
    quantity: 1,
    unitPrice: 10_000,
    discount: 0,
    tax: 0,
    giftCard: false,
    ...overrides,
  };
}

function order(overrides: Partial<OrderFacts> = {}): OrderFacts {
  return {
    orderId: "1001",
    orderName: "#1001",
    customerId: "C1",
    email: "ada@example.com",
    test: false,
    currencyCode: "EUR",
    taxesIncluded: false,
    lines: [line()],
    shipping: 0,
    paidAt: now,
    cancelledAt: null,
    fulfilledAt: null,
    discountCodes: [],
    ...overrides,
  };
}

describe("planOrderAward", () => {
  it("awards 1 point per unit of the subtotal after discounts, without shipping", () => {
    const plan = planOrderAward(
      order({
        lines: [
          line({
            lineId: "L1",
            unitPrice: 25_000,
            quantity: 2,
            discount: 5_000,
          }),
          line({ lineId: "L2", unitPrice: 12_990, quantity: 1 }),
        ],
        shipping: 7_500,
      }),
      DEFAULT_EARNING_RULES,
    );
    // 50 - 5 + 12.99 = 57.99 → 57 points (rounded down); shipping 7.50 does not count.
    expect(plan).toEqual({
      kind: "award",
      points: 57,
      snapshot: {
        version: 1,
        currencyCode: "EUR",
        eligibleAmount: 57_990,
        earnPoints: 1,
        earnPerAmount: 1,
        points: 57,
        lines: [
          { lineId: "L1", quantity: 2, eligibleAmount: 45_000 },
          { lineId: "L2", quantity: 1, eligibleAmount: 12_990 },
        ],
      },
    });
  });

  it("leaves gift-card lines out of the amount and of the snapshot", () => {
    const plan = planOrderAward(
      order({
        lines: [
          line({ lineId: "L1", unitPrice: 20_000 }),
          line({ lineId: "GC", unitPrice: 50_000, giftCard: true }),
        ],
      }),
      DEFAULT_EARNING_RULES,
    );
    expect(plan).toMatchObject({
      kind: "award",
      points: 20,
      snapshot: { eligibleAmount: 20_000 },
    });
    expect(
      plan.kind === "award" && plan.snapshot.lines.map((l) => l.lineId),
    ).toEqual(["L1"]);
  });

  it("takes the line tax out when prices include tax, and ignores it otherwise", () => {
    const taxed = line({ unitPrice: 120_000, tax: 20_000 });
    expect(
      planOrderAward(
        order({ taxesIncluded: true, lines: [taxed] }),
        DEFAULT_EARNING_RULES,
      ),
    ).toMatchObject({ points: 100 });
    expect(
      planOrderAward(
        order({ taxesIncluded: false, lines: [taxed] }),
        DEFAULT_EARNING_RULES,
      ),
    ).toMatchObject({ points: 120 });
  });

  it("applies the program's rate, rounded down", () => {
    const rules = { ...DEFAULT_EARNING_RULES, earnPoints: 5, earnPerAmount: 2 };
    // 19.99 × 5 / 2 = 49.975 → 49
    expect(
      planOrderAward(order({ lines: [line({ unitPrice: 19_990 })] }), rules),
    ).toMatchObject({
      kind: "award",
      points: 49,
      snapshot: { earnPoints: 5, earnPerAmount: 2, points: 49 },
    });
  });

  it("awards zero points (not a skip) for an order below one unit", () => {
    expect(
      planOrderAward(
        order({ lines: [line({ unitPrice: 990 })] }),
        DEFAULT_EARNING_RULES,
      ),
    ).toMatchObject({
      kind: "award",
      points: 0,
    });
  });

  it.each([
    ["not_paid", order({ paidAt: null }), DEFAULT_EARNING_RULES],
    ["inactive", order(), { ...DEFAULT_EARNING_RULES, active: false }],
    ["test", order({ test: true }), DEFAULT_EARNING_RULES],
    ["guest", order({ customerId: null }), DEFAULT_EARNING_RULES],
  ] as const)("skips with reason %s", (reason, facts, rules) => {
    expect(planOrderAward(facts, rules)).toEqual({ kind: "skip", reason });
  });

  it("counts test orders when the program includes them", () => {
    expect(
      planOrderAward(order({ test: true }), {
        ...DEFAULT_EARNING_RULES,
        includeTestOrders: true,
      }),
    ).toMatchObject({
      kind: "award",
      points: 10,
    });
  });

  it("decides payment first: an unpaid guest order waits for its payment", () => {
    expect(
      planOrderAward(
        order({ paidAt: null, customerId: null }),
        DEFAULT_EARNING_RULES,
      ),
    ).toEqual({
      kind: "skip",
      reason: "not_paid",
    });
  });

  it("refuses nonsensical rules as a bug", () => {
    expect(() =>
      planOrderAward(order(), { ...DEFAULT_EARNING_RULES, earnPerAmount: 0 }),
    ).toThrow(/earnPerAmount/);
    expect(() =>
      planOrderAward(order(), { ...DEFAULT_EARNING_RULES, earnPoints: 1.5 }),
    ).toThrow(/earnPoints/);
  });

  it("produces a snapshot its storage schema accepts", () => {
    const plan = planOrderAward(order(), DEFAULT_EARNING_RULES);
    if (plan.kind !== "award") throw new Error("expected an award");
    expect(
      AwardSnapshotSchema.parse(JSON.parse(JSON.stringify(plan.snapshot))),
    ).toEqual(plan.snapshot);
  });
});

describe("eligibleLineAmount", () => {
  it("never goes below zero when a discount exceeds the price", () => {
    expect(
      eligibleLineAmount(line({ unitPrice: 1_000, discount: 1_500 }), false),
    ).toBe(0);
  });

  it("refuses fractional money as a bug", () => {
    expect(() => eligibleLineAmount(line({ unitPrice: 10.5 }), false)).toThrow(
      /integer thousandths/,
    );
  });
});

describe("pointsForAmount", () => {
  it("rounds down and gives nothing for nothing", () => {
    expect(pointsForAmount(12_999, { earnPoints: 1, earnPerAmount: 1 })).toBe(
      12,
    );
    expect(pointsForAmount(0, { earnPoints: 1, earnPerAmount: 1 })).toBe(0);
    expect(pointsForAmount(-5_000, { earnPoints: 1, earnPerAmount: 1 })).toBe(
      0,
    );
  });
});

describe("order-level discounts Shopify did not allocate to lines", () => {
  const lines = [
    line({ lineId: "L1", unitPrice: 60_000, quantity: 1 }),
    line({ lineId: "L2", unitPrice: 20_000, quantity: 2, discount: 10_000 }),
  ];

  it("never earn: the eligible amount is capped by the order's subtotal", () => {
    // Lines after their own discounts: 60.00 + (40.00 − 10.00) = 90.00; the order's subtotal
    // says 72.00, so 18.00 of order discount sits on no line: 72 points, not 90.
    const plan = planOrderAward(
      order({ lines, subtotal: 72_000 }),
      DEFAULT_EARNING_RULES,
    );
    expect(plan).toMatchObject({
      kind: "award",
      points: 72,
      snapshot: { eligibleAmount: 72_000 },
    });
  });

  it("spreads the unallocated discount over the lines in proportion, to the unit", () => {
    // 18.00 over 60.00 and 30.00: 12.00 and 6.00.
    const spread = withOrderDiscountAllocated(
      order({ lines, subtotal: 72_000 }),
    );
    expect(spread.lines.map((l) => l.discount)).toEqual([12_000, 16_000]);
    // 0.001 over three equal lines: the first takes it.
    const three = withOrderDiscountAllocated(
      order({
        lines: [
          line({ lineId: "A", unitPrice: 1_000 }),
          line({ lineId: "B", unitPrice: 1_000 }),
          line({ lineId: "C", unitPrice: 1_000 }),
        ],
        subtotal: 2_999,
      }),
    );
    expect(three.lines.map((l) => l.discount)).toEqual([1, 0, 0]);
  });

  it("changes nothing when the subtotal covers the lines or is not known", () => {
    const facts = order({ lines, subtotal: 90_000 });
    expect(withOrderDiscountAllocated(facts)).toBe(facts);
    const unknown = order({ lines });
    expect(withOrderDiscountAllocated(unknown)).toBe(unknown);
    expect(
      planOrderAward(order({ lines, subtotal: 95_000 }), DEFAULT_EARNING_RULES),
    ).toMatchObject({ points: 90 });
  });

  it("takes everything when the subtotal is zero", () => {
    expect(
      planOrderAward(order({ lines, subtotal: 0 }), DEFAULT_EARNING_RULES),
    ).toMatchObject({ points: 0 });
  });
});
