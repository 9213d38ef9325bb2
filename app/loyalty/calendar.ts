import { z } from "zod";
import { type ValidationCode } from "~/loyalty/validation-codes";

/**
 * Calendar arithmetic in a shop's IANA time zone, with `Intl` only.
 *
 * Limits, birthdays, expiry and tier windows are all "the shop's day / week / month / year", so
 * a day here is a wall-clock day in the shop's zone: 23 or 25 hours long across a daylight-saving
 * change. Wall times that do not exist (the hour skipped in spring) resolve forward by the length
 * of the gap, and wall times that happen twice (the hour repeated in autumn) resolve to the first
 * one, as `Temporal`'s "compatible" disambiguation does.
 */

const DAY_MS = 86_400_000;

/** A date on the shop's calendar, without a time. `month` is 1–12. */
export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

/** A wall-clock time on the shop's calendar. */
export interface LocalDateTime extends LocalDate {
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export type CalendarUnit = "day" | "week" | "month" | "year";

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      calendar: "gregory",
      numberingSystem: "latn",
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
      era: "short",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function isValidTimeZone(timeZone: string): boolean {
  if (timeZone.length === 0) return false;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

export const TimeZoneSchema = z.string().refine(isValidTimeZone, {
  message: "invalid.timeZone" satisfies ValidationCode,
});

function utcMillis(t: LocalDateTime): number {
  // Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear does not.
  const d = new Date(
    Date.UTC(
      2000,
      t.month - 1,
      t.day,
      t.hour,
      t.minute,
      t.second,
      t.millisecond,
    ),
  );
  d.setUTCFullYear(t.year, t.month - 1, t.day);
  return d.getTime();
}

/** The wall-clock time of an instant in a time zone. */
export function toLocalDateTime(
  instant: Date,
  timeZone: string,
): LocalDateTime {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError("Invalid date");
  const parts = formatterFor(timeZone).formatToParts(instant);
  const get = (type: Intl.DateTimeFormatPartTypes): string =>
    parts.find((p) => p.type === type)?.value ?? "";
  let year = Number(get("year"));
  if (get("era") === "BC" || get("era") === "B") year = 1 - year;
  return {
    year,
    month: Number(get("month")),
    day: Number(get("day")),
    hour: Number(get("hour")) % 24,
    minute: Number(get("minute")),
    second: Number(get("second")),
    millisecond: ((ms % 1000) + 1000) % 1000,
  };
}

export function toLocalDate(instant: Date, timeZone: string): LocalDate {
  const { year, month, day } = toLocalDateTime(instant, timeZone);
  return { year, month, day };
}

/** Milliseconds the zone's wall clock is ahead of UTC at this instant (Paris in winter: 3,600,000). */
export function timeZoneOffset(instant: Date, timeZone: string): number {
  return utcMillis(toLocalDateTime(instant, timeZone)) - instant.getTime();
}

/**
 * The instant a wall-clock time happens in a zone. A time skipped by a daylight-saving change
 * moves forward by the gap (02:30 on a spring-forward night is 03:30); a repeated time is the
 * first of the two.
 */
export function fromLocalDateTime(
  local: LocalDate & Partial<LocalDateTime>,
  timeZone: string,
): Date {
  const wall = utcMillis({
    hour: 0,
    minute: 0,
    second: 0,
    millisecond: 0,
    ...local,
  });
  // Real zones change offset at most once in two days, so the offsets a day before and a day
  // after are the only two candidates.
  const before = timeZoneOffset(new Date(wall - DAY_MS), timeZone);
  const after = timeZoneOffset(new Date(wall + DAY_MS), timeZone);
  const candidates = [wall - before, wall - after].filter(
    (instant) => timeZoneOffset(new Date(instant), timeZone) === wall - instant,
  );
  if (candidates.length > 0) return new Date(Math.min(...candidates));
  return new Date(wall - before);
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return [
    31,
    isLeapYear(year) ? 29 : 28,
    31,
    30,
    31,
    30,
    31,
    31,
    30,
    31,
    30,
    31,
  ][month - 1];
}

export function isValidLocalDate(date: LocalDate): boolean {
  return (
    Number.isInteger(date.year) &&
    Number.isInteger(date.month) &&
    Number.isInteger(date.day) &&
    date.month >= 1 &&
    date.month <= 12 &&
    date.day >= 1 &&
    date.day <= daysInMonth(date.year, date.month)
  );
}

/** Negative, zero or positive, like a sort comparator. */
export function compareLocalDates(a: LocalDate, b: LocalDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

/** "2026-03-08", for keys and messages. */
export function formatLocalDate(date: LocalDate): string {
  const pad = (n: number, width: number) => String(n).padStart(width, "0");
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}

function epochDay(date: LocalDate): number {
  return Math.round(
    utcMillis({ ...date, hour: 0, minute: 0, second: 0, millisecond: 0 }) /
      DAY_MS,
  );
}

function fromEpochDay(days: number): LocalDate {
  const d = new Date(days * DAY_MS);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
  };
}

export function addDaysToLocalDate(date: LocalDate, days: number): LocalDate {
  return fromEpochDay(epochDay(date) + days);
}

/** Whole calendar days from `a` to `b` (positive when `b` is later). */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return epochDay(b) - epochDay(a);
}

/** ISO weekday of a calendar date. */
export function weekdayOf(date: LocalDate): Weekday {
  const sundayZero = new Date(epochDay(date) * DAY_MS).getUTCDay();
  return (sundayZero === 0 ? 7 : sundayZero) as Weekday;
}

/**
 * Adds calendar months, keeping the day of month when it exists and otherwise taking the last
 * day of the target month: Jan 31 + 1 month = Feb 28 (Feb 29 in a leap year), never Mar 3.
 */
export function addMonthsToLocalDate(
  date: LocalDate,
  months: number,
): LocalDate {
  const index = date.year * 12 + (date.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return { year, month, day: Math.min(date.day, daysInMonth(year, month)) };
}

/** The first instant of the shop's calendar day that contains `instant`. */
export function startOfDay(instant: Date, timeZone: string): Date {
  return fromLocalDateTime(toLocalDate(instant, timeZone), timeZone);
}

/** The first instant of the shop's week (Monday by default) that contains `instant`. */
export function startOfWeek(
  instant: Date,
  timeZone: string,
  weekStartsOn: Weekday = 1,
): Date {
  const today = toLocalDate(instant, timeZone);
  const back = (weekdayOf(today) - weekStartsOn + 7) % 7;
  return fromLocalDateTime(addDaysToLocalDate(today, -back), timeZone);
}

export function startOfMonth(instant: Date, timeZone: string): Date {
  const { year, month } = toLocalDate(instant, timeZone);
  return fromLocalDateTime({ year, month, day: 1 }, timeZone);
}

export function startOfYear(instant: Date, timeZone: string): Date {
  const { year } = toLocalDate(instant, timeZone);
  return fromLocalDateTime({ year, month: 1, day: 1 }, timeZone);
}

export function startOf(
  unit: CalendarUnit,
  instant: Date,
  timeZone: string,
  weekStartsOn: Weekday = 1,
): Date {
  switch (unit) {
    case "day":
      return startOfDay(instant, timeZone);
    case "week":
      return startOfWeek(instant, timeZone, weekStartsOn);
    case "month":
      return startOfMonth(instant, timeZone);
    case "year":
      return startOfYear(instant, timeZone);
  }
}

/** The first instant of the next day / week / month / year: the end (exclusive) of the current one. */
export function startOfNext(
  unit: CalendarUnit,
  instant: Date,
  timeZone: string,
  weekStartsOn: Weekday = 1,
): Date {
  const start = toLocalDate(
    startOf(unit, instant, timeZone, weekStartsOn),
    timeZone,
  );
  const next =
    unit === "day"
      ? addDaysToLocalDate(start, 1)
      : unit === "week"
        ? addDaysToLocalDate(start, 7)
        : unit === "month"
          ? addMonthsToLocalDate(start, 1)
          : addMonthsToLocalDate(start, 12);
  return fromLocalDateTime(next, timeZone);
}

/**
 * Same wall-clock time `days` calendar days later in the shop's zone (across a daylight-saving
 * change this is 23 or 25 hours per day, not 24).
 */
export function addDays(instant: Date, days: number, timeZone: string): Date {
  const local = toLocalDateTime(instant, timeZone);
  return fromLocalDateTime(
    { ...local, ...addDaysToLocalDate(local, days) },
    timeZone,
  );
}

/** Same wall-clock time `months` later, the day clamped to the end of a shorter month. */
export function addMonths(
  instant: Date,
  months: number,
  timeZone: string,
): Date {
  const local = toLocalDateTime(instant, timeZone);
  return fromLocalDateTime(
    { ...local, ...addMonthsToLocalDate(local, months) },
    timeZone,
  );
}

export function addYears(instant: Date, years: number, timeZone: string): Date {
  return addMonths(instant, years * 12, timeZone);
}

/**
 * A `datetime-local` field's value ("2026-11-27T09:30", seconds optional) read as wall-clock time
 * in the shop's zone, whatever the browser's zone; null when it is not such a value.
 */
export function fromDateTimeInput(
  value: string,
  timeZone: string,
): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(
    value.trim(),
  );
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match
    .slice(1)
    .map((part) => Number(part ?? 0));
  if (!isValidLocalDate({ year, month, day }) || hour > 23 || minute > 59)
    return null;
  return fromLocalDateTime(
    { year, month, day, hour, minute, second },
    timeZone,
  );
}
