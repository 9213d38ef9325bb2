import { timeZoneOffset } from "~/loyalty/calendar";

/**
 * A text cell a spreadsheet could read as a formula (CSV injection, OWASP): text starting with
 * `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading apostrophe, which spreadsheets
 * show as text. Numbers are never passed here: a negative amount stays a number.
 */
export function neutraliseCell(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

const QUARTER_HOUR_MS = 15 * 60_000;

/**
 * The shop's wall-clock time of instants, fast enough for 100,000 rows: the zone's offset is
 * looked up once per quarter hour (every zone changes offset on a quarter hour) instead of
 * formatting each instant with Intl.
 */
export function shopWallClock(timeZone: string) {
  const offsets = new Map<number, number>();
  const offsetAt = (instant: Date) => {
    const slot = Math.floor(instant.getTime() / QUARTER_HOUR_MS);
    let offset = offsets.get(slot);
    if (offset === undefined) {
      offset = timeZoneOffset(instant, timeZone);
      offsets.set(slot, offset);
    }
    return offset;
  };
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  return {
    /**
     * A Date whose UTC fields are the shop's wall-clock time: what a spreadsheet date cell (which
     * has no zone) must hold to show the shop's time.
     */
    asSpreadsheetDate(instant: Date): Date {
      return new Date(instant.getTime() + offsetAt(instant));
    },
    /** "2025-06-01 14:30:05" in the shop's zone. */
    format(instant: Date): string {
      const wall = new Date(instant.getTime() + offsetAt(instant));
      return `${pad(wall.getUTCFullYear(), 4)}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())} ${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}:${pad(wall.getUTCSeconds())}`;
    },
  };
}
