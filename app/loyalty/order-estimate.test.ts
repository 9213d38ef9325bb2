import { describe, expect, it } from "vitest";

import {
  type PlaceOrderRule,
  PlaceOrderRuleInputSchema,
} from "~/loyalty/earning-rules";
import { estimateOrderPoints } from "~/loyalty/order-estimate";

function rule(overrides: Record<string, unknown> = {}): PlaceOrderRule {
  return {
    ...PlaceOrderRuleInputSchema.parse({
      type: "place_order",
      name: "Place an order",
      earnPoints: 1,
      earnPerAmount: 1,
      ...overrides,
    }),
    id: "rule-1",
  };
}

describe("estimateOrderPoints", () => {
  it("applies the rate to the subtotal, rounded down by default", () => {
    expect(estimateOrderPoints(12_990, [rule()])).toBe(12);
    expect(estimateOrderPoints(12_990, [rule({ earnPoints: 2 })])).toBe(25);
    expect(estimateOrderPoints(25_000, [rule({ earnPerAmount: 10 })])).toBe(2);
  });

  it("follows each rule's rounding and minimum, and ignores disabled rules", () => {
    expect(
      estimateOrderPoints(25_000, [
        rule({ earnPerAmount: 10, rounding: "up" }),
      ]),
    ).toBe(3);
    expect(
      estimateOrderPoints(29_999, [rule({ minimumSubtotal: 30_000 })]),
    ).toBe(0);
    expect(
      estimateOrderPoints(30_000, [rule({ minimumSubtotal: 30_000 })]),
    ).toBe(30);
    expect(
      estimateOrderPoints(10_000, [rule(), rule({ enabled: false })]),
    ).toBe(10);
    expect(estimateOrderPoints(10_000, [rule(), rule({ earnPoints: 3 })])).toBe(
      40,
    );
  });

  it("earns nothing on an empty or negative subtotal", () => {
    expect(estimateOrderPoints(0, [rule()])).toBe(0);
    expect(estimateOrderPoints(-5_000, [rule()])).toBe(0);
  });
});
