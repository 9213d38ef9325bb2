import { z } from "zod";
import { type ValidationCode } from "~/loyalty/validation-codes";
import { startOf, startOfNext, type Weekday } from "~/loyalty/calendar";

/**
 * Per-rule earning limits ("at most 3 reviews a day", "at most 500 points a month from social").
 * Periods are calendar periods in the shop's time zone (a day starts at the shop's midnight, a
 * week on Monday unless the shop says otherwise), not rolling 24-hour windows: that is what a
 * merchant reads on a calendar, and what a shopper can predict.
 */

export const LimitPeriodSchema = z.enum([
  "day",
  "week",
  "month",
  "year",
  "lifetime",
]);
export type LimitPeriod = z.infer<typeof LimitPeriodSchema>;

export const EarningLimitSchema = z
  .object({
    per: LimitPeriodSchema,
    /** At most this many awards in the period. */
    maxAwards: z.number().int().min(1).max(1_000_000).nullable().default(null),
    /** At most this many points in the period; an award that would go over is reduced to fit. */
    maxPoints: z
      .number()
      .int()
      .min(1)
      .max(1_000_000_000)
      .nullable()
      .default(null),
  })
  .refine((limit) => limit.maxAwards !== null || limit.maxPoints !== null, {
    message: "invalid.limitAmount" satisfies ValidationCode,
  });
export type EarningLimit = z.infer<typeof EarningLimitSchema>;

export const EarningLimitsSchema = z
  .array(EarningLimitSchema)
  .max(10)
  .default([])
  .refine(
    (limits) => new Set(limits.map((l) => l.per)).size === limits.length,
    {
      message: "invalid.limitPerPeriod" satisfies ValidationCode,
    },
  );

/** A previous award of the same rule to the same member (reversals do not give the allowance back). */
export interface PreviousAward {
  at: Date;
  points: number;
}

export type LimitCheck =
  | {
      allowed: true;
      /** The points to award: the requested points, reduced to what the tightest point limit leaves. */
      points: number;
      capped: boolean;
    }
  | {
      allowed: false;
      /** The limit that refused it. */
      limit: EarningLimit;
      /** When the period ends and the member can earn from this rule again; null for a lifetime limit. */
      resetsAt: Date | null;
    };

export interface LimitOptions {
  /** The points the award would carry; without it only award counts and exhausted point limits are checked. */
  points?: number;
  weekStartsOn?: Weekday;
}

/** The period of `now` as [start, end); lifetime is unbounded. */
export function limitPeriodAt(
  per: LimitPeriod,
  now: Date,
  timeZone: string,
  weekStartsOn: Weekday = 1,
): { start: Date | null; end: Date | null } {
  if (per === "lifetime") return { start: null, end: null };
  return {
    start: startOf(per, now, timeZone, weekStartsOn),
    end: startOfNext(per, now, timeZone, weekStartsOn),
  };
}

/**
 * Whether one more award of a rule fits its limits at `now`. Awards dated in the same period as
 * `now` count, even if dated after it (a clock slightly ahead on another instance must not open a
 * loophole). Every limit must allow it; point limits reduce the award to what is left.
 */
export function withinLimits(
  previousAwardsOfThisRule: readonly PreviousAward[],
  limits: readonly EarningLimit[],
  now: Date,
  timeZone: string,
  options: LimitOptions = {},
): LimitCheck {
  const requested = options.points ?? null;
  let points = requested ?? Number.POSITIVE_INFINITY;
  for (const limit of limits) {
    const { start, end } = limitPeriodAt(
      limit.per,
      now,
      timeZone,
      options.weekStartsOn,
    );
    const inPeriod = previousAwardsOfThisRule.filter(
      (award) =>
        (start === null || award.at >= start) &&
        (end === null || award.at < end),
    );
    const refuse = (): LimitCheck => ({ allowed: false, limit, resetsAt: end });
    if (limit.maxAwards !== null && inPeriod.length >= limit.maxAwards)
      return refuse();
    if (limit.maxPoints !== null) {
      const used = inPeriod.reduce(
        (sum, award) => sum + Math.max(0, award.points),
        0,
      );
      const left = limit.maxPoints - used;
      if (left <= 0) return refuse();
      points = Math.min(points, left);
    }
  }
  if (requested === null) return { allowed: true, points: 0, capped: false };
  if (requested <= 0)
    return { allowed: true, points: requested, capped: false };
  return { allowed: true, points, capped: points < requested };
}
