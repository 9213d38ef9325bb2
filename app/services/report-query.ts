import { z } from "zod";

import { isValidLocalDate, type LocalDate } from "~/loyalty/calendar";
import { dayRange } from "~/loyalty/report-period";
import { REPORT_KINDS, type ReportKind } from "~/loyalty/report-kinds";
import type { ReportCursor, ReportFilter } from "~/models/report.server";

/** "2025-06-30" on the shop's calendar, or null when empty or not a real day. */
function localDateOf(value: string): LocalDate | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  const date = { year: +match[1], month: +match[2], day: +match[3] };
  return isValidLocalDate(date) ? date : null;
}

const DateParamSchema = z
  .string()
  .trim()
  .max(10)
  .transform((value) => (localDateOf(value) ? value : ""))
  .catch("");

// A hand-edited or stale URL shows the report without the bad part rather than an error.
const ReportQuerySchema = z.object({
  q: z.string().trim().max(200).catch(""),
  from: DateParamSchema,
  to: DateParamSchema,
  kind: z
    .string()
    .max(200)
    .transform((value) =>
      value
        .split(",")
        .filter((kind): kind is ReportKind =>
          (REPORT_KINDS as readonly string[]).includes(kind),
        ),
    )
    .catch([]),
  rule: z.string().trim().max(64).catch(""),
  owed: z
    .string()
    .transform((value) => value === "1")
    .catch(false),
});

export type ReportQuery = z.infer<typeof ReportQuerySchema>;

/** The report's filters as the URL carries them (also what the export links carry). */
export function parseReportQuery(params: URLSearchParams): ReportQuery {
  return ReportQuerySchema.parse({
    q: params.get("q") ?? "",
    from: params.get("from") ?? "",
    to: params.get("to") ?? "",
    kind: params.get("kind") ?? "",
    rule: params.get("rule") ?? "",
    owed: params.get("owed") ?? "",
  });
}

/** The query as a filter; dates are days on the shop's calendar, both included. */
export function reportFilterOf(
  query: ReportQuery,
  timeZone: string,
): ReportFilter {
  const range = dayRange(
    localDateOf(query.from),
    localDateOf(query.to),
    timeZone,
  );
  return {
    from: range.from,
    to: range.to,
    memberSearch: query.q || null,
    kinds: query.kind,
    ruleId: query.rule || null,
    owedOnly: query.owed,
  };
}

/** A page cursor from the URL ("after" or "before": the row's time in ms and its id). */
export function parseReportCursor(value: string | null): ReportCursor | null {
  const match = /^(\d{1,15})_([A-Za-z0-9]{1,40})$/.exec(value ?? "");
  if (!match) return null;
  return { createdAt: new Date(Number(match[1])), id: match[2] };
}

export function reportCursorParam(row: {
  createdAt: Date | string;
  id: string;
}) {
  return `${new Date(row.createdAt).getTime()}_${row.id}`;
}
