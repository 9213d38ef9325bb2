import type { LoaderFunctionArgs } from "@remix-run/node";
import { isRouteErrorResponse, useLoaderData, useRouteError } from "@remix-run/react";
import { BlockStack, Box, Card, EmptyState, Layout, Page, Text } from "@shopify/polaris";
import { boundary } from "@shopify/shopify-app-remix/server";
import { z } from "zod";

import { ActivityTable } from "~/components/activity-table";
import { memberLabel } from "~/components/member-name";
import membersIllustration from "~/components/members-illustration.svg?url";
import { usePageLinks } from "~/components/use-page-links";
import { useTranslation } from "~/i18n/use-translation";
import { getMemberHistory } from "~/models/dashboard.server";
import { authenticate } from "~/shopify.server";

const PAGE_SIZE = 25;

const HistoryQuerySchema = z.object({ page: z.coerce.number().int().min(1).catch(1) });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const { page } = HistoryQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const history = await getMemberHistory(session.shop, params.memberId ?? "", { page, pageSize: PAGE_SIZE });
  // Another shop's member is as absent as one that never existed.
  if (!history) throw new Response(null, { status: 404, statusText: "Not Found" });
  return history;
}

export default function MemberPage() {
  const { member, entries, page, pageCount } = useLoaderData<typeof loader>();
  const { t, formatPoints, formatDate } = useTranslation();
  const pagination = usePageLinks(page, pageCount);

  return (
    <Page
      title={memberLabel(t, member)}
      subtitle={t("member.memberSince", { date: formatDate(member.joinedAt) })}
      backAction={{ content: t("nav.members"), url: "/app/members" }}
    >
      <Layout>
        <Layout.Section>
          <Card padding="0">
            <Box padding="400">
              <Text as="h2" variant="headingMd">
                {t("member.history.title")}
              </Text>
            </Box>
            <ActivityTable
              entries={entries}
              showMember={false}
              emptyText={t("member.history.empty")}
              pagination={pageCount > 1 ? pagination : undefined}
            />
          </Card>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingSm" tone="subdued">
                  {t("member.balance")}
                </Text>
                <Text as="p" variant="heading2xl" numeric>
                  {formatPoints(member.balance)}
                </Text>
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("member.details.title")}
                </Text>
                {member.redacted ? (
                  <Text as="p" tone="subdued">
                    {t("member.redacted")}
                  </Text>
                ) : (
                  <BlockStack gap="100">
                    <Text as="h3" variant="headingSm">
                      {t("member.email")}
                    </Text>
                    <Text as="p" tone={member.email ? undefined : "subdued"}>
                      {member.email ?? t("member.noEmail")}
                    </Text>
                  </BlockStack>
                )}
                <BlockStack gap="100">
                  <Text as="h3" variant="headingSm">
                    {t("member.customerId")}
                  </Text>
                  <Text as="p">{member.customerId}</Text>
                </BlockStack>
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  if (isRouteErrorResponse(error) && error.status === 404) {
    return (
      <Page backAction={{ content: t("nav.members"), url: "/app/members" }}>
        <Card>
          <EmptyState heading={t("member.notFound.heading")} image={membersIllustration}>
            <p>{t("member.notFound.body")}</p>
          </EmptyState>
        </Card>
      </Page>
    );
  }
  // Authentication redirects and real failures go to Shopify's boundary, as in the layout.
  return boundary.error(error);
}
