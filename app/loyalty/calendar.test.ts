import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addDays,
  addDaysToLocalDate,
  addMonths,
  addMonthsToLocalDate,
  addYears,
  compareLocalDates,
  daysBetween,
  daysInMonth,
  formatLocalDate,
  fromDateTimeInput,
  fromLocalDateTime,
  isValidLocalDate,
  isValidTimeZone,
  startOf,
  startOfDay,
  startOfMonth,
  startOfNext,
  startOfWeek,
  startOfYear,
  TimeZoneSchema,
  timeZoneOffset,
  toLocalDate,
  toLocalDateTime,
  weekdayOf,
} from "~/loyalty/calendar";

const PARIS = "Europe/Paris";
const NEW_YORK = "America/New_York";
const AUCKLAND = "Pacific/Auckland";
const HOUR = 3_600_000;

const iso = (s: string) => new Date(s);

describe("time zones", () => {
  it("accepts IANA zones and refuses made-up ones", () => {
    expect(isValidTimeZone(PARIS)).toBe(true);
    expect(isValidTimeZone("UTC")).toBe(true);
    expect(isValidTimeZone("Mars/Olympus_Mons")).toBe(false);
    expect(isValidTimeZone("")).toBe(false);
    expect(TimeZoneSchema.safeParse("Europe/Nowhere").success).toBe(false);
    expect(TimeZoneSchema.parse(AUCKLAND)).toBe(AUCKLAND);
  });

  it("reads the wall clock of an instant", () => {
    expect(toLocalDateTime(iso("2026-01-15T23:30:00.250Z"), PARIS)).toEqual({
      year: 2026,
      month: 1,
      day: 16,
      hour: 0,
      minute: 30,
      second: 0,
      millisecond: 250,
    });
    expect(toLocalDate(iso("2026-01-15T03:00:00Z"), NEW_YORK)).toEqual({
      year: 2026,
      month: 1,
      day: 14,
    });
    expect(toLocalDate(iso("2026-01-15T12:00:00Z"), AUCKLAND)).toEqual({
      year: 2026,
      month: 1,
      day: 16,
    });
  });

  it("knows the offsets on both sides of daylight saving", () => {
    expect(timeZoneOffset(iso("2026-01-15T12:00:00Z"), PARIS)).toBe(1 * HOUR);
    expect(timeZoneOffset(iso("2026-07-15T12:00:00Z"), PARIS)).toBe(2 * HOUR);
    expect(timeZoneOffset(iso("2026-01-15T12:00:00Z"), NEW_YORK)).toBe(
      -5 * HOUR,
    );
    expect(timeZoneOffset(iso("2026-07-15T12:00:00Z"), NEW_YORK)).toBe(
      -4 * HOUR,
    );
    // Southern hemisphere: summer time in January.
    expect(timeZoneOffset(iso("2026-01-15T12:00:00Z"), AUCKLAND)).toBe(
      13 * HOUR,
    );
    expect(timeZoneOffset(iso("2026-07-15T12:00:00Z"), AUCKLAND)).toBe(
      12 * HOUR,
    );
  });
});

describe("fromLocalDateTime", () => {
  it("round-trips ordinary wall times", () => {
    const at = fromLocalDateTime(
      { year: 2026, month: 6, day: 1, hour: 9, minute: 15 },
      PARIS,
    );
    expect(at.toISOString()).toBe("2026-06-01T07:15:00.000Z");
  });

  it("moves a skipped spring-forward time forward by the gap", () => {
    // New York skips 02:00–03:00 on 2026-03-08.
    expect(
      fromLocalDateTime(
        { year: 2026, month: 3, day: 8, hour: 2, minute: 30 },
        NEW_YORK,
      ).toISOString(),
    ).toBe("2026-03-08T07:30:00.000Z");
    // Paris skips 02:00–03:00 on 2026-03-29.
    expect(
      fromLocalDateTime(
        { year: 2026, month: 3, day: 29, hour: 2, minute: 30 },
        PARIS,
      ).toISOString(),
    ).toBe("2026-03-29T01:30:00.000Z");
    // Auckland skips 02:00–03:00 on 2026-09-27.
    expect(
      fromLocalDateTime(
        { year: 2026, month: 9, day: 27, hour: 2, minute: 30 },
        AUCKLAND,
      ).toISOString(),
    ).toBe("2026-09-26T14:30:00.000Z");
  });

  it("takes the first of a repeated fall-back time", () => {
    // New York repeats 01:00–02:00 on 2026-11-01 (EDT then EST).
    expect(
      fromLocalDateTime(
        { year: 2026, month: 11, day: 1, hour: 1, minute: 30 },
        NEW_YORK,
      ).toISOString(),
    ).toBe("2026-11-01T05:30:00.000Z");
    // Paris repeats 02:00–03:00 on 2026-10-25.
    expect(
      fromLocalDateTime(
        { year: 2026, month: 10, day: 25, hour: 2, minute: 30 },
        PARIS,
      ).toISOString(),
    ).toBe("2026-10-25T00:30:00.000Z");
    // Auckland repeats 02:00–03:00 on 2026-04-05.
    expect(
      fromLocalDateTime(
        { year: 2026, month: 4, day: 5, hour: 2, minute: 30 },
        AUCKLAND,
      ).toISOString(),
    ).toBe("2026-04-04T13:30:00.000Z");
  });

  it("round-trips every instant through its wall time, in every zone (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2060, 0, 1) }),
        fc.constantFrom(
          PARIS,
          NEW_YORK,
          AUCKLAND,
          "UTC",
          "Asia/Kolkata",
          "Australia/Lord_Howe",
        ),
        (ms, zone) => {
          const instant = new Date(ms);
          const local = toLocalDateTime(instant, zone);
          const back = fromLocalDateTime(local, zone);
          // Equal, except in the second pass of a repeated hour, which resolves to the first pass.
          expect(toLocalDateTime(back, zone)).toEqual(local);
          expect(back.getTime()).toBeLessThanOrEqual(ms);
        },
      ),
    );
  });
});

