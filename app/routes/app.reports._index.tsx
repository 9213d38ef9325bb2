import type { LoaderFunctionArgs } from "@remix-run/node";
import {
  useLoaderData,
  useNavigate,
  useNavigation,
  useSearchParams,
} from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  ChoiceList,
  EmptyState,
  Filters,
  IndexTable,
  InlineGrid,
  InlineStack,
  Page,
  Text,
  TextField,
  type FilterInterface,
} from "@shopify/polaris";
import { useEffect, useState } from "react";

import { useExportDownload } from "~/components/export-download";
import {
  describeLedgerKind,
  describeLedgerNote,
} from "~/components/ledger-kind";
import { MemberLink } from "~/components/member-name";
import membersIllustration from "~/components/members-illustration.svg?url";
import { PointsChange } from "~/components/points-change";
import { earningRuleName } from "~/i18n/earning-rule-name";
import type { MessageKey } from "~/i18n/messages/dictionary";
import { useTranslation } from "~/i18n/use-translation";
import type { EarningRuleType } from "~/loyalty/earning-rules";
import { REPORT_KINDS, type ReportKind } from "~/loyalty/report-kinds";
import { getShopDisplaySettings } from "~/models/dashboard.server";
import {
  getReportTotals,
  listReportRows,
  listReportWaysToEarn,
} from "~/models/report.server";
import {
  parseReportCursor,
  parseReportQuery,
  reportCursorParam,
  reportFilterOf,
} from "~/services/report-query";
import { authenticate } from "~/shopify.server";

const PAGE_SIZE = 50;
// How long typing must pause before the report is searched.
const SEARCH_DELAY_MS = 300;
// The report's own parameters: the launch parameters Shopify added (id_token, hmac...) never travel on.
const FILTER_PARAMS = ["q", "from", "to", "kind", "rule", "owed"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const params = new URL(request.url).searchParams;
  const query = parseReportQuery(params);
  const { timeZone } = await getShopDisplaySettings(session.shop);
  const filter = reportFilterOf(query, timeZone);
  const [page, totals, rules] = await Promise.all([
    listReportRows(session.shop, filter, {
      size: PAGE_SIZE,
      after: parseReportCursor(params.get("after")),
      before: parseReportCursor(params.get("before")),
    }),
    getReportTotals(session.shop, filter),
    listReportWaysToEarn(session.shop),
  ]);
  return {
    query,
    totals,
    rows: page.rows,
    hasNext: page.hasNext,
    hasPrevious: page.hasPrevious,
    waysToEarn: rules.map((rule) => ({
      id: rule.id,
      type: rule.type as EarningRuleType,
      name: ruleNameOf(rule.config),
      deleted: rule.deletedAt !== null,
    })),
  };
}

function ruleNameOf(config: string): string {
  try {
    const name = (JSON.parse(config) as { name?: unknown }).name;
    return typeof name === "string" ? name : "";
  } catch {
    return "";
  }
}

const kindLabels: Record<ReportKind, MessageKey> = {
  earned: "reports.kind.earned",
  redeemed: "reports.kind.redeemed",
  adjusted: "reports.kind.adjusted",
  expired: "reports.kind.expired",
  reversed: "reports.kind.reversed",
  gifts: "reports.kind.gifts",
  import: "reports.kind.import",
};

/** IndexTable cells do not wrap; these do, within a width that keeps the table inside its card. */
const WRAPPING_CELL = {
  whiteSpace: "normal",
  maxWidth: "15rem",
  overflowWrap: "anywhere",
} as const;

