import {
  EXPORT_FORMATS,
  exportReport,
  type ExportFormat,
} from "~/services/report-export.server";

export function parseExportFormat(value: string | null): ExportFormat | null {
  return (EXPORT_FORMATS as readonly string[]).includes(value ?? "")
    ? (value as ExportFormat)
    : null;
}

/** A streamed download: the body is written while the rows are read, never built whole. */
export function exportResponse(
  input: Parameters<typeof exportReport>[0],
): Response {
  const file = exportReport(input);
  return new Response(file.body, {
    headers: {
      "Content-Type": file.contentType,
      "Content-Disposition": `attachment; filename="${file.filename}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
