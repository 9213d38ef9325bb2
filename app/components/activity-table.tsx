import { IndexTable, Text, type IndexTableProps } from "@shopify/polaris";

import {
  describeLedgerKind,
  describeLedgerNote,
} from "~/components/ledger-kind";
import { MemberLink, type MemberNameFields } from "~/components/member-name";
import { PointsChange } from "~/components/points-change";
import { useTranslation } from "~/i18n/use-translation";
import { localizedText } from "~/loyalty/rewards";

export interface ActivityRow {
  id: string;
  kind: string;
  points: number;
  balanceAfter: number;
  /** ISO date, as loaders serialise it. */
  createdAt: string;
  member?: MemberNameFields;
  /** What the customer reads beside the entry (a manual adjustment's reason). */
  description?: string | null;
  /** A redemption's reward name in each language it has: shown in the merchant's. */
  rewardName?: { en?: string; fr?: string } | null;
  /** The staff member who made a manual adjustment. */
  by?: { id: string | null; name: string | null } | null;
  /** A reversal clamped to the balance: what it could not take back, what its order still owes. */
  shortfall?: { notTaken: number; owedAfter: number; order: string } | null;
}

/**
 * Ledger entries, newest first. On the home page each row names the customer; on a member's
 * page the customer is known and the balance after each movement is shown instead.
 */
export function ActivityTable({
  entries,
  showMember,
  emptyText,
  pagination,
}: {
  entries: ActivityRow[];
  showMember: boolean;
  emptyText: string;
  pagination?: IndexTableProps["pagination"];
}) {
  const { t, locale, formatNumber, formatPoints, formatDateTime } =
    useTranslation();
  const activity = { title: t("activity.column.activity") };
  const points = {
    title: t("activity.column.points"),
    alignment: "end" as const,
  };
  const date = { title: t("activity.column.date") };
  const headings: IndexTableProps["headings"] = showMember
    ? [{ title: t("activity.column.customer") }, activity, points, date]
    : [
        activity,
        points,
        { title: t("activity.column.balanceAfter"), alignment: "end" },
        date,
      ];

  return (
    <IndexTable
      selectable={false}
      itemCount={entries.length}
      resourceName={{
        singular: t("activity.resource.singular"),
        plural: t("activity.resource.plural"),
      }}
      headings={headings}
      pagination={pagination}
      emptyState={
        <Text as="p" tone="subdued" alignment="center">
          {emptyText}
        </Text>
      }
    >
      {entries.map((entry, index) => (
        <IndexTable.Row id={entry.id} key={entry.id} position={index}>
          {showMember && entry.member ? (
            <IndexTable.Cell>
              {/* A long name wraps instead of pushing the date out of the card at 1024 px. */}
              <div style={{ whiteSpace: "normal", maxWidth: "11rem" }}>
                <MemberLink member={entry.member} />
              </div>
            </IndexTable.Cell>
          ) : null}
          <IndexTable.Cell>
            {/* IndexTable cells do not wrap: a long note would push the points and date out of the card. */}
            <div style={{ whiteSpace: "normal", minWidth: "12rem" }}>
              {describeLedgerKind(t, entry.kind)}
              {entry.description ? (
                <Text as="span" tone="subdued" breakWord>
                  {" "}
                  —{" "}
                  {entry.kind === "redemption" && entry.rewardName
                    ? localizedText(entry.rewardName, locale)
                    : describeLedgerNote(t, entry.kind, entry.description)}
                </Text>
              ) : null}
              {entry.by ? (
                <Text as="span" tone="subdued" breakWord>
                  {" "}
                  ·{" "}
                  {t("member.history.by", {
                    who:
                      entry.by.name ??
                      (entry.by.id
                        ? t("activity.actor.id", { id: entry.by.id })
                        : t("activity.actor.unknown")),
                  })}
                </Text>
              ) : null}
              {entry.shortfall ? (
                <Text as="span" tone="caution" breakWord>
                  {" "}
                  ·{" "}
                  {t("member.history.notTaken", {
                    points: formatPoints(entry.shortfall.notTaken),
                  })}
                  {entry.shortfall.owedAfter > 0
                    ? ` · ${t("member.history.stillOwed", {
                        order: entry.shortfall.order,
                        points: formatPoints(entry.shortfall.owedAfter),
                      })}`
                    : null}
                </Text>
              ) : null}
            </div>
          </IndexTable.Cell>
          <IndexTable.Cell>
            <Text as="span" alignment="end" numeric>
              <PointsChange points={entry.points} />
            </Text>
          </IndexTable.Cell>
          {showMember ? null : (
            <IndexTable.Cell>
              <Text as="span" alignment="end" numeric>
                {formatNumber(entry.balanceAfter)}
              </Text>
            </IndexTable.Cell>
          )}
          <IndexTable.Cell>{formatDateTime(entry.createdAt)}</IndexTable.Cell>
        </IndexTable.Row>
      ))}
    </IndexTable>
  );
}
