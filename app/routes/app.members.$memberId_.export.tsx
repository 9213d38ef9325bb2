import type { LoaderFunctionArgs } from "@remix-run/node";

import { getLocale } from "~/i18n/locale";
import { t } from "~/i18n/translate";
import { getShopDisplaySettings } from "~/models/dashboard.server";
import { findShopMemberId } from "~/models/report.server";
import {
  exportResponse,
  parseExportFormat,
} from "~/services/export-response.server";
import { authenticate } from "~/shopify.server";

// GET /app/members/:memberId/export?format=csv|xlsx: one member's whole history as a file.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const format = parseExportFormat(
    new URL(request.url).searchParams.get("format"),
  );
  if (!format) return new Response("Unknown format", { status: 400 });
  // Another shop's member is as absent as one that never existed.
  const memberId = await findShopMemberId(session.shop, params.memberId ?? "");
  if (!memberId)
    throw new Response(null, { status: 404, statusText: "Not Found" });
  const { timeZone } = await getShopDisplaySettings(session.shop);
  const locale = getLocale(request);
  return exportResponse({
    shopDomain: session.shop,
    filter: { memberId },
    format,
    locale,
    timeZone,
    name: t(locale, "member.export.fileName"),
  });
}
