import fc from "fast-check";
import { describe, expect, it } from "vitest";

import {
  floorDiv,
  floorMulDiv,
  formatMillis,
  millisOf,
  parseMillis,
} from "~/loyalty/money";

describe("parseMillis", () => {
  it.each([
    ["12", 12_000],
    ["12.5", 12_500],
    ["12.50", 12_500],
    ["-3.20", -3_200],
    ["0.001", 1],
    ["0", 0],
    ["-0.00", 0],
    ["1.2500", 1_250],
    ["0.1", 100],
    ["9007199254740.991", Number.MAX_SAFE_INTEGER],
  ])("reads %s exactly as %d thousandths", (input, expected) => {
    expect(parseMillis(input)).toEqual({ ok: true, millis: expected });
  });

  it("adds the way decimals do, not the way floats do", () => {
    expect(millisOf("0.1") + millisOf("0.2")).toBe(millisOf("0.3"));
  });

  it.each([
    "",
    "abc",
    "1,50",
    "1.",
    ".5",
    "+1",
    "1e3",
    " 1",
    "NaN",
    "Infinity",
    "--1",
    "1.2.3",
  ])("refuses %j as not a decimal", (input) => {
    expect(parseMillis(input)).toEqual({
      ok: false,
      reason: "not_a_decimal",
      input,
    });
  });

  it("refuses amounts finer than a thousandth instead of rounding them", () => {
    expect(parseMillis("0.0001")).toEqual({
      ok: false,
      reason: "too_precise",
      input: "0.0001",
    });
  });

  it("refuses amounts beyond a safe integer", () => {
    expect(parseMillis("9007199254740.992")).toMatchObject({
      ok: false,
      reason: "out_of_range",
    });
  });

  it("millisOf throws on a bad string", () => {
    expect(() => millisOf("twelve")).toThrow(/not_a_decimal/);
  });
});

describe("formatMillis", () => {
  it.each([
    [12_500, "12.50"],
    [1, "0.001"],
    [-3_200, "-3.20"],
    [0, "0.00"],
    [120, "0.12"],
    [-5, "-0.005"],
  ])("writes %d as %s", (millis, expected) => {
    expect(formatMillis(millis)).toBe(expected);
  });

  it("round-trips every safe amount", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e15, max: 1e15 }), (millis) => {
        expect(parseMillis(formatMillis(millis))).toEqual({ ok: true, millis });
      }),
    );
  });

  it("refuses a fractional amount", () => {
    expect(() => formatMillis(1.5)).toThrow(/integer thousandths/);
  });
});

describe("floorMulDiv", () => {
  it("rounds down, also for negative quotients", () => {
    expect(floorDiv(7, 2)).toBe(3);
    expect(floorDiv(-7, 2)).toBe(-4);
    expect(floorMulDiv(12_999, 1, 1_000)).toBe(12);
  });

  it("stays exact where float division would round up", () => {
    // In floats (2^53 - 1) × 10 / 10 comes out as 2^53 - 2: the product is not representable.
    const a = Number.MAX_SAFE_INTEGER;
    expect(Math.floor((a * 10) / 10)).not.toBe(a);
    expect(floorMulDiv(a, 10, 10)).toBe(a);
  });

  it("refuses division by zero", () => {
    expect(() => floorDiv(1, 0)).toThrow();
  });
});
