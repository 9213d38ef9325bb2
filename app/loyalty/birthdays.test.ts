import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  birthdayAwardDue,
  birthdayInYear,
  BirthdaySchema,
  birthdaysCelebratedOn,
  firstBirthdayYear,
  nextBirthdayAward,
  type MemberBirthday,
} from "~/loyalty/birthdays";
import { addDays, daysBetween, toLocalDate } from "~/loyalty/calendar";

const PARIS = "Europe/Paris";
const AUCKLAND = "Pacific/Auckland";
const at = (s: string) => new Date(s);

function member(overrides: Partial<MemberBirthday> = {}): MemberBirthday {
  return {
    birthday: { month: 6, day: 15 },
    setAt: at("2025-01-10T12:00:00Z"),
    lastAwardedYear: null,
    ...overrides,
  };
}

describe("BirthdaySchema", () => {
  it("takes a month and day from a form, Feb 29 included, impossible dates refused", () => {
    expect(BirthdaySchema.parse({ month: "2", day: "29" })).toEqual({
      month: 2,
      day: 29,
    });
    expect(BirthdaySchema.safeParse({ month: 2, day: 30 }).success).toBe(false);
    expect(BirthdaySchema.safeParse({ month: 4, day: 31 }).success).toBe(false);
    expect(BirthdaySchema.safeParse({ month: 13, day: 1 }).success).toBe(false);
  });
});

describe("Feb 29", () => {
  it("is celebrated on Feb 28 outside leap years", () => {
    expect(birthdayInYear({ month: 2, day: 29 }, 2027)).toEqual({
      year: 2027,
      month: 2,
      day: 28,
    });
    expect(birthdayInYear({ month: 2, day: 29 }, 2028)).toEqual({
      year: 2028,
      month: 2,
      day: 29,
    });
    expect(birthdaysCelebratedOn({ year: 2027, month: 2, day: 28 })).toEqual([
      { month: 2, day: 28 },
      { month: 2, day: 29 },
    ]);
    expect(birthdaysCelebratedOn({ year: 2028, month: 2, day: 28 })).toEqual([
      { month: 2, day: 28 },
    ]);
  });

  it("awards on Feb 28, 2027 and on Feb 29, 2028", () => {
    const leapling = member({
      birthday: { month: 2, day: 29 },
      setAt: at("2026-01-01T12:00:00Z"),
    });
    expect(
      birthdayAwardDue(leapling, at("2027-02-28T12:00:00Z"), PARIS)?.year,
    ).toBe(2027);
    expect(
      nextBirthdayAward(
        { ...leapling, lastAwardedYear: 2027 },
        at("2027-03-01T12:00:00Z"),
        PARIS,
      ).date,
    ).toEqual({
      year: 2028,
      month: 2,
      day: 29,
    });
  });
});

describe("the 30-day rule", () => {
  const birthday = { month: 6, day: 15 };

  it("counts this year's birthday when it was set at least 30 days ahead, next year's otherwise", () => {
    expect(firstBirthdayYear(birthday, at("2026-05-16T12:00:00Z"), PARIS)).toBe(
      2026,
    ); // 30 days ahead
    expect(firstBirthdayYear(birthday, at("2026-05-17T12:00:00Z"), PARIS)).toBe(
      2027,
    ); // 29 days ahead
    expect(firstBirthdayYear(birthday, at("2026-06-15T08:00:00Z"), PARIS)).toBe(
      2027,
    ); // on the day
    expect(firstBirthdayYear(birthday, at("2026-06-16T08:00:00Z"), PARIS)).toBe(
      2027,
    ); // passed: next one is a year away
    // Set in December for early January: the coming one is too close, the one after counts.
    expect(
      firstBirthdayYear(
        { month: 1, day: 5 },
        at("2026-12-20T12:00:00Z"),
        PARIS,
      ),
    ).toBe(2028);
  });

  it("counts days in the shop's zone", () => {
    // 13:30 UTC on May 16 is already May 17 in Auckland: 29 days ahead there, 30 in Paris.
    const setAt = at("2026-05-16T13:30:00Z");
    expect(firstBirthdayYear(birthday, setAt, PARIS)).toBe(2026);
    expect(firstBirthdayYear(birthday, setAt, AUCKLAND)).toBe(2027);
  });

  it("gives a birthday set too late this year its first award next year", () => {
    const late = member({ setAt: at("2026-06-01T12:00:00Z") });
    expect(
      birthdayAwardDue(late, at("2026-06-15T12:00:00Z"), PARIS),
    ).toBeNull();
    expect(nextBirthdayAward(late, at("2026-06-15T12:00:00Z"), PARIS)).toEqual({
      year: 2027,
      date: { year: 2027, month: 6, day: 15 },
      dueAt: at("2027-06-14T22:00:00Z"),
      dueNow: false,
    });
  });
});

