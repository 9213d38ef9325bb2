import { useRouteLoaderData } from "@remix-run/react";
import { useMemo } from "react";

import { DEFAULT_LOCALE, type Locale } from "~/i18n/locale";
import { createTranslator, type Translator } from "~/i18n/translate";

/** What the embedded layout (app/routes/app.tsx) tells every admin page about the merchant. */
export interface AdminLocaleData {
  locale: Locale;
  /** The shop's IANA time zone: dates are shown as the shop sees them. */
  timeZone: string;
  /** What the merchant calls points in this language; null: the dictionary's "point(s)". */
  pointsName?: { one: string; other: string } | null;
}

export const ADMIN_LAYOUT_ROUTE_ID = "routes/app";

/**
 * The translator for the current admin page, from the layout's loader data. Outside the embedded
 * layout (an error page above it) it speaks English in UTC.
 */
export function useTranslation(): Translator {
  const data = useRouteLoaderData<AdminLocaleData>(ADMIN_LAYOUT_ROUTE_ID);
  const locale = data?.locale ?? DEFAULT_LOCALE;
  const timeZone = data?.timeZone ?? "UTC";
  const pointsName = data?.pointsName ?? null;
  return useMemo(
    () => createTranslator(locale, timeZone, pointsName),
    [locale, timeZone, pointsName],
  );
}