export default function Reports() {
  const data = useLoaderData<typeof loader>();
  const { t, locale, timeZone, formatNumber, formatDateTime } =
    useTranslation();
  const navigate = useNavigate();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const [search, setSearch] = useState(data.query.q);
  const { download, pending, failed, dismissFailure } = useExportDownload();

  const filterParams = () => {
    const next = new URLSearchParams();
    for (const name of FILTER_PARAMS) {
      const value = params.get(name);
      if (value) next.set(name, value);
    }
    return next;
  };
  const show = (changes: Record<string, string>) => {
    const next = filterParams();
    for (const [name, value] of Object.entries(changes))
      if (value) next.set(name, value);
      else next.delete(name);
    navigate(
      { search: `?${next.toString()}` },
      { replace: true, preventScrollReset: true },
    );
  };

  useEffect(() => {
    const wanted = search.trim();
    if (wanted === data.query.q) return;
    const timer = setTimeout(() => show({ q: wanted }), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
    // show is rebuilt every render; the search text and the report shown are what matter.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [search, data.query.q]);

  const exportUrl = (format: "csv" | "xlsx") => {
    const next = filterParams();
    next.set("format", format);
    next.set("locale", locale);
    return `/app/reports/export?${next.toString()}`;
  };

  const ruleLabel = (rule: (typeof data.waysToEarn)[number]) => {
    const name = earningRuleName(rule, t);
    return rule.deleted ? t("reports.filter.deletedRule", { name }) : name;
  };

  const filters: FilterInterface[] = [
    {
      key: "kind",
      label: t("reports.filter.kind"),
      pinned: true,
      filter: (
        <ChoiceList
          title={t("reports.filter.kind")}
          titleHidden
          allowMultiple
          choices={REPORT_KINDS.map((kind) => ({
            value: kind,
            label: t(kindLabels[kind]),
          }))}
          selected={data.query.kind}
          onChange={(kinds) => show({ kind: kinds.join(",") })}
        />
      ),
    },
    {
      key: "dates",
      label: t("reports.filter.dates"),
      pinned: true,
      filter: (
        <BlockStack gap="200">
          <TextField
            label={t("reports.filter.from")}
            type="date"
            autoComplete="off"
            value={data.query.from}
            onChange={(from) => show({ from })}
          />
          <TextField
            label={t("reports.filter.to")}
            type="date"
            autoComplete="off"
            value={data.query.to}
            onChange={(to) => show({ to })}
          />
        </BlockStack>
      ),
    },
    {
      key: "rule",
      label: t("reports.filter.wayToEarn"),
      filter: (
        <ChoiceList
          title={t("reports.filter.wayToEarn")}
          titleHidden
          choices={data.waysToEarn.map((rule) => ({
            value: rule.id,
            label: ruleLabel(rule),
          }))}
          selected={data.query.rule ? [data.query.rule] : []}
          onChange={([rule]) => show({ rule: rule ?? "" })}
        />
      ),
    },
    {
      key: "owed",
      label: t("reports.filter.owed"),
      filter: (
        <ChoiceList
          title={t("reports.filter.owed")}
          titleHidden
          allowMultiple
          choices={[{ value: "1", label: t("reports.filter.owed") }]}
          selected={data.query.owed ? ["1"] : []}
          onChange={(owed) => show({ owed: owed.includes("1") ? "1" : "" })}
        />
      ),
    },
  ];

  const applied = [
    ...(data.query.kind.length > 0
      ? [
          {
            key: "kind",
            label: data.query.kind
              .map((kind) => t(kindLabels[kind]))
              .join(", "),
            onRemove: () => show({ kind: "" }),
          },
        ]
      : []),
    ...(data.query.from || data.query.to
      ? [
          {
            key: "dates",
            label:
              data.query.from && data.query.to
                ? t("reports.filter.datesLabel", {
                    from: data.query.from,
                    to: data.query.to,
                  })
                : data.query.from
                  ? t("reports.filter.fromOnly", { from: data.query.from })
                  : t("reports.filter.toOnly", { to: data.query.to }),
            onRemove: () => show({ from: "", to: "" }),
          },
        ]
      : []),
    ...(data.query.rule
      ? [
          {
            key: "rule",
            label: (() => {
              const rule = data.waysToEarn.find(
                (r) => r.id === data.query.rule,
              );
              return rule ? ruleLabel(rule) : t("reports.filter.wayToEarn");
            })(),
            onRemove: () => show({ rule: "" }),
          },
        ]
      : []),
    ...(data.query.owed
      ? [
          {
            key: "owed",
            label: t("reports.filter.owed"),
            onRemove: () => show({ owed: "" }),
          },
        ]
      : []),
  ];

  const pageLink = (
    cursor: "after" | "before",
    row: { createdAt: string; id: string } | undefined,
  ) => {
    const next = filterParams();
    if (row) next.set(cursor, reportCursorParam(row));
    return `?${next.toString()}`;
  };
  const first = data.rows[0];
  const last = data.rows[data.rows.length - 1];

  return (
    <Page
      title={t("reports.title")}
      subtitle={t("reports.subtitle", { timeZone })}
      backAction={{ content: t("nav.home"), url: "/app" }}
      primaryAction={{
        content: t("reports.export.xlsx"),
        loading: pending === "xlsx",
        disabled: pending !== null,
        onAction: () => void download(exportUrl("xlsx"), "xlsx"),
      }}
      secondaryActions={[
        {
          content: t("reports.export.csv"),
          loading: pending === "csv",
          disabled: pending !== null,
          onAction: () => void download(exportUrl("csv"), "csv"),
        },
      ]}
    >
      <BlockStack gap="400">
        {failed ? (
          <Banner tone="critical" onDismiss={dismissFailure}>
            <p>{t("reports.export.failed")}</p>
          </Banner>
        ) : null}
        <Card>
          <BlockStack gap="300">
            <InlineGrid columns={{ xs: 2, md: 4 }} gap="400">
              {(
                [
                  ["reports.totals.issued", data.totals.issued],
                  ["reports.totals.spent", data.totals.spent],
                  ["reports.totals.expired", data.totals.expired],
                  ["reports.totals.net", data.totals.net],
                ] as const
              ).map(([label, value]) => (
                <BlockStack gap="100" key={label}>
                  <Text as="h2" variant="headingSm" tone="subdued">
                    {t(label)}
                  </Text>
                  <Text as="p" variant="headingLg" numeric>
                    {formatNumber(value)}
                  </Text>
                </BlockStack>
              ))}
            </InlineGrid>
            <Text as="p" variant="bodySm" tone="subdued">
              {t("reports.entries", { count: data.totals.entries })} ·{" "}
              {t("reports.totals.help")}
            </Text>
          </BlockStack>
        </Card>
        <Card padding="0">
          <Filters
            queryValue={search}
            queryPlaceholder={t("reports.filter.search")}
            onQueryChange={setSearch}
            onQueryClear={() => setSearch("")}
            filters={filters}
            appliedFilters={applied}
            onClearAll={() => {
              setSearch("");
              navigate({ search: "" }, { replace: true });
            }}
          />
          <IndexTable
            selectable={false}
            loading={navigation.state === "loading"}
            itemCount={data.rows.length}
            resourceName={{
              singular: t("activity.column.activity"),
              plural: t("activity.column.activity"),
            }}
            headings={[
              { title: t("reports.column.date") },
              { title: t("reports.column.customer") },
              { title: t("reports.column.kind") },
              { title: t("reports.column.order") },
              { title: t("reports.column.points"), alignment: "end" },
              { title: t("reports.column.balanceAfter"), alignment: "end" },
            ]}
            emptyState={
              <EmptyState
                heading={t("reports.empty.heading")}
                image={membersIllustration}
              >
                <p>{t("reports.empty.body")}</p>
              </EmptyState>
            }
            pagination={{
              hasPrevious: data.hasPrevious,
              hasNext: data.hasNext,
              previousURL: pageLink("before", first),
              nextURL: pageLink("after", last),
              accessibilityLabels: {
                previous: t("pagination.previous"),
                next: t("pagination.next"),
              },
            }}
          >
            {data.rows.map((row, index) => {
              const note = describeLedgerNote(t, row.kind, row.description);
              return (
                <IndexTable.Row id={row.id} key={row.id} position={index}>
                  <IndexTable.Cell>
                    <Text as="span" numeric>
                      {formatDateTime(row.createdAt)}
                    </Text>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    {row.member.redacted ? (
                      <Text as="span" tone="subdued">
                        {t("reports.redacted")}
                      </Text>
                    ) : (
                      // The customer's action sits with the customer, and long names wrap:
                      // the table keeps every column inside the card at 1024 px.
                      <div style={WRAPPING_CELL}>
                        <BlockStack gap="050">
                          <MemberLink member={row.member} />
                          {row.member.email && row.member.name ? (
                            <Text as="span" variant="bodySm" tone="subdued">
                              {row.member.email}
                            </Text>
                          ) : null}
                          <InlineStack>
                            <Button
                              variant="plain"
                              url={`/app/members/${row.member.id}?adjust=add#adjust-points`}
                            >
                              {t("reports.addPoints")}
                            </Button>
                          </InlineStack>
                        </BlockStack>
                      </div>
                    )}
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <div style={WRAPPING_CELL}>
                      <BlockStack gap="100">
                        <Text as="span">{describeLedgerKind(t, row.kind)}</Text>
                        {note ? (
                          <Text as="span" variant="bodySm" tone="subdued">
                            {note}
                          </Text>
                        ) : null}
                        {row.pointsOwed > 0 ? (
                          <InlineStack>
                            <Badge tone="warning">
                              {t("reports.owed", { count: row.pointsOwed })}
                            </Badge>
                          </InlineStack>
                        ) : null}
                      </BlockStack>
                    </div>
                  </IndexTable.Cell>
                  <IndexTable.Cell>{row.orderName ?? ""}</IndexTable.Cell>
                  <IndexTable.Cell>
                    <InlineStack align="end">
                      <PointsChange points={row.points} />
                    </InlineStack>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <Text as="span" alignment="end" numeric>
                      {formatNumber(row.balanceAfter)}
                    </Text>
                  </IndexTable.Cell>
                </IndexTable.Row>
              );
            })}
          </IndexTable>
        </Card>
      </BlockStack>
    </Page>
  );
}
