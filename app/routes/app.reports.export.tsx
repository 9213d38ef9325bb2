import type { LoaderFunctionArgs } from "@remix-run/node";

import { getLocale } from "~/i18n/locale";
import { t } from "~/i18n/translate";
import { getShopDisplaySettings } from "~/models/dashboard.server";
import { parseReportQuery, reportFilterOf } from "~/services/report-query";
import {
  exportResponse,
  parseExportFormat,
} from "~/services/export-response.server";
import { authenticate } from "~/shopify.server";

// GET /app/reports/export?format=csv|xlsx&<the report's filters>: the filtered report as a file.
export async function loader({ request }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const params = new URL(request.url).searchParams;
  const format = parseExportFormat(params.get("format"));
  if (!format) return new Response("Unknown format", { status: 400 });
  const { timeZone } = await getShopDisplaySettings(session.shop);
  const locale = getLocale(request);
  return exportResponse({
    shopDomain: session.shop,
    filter: reportFilterOf(parseReportQuery(params), timeZone),
    format,
    locale,
    timeZone,
    name: t(locale, "reports.fileName"),
  });
}
