import { describe, expect, it } from "vitest";

import {
  describeOrderRate,
  formatShopMoney,
  shortOrderRate,
} from "~/i18n/earn-rate";

const NBSP = "\u00a0";

describe("the order rate as a shopper reads it", () => {
  it("names one unit of a known currency", () => {
    expect(describeOrderRate("fr", 2, 1, "EUR")).toBe(
      "2 points par euro dépensé",
    );
    expect(describeOrderRate("en", 2, 1, "USD")).toBe(
      "2 points per dollar spent",
    );
    expect(describeOrderRate("en", 1, 1, "GBP")).toBe(
      "1 point per pound spent",
    );
  });

  it("gives larger amounts with the currency symbol, never the code", () => {
    expect(describeOrderRate("en", 5, 10, "EUR")).toBe(
      "5 points per €10 spent",
    );
    expect(describeOrderRate("fr", 5, 10, "EUR")).toBe(
      `5 points par tranche de 10${NBSP}€ d’achat`,
    );
    expect(describeOrderRate("fr", 1, 1, "SEK")).not.toContain(" SEK ");
  });

  it("has a short form and keeps cents when there are some", () => {
    expect(shortOrderRate("en", 2, 1, "USD")).toBe("$1 = 2 points");
    expect(formatShopMoney("fr", 12.5, "EUR")).toBe(`12,50${NBSP}€`);
  });
});
