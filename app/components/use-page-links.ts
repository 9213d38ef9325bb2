import type { IndexTableProps } from "@shopify/polaris";

import { useTranslation } from "~/i18n/use-translation";

/**
 * Previous/next links for a paged list. Only the list's own parameters (search, sort) are kept:
 * the launch parameters Shopify added to the first URL (id_token, hmac...) must not travel on.
 * Plain links rather than callbacks, so they work before hydration too.
 */
export function usePageLinks(
  page: number,
  pageCount: number,
  listParams: Record<string, string | undefined> = {},
): IndexTableProps["pagination"] {
  const { t } = useTranslation();
  const urlForPage = (target: number) => {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(listParams))
      if (value) params.set(name, value);
    if (target > 1) params.set("page", String(target));
    return `?${params.toString()}`;
  };
  return {
    hasPrevious: page > 1,
    hasNext: page < pageCount,
    previousURL: urlForPage(page - 1),
    nextURL: urlForPage(page + 1),
    label: t("pagination.label", { page, pages: pageCount }),
    accessibilityLabels: {
      previous: t("pagination.previous"),
      next: t("pagination.next"),
    },
  };
}