describe("start of day, week, month, year", () => {
  it("starts the day at local midnight, also on daylight-saving days", () => {
    // 2026-03-29 in Paris is 23 hours long.
    const dstDay = iso("2026-03-29T20:00:00Z");
    expect(startOfDay(dstDay, PARIS).toISOString()).toBe(
      "2026-03-28T23:00:00.000Z",
    );
    expect(startOfNext("day", dstDay, PARIS).toISOString()).toBe(
      "2026-03-29T22:00:00.000Z",
    );
    // 2026-11-01 in New York is 25 hours long.
    const longDay = iso("2026-11-01T12:00:00Z");
    expect(startOfDay(longDay, NEW_YORK).toISOString()).toBe(
      "2026-11-01T04:00:00.000Z",
    );
    expect(startOfNext("day", longDay, NEW_YORK).toISOString()).toBe(
      "2026-11-02T05:00:00.000Z",
    );
    expect(
      startOfNext("day", longDay, NEW_YORK).getTime() -
        startOfDay(longDay, NEW_YORK).getTime(),
    ).toBe(25 * HOUR);
  });

  it("starts a zone's day before UTC's when it is ahead of UTC", () => {
    const now = iso("2026-01-15T12:00:00Z"); // already Jan 16, 01:00 in Auckland
    expect(startOfDay(now, AUCKLAND).toISOString()).toBe(
      "2026-01-15T11:00:00.000Z",
    );
  });

  it("starts weeks on Monday by default, or on the shop's chosen day", () => {
    const sunday = iso("2026-03-08T15:00:00Z"); // Sunday in New York, the spring-forward day
    expect(startOfWeek(sunday, NEW_YORK).toISOString()).toBe(
      "2026-03-02T05:00:00.000Z",
    );
    expect(startOfWeek(sunday, NEW_YORK, 7).toISOString()).toBe(
      "2026-03-08T05:00:00.000Z",
    );
    // The week after it starts in daylight time: the week was 7 days minus one hour long.
    expect(startOfNext("week", sunday, NEW_YORK).toISOString()).toBe(
      "2026-03-09T04:00:00.000Z",
    );
  });

  it("starts months and years in the zone, not in UTC", () => {
    const newYearInAuckland = iso("2025-12-31T12:00:00Z"); // Jan 1 2026, 01:00 NZDT
    expect(startOfYear(newYearInAuckland, AUCKLAND).toISOString()).toBe(
      "2025-12-31T11:00:00.000Z",
    );
    expect(startOfYear(newYearInAuckland, NEW_YORK).toISOString()).toBe(
      "2025-01-01T05:00:00.000Z",
    );
    expect(
      startOfMonth(iso("2026-04-01T01:00:00Z"), NEW_YORK).toISOString(),
    ).toBe("2026-03-01T05:00:00.000Z");
    expect(startOfMonth(iso("2026-04-01T01:00:00Z"), PARIS).toISOString()).toBe(
      "2026-03-31T22:00:00.000Z",
    );
    expect(
      startOfNext("month", iso("2026-03-15T00:00:00Z"), PARIS).toISOString(),
    ).toBe("2026-03-31T22:00:00.000Z");
    expect(
      startOfNext("year", iso("2026-03-15T00:00:00Z"), PARIS).toISOString(),
    ).toBe("2026-12-31T23:00:00.000Z");
    expect(
      startOf("month", iso("2026-03-15T00:00:00Z"), "UTC").toISOString(),
    ).toBe("2026-03-01T00:00:00.000Z");
  });

  it("always brackets the instant: start <= instant < start of next (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2050, 0, 1) }),
        fc.constantFrom(PARIS, NEW_YORK, AUCKLAND, "UTC"),
        fc.constantFrom("day", "week", "month", "year" as const),
        (ms, zone, unit) => {
          const instant = new Date(ms);
          const start = startOf(unit, instant, zone);
          const next = startOfNext(unit, instant, zone);
          expect(start.getTime()).toBeLessThanOrEqual(ms);
          expect(next.getTime()).toBeGreaterThan(ms);
          expect(toLocalDateTime(start, zone)).toMatchObject({
            hour: 0,
            minute: 0,
            second: 0,
          });
        },
      ),
    );
  });
});

