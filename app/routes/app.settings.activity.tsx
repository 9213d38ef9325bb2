import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useNavigate, useSearchParams } from "@remix-run/react";
import {
  Card,
  EmptyState,
  IndexTable,
  InlineStack,
  Page,
  Select,
  Text,
} from "@shopify/polaris";
import { z } from "zod";

import membersIllustration from "~/components/members-illustration.svg?url";
import { useTranslation } from "~/i18n/use-translation";
import { type MessageKey } from "~/i18n/messages/dictionary";
import { AUDIT_ACTIONS } from "~/services/audit-actions";
import { loadActivityLog } from "~/services/audit.server";
import { authenticate } from "~/shopify.server";

const QuerySchema = z.object({
  page: z.coerce.number().int().min(1).catch(1),
  action: z.enum(AUDIT_ACTIONS).optional().catch(undefined),
  who: z.string().max(200).optional().catch(undefined),
});

// Settings → Activity log: every manual action, newest first, filtered and paginated on the server.
export async function loader({ request }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const query = QuerySchema.parse(
    Object.fromEntries(new URL(request.url).searchParams),
  );
  const log = await loadActivityLog(
    session.shop,
    {
      actions: query.action ? [query.action] : undefined,
      actorId: query.who || undefined,
    },
    query.page,
  );
  return {
    ...log,
    filter: { action: query.action ?? "", who: query.who ?? "" },
  };
}

export default function ActivityLog() {
  const log = useLoaderData<typeof loader>();
  const { t, formatDateTime } = useTranslation();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const go = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes))
      if (value) next.set(key, value);
      else next.delete(key);
    navigate(`?${next.toString()}`);
  };
  const who = (event: { actorId: string | null; actorName: string | null }) =>
    event.actorName ??
    (event.actorId
      ? t("activity.actor.id", { id: event.actorId })
      : t("activity.actor.unknown"));

  return (
    <Page
      title={t("activity.title")}
      subtitle={t("activity.subtitle")}
      backAction={{ url: "/app/settings" }}
    >
      <Card padding="0">
        <InlineStack gap="300" blockAlign="end">
          <div style={{ padding: "var(--p-space-300)" }}>
            <InlineStack gap="300">
              <Select
                label={t("activity.filter.action")}
                value={log.filter.action}
                onChange={(value) => go({ action: value, page: "" })}
                options={[
                  { label: t("activity.filter.all"), value: "" },
                  ...AUDIT_ACTIONS.map((action) => ({
                    label: t(`audit.action.${action}` as MessageKey),
                    value: action,
                  })),
                ]}
              />
              <Select
                label={t("activity.filter.who")}
                value={log.filter.who}
                onChange={(value) => go({ who: value, page: "" })}
                options={[
                  { label: t("activity.filter.all"), value: "" },
                  ...log.actors.map((actor) => ({
                    label: who(actor),
                    value: actor.actorId ?? "",
                  })),
                ]}
              />
            </InlineStack>
          </div>
        </InlineStack>
        <IndexTable
          resourceName={{
            singular: t("activityLog.resource.singular"),
            plural: t("activityLog.resource.plural"),
          }}
          itemCount={log.events.length}
          selectable={false}
          headings={[
            { title: t("activity.column.when") },
            { title: t("activity.column.who") },
            { title: t("activity.column.what") },
          ]}
          emptyState={
            <EmptyState
              heading={t("activity.empty.heading")}
              image={membersIllustration}
            >
              <p>{t("activity.empty.body")}</p>
            </EmptyState>
          }
          pagination={{
            hasPrevious: log.hasPrevious,
            hasNext: log.hasNext,
            onPrevious: () => go({ page: String(log.page - 1) }),
            onNext: () => go({ page: String(log.page + 1) }),
          }}
        >
          {log.events.map((event, index) => (
            <IndexTable.Row id={event.id} key={event.id} position={index}>
              <IndexTable.Cell>
                <Text as="span" numeric>
                  {formatDateTime(event.createdAt)}
                </Text>
              </IndexTable.Cell>
              <IndexTable.Cell>{who(event)}</IndexTable.Cell>
              <IndexTable.Cell>
                {t(`audit.action.${event.action}` as MessageKey)}
              </IndexTable.Cell>
            </IndexTable.Row>
          ))}
        </IndexTable>
      </Card>
    </Page>
  );
}
