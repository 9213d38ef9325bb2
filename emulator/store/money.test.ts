import fc from "fast-check";
import { describe, expect, it } from "vitest";

import {
  allocateProportionally,
  cumulativeShare,
  formatCents,
  moneyBag,
  toCents,
} from "./money";

describe("store money", () => {
  it("reads and writes Shopify's decimal strings", () => {
    expect(toCents("12.5")).toBe(1250);
    expect(toCents("0.07")).toBe(7);
    expect(toCents(-3)).toBe(-300);
    expect(formatCents(-505)).toBe("-5.05");
    expect(() => toCents("12,50")).toThrow();
  });

  it("splits an amount across weights to the cent, in proportion", () => {
    expect(allocateProportionally(1000, [1000, 1000, 1000])).toEqual([
      334, 333, 333,
    ]);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000 }),
        fc.array(fc.integer({ min: 1, max: 50_000 }), {
          minLength: 1,
          maxLength: 8,
        }),
        (total, weights) => {
          const parts = allocateProportionally(total, weights);
          expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
          parts.forEach((part, i) =>
            expect(
              Math.abs(
                part -
                  (total * weights[i]) / weights.reduce((a, b) => a + b, 0),
              ),
            ).toBeLessThan(1),
          );
        },
      ),
    );
  });

  it("refunding a line unit by unit adds up to exactly the line", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 1, max: 20 }),
        (total, units) => {
          let refunded = 0;
          for (let i = 0; i < units; i += 1)
            refunded += cumulativeShare(total, i, 1, units);
          expect(refunded).toBe(total);
        },
      ),
    );
  });

  it("derives presentment money from the order's rate", () => {
    expect(
      moneyBag(1000, {
        currency: "EUR",
        presentmentCurrency: "JPY",
        presentmentRate: 1.5,
      }),
    ).toEqual({
      shop_money: { amount: "10.00", currency_code: "EUR" },
      presentment_money: { amount: "15.00", currency_code: "JPY" },
    });
  });
});
