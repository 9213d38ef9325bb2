import { useFetcher } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  InlineStack,
  Text,
} from "@shopify/polaris";

import { useTranslation } from "~/i18n/use-translation";

export interface NeedsAttentionItem {
  id: string;
  topic: string;
  orderId: string | null;
  problem: string;
  attempts: number;
  receivedAt: string;
  retryable: boolean;
}

export type NeedsAttentionResult =
  | {
      intent: "retry" | "dismiss";
      outcome: "queued" | "dismissed" | "not_found";
    }
  | { intent: "unknown" };

/** The fields a problem names ("line_items.0.quantity: Expected number; …"), never their values. */
function fieldsOf(problem: string): string {
  return problem
    .split(/;\s*/)
    .map((issue) => issue.split(":")[0].trim())
    .filter(Boolean)
    .join(", ");
}

function AttentionRow({ item }: { item: NeedsAttentionItem }) {
  const { t, formatDateTime } = useTranslation();
  const fetcher = useFetcher<NeedsAttentionResult>();
  const busy = fetcher.state !== "idle";
  const result = fetcher.data;
  const submit = (intent: "retry" | "dismiss") =>
    fetcher.submit({ intent, id: item.id }, { method: "post" });

  return (
    <BlockStack gap="100" as="li">
      <Text as="p" fontWeight="semibold">
        {item.orderId
          ? t("attention.order", { orderId: item.orderId })
          : t("attention.noOrder")}
      </Text>
      <Text as="p" tone="subdued" variant="bodySm">
        {t("attention.topic", { topic: item.topic })}
      </Text>
      <Text as="p" tone="subdued" variant="bodySm" breakWord>
        {t("attention.fields", { fields: fieldsOf(item.problem) })}
      </Text>
      <Text as="p" tone="subdued" variant="bodySm">
        {t("attention.received", { date: formatDateTime(item.receivedAt) })}
      </Text>
      {item.attempts > 0 ? (
        <Text as="p" tone="caution" variant="bodySm">
          {t("attention.attempts", { count: item.attempts })}
        </Text>
      ) : null}
      {result && "outcome" in result ? (
        <Text as="p" variant="bodySm" tone="success">
          {result.outcome === "queued"
            ? t("attention.retried")
            : result.outcome === "dismissed"
              ? t("attention.dismissed")
              : t("attention.gone")}
        </Text>
      ) : null}
      <InlineStack gap="200">
        {item.retryable ? (
          <Button
            size="slim"
            onClick={() => submit("retry")}
            loading={busy && fetcher.formData?.get("intent") === "retry"}
            disabled={busy}
          >
            {t("attention.retry")}
          </Button>
        ) : null}
        <Button
          size="slim"
          variant="plain"
          onClick={() => submit("dismiss")}
          disabled={busy}
        >
          {t("attention.dismiss")}
        </Button>
      </InlineStack>
    </BlockStack>
  );
}

/**
 * Webhooks the app could not process (app/services/webhook-attention.server.ts), with a retry
 * that reads the order again from Shopify. Nothing is shown when there is none.
 */
export function NeedsAttentionCard({
  items,
  total,
}: {
  items: NeedsAttentionItem[];
  total: number;
}) {
  const { t } = useTranslation();
  if (total === 0) return null;
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("attention.title")}
        </Text>
        <Banner tone="warning">
          <BlockStack gap="100">
            <Text as="p" fontWeight="semibold">
              {t("attention.count", { count: total })}
            </Text>
            <Text as="p">{t("attention.intro")}</Text>
          </BlockStack>
        </Banner>
        <BlockStack gap="400" as="ul">
          {items.map((item) => (
            <AttentionRow key={item.id} item={item} />
          ))}
        </BlockStack>
        {total > items.length ? (
          <Text as="p" tone="subdued">
            {t("attention.more", { count: total - items.length })}
          </Text>
        ) : null}
      </BlockStack>
    </Card>
  );
}
