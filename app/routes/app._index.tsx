import {
  json,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
} from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { z } from "zod";
import {
  BlockStack,
  Box,
  Button,
  Card,
  EmptyState,
  InlineGrid,
  InlineStack,
  Layout,
  Page,
  Text,
} from "@shopify/polaris";

import * as clock from "~/clock.server";
import { ActivityTable } from "~/components/activity-table";
import { MemberLink } from "~/components/member-name";
import {
  NeedsAttentionCard,
  type NeedsAttentionResult,
} from "~/components/needs-attention-card";
import membersIllustration from "~/components/members-illustration.svg?url";
import { ProgramCard } from "~/components/program-card";
import { ProgramSwitchCard } from "~/components/program/program-switch-card";
import { ProgramStatusBadge } from "~/components/program-status-badge";
import { StatCard } from "~/components/stat-card";
import { useTranslation } from "~/i18n/use-translation";
import { getDashboard } from "~/models/dashboard.server";
import {
  dismissWebhookAttention,
  listWebhookAttention,
  retryWebhookAttention,
} from "~/services/webhook-attention.server";
import { authenticate } from "~/shopify.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const [dashboard, attention] = await Promise.all([
    getDashboard(session.shop, clock.now()),
    listWebhookAttention(session.shop),
  ]);
  return { ...dashboard, attention };
}

const AttentionActionSchema = z.object({
  intent: z.enum(["retry", "dismiss"]),
  id: z.string().min(1).max(64),
});

/** The "Needs attention" card's buttons. */
export async function action({ request }: ActionFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const parsed = AttentionActionSchema.safeParse(
    Object.fromEntries(await request.formData()),
  );
  if (!parsed.success)
    return json<NeedsAttentionResult>({ intent: "unknown" }, { status: 400 });
  const { intent, id } = parsed.data;
  const now = clock.now();
  const outcome =
    intent === "retry"
      ? await retryWebhookAttention(session.shop, id, now)
      : await dismissWebhookAttention(session.shop, id, now);
  return json<NeedsAttentionResult>(
    { intent, outcome },
    { status: outcome === "not_found" ? 404 : 200 },
  );
}

export default function Home() {
  const dashboard = useLoaderData<typeof loader>();
  const { t, formatNumber } = useTranslation();
  const hasMembers = dashboard.memberCount > 0;

  return (
    <Page
      title={t("home.title")}
      titleMetadata={<ProgramStatusBadge status={dashboard.program.status} />}
    >
      <Layout>
        {dashboard.attention.total > 0 ? (
          <Layout.Section>
            <NeedsAttentionCard
              items={dashboard.attention.items}
              total={dashboard.attention.total}
            />
          </Layout.Section>
        ) : null}

        {dashboard.program.status === "not_set_up" ? null : (
          <Layout.Section>
            <ProgramSwitchCard
              active={dashboard.program.status === "active"}
              showManageLink
            />
          </Layout.Section>
        )}

        <Layout.Section>
          <InlineGrid columns={{ xs: 1, md: 3 }} gap="400">
            <StatCard
              label={t("home.stats.members")}
              value={formatNumber(dashboard.memberCount)}
            />
            <StatCard
              label={t("home.stats.pointsOutstanding")}
              value={formatNumber(dashboard.pointsOutstanding)}
              helpText={t("home.stats.pointsOutstandingHelp")}
            />
            <StatCard
              label={t("home.stats.pointsIssued")}
              value={formatNumber(dashboard.pointsIssuedLast30Days)}
            />
          </InlineGrid>
        </Layout.Section>

        <Layout.Section>
          {hasMembers ? (
            <Card padding="0">
              <Box padding="400">
                <Text as="h2" variant="headingMd">
                  {t("home.activity.title")}
                </Text>
              </Box>
              <ActivityTable
                entries={dashboard.recentActivity}
                showMember
                emptyText={t("home.activity.empty")}
              />
            </Card>
          ) : (
            <Card>
              <EmptyState
                heading={t("home.empty.heading")}
                image={membersIllustration}
              >
                <p>{t("home.empty.body")}</p>
              </EmptyState>
            </Card>
          )}
        </Layout.Section>

        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <ProgramCard program={dashboard.program} />
            {hasMembers ? (
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    {t("home.topMembers.title")}
                  </Text>
                  <BlockStack gap="200" as="ul">
                    {dashboard.topMembers.map((member) => (
                      <InlineStack
                        key={member.id}
                        as="li"
                        align="space-between"
                        blockAlign="center"
                        wrap={false}
                        gap="200"
                      >
                        <MemberLink member={member} />
                        <Text as="span" numeric tone="subdued">
                          {formatNumber(member.balance)}
                        </Text>
                      </InlineStack>
                    ))}
                  </BlockStack>
                  <InlineStack>
                    <Button url="/app/members" variant="plain">
                      {t("home.topMembers.viewAll")}
                    </Button>
                  </InlineStack>
                </BlockStack>
              </Card>
            ) : null}
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
