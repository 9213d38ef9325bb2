import { isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { Card, EmptyState, Page } from "@shopify/polaris";
import { boundary } from "@shopify/shopify-app-remix/server";

import membersIllustration from "~/components/members-illustration.svg?url";
import type { MessageKey } from "~/i18n/messages/dictionary";
import { useTranslation } from "~/i18n/use-translation";

/**
 * The error boundary of a page about one record (a member, a reward): a 404 is shown as a
 * translated empty state with a way back; authentication redirects and real failures go to
 * Shopify's boundary, as in the layout.
 */
export function notFoundBoundary(copy: {
  back: MessageKey;
  backUrl: string;
  heading: MessageKey;
  body: MessageKey;
}) {
  return function NotFoundBoundary() {
    const error = useRouteError();
    const { t } = useTranslation();
    if (isRouteErrorResponse(error) && error.status === 404) {
      return (
        <Page backAction={{ content: t(copy.back), url: copy.backUrl }}>
          <Card>
            <EmptyState heading={t(copy.heading)} image={membersIllustration}>
              <p>{t(copy.body)}</p>
            </EmptyState>
          </Card>
        </Page>
      );
    }
    return boundary.error(error);
  };
}
