import { BlockStack, Card, List, Text } from "@shopify/polaris";

import { useTranslation } from "~/i18n/use-translation";

export interface PendingPointsRow {
  orderId: string;
  orderName: string | null;
  points: number;
  /** ISO date; null: when the order is fulfilled. */
  postAt: string | null;
}

/** Points a member will get, not spendable yet: each order's, and when it becomes spendable. */
export function PendingPointsCard({
  pending,
}: {
  pending: PendingPointsRow[];
}) {
  const { t, formatPoints, formatDate } = useTranslation();
  const total = pending.reduce((sum, row) => sum + row.points, 0);
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingSm" tone="subdued">
          {t("member.pending.title")}
        </Text>
        {pending.length === 0 ? (
          <Text as="p" tone="subdued">
            {t("member.pending.none")}
          </Text>
        ) : (
          <>
            <Text as="p" variant="headingLg" numeric>
              {formatPoints(total)}
            </Text>
            <Text as="p" tone="subdued">
              {t("member.pending.total", { points: formatPoints(total) })}
            </Text>
            <List type="bullet">
              {pending.map((row) => {
                const order = row.orderName ?? row.orderId;
                return (
                  <List.Item key={row.orderId}>
                    {row.postAt
                      ? t("member.pending.onDate", {
                          points: formatPoints(row.points),
                          order,
                          date: formatDate(row.postAt),
                        })
                      : t("member.pending.onFulfilment", {
                          points: formatPoints(row.points),
                          order,
                        })}
                  </List.Item>
                );
              })}
            </List>
          </>
        )}
      </BlockStack>
    </Card>
  );
}

/** Orders whose refund or cancellation could not take all their points back (ADR 0003). */
export function PointsOwedCard({
  orders,
}: {
  orders: { order: string; points: number }[];
}) {
  const { t, formatPoints } = useTranslation();
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingSm" tone="subdued">
          {t("member.owed.title")}
        </Text>
        <List type="bullet">
          {orders.map((row) => (
            <List.Item key={row.order}>
              {t("member.owed.line", {
                order: row.order,
                points: formatPoints(row.points),
              })}
            </List.Item>
          ))}
        </List>
        <Text as="p" tone="subdued" variant="bodySm">
          {t("member.owed.help")}
        </Text>
      </BlockStack>
    </Card>
  );
}
