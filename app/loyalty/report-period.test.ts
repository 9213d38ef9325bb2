import { describe, expect, it } from "vitest";

import { chartBuckets, dayRange } from "~/loyalty/report-period";

const PARIS = "Europe/Paris";
const FIXED = new Date("2025-06-01T00:00:00Z");

describe("chart buckets", () => {
  it("gives one calendar day per bucket, ending with today in the shop's zone", () => {
    // 23:30 UTC on 30 March is already 31 March in Paris (summer time since the 29th).
    const now = new Date("2025-03-30T23:30:00Z");
    const buckets = chartBuckets("7d", now, PARIS);
    expect(buckets).toHaveLength(7);
    expect(buckets[6].start.toISOString()).toBe("2025-03-30T22:00:00.000Z");
    expect(buckets[0].start.toISOString()).toBe("2025-03-24T23:00:00.000Z");
    // The night the clocks moved forward is 23 hours long.
    const shortDay = buckets.find(
      (b) => b.start.toISOString() === "2025-03-29T23:00:00.000Z",
    )!;
    expect(shortDay.end.getTime() - shortDay.start.getTime()).toBe(
      23 * 3_600_000,
    );
    for (let i = 1; i < buckets.length; i += 1)
      expect(buckets[i].start).toEqual(buckets[i - 1].end);
  });

  it("gives months for 12 months", () => {
    const buckets = chartBuckets(
      "12m",
      new Date("2025-01-15T12:00:00Z"),
      PARIS,
    );
    expect(buckets).toHaveLength(12);
    expect(buckets[0].start.toISOString()).toBe("2024-01-31T23:00:00.000Z");
    expect(buckets[11].end.toISOString()).toBe("2025-01-31T23:00:00.000Z");
    expect(chartBuckets("90d", FIXED, "UTC")).toHaveLength(90);
  });
});

describe("report day range", () => {
  it("includes both days, in the shop's zone", () => {
    const range = dayRange(
      { year: 2025, month: 6, day: 1 },
      { year: 2025, month: 6, day: 30 },
      PARIS,
    );
    expect(range.from?.toISOString()).toBe("2025-05-31T22:00:00.000Z");
    expect(range.to?.toISOString()).toBe("2025-06-30T22:00:00.000Z");
    expect(dayRange(null, null, PARIS)).toEqual({ from: null, to: null });
  });
});