describe("adding days and months", () => {
  it("clamps Jan 31 + 1 month to the end of February", () => {
    expect(addMonthsToLocalDate({ year: 2026, month: 1, day: 31 }, 1)).toEqual({
      year: 2026,
      month: 2,
      day: 28,
    });
    expect(addMonthsToLocalDate({ year: 2028, month: 1, day: 31 }, 1)).toEqual({
      year: 2028,
      month: 2,
      day: 29,
    });
    expect(addMonthsToLocalDate({ year: 2026, month: 3, day: 31 }, -1)).toEqual(
      { year: 2026, month: 2, day: 28 },
    );
    expect(addMonthsToLocalDate({ year: 2026, month: 11, day: 30 }, 3)).toEqual(
      { year: 2027, month: 2, day: 28 },
    );
    expect(
      addMonthsToLocalDate({ year: 2026, month: 1, day: 15 }, -13),
    ).toEqual({ year: 2024, month: 12, day: 15 });
  });

  it("keeps the wall-clock time when adding months across daylight saving", () => {
    const winter = iso("2026-01-31T09:00:00Z"); // 10:00 in Paris
    const spring = addMonths(winter, 2, PARIS); // Mar 31, 10:00 summer time
    expect(spring.toISOString()).toBe("2026-03-31T08:00:00.000Z");
    expect(addMonths(winter, 1, PARIS).toISOString()).toBe(
      "2026-02-28T09:00:00.000Z",
    );
    expect(addYears(iso("2028-02-29T12:00:00Z"), 1, "UTC").toISOString()).toBe(
      "2029-02-28T12:00:00.000Z",
    );
  });

  it("adds calendar days, not 24-hour blocks", () => {
    const before = iso("2026-03-07T17:00:00Z"); // 12:00 in New York, day before spring forward
    const after = addDays(before, 1, NEW_YORK);
    expect(after.toISOString()).toBe("2026-03-08T16:00:00.000Z"); // 12:00 EDT, 23 hours later
    // Apr 4, 23:00 NZDT + 1 day = Apr 5, 23:00 NZST: 25 hours later.
    expect(
      addDays(iso("2026-04-04T10:00:00Z"), 1, AUCKLAND).toISOString(),
    ).toBe("2026-04-05T11:00:00.000Z");
  });

  it("does date-only arithmetic", () => {
    expect(addDaysToLocalDate({ year: 2026, month: 2, day: 28 }, 1)).toEqual({
      year: 2026,
      month: 3,
      day: 1,
    });
    expect(addDaysToLocalDate({ year: 2024, month: 2, day: 28 }, 1)).toEqual({
      year: 2024,
      month: 2,
      day: 29,
    });
    expect(
      daysBetween(
        { year: 2026, month: 1, day: 1 },
        { year: 2027, month: 1, day: 1 },
      ),
    ).toBe(365);
    expect(
      daysBetween(
        { year: 2026, month: 3, day: 10 },
        { year: 2026, month: 3, day: 1 },
      ),
    ).toBe(-9);
    expect(weekdayOf({ year: 2026, month: 3, day: 8 })).toBe(7);
    expect(weekdayOf({ year: 2026, month: 3, day: 9 })).toBe(1);
    expect(daysInMonth(2100, 2)).toBe(28);
    expect(daysInMonth(2000, 2)).toBe(29);
    expect(isValidLocalDate({ year: 2026, month: 2, day: 29 })).toBe(false);
    expect(isValidLocalDate({ year: 2026, month: 4, day: 30 })).toBe(true);
    expect(
      compareLocalDates(
        { year: 2026, month: 4, day: 30 },
        { year: 2026, month: 5, day: 1 },
      ),
    ).toBeLessThan(0);
    expect(formatLocalDate({ year: 2026, month: 4, day: 3 })).toBe(
      "2026-04-03",
    );
  });
});

describe("fromDateTimeInput", () => {
  it("reads a datetime-local value as the shop's wall-clock time", () => {
    expect(
      fromDateTimeInput("2026-11-27T09:30", "Europe/Paris")?.toISOString(),
    ).toBe("2026-11-27T08:30:00.000Z");
    expect(
      fromDateTimeInput("2026-07-01T00:00:15", "Europe/Paris")?.toISOString(),
    ).toBe("2026-06-30T22:00:15.000Z");
    expect(
      fromDateTimeInput("2026-11-27T09:30", "America/New_York")?.toISOString(),
    ).toBe("2026-11-27T14:30:00.000Z");
  });

  it("refuses what is not a datetime-local value", () => {
    for (const value of [
      "",
      "2026-11-27",
      "2026-02-30T10:00",
      "2026-11-27T24:00",
      "2026-11-27T09:30Z",
      "tomorrow",
    ])
      expect(fromDateTimeInput(value, "Europe/Paris")).toBeNull();
  });
});
