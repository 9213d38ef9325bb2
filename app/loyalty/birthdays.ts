import { z } from "zod";
import { type ValidationCode } from "~/loyalty/validation-codes";
import {
  compareLocalDates,
  daysBetween,
  fromLocalDateTime,
  isLeapYear,
  isValidLocalDate,
  toLocalDate,
  type LocalDate,
} from "~/loyalty/calendar";

/**
 * Birthday points: once a year, on the member's birthday in the shop's time zone.
 *
 * - Feb 29 birthdays are celebrated on Feb 28 in years without a Feb 29: still in February, and
 *   never after the day itself (Mar 1 would be a day late).
 * - A birthday set (or changed) less than 30 days ahead of its next occurrence starts counting
 *   the year after: otherwise anyone could type tomorrow's date for quick points. Exactly 30 days
 *   ahead counts.
 * - Once a year: the award's idempotency key carries the year (earning-rules.ts `awardSourceFor`),
 *   and `lastAwardedYear` keeps a member who changes their birthday after being awarded from
 *   earning twice in one year.
 * - A daily job that did not run on the day still awards within a grace period (7 days by
 *   default); a birthday missed for longer waits for next year rather than arriving months late.
 */

export const BIRTHDAY_NOTICE_DAYS = 30;
export const BIRTHDAY_GRACE_DAYS = 7;

/** Month and day only: the year of birth is none of the shop's business. */
export const BirthdaySchema = z
  .object({
    month: z.coerce.number().int().min(1).max(12),
    day: z.coerce.number().int().min(1).max(31),
  })
  .refine((b) => isValidLocalDate({ year: 2000, month: b.month, day: b.day }), {
    message: "invalid.birthday" satisfies ValidationCode,
    path: ["day"],
  });
export type Birthday = z.infer<typeof BirthdaySchema>;

export interface MemberBirthday {
  birthday: Birthday;
  /** When the member last set or changed it. */
  setAt: Date;
  /** The year of the last birthday award, or null. */
  lastAwardedYear: number | null;
}

/** The calendar day a birthday falls on in `year` (Feb 29 → Feb 28 outside leap years). */
export function birthdayInYear(birthday: Birthday, year: number): LocalDate {
  if (birthday.month === 2 && birthday.day === 29 && !isLeapYear(year))
    return { year, month: 2, day: 28 };
  return { year, month: birthday.month, day: birthday.day };
}

/**
 * The (month, day) birthdays celebrated on a date, for the daily job's query: Feb 28 of a
 * non-leap year also celebrates Feb 29 birthdays.
 */
export function birthdaysCelebratedOn(date: LocalDate): Birthday[] {
  const own = { month: date.month, day: date.day };
  if (date.month === 2 && date.day === 28 && !isLeapYear(date.year))
    return [own, { month: 2, day: 29 }];
  return [own];
}

/** The first year whose birthday earns points, given when the birthday was set. */
export function firstBirthdayYear(
  birthday: Birthday,
  setAt: Date,
  timeZone: string,
): number {
  const setOn = toLocalDate(setAt, timeZone);
  let year = setOn.year;
  if (compareLocalDates(birthdayInYear(birthday, year), setOn) < 0) year += 1;
  if (daysBetween(setOn, birthdayInYear(birthday, year)) < BIRTHDAY_NOTICE_DAYS)
    year += 1;
  return year;
}

export interface BirthdayAward {
  /** The year the award is for: the idempotency key component. */
  year: number;
  /** The shop's calendar day of that birthday. */
  date: LocalDate;
  /** The start of that day in the shop's zone: when the award becomes due. */
  dueAt: Date;
  /** Due now (today, or within the grace period after a missed day). */
  dueNow: boolean;
}

/**
 * The member's next birthday award not yet given: due now if its day has come (at most
 * `graceDays` ago), otherwise the upcoming one, for "your birthday points arrive on …".
 */
export function nextBirthdayAward(
  member: MemberBirthday,
  now: Date,
  timeZone: string,
  graceDays: number = BIRTHDAY_GRACE_DAYS,
): BirthdayAward {
  const today = toLocalDate(now, timeZone);
  let year = Math.max(
    firstBirthdayYear(member.birthday, member.setAt, timeZone),
    member.lastAwardedYear === null
      ? Number.NEGATIVE_INFINITY
      : member.lastAwardedYear + 1,
    today.year - 1,
  );
  for (;;) {
    const date = birthdayInYear(member.birthday, year);
    const late = daysBetween(date, today);
    if (late <= graceDays)
      return {
        year,
        date,
        dueAt: fromLocalDateTime(date, timeZone),
        dueNow: late >= 0,
      };
    year += 1;
  }
}

/** The award to give now, or null when none is due. */
export function birthdayAwardDue(
  member: MemberBirthday,
  now: Date,
  timeZone: string,
  graceDays: number = BIRTHDAY_GRACE_DAYS,
): BirthdayAward | null {
  const next = nextBirthdayAward(member, now, timeZone, graceDays);
  return next.dueNow ? next : null;
}
