import {
  addDays,
  addMonths,
  fromLocalDateTime,
  startOfDay,
  startOfMonth,
  type LocalDate,
} from "~/loyalty/calendar";

/** The home chart's period picker (issue 8). */
export const CHART_PERIODS = ["7d", "30d", "90d", "12m"] as const;
export type ChartPeriod = (typeof CHART_PERIODS)[number];

export function isChartPeriod(value: string): value is ChartPeriod {
  return (CHART_PERIODS as readonly string[]).includes(value);
}

/** One bar of the chart: [start, end) in the shop's calendar. */
export interface PeriodBucket {
  start: Date;
  end: Date;
}

/**
 * The buckets of a period ending today in the shop's zone: one per day for 7, 30 and 90 days, one
 * per month for 12 months; the last bucket is the current day or month (it ends at its end, not
 * at `now`). Days are calendar days, 23 or 25 hours across a daylight-saving change.
 */
export function chartBuckets(
  period: ChartPeriod,
  now: Date,
  timeZone: string,
): PeriodBucket[] {
  const monthly = period === "12m";
  const count = monthly ? 12 : Number(period.slice(0, -1));
  const current = monthly
    ? startOfMonth(now, timeZone)
    : startOfDay(now, timeZone);
  const step = (instant: Date, n: number) =>
    monthly ? addMonths(instant, n, timeZone) : addDays(instant, n, timeZone);
  const buckets: PeriodBucket[] = [];
  for (let i = count - 1; i >= 0; i -= 1) {
    const start = step(current, -i);
    buckets.push({ start, end: step(start, 1) });
  }
  return buckets;
}

/**
 * A report's date range, typed as shop-calendar days (YYYY-MM-DD, both included), as instants:
 * from the start of the first day to the start of the day after the last.
 */
export function dayRange(
  from: LocalDate | null,
  to: LocalDate | null,
  timeZone: string,
): { from: Date | null; to: Date | null } {
  return {
    from: from ? fromLocalDateTime(from, timeZone) : null,
    to: to ? addDays(fromLocalDateTime(to, timeZone), 1, timeZone) : null,
  };
}
