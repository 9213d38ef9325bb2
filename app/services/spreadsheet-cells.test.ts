import { describe, expect, it } from "vitest";

import { neutraliseCell, shopWallClock } from "~/services/spreadsheet-cells";

describe("formula injection", () => {
  it("neutralises text a spreadsheet would run, and only that", () => {
    for (const risky of ["=1+1", "+33 6 12", "-2", "@SUM(A1)", "\tx", "\rx"])
      expect(neutraliseCell(risky)).toBe(`'${risky}`);
    for (const safe of ["Ada", "a=b", "", "'quoted", " =1"])
      expect(neutraliseCell(safe)).toBe(safe);
  });
});

describe("the shop's wall clock", () => {
  it("formats instants in the shop's zone across a daylight-saving change", () => {
    const paris = shopWallClock("Europe/Paris");
    expect(paris.format(new Date("2026-03-29T00:59:59Z"))).toBe(
      "2026-03-29 01:59:59",
    );
    // Clocks went forward at 01:00 UTC: the same offset cache must not keep winter time.
    expect(paris.format(new Date("2026-03-29T01:00:00Z"))).toBe(
      "2026-03-29 03:00:00",
    );
    expect(paris.asSpreadsheetDate(new Date("2026-07-01T12:00:00Z"))).toEqual(
      new Date("2026-07-01T14:00:00Z"),
    );
    // A zone that moves by half an hour.
    expect(
      shopWallClock("Asia/Kolkata").format(new Date("2026-01-01T00:00:00Z")),
    ).toBe("2026-01-01 05:30:00");
  });
});
