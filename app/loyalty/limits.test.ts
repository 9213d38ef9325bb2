import { describe, expect, it } from "vitest";
import {
  EarningLimitSchema,
  EarningLimitsSchema,
  limitPeriodAt,
  withinLimits,
  type EarningLimit,
} from "~/loyalty/limits";

const PARIS = "Europe/Paris";
const NEW_YORK = "America/New_York";
const limit = (
  input: Partial<EarningLimit> & Pick<EarningLimit, "per">,
): EarningLimit => EarningLimitSchema.parse(input);
const at = (s: string) => new Date(s);

describe("limit schema", () => {
  it("needs a count or a points cap, and one limit per period", () => {
    expect(EarningLimitSchema.safeParse({ per: "day" }).success).toBe(false);
    expect(EarningLimitSchema.parse({ per: "day", maxAwards: 2 })).toEqual({
      per: "day",
      maxAwards: 2,
      maxPoints: null,
    });
    expect(
      EarningLimitsSchema.safeParse([
        { per: "day", maxAwards: 1 },
        { per: "day", maxPoints: 5 },
      ]).success,
    ).toBe(false);
    expect(EarningLimitsSchema.parse(undefined)).toEqual([]);
    expect(
      EarningLimitSchema.safeParse({ per: "fortnight", maxAwards: 1 }).success,
    ).toBe(false);
  });
});

describe("withinLimits", () => {
  it("allows anything without limits", () => {
    expect(
      withinLimits(
        [{ at: at("2026-05-01T10:00:00Z"), points: 100 }],
        [],
        at("2026-05-01T11:00:00Z"),
        PARIS,
        { points: 50 },
      ),
    ).toEqual({
      allowed: true,
      points: 50,
      capped: false,
    });
  });

  it("counts the shop's day, not UTC's", () => {
    const daily = [limit({ per: "day", maxAwards: 1 })];
    // 23:30 UTC on May 1 is already May 2 in Paris: a new day there.
    const earlier = [{ at: at("2026-05-01T20:00:00Z"), points: 10 }];
    const now = at("2026-05-01T23:30:00Z");
    expect(withinLimits(earlier, daily, now, PARIS).allowed).toBe(true);
    // In New York it is still May 1 (19:30), so the daily award is used up.
    const inNewYork = withinLimits(earlier, daily, now, NEW_YORK);
    expect(inNewYork).toEqual({
      allowed: false,
      limit: daily[0],
      resetsAt: at("2026-05-02T04:00:00Z"),
    });
  });

  it("resets a weekly limit on Monday in the shop's zone, or on the shop's chosen first day", () => {
    const weekly = [limit({ per: "week", maxAwards: 2 })];
    const awards = [
      { at: at("2026-03-02T15:00:00Z"), points: 5 }, // Monday
      { at: at("2026-03-06T15:00:00Z"), points: 5 }, // Friday
    ];
    const sunday = at("2026-03-08T15:00:00Z");
    const refused = withinLimits(awards, weekly, sunday, NEW_YORK);
    expect(refused.allowed).toBe(false);
    // The next week starts Monday 00:00 EDT, after the spring-forward change.
    expect(refused.allowed === false && refused.resetsAt?.toISOString()).toBe(
      "2026-03-09T04:00:00.000Z",
    );
    // With weeks starting on Sunday, Sunday is a new week.
    expect(
      withinLimits(awards, weekly, sunday, NEW_YORK, { weekStartsOn: 7 })
        .allowed,
    ).toBe(true);
  });

  it("caps the award to the points a limit has left, and refuses once none is left", () => {
    const monthly = [limit({ per: "month", maxPoints: 100 })];
    const awards = [{ at: at("2026-04-03T10:00:00Z"), points: 70 }];
    const now = at("2026-04-20T10:00:00Z");
    expect(withinLimits(awards, monthly, now, PARIS, { points: 50 })).toEqual({
      allowed: true,
      points: 30,
      capped: true,
    });
    expect(withinLimits(awards, monthly, now, PARIS, { points: 20 })).toEqual({
      allowed: true,
      points: 20,
      capped: false,
    });
    const full = [...awards, { at: at("2026-04-10T10:00:00Z"), points: 30 }];
    expect(withinLimits(full, monthly, now, PARIS, { points: 1 }).allowed).toBe(
      false,
    );
    // A new month in Paris begins at 22:00 UTC on Apr 30.
    expect(
      withinLimits(full, monthly, at("2026-04-30T22:00:00Z"), PARIS, {
        points: 1,
      }).allowed,
    ).toBe(true);
    expect(
      withinLimits(full, monthly, at("2026-04-30T21:59:59Z"), PARIS, {
        points: 1,
      }).allowed,
    ).toBe(false);
  });

  it("applies every limit, the tightest winning", () => {
    const limits = [
      limit({ per: "day", maxAwards: 5, maxPoints: 40 }),
      limit({ per: "lifetime", maxPoints: 1000 }),
    ];
    const awards = [
      { at: at("2026-01-01T10:00:00Z"), points: 975 },
      { at: at("2026-06-01T08:00:00Z"), points: 10 },
    ];
    expect(
      withinLimits(awards, limits, at("2026-06-01T12:00:00Z"), PARIS, {
        points: 30,
      }),
    ).toEqual({
      allowed: true,
      points: 15,
      capped: true,
    });
    const lifetimeDone = withinLimits(
      [...awards, { at: at("2026-06-02T08:00:00Z"), points: 15 }],
      limits,
      at("2026-07-01T12:00:00Z"),
      PARIS,
      {
        points: 30,
      },
    );
    expect(lifetimeDone).toEqual({
      allowed: false,
      limit: limits[1],
      resetsAt: null,
    });
  });

  it("counts an award dated in the same period even if after now", () => {
    const daily = [limit({ per: "day", maxAwards: 1 })];
    expect(
      withinLimits(
        [{ at: at("2026-05-01T18:00:00Z"), points: 1 }],
        daily,
        at("2026-05-01T09:00:00Z"),
        "UTC",
      ).allowed,
    ).toBe(false);
  });

  it("describes the period a limit counts", () => {
    expect(
      limitPeriodAt("lifetime", at("2026-05-01T00:00:00Z"), PARIS),
    ).toEqual({ start: null, end: null });
    expect(limitPeriodAt("year", at("2026-05-01T00:00:00Z"), PARIS)).toEqual({
      start: at("2025-12-31T23:00:00Z"),
      end: at("2026-12-31T23:00:00Z"),
    });
  });
});
