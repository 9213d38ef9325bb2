import {
  json,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
} from "@remix-run/node";
import { useLoaderData, useNavigate } from "@remix-run/react";
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
  Select,
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
import { PointsChart } from "~/components/points-chart";
import { ProgramCard } from "~/components/program-card";
import { ProgramSwitchCard } from "~/components/program/program-switch-card";
import { ProgramStatusBadge } from "~/components/program-status-badge";
import { StatCard } from "~/components/stat-card";
import { useTranslation } from "~/i18n/use-translation";
import { CHART_PERIODS, isChartPeriod } from "~/loyalty/report-period";
import { getDashboard } from "~/models/dashboard.server";
import { getHomeDashboard } from "~/services/home-dashboard.server";
import {
  dismissWebhookAttention,
  listWebhookAttention,
  retryWebhookAttention,
} from "~/services/webhook-attention.server";
import { authenticate } from "~/shopify.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const wanted = new URL(request.url).searchParams.get("period") ?? "";
  const period = isChartPeriod(wanted) ? wanted : "30d";
  const now = clock.now();
  const [dashboard, attention, figures] = await Promise.all([
    getDashboard(session.shop, now),
    listWebhookAttention(session.shop),
    getHomeDashboard(session.shop, period, now),
  ]);
  return { ...dashboard, attention, figures };
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
  const navigate = useNavigate();

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
          <ProgramFigures
            figures={dashboard.figures}
            onPeriodChange={(period) =>
              navigate(
                { search: `?period=${period}` },
                { replace: true, preventScrollReset: true },
              )
            }
          />
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

type HomeFigures = ReturnType<typeof useLoaderData<typeof loader>>["figures"];

const periodLabels = {
  "7d": "home.period.7d",
  "30d": "home.period.30d",
  "90d": "home.period.90d",
  "12m": "home.period.12m",
} as const;

/** The program's figures over a period the merchant picks, with the points chart. */
function ProgramFigures({
  figures,
  onPeriodChange,
}: {
  figures: HomeFigures;
  onPeriodChange: (period: string) => void;
}) {
  const { t, locale, formatNumber, formatCurrency, formatPoints } =
    useTranslation();
  const money = (millis: number, currencyCode: string) =>
    formatCurrency(millis / 1000, currencyCode);
  const percent = new Intl.NumberFormat(locale, {
    style: "percent",
    maximumFractionDigits: 1,
  });
  return (
    <BlockStack gap="400">
      <Card>
        <InlineStack align="space-between" blockAlign="center" gap="300">
          <Text as="h2" variant="headingMd">
            {t("home.chart.title")}
          </Text>
          <Select
            label={t("home.period.label")}
            labelInline
            options={CHART_PERIODS.map((period) => ({
              value: period,
              label: t(periodLabels[period]),
            }))}
            value={figures.period}
            onChange={onPeriodChange}
          />
        </InlineStack>
        <Box paddingBlockStart="300">
          {figures.issued + figures.redeemed + figures.expired > 0 ? (
            <PointsChart
              buckets={figures.chart}
              monthly={figures.period === "12m"}
            />
          ) : (
            <Text as="p" tone="subdued">
              {t("home.chart.empty")}
            </Text>
          )}
        </Box>
      </Card>
      <InlineGrid columns={{ xs: 1, sm: 2, md: 4 }} gap="400">
        <StatCard
          label={t("home.stats.activeMembers")}
          value={formatNumber(figures.activeMembers)}
          helpText={t("home.stats.activeMembersHelp")}
        />
        <StatCard
          label={t("home.stats.issued")}
          value={formatNumber(figures.issued)}
          helpText={t(periodLabels[figures.period])}
        />
        <StatCard
          label={t("home.stats.redeemed")}
          value={formatNumber(figures.redeemed)}
          helpText={t(periodLabels[figures.period])}
        />
        <StatCard
          label={t("home.stats.expired")}
          value={formatNumber(figures.expired)}
          helpText={t(periodLabels[figures.period])}
        />
        <StatCard
          label={t("home.stats.liability")}
          value={
            figures.liability
              ? money(figures.liability.amount, figures.liability.currencyCode)
              : "—"
          }
          helpText={
            figures.liability
              ? t("home.stats.liabilityRate", {
                  points: formatPoints(figures.liability.rate.points),
                  amount: money(
                    figures.liability.rate.amount,
                    figures.liability.currencyCode,
                  ),
                })
              : t("home.stats.liabilityNone")
          }
        />
        <StatCard
          label={t("home.stats.redemptionRate")}
          value={percent.format(figures.redemptionRate)}
          helpText={t("home.stats.redemptionRateHelp")}
        />
        <StatCard
          label={t("home.stats.loyaltyOrders")}
          value={formatNumber(figures.ordersWithLoyaltyCode)}
          helpText={t(periodLabels[figures.period])}
        />
        <StatCard
          label={t("home.stats.loyaltyRevenue")}
          value={money(figures.revenueWithLoyaltyCode, figures.currencyCode)}
          helpText={t("home.stats.loyaltyRevenueHelp")}
        />
      </InlineGrid>
      {figures.pointsOwed > 0 ? (
        <Card>
          <BlockStack gap="200">
            <Text as="h2" variant="headingSm" tone="subdued">
              {t("home.stats.pointsOwed")}
            </Text>
            <Text as="p" variant="heading2xl" numeric>
              {formatNumber(figures.pointsOwed)}
            </Text>
            <Text as="p" variant="bodySm" tone="subdued">
              {t("home.stats.pointsOwedHelp")}
            </Text>
            <InlineStack>
              <Button url="/app/reports?owed=1" variant="plain">
                {t("home.stats.pointsOwedLink")}
              </Button>
            </InlineStack>
          </BlockStack>
        </Card>
      ) : null}
    </BlockStack>
  );
}
