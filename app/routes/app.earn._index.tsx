import * as clock from "~/clock.server";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import {
  Form,
  Link,
  useActionData,
  useLoaderData,
  useSubmit,
} from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  EmptyState,
  IndexTable,
  InlineStack,
  Page,
  Text,
  Tooltip,
} from "@shopify/polaris";
import { z } from "zod";

import {
  EARNING_RULE_TYPES,
  ruleTypeLabel,
} from "~/components/earning-rule-values";
import membersIllustration from "~/components/members-illustration.svg?url";
import { earningRuleName } from "~/i18n/earning-rule-name";
import { useConfirmation } from "~/components/confirm-modal";
import { useSaveToast } from "~/components/save-toast";
import { useTranslation } from "~/i18n/use-translation";
import { type EarningRule, isHonourBased } from "~/loyalty/earning-rules";
import { getShopDisplaySettings } from "~/models/dashboard.server";
import { countPendingSubmissions } from "~/services/earn-actions.server";
import {
  listWaysToEarn,
  removeEarningRule,
  switchEarningRule,
} from "~/services/earning-rules.server";
import { actorFromAdmin, recordAuditNow } from "~/services/audit.server";
import { authenticate } from "~/shopify.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const [ways, pendingSubmissions, { currencyCode }] = await Promise.all([
    listWaysToEarn(session.shop),
    countPendingSubmissions(session.shop),
    getShopDisplaySettings(session.shop),
  ]);
  return {
    rules: ways.rules,
    conflicts: ways.conflicts,
    pendingSubmissions,
    currencyCode,
  };
}

const RuleIntentSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("switch"),
    ruleId: z.string().min(1),
    active: z.enum(["true", "false"]),
  }),
  z.object({ intent: z.literal("delete"), ruleId: z.string().min(1) }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const admin = await authenticate.admin(request);
  const { session } = admin;
  const audit = (
    action: Parameters<typeof recordAuditNow>[0]["action"],
    subjectId?: string,
  ) =>
    recordAuditNow({
      shopDomain: session.shop,
      actor: actorFromAdmin(admin),
      action,
      subjectId,
      at: clock.now(),
    });
  const parsed = RuleIntentSchema.safeParse(
    Object.fromEntries(await request.formData()),
  );
  if (!parsed.success) return { ok: false };
  if (parsed.data.intent === "switch") {
    const ok = await switchEarningRule(
      session.shop,
      parsed.data.ruleId,
      parsed.data.active === "true",
    );
    if (ok) await audit("rule.saved", parsed.data.ruleId);
    return { ok };
  }
  const ok = await removeEarningRule(session.shop, parsed.data.ruleId);
  if (ok) await audit("rule.deleted", parsed.data.ruleId);
  return { ok };
}

