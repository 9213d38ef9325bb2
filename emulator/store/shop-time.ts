import { createHash } from "node:crypto";

/**
 * Shopify's REST payloads write times in the shop's time zone with its offset,
 * e.g. "2026-01-09T19:00:17-05:00", not in UTC. Apps that compare dates must parse the offset.
 */
export function shopTimestamp(iso: string | Date, timeZone: string): string {
  const date = typeof iso === "string" ? new Date(iso) : iso;
  let parts: Record<string, string>;
  try {
    parts = Object.fromEntries(
      new Intl.DateTimeFormat("en-US", {
        timeZone,
        hourCycle: "h23",
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
        second: "2-digit",
      })
        .formatToParts(date)
        .map((part) => [part.type, part.value]),
    );
  } catch {
    return date.toISOString().replace(/\.\d{3}Z$/, "+00:00");
  }
  const local = Date.UTC(
    +parts.year,
    +parts.month - 1,
    +parts.day,
    +parts.hour,
    +parts.minute,
    +parts.second,
  );
  const offsetMinutes = Math.round(
    (local - Math.floor(date.getTime() / 1000) * 1000) / 60_000,
  );
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${offset}`;
}

/** EmuShop has no numeric id; compliance payloads need one (`shop_id`), stable for a domain. */
export function shopNumericId(domain: string): number {
  return (
    10_000_000 +
    (createHash("sha256").update(domain).digest().readUInt32BE(0) % 90_000_000)
  );
}
