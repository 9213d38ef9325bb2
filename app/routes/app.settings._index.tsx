import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import {
  Form,
  useActionData,
  useLoaderData,
  useNavigation,
} from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  FormLayout,
  InlineStack,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useMemo, useRef, useState } from "react";
import { z } from "zod";

import * as clock from "~/clock.server";
import { UnsavedChangesBar } from "~/components/save-bar";
import { useSaveToast } from "~/components/save-toast";
import { useTranslation } from "~/i18n/use-translation";
import {
  loadProgramSettings,
  saveProgramSettings,
  startRetroactiveAward,
} from "~/services/program-settings.server";
import { actorFromAdmin, recordAuditNow } from "~/services/audit.server";
import { authenticate } from "~/shopify.server";
import { OptionalScopeBanner } from "~/components/optional-scope-banner";
import {
  ALL_ORDERS_SCOPE,
  MAX_RETROACTIVE_DAYS,
  ORDER_WINDOW_DAYS,
  retroactiveDaysLimit,
  scopeList,
} from "~/shopify/access-scopes";

export async function loader({ request }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const settings = await loadProgramSettings(session.shop, clock.now());
  return {
    ...settings,
    // Shopify shows orders older than 60 days only with read_all_orders: never offer a range that
    // would silently award nothing.
    retroactiveMaxDays: retroactiveDaysLimit(scopeList(session.scope)),
    lastReconciledAt: settings.lastReconciledAt?.toISOString() ?? null,
    runs: settings.runs.map((run) => ({
      ...run,
      requestedAt: run.requestedAt.toISOString(),
    })),
  };
}

const FormSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("save"),
    expiryPolicy: z.enum(["none", "inactivity", "per_lot"]),
    expiryMonths: z.coerce.number().int().min(1).max(120),
    expiringSoonDays: z.coerce.number().int().min(0).max(365),
    reconcileEveryMinutes: z.coerce.number().int().min(5).max(1440),
    guestClaimDays: z.coerce.number().int().min(1).max(3650),
  }),
  z.object({
    intent: z.literal("retroactive"),
    days: z.coerce.number().int().min(1).max(365),
  }),
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
  const parsed = FormSchema.safeParse(
    Object.fromEntries(await request.formData()),
  );
  if (!parsed.success) {
    return {
      ok: false as const,
      fields: Object.keys(parsed.error.flatten().fieldErrors),
    };
  }
  if (parsed.data.intent === "retroactive") {
    if (parsed.data.days > retroactiveDaysLimit(scopeList(session.scope)))
      return { ok: false as const, fields: ["days"] };
    await startRetroactiveAward(session.shop, parsed.data.days, clock.now());
    await audit("retroactive.requested");
    return { ok: true as const, notice: "retroactive" as const };
  }
  const { intent: _intent, ...values } = parsed.data;
  await saveProgramSettings(session.shop, values);
  await audit("settings.saved");
  return { ok: true as const, notice: "saved" as const };
}