export default function WaysToEarn() {
  const { rules, conflicts, pendingSubmissions, currencyCode } =
    useLoaderData<typeof loader>();
  const { t, formatPoints, formatCurrency } = useTranslation();
  const confirmation = useConfirmation();
  const answer = useActionData<typeof action>();
  useSaveToast(answer, answer?.ok === true);
  const submit = useSubmit();
  const names = new Map(
    rules.map((rule) => [rule.id, earningRuleName(rule, t)]),
  );

  function pointsSummary(rule: EarningRule): string {
    if (rule.type !== "place_order") return formatPoints(rule.points);
    const rate = t("earn.points.order", {
      points: formatPoints(rule.earnPoints),
      amount: formatCurrency(rule.earnPerAmount, currencyCode),
    });
    const timing =
      rule.timing.when === "after_payment"
        ? t("earn.points.timing.after_payment_delay", {
            delay: t(`earn.delay.${rule.timing.unit}`, {
              count: rule.timing.delay,
            }),
          })
        : t(`earn.points.timing.${rule.timing.when}`);
    return `${rate}, ${timing}`;
  }

  return (
    <Page
      title={t("earn.title")}
      subtitle={t("earn.subtitle")}
      backAction={{ content: t("nav.home"), url: "/app" }}
      secondaryActions={[
        { content: t("earn.campaigns"), url: "/app/earn/campaigns" },
        {
          content: t("earn.moderation", { count: pendingSubmissions }),
          url: "/app/earn/submissions",
        },
        { content: t("earn.apiKey"), url: "/app/earn/api-key" },
      ]}
    >
      <BlockStack gap="400">
        {conflicts.map((conflict) => (
          <Banner key={conflict.ruleIds.join()} tone="warning">
            {t("earn.conflict", {
              names: conflict.ruleIds
                .map((id) => names.get(id) ?? id)
                .join(", "),
            })}
          </Banner>
        ))}
        <Card padding="0">
          <IndexTable
            selectable={false}
            itemCount={rules.length}
            resourceName={{
              singular: t("earn.column.name"),
              plural: t("earn.title"),
            }}
            headings={[
              { title: t("earn.column.name") },
              { title: t("earn.column.type") },
              { title: t("earn.column.points") },
              { title: t("earn.column.status") },
              { title: "", hidden: true },
            ]}
            emptyState={
              <EmptyState
                heading={t("earn.empty.heading")}
                image={membersIllustration}
              >
                <p>{t("earn.empty.body")}</p>
              </EmptyState>
            }
          >
            {rules.map((rule, index) => (
              <IndexTable.Row id={rule.id} key={rule.id} position={index}>
                <IndexTable.Cell>
                  <Link to={`/app/earn/${rule.id}`} data-rule-link>
                    <Text as="span" fontWeight="semibold">
                      {names.get(rule.id)}
                    </Text>
                  </Link>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <InlineStack gap="200" blockAlign="center">
                    <span>{t(ruleTypeLabel(rule.type))}</span>
                    {isHonourBased(rule) ? (
                      <Tooltip content={t("earn.honourBased.help")}>
                        <Badge tone="warning">{t("earn.honourBased")}</Badge>
                      </Tooltip>
                    ) : null}
                  </InlineStack>
                </IndexTable.Cell>
                <IndexTable.Cell>{pointsSummary(rule)}</IndexTable.Cell>
                <IndexTable.Cell>
                  {rule.enabled ? (
                    <Badge tone="success">{t("earn.status.on")}</Badge>
                  ) : (
                    <Badge>{t("earn.status.off")}</Badge>
                  )}
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <InlineStack
                    gap="200"
                    align="end"
                    blockAlign="center"
                    wrap={false}
                  >
                    <Form noValidate method="post">
                      <input type="hidden" name="intent" value="switch" />
                      <input type="hidden" name="ruleId" value={rule.id} />
                      <input
                        type="hidden"
                        name="active"
                        value={rule.enabled ? "false" : "true"}
                      />
                      <Button submit size="slim">
                        {rule.enabled
                          ? t("earn.action.switchOff")
                          : t("earn.action.switchOn")}
                      </Button>
                    </Form>
                    <Form
                      noValidate
                      method="post"
                      onSubmit={(event) => {
                        event.preventDefault();
                        const form = event.currentTarget;
                        confirmation.ask({
                          title: t("earn.delete.title"),
                          body: t("earn.delete.confirm", {
                            name: names.get(rule.id) ?? rule.name,
                          }),
                          confirmLabel: t("confirm.delete"),
                          onConfirm: () => submit(form),
                        });
                      }}
                    >
                      <input type="hidden" name="intent" value="delete" />
                      <input type="hidden" name="ruleId" value={rule.id} />
                      <Button
                        submit
                        size="slim"
                        tone="critical"
                        variant="plain"
                      >
                        {t("earn.action.delete")}
                      </Button>
                    </Form>
                  </InlineStack>
                </IndexTable.Cell>
              </IndexTable.Row>
            ))}
          </IndexTable>
        </Card>
        <Card>
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">
              {t("earn.add.title")}
            </Text>
            <InlineStack gap="200">
              {EARNING_RULE_TYPES.map((type) => (
                <Button key={type} url={`/app/earn/new?type=${type}`}>
                  {t(ruleTypeLabel(type))}
                </Button>
              ))}
            </InlineStack>
          </BlockStack>
        </Card>
      </BlockStack>
      {confirmation.modal}
    </Page>
  );
}
