import { PassThrough, Readable } from "node:stream";
import { once } from "node:events";

import { stringify } from "csv-stringify/sync";
import ExcelJS from "exceljs";

import {
  describeLedgerKind,
  describeLedgerNote,
} from "~/components/ledger-kind";
import type { MessageKey } from "~/i18n/messages/dictionary";
import { createTranslator } from "~/i18n/translate";
import type { Locale } from "~/i18n/locale";
import {
  readReportRows,
  type ReportFilter,
  type ReportRow,
} from "~/models/report.server";
import { neutraliseCell, shopWallClock } from "~/services/spreadsheet-cells";

export const EXPORT_FORMATS = ["csv", "xlsx"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

const COLUMNS: { key: MessageKey; width: number }[] = [
  { key: "reports.column.date", width: 20 },
  { key: "reports.column.customer", width: 24 },
  { key: "reports.column.email", width: 28 },
  { key: "reports.column.customerId", width: 16 },
  { key: "reports.column.kind", width: 28 },
  { key: "reports.column.note", width: 32 },
  { key: "reports.column.order", width: 12 },
  { key: "reports.column.points", width: 10 },
  { key: "reports.column.balanceAfter", width: 14 },
  { key: "reports.column.pointsOwed", width: 18 },
];

export interface ReportExport {
  body: ReadableStream<Uint8Array>;
  contentType: string;
  filename: string;
}

/**
 * The rows of a report as a spreadsheet, streamed: rows are read from the database one keyset page
 * at a time and written as the client takes them (the next page is read only once the response
 * has room), so an export of any size holds about one page in memory. Headers are in the admin's
 * language, dates in the shop's zone (stated in the date column's header), points are numbers.
 */
export function exportReport(input: {
  shopDomain: string;
  filter: ReportFilter;
  format: ExportFormat;
  locale: Locale;
  timeZone: string;
  /** The file's name without extension. */
  name: string;
  pageSize?: number;
}): ReportExport {
  const { t } = createTranslator(input.locale, input.timeZone);
  const clock = shopWallClock(input.timeZone);
  const headers = COLUMNS.map((column, index) =>
    index === 0 ? `${t(column.key)} (${input.timeZone})` : t(column.key),
  );
  const text = (value: string | null) =>
    value === null ? "" : neutraliseCell(value);
  // A shop has a handful of kinds and notes over thousands of rows: translate each once.
  const words = new Map<string, [string, string]>();
  const translated = (kind: string, description: string | null) => {
    const key = JSON.stringify([kind, description]);
    let cells = words.get(key);
    if (cells === undefined) {
      cells = [
        text(describeLedgerKind(t, kind)),
        text(describeLedgerNote(t, kind, description)),
      ];
      if (words.size < 10_000) words.set(key, cells);
    }
    return cells;
  };

  const cellsOf = (row: ReportRow, date: Date | string) => [
    date,
    text(
      row.member.name ?? (row.member.redacted ? t("reports.redacted") : null),
    ),
    text(row.member.email),
    text(row.member.customerId),
    ...translated(row.kind, row.description),
    text(row.orderName),
    row.points,
    row.balanceAfter,
    row.pointsOwed,
  ];
  const pages = readReportRows(
    input.shopDomain,
    input.filter,
    input.pageSize ?? 1000,
  );
  const body =
    input.format === "csv"
      ? csvStream(headers, pages, (row) =>
          cellsOf(row, clock.format(row.createdAt)),
        )
      : xlsxStream(headers, t("reports.sheetName"), pages, (row) =>
          cellsOf(row, clock.asSpreadsheetDate(row.createdAt)),
        );
  return {
    body,
    contentType: CONTENT_TYPES[input.format],
    filename: `${input.name}.${input.format}`,
  };
}

type Cells = (string | number | Date)[];

function csvStream(
  headers: string[],
  pages: AsyncGenerator<ReportRow[]>,
  cellsOf: (row: ReportRow) => Cells,
): ReadableStream<Uint8Array> {
  // One chunk per page of rows: Readable.from asks for the next page only once the client has
  // taken the previous ones (backpressure), and a page is one write rather than a thousand.
  async function* chunks() {
    // A byte order mark so that Excel reads the UTF-8 accents right.
    yield stringify([headers], { bom: true });
    for await (const rows of pages) yield stringify(rows.map(cellsOf));
  }
  return Readable.toWeb(
    Readable.from(chunks(), { objectMode: false }),
  ) as ReadableStream<Uint8Array>;
}

function xlsxStream(
  headers: string[],
  sheetName: string,
  pages: AsyncGenerator<ReportRow[]>,
  cellsOf: (row: ReportRow) => Cells,
): ReadableStream<Uint8Array> {
  const out = new PassThrough({ highWaterMark: 256 * 1024 });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet(sheetName);
  sheet.columns = COLUMNS.map((column, index) => ({
    header: headers[index],
    width: column.width,
    style: index === 0 ? { numFmt: "yyyy-mm-dd hh:mm:ss" } : undefined,
  }));
  (async () => {
    for await (const rows of pages) {
      for (const row of rows) sheet.addRow(cellsOf(row)).commit();
      // Wait for the client before reading the next page.
      if (out.writableNeedDrain) await once(out, "drain");
    }
    sheet.commit();
    await workbook.commit();
  })().catch((error: unknown) => out.destroy(error as Error));
  return Readable.toWeb(out) as ReadableStream<Uint8Array>;
}