describe("birthdayAwardDue", () => {
  it("is due from the start of the birthday in the shop's zone", () => {
    const m = member({ birthday: { month: 1, day: 1 } });
    // New Year's Day starts at 11:00 UTC on Dec 31 in Auckland (summer time).
    expect(
      birthdayAwardDue(m, at("2025-12-31T10:59:59Z"), AUCKLAND),
    ).toBeNull();
    expect(birthdayAwardDue(m, at("2025-12-31T11:00:00Z"), AUCKLAND)).toEqual({
      year: 2026,
      date: { year: 2026, month: 1, day: 1 },
      dueAt: at("2025-12-31T11:00:00Z"),
      dueNow: true,
    });
    expect(birthdayAwardDue(m, at("2025-12-31T11:00:00Z"), PARIS)).toBeNull();
  });

  it("awards once a year, even if the member changes their birthday after the award", () => {
    const awarded = member({ lastAwardedYear: 2026 });
    expect(
      birthdayAwardDue(awarded, at("2026-06-15T12:00:00Z"), PARIS),
    ).toBeNull();
    const moved = {
      ...awarded,
      birthday: { month: 9, day: 1 },
      setAt: at("2026-06-20T12:00:00Z"),
    };
    expect(
      birthdayAwardDue(moved, at("2026-09-01T12:00:00Z"), PARIS),
    ).toBeNull();
    expect(
      birthdayAwardDue(moved, at("2027-09-01T12:00:00Z"), PARIS)?.year,
    ).toBe(2027);
  });

  it("still awards within the grace days after a missed run, not later", () => {
    const m = member();
    expect(birthdayAwardDue(m, at("2026-06-22T12:00:00Z"), PARIS)?.year).toBe(
      2026,
    );
    expect(birthdayAwardDue(m, at("2026-06-23T12:00:00Z"), PARIS)).toBeNull();
    expect(
      birthdayAwardDue(m, at("2026-06-16T12:00:00Z"), PARIS, 0),
    ).toBeNull();
    expect(nextBirthdayAward(m, at("2026-06-23T12:00:00Z"), PARIS).year).toBe(
      2027,
    );
  });

  it("catches a Dec 31 birthday missed by a job that ran on Jan 2", () => {
    const m = member({ birthday: { month: 12, day: 31 } });
    expect(birthdayAwardDue(m, at("2027-01-02T12:00:00Z"), PARIS)?.year).toBe(
      2026,
    );
  });

  it("never awards twice in a year nor before the first counted year, whatever the days (property)", () => {
    fc.assert(
      fc.property(
        fc
          .record({
            month: fc.integer({ min: 1, max: 12 }),
            day: fc.integer({ min: 1, max: 31 }),
          })
          .filter((b) => BirthdaySchema.safeParse(b).success),
        fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2027, 0, 1) }),
        fc.constantFrom(PARIS, AUCKLAND, "America/New_York"),
        (birthday, setMs, zone) => {
          const state: MemberBirthday = {
            birthday,
            setAt: new Date(setMs),
            lastAwardedYear: null,
          };
          const first = firstBirthdayYear(birthday, state.setAt, zone);
          const awardedYears: number[] = [];
          // A daily job over three years.
          for (let day = 0; day < 3 * 366; day += 1) {
            const now = addDays(state.setAt, day, zone);
            const due = birthdayAwardDue(state, now, zone);
            if (due === null) continue;
            awardedYears.push(due.year);
            state.lastAwardedYear = due.year;
            expect(due.year).toBeGreaterThanOrEqual(first);
            expect(
              daysBetween(toLocalDate(state.setAt, zone), due.date),
            ).toBeGreaterThanOrEqual(30);
            expect(toLocalDate(now, zone)).toEqual(due.date);
          }
          expect(new Set(awardedYears).size).toBe(awardedYears.length);
          expect(awardedYears.length).toBeGreaterThanOrEqual(2);
        },
      ),
      { numRuns: 40 },
    );
  });
});