export default function Settings() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  useSaveToast(result, result?.ok === true);
  const { t, formatDateTime, formatNumber, formatPoints } = useTranslation();
  const busy = useNavigation().state !== "idle";
  const initial = useMemo(
    () => ({
      policy: String(loaded.expiryPolicy),
      months: String(loaded.expiryMonths),
      soonDays: String(loaded.expiringSoonDays),
      every: String(loaded.reconcileEveryMinutes),
      guestDays: String(loaded.guestClaimDays),
    }),
    [loaded],
  );
  const [policy, setPolicy] = useState<string>(initial.policy);
  const [months, setMonths] = useState(initial.months);
  const [soonDays, setSoonDays] = useState(initial.soonDays);
  const [every, setEvery] = useState(initial.every);
  const [guestDays, setGuestDays] = useState(initial.guestDays);
  const dirty =
    JSON.stringify({ policy, months, soonDays, every, guestDays }) !==
    JSON.stringify(initial);
  const formRef = useRef<HTMLFormElement>(null);
  const saving = useNavigation().formData?.get("intent") === "save" && busy;
  const [retroDays, setRetroDays] = useState("30");
  const bad = (field: string) =>
    result && !result.ok && result.fields.includes(field)
      ? t("settings.error")
      : undefined;

  return (
    <Page
      title={t("settings.title")}
      secondaryActions={[
        { content: t("activity.title"), url: "/app/settings/activity" },
      ]}
    >
      <BlockStack gap="400">
        {result?.ok && result.notice === "saved" ? (
          <Banner tone="success">{t("settings.saved")}</Banner>
        ) : null}
        {result?.ok && result.notice === "retroactive" ? (
          <Banner tone="info">{t("settings.retroactive.queued")}</Banner>
        ) : null}
        {result && !result.ok ? (
          <Banner tone="critical">{t("settings.error")}</Banner>
        ) : null}
        <Form noValidate method="post" ref={formRef}>
          <UnsavedChangesBar
            id="settings-save-bar"
            dirty={dirty}
            saving={saving}
            onSave={() => formRef.current?.requestSubmit()}
            onDiscard={() => {
              setPolicy(initial.policy);
              setMonths(initial.months);
              setSoonDays(initial.soonDays);
              setEvery(initial.every);
              setGuestDays(initial.guestDays);
            }}
          />
          <input type="hidden" name="intent" value="save" />
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("settings.expiry.title")}
                </Text>
                {policy === "none" ? (
                  // Shown greyed out, but a disabled field is not sent: keep the stored values.
                  <>
                    <input type="hidden" name="expiryMonths" value={months} />
                    <input
                      type="hidden"
                      name="expiringSoonDays"
                      value={soonDays}
                    />
                  </>
                ) : null}
                <FormLayout>
                  <Select
                    label={t("settings.expiry.policy")}
                    name="expiryPolicy"
                    options={[
                      { label: t("settings.expiry.none"), value: "none" },
                      {
                        label: t("settings.expiry.inactivity"),
                        value: "inactivity",
                      },
                      { label: t("settings.expiry.per_lot"), value: "per_lot" },
                    ]}
                    value={policy}
                    onChange={setPolicy}
                    helpText={t("settings.expiry.help")}
                  />
                  <FormLayout.Group>
                    <TextField
                      label={t("settings.expiry.months")}
                      name={policy === "none" ? undefined : "expiryMonths"}
                      type="number"
                      min={1}
                      max={120}
                      value={months}
                      onChange={setMonths}
                      error={bad("expiryMonths")}
                      autoComplete="off"
                      disabled={policy === "none"}
                    />
                    <TextField
                      label={t("settings.expiry.soonDays")}
                      name={policy === "none" ? undefined : "expiringSoonDays"}
                      type="number"
                      min={0}
                      max={365}
                      value={soonDays}
                      onChange={setSoonDays}
                      error={bad("expiringSoonDays")}
                      autoComplete="off"
                      disabled={policy === "none"}
                    />
                  </FormLayout.Group>
                </FormLayout>
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("settings.reconcile.title")}
                </Text>
                <Text as="p" tone="subdued">
                  {t("settings.reconcile.help")}
                </Text>
                <TextField
                  label={t("settings.reconcile.every")}
                  name="reconcileEveryMinutes"
                  type="number"
                  min={5}
                  max={1440}
                  value={every}
                  onChange={setEvery}
                  error={bad("reconcileEveryMinutes")}
                  autoComplete="off"
                />
                <Text as="p" tone="subdued">
                  {loaded.lastReconciledAt
                    ? t("settings.reconcile.lastRun", {
                        date: formatDateTime(loaded.lastReconciledAt),
                      })
                    : t("settings.reconcile.never")}
                </Text>
                {loaded.lastReconcileError ? (
                  <Banner tone="warning">
                    {t("settings.reconcile.lastError", {
                      error: loaded.lastReconcileError,
                    })}
                  </Banner>
                ) : null}
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("settings.guest.title")}
                </Text>
                <Text as="p" tone="subdued">
                  {t("settings.guest.help")}
                </Text>
                <TextField
                  label={t("settings.guest.days")}
                  name="guestClaimDays"
                  type="number"
                  min={1}
                  max={3650}
                  value={guestDays}
                  onChange={setGuestDays}
                  error={bad("guestClaimDays")}
                  autoComplete="off"
                />
                <Text as="p">
                  {t("settings.guest.held", { count: loaded.heldGuestOrders })}
                </Text>
              </BlockStack>
            </Card>
            <InlineStack align="end">
              <Button submit variant="primary" loading={busy}>
                {t("settings.save")}
              </Button>
            </InlineStack>
          </BlockStack>
        </Form>
        <Card>
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">
              {t("settings.retroactive.title")}
            </Text>
            <Text as="p" tone="subdued">
              {t("settings.retroactive.help")}
            </Text>
            {loaded.retroactiveMaxDays < MAX_RETROACTIVE_DAYS ? (
              <OptionalScopeBanner
                scope={ALL_ORDERS_SCOPE}
                body="scopes.allOrders.window"
                params={{
                  days: formatNumber(ORDER_WINDOW_DAYS),
                  max: formatNumber(MAX_RETROACTIVE_DAYS),
                }}
                requestLabel="scopes.allOrders.request"
              />
            ) : (
              <Text as="p" tone="subdued">
                {t("scopes.allOrders.full", {
                  max: formatNumber(MAX_RETROACTIVE_DAYS),
                })}
              </Text>
            )}
            <Form noValidate method="post">
              <input type="hidden" name="intent" value="retroactive" />
              <InlineStack gap="300" blockAlign="end">
                <TextField
                  label={t("settings.retroactive.days")}
                  name="days"
                  type="number"
                  min={1}
                  max={loaded.retroactiveMaxDays}
                  value={retroDays}
                  onChange={setRetroDays}
                  error={bad("days")}
                  autoComplete="off"
                />
                <Button submit loading={busy}>
                  {t("settings.retroactive.run")}
                </Button>
              </InlineStack>
            </Form>
            {loaded.runs.map((run) => (
              <InlineStack key={run.id} gap="200" blockAlign="center">
                <Badge
                  tone={
                    run.status === "done"
                      ? "success"
                      : run.status === "failed"
                        ? "critical"
                        : "info"
                  }
                >
                  {t(
                    run.status === "done"
                      ? "settings.retroactive.status.done"
                      : run.status === "failed"
                        ? "settings.retroactive.status.failed"
                        : "settings.retroactive.status.pending",
                  )}
                </Badge>
                <Text as="span">
                  {t("settings.retroactive.summary", {
                    days: t("settings.retroactive.days", { count: run.days }),
                    orders: t("settings.retroactive.orders", {
                      count: run.ordersAwarded,
                    }),
                    points: formatPoints(run.pointsAwarded),
                  })}
                </Text>
                <Text as="span" tone="subdued">
                  {formatDateTime(run.requestedAt)}
                </Text>
                {run.status === "failed" ? (
                  <Text as="span" tone="critical">
                    {t("settings.retroactive.failedHelp")}
                  </Text>
                ) : run.status === "pending" && run.attempts > 0 ? (
                  <Text as="span" tone="subdued">
                    {t("settings.retroactive.retrying")}
                  </Text>
                ) : null}
              </InlineStack>
            ))}
          </BlockStack>
        </Card>
      </BlockStack>
    </Page>
  );
}
