import * as clock from "~/clock.server";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import {
  useActionData,
  useLoaderData,
  useNavigation,
  useSubmit,
} from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Card,
  Checkbox,
  FormLayout,
  InlineGrid,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useMemo, useState } from "react";
import { z } from "zod";

import {
  defaultRuleValues,
  EARNING_RULE_TYPES,
  type EarningRuleValues,
  fieldForErrorPath,
  LIMIT_PERIODS,
  ruleInputFromValues,
  ruleTypeLabel,
  valuesFromRule,
} from "~/components/earning-rule-values";
import { notFoundBoundary } from "~/components/not-found-boundary";
import { earningRuleName, isDefaultRuleName } from "~/i18n/earning-rule-name";
import { translateFieldErrors } from "~/i18n/field-errors";
import { socialNetworkLabel } from "~/components/social-network-label";
import { useTranslation } from "~/i18n/use-translation";
import { type EarningRuleType, SOCIAL_NETWORKS } from "~/loyalty/earning-rules";
import { getShopDisplaySettings } from "~/models/dashboard.server";
import {
  getEarningRule,
  saveEarningRule,
} from "~/services/earning-rules.server";
import { actorFromAdmin, recordAuditNow } from "~/services/audit.server";
import { authenticate } from "~/shopify.server";
import { ResourcePickerField } from "~/components/resource-picker-field";
import { UnsavedChangesBar } from "~/components/save-bar";
import { earningRuleResources } from "~/services/picked-resources";
import { fetchResourceTitles } from "~/shopify/products.server";

const TypeSchema = z.enum(
  EARNING_RULE_TYPES as [EarningRuleType, ...EarningRuleType[]],
);

/** /app/earn/new?type=birthday adds a rule; /app/earn/<id> edits one. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const { currencyCode } = await getShopDisplaySettings(session.shop);
  if (params.ruleId === "new") {
    const type = TypeSchema.safeParse(
      new URL(request.url).searchParams.get("type"),
    );
    if (!type.success) throw redirect("/app/earn");
    return {
      ruleId: null,
      type: type.data,
      values: null,
      currencyCode,
      resourceTitles: {} as Record<string, string>,
    };
  }
  const rule = await getEarningRule(session.shop, params.ruleId ?? "");
  if (!rule) throw new Response("Not found", { status: 404 });
  const values = valuesFromRule(rule);
  return {
    ruleId: rule.id,
    type: rule.type,
    values,
    currencyCode,
    resourceTitles: await fetchResourceTitles(
      session.shop,
      earningRuleResources(values),
    ),
  };
}

const PayloadSchema = z.object({
  type: TypeSchema,
  values: z.record(z.unknown()),
});

function parseJsonOrNull(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/** Whether every value `raw` sends has the type of `defaults`' (recursively); missing ones are fine. */
function sendsOnlyFormTypes(
  defaults: Record<string, unknown>,
  raw: Record<string, unknown>,
): boolean {
  return Object.entries(defaults).every(([key, fallback]) => {
    if (!Object.hasOwn(raw, key)) return true;
    const value = raw[key];
    if (fallback !== null && typeof fallback === "object")
      return (
        value !== null &&
        typeof value === "object" &&
        !Array.isArray(value) &&
        sendsOnlyFormTypes(
          fallback as Record<string, unknown>,
          value as Record<string, unknown>,
        )
      );
    return typeof value === typeof fallback;
  });
}

/** `raw`'s values where they have the type of `defaults`' (recursively), the defaults elsewhere. */
function valuesShapedLike(
  defaults: Record<string, unknown>,
  raw: Record<string, unknown>,
): Record<string, unknown> {
  const shaped: Record<string, unknown> = {};
  for (const [key, fallback] of Object.entries(defaults)) {
    const value = Object.hasOwn(raw, key) ? raw[key] : undefined;
    if (
      fallback !== null &&
      typeof fallback === "object" &&
      value !== null &&
      typeof value === "object" &&
      !Array.isArray(value)
    )
      shaped[key] = valuesShapedLike(
        fallback as Record<string, unknown>,
        value as Record<string, unknown>,
      );
    else shaped[key] = typeof value === typeof fallback ? value : fallback;
  }
  return shaped;
}

export async function action({ request, params }: ActionFunctionArgs) {
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
  const form = await request.formData();
  const payload = PayloadSchema.safeParse(
    parseJsonOrNull(String(form.get("payload") ?? "null")),
  );
  if (!payload.success)
    return { errors: { form: "Invalid request" } as Record<string, string> };
  // A hand-made post may send any shape: a value of another type than the form's is refused (an
  // empty name is a valid rule now, so it no longer stops such a post), a missing one is defaulted.
  if (!sendsOnlyFormTypes({ ...defaultRuleValues("") }, payload.data.values))
    return { errors: { form: "Invalid request" } as Record<string, string> };
  const values = valuesShapedLike(
    { ...defaultRuleValues("") },
    payload.data.values,
  ) as unknown as EarningRuleValues;
  const input = ruleInputFromValues(payload.data.type, values);
  const saved = await saveEarningRule(
    session.shop,
    params.ruleId === "new" ? null : (params.ruleId ?? null),
    input,
  );
  if (saved.ok) {
    await audit("rule.saved", saved.value.id);
    return redirect("/app/earn");
  }
  if ("notFound" in saved) throw new Response("Not found", { status: 404 });
  const errors: Record<string, string> = {};
  for (const [path, message] of Object.entries(saved.errors))
    errors[fieldForErrorPath(path)] ??= message;
  return { errors };
}

export default function EarningRuleEditor() {
  const {
    ruleId,
    type,
    values: stored,
    currencyCode,
    resourceTitles,
  } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const initial = useMemo<EarningRuleValues>(
    () =>
      // A rule named after its type shows an empty name (the type's label as placeholder), so
      // saving it stores no prose: every reader keeps seeing the type in their language (ADR 0015).
      stored
        ? {
            ...stored,
            name: isDefaultRuleName(type, stored.name) ? "" : stored.name,
          }
        : defaultRuleValues(""),
    [stored, type],
  );
  const [values, setValues] = useState<EarningRuleValues>(initial);
  const dirty = JSON.stringify(values) !== JSON.stringify(initial);
  const errors = translateFieldErrors(
    useActionData<typeof action>()?.errors ?? {},
    t,
  );
  const submit = useSubmit();
  const saving = useNavigation().state !== "idle";

  const set = <K extends keyof EarningRuleValues>(
    key: K,
    value: EarningRuleValues[K],
  ) => setValues((v) => ({ ...v, [key]: value }));
  const text = (
    key: Exclude<
      keyof EarningRuleValues,
      "limits" | "enabled" | `earnOn${string}` | "earnBeforeDiscounts"
    >,
    label: string,
    extra: object = {},
  ) => (
    <TextField
      label={label}
      name={key}
      value={values[key]}
      onChange={(value) => set(key, value)}
      error={errors[key]}
      autoComplete="off"
      {...extra}
    />
  );
  // Products and collections come from App Bridge's resource picker, shown by title.
  const picker = (
    key:
      | "excludedProducts"
      | "excludedCollections"
      | "bonusProducts"
      | "bonusCollections",
    label: string,
    type: "product" | "collection",
  ) => (
    <ResourcePickerField
      label={label}
      type={type}
      value={values[key]}
      separator=", "
      onChange={(value) => set(key, value)}
      titles={resourceTitles}
      error={errors[key]}
    />
  );
  const check = (
    key:
      | "enabled"
      | "earnOnShipping"
      | "earnOnTaxes"
      | "earnBeforeDiscounts"
      | "earnOnGiftCards",
    label: string,
  ) => (
    <Checkbox
      label={label}
      checked={values[key]}
      onChange={(checked) => set(key, checked)}
    />
  );

  const save = () =>
    submit({ payload: JSON.stringify({ type, values }) }, { method: "post" });

  return (
    <Page
      title={
        ruleId
          ? t("earn.editor.edit", {
              name: earningRuleName({ type, name: values.name }, t),
            })
          : t("earn.editor.new", { type: t(ruleTypeLabel(type)) })
      }
      backAction={{ content: t("earn.title"), url: "/app/earn" }}
      primaryAction={{
        content: t("earn.save"),
        onAction: save,
        loading: saving,
      }}
    >
      <UnsavedChangesBar
        id="earning-rule-save-bar"
        dirty={dirty}
        saving={saving}
        onSave={save}
        onDiscard={() => setValues(initial)}
      />
      <BlockStack gap="400">
        {Object.keys(errors).length > 0 ? (
          <Banner tone="critical">{t("earn.invalid")}</Banner>
        ) : null}
        {type === "social" ? (
          <Banner tone="warning" title={t("earn.honourBased")}>
            {t("earn.honourBased.help")}
          </Banner>
        ) : null}
        <Card>
          <FormLayout>
            {text("name", t("earn.field.name"), {
              placeholder: t(ruleTypeLabel(type)),
              helpText: t("earn.field.nameHelp"),
            })}
            <FormLayout.Group>
              {text("nameFr", t("earn.field.nameFr"), {
                helpText: t("earn.field.nameLanguageHelp"),
              })}
              {text("nameEn", t("earn.field.nameEn"), {
                helpText: t("earn.field.nameLanguageHelp"),
              })}
            </FormLayout.Group>
            {check("enabled", t("earn.field.enabled"))}
            {type !== "place_order"
              ? text("points", t("earn.field.points"), {
                  type: "number",
                  min: 1,
                })
              : null}
            {type === "place_order" ? (
              <FormLayout.Group>
                {text("earnPoints", t("earn.field.earnPoints"), {
                  type: "number",
                  min: 0,
                })}
                {text("earnPerAmount", t("earn.field.earnPerAmount"), {
                  type: "number",
                  min: 1,
                  suffix: currencyCode,
                })}
                <Select
                  label={t("earn.field.rounding")}
                  options={(["down", "nearest", "up"] as const).map((r) => ({
                    value: r,
                    label: t(`earn.rounding.${r}`),
                  }))}
                  value={values.rounding}
                  onChange={(value) => set("rounding", value)}
                />
              </FormLayout.Group>
            ) : null}
            {type === "social" ? (
              <FormLayout.Group>
                <Select
                  label={t("earn.field.network")}
                  options={SOCIAL_NETWORKS.map((n) => ({
                    value: n,
                    label: socialNetworkLabel(n),
                  }))}
                  value={values.network}
                  onChange={(value) => set("network", value)}
                />
                <Select
                  label={t("earn.field.socialAction")}
                  options={[
                    { value: "follow", label: t("earn.social.follow") },
                    { value: "share", label: t("earn.social.share") },
                  ]}
                  value={values.socialAction}
                  onChange={(value) => set("socialAction", value)}
                />
              </FormLayout.Group>
            ) : null}
            {type === "social"
              ? text("url", t("earn.field.url"), { type: "url" })
              : null}
            {type === "content_mission"
              ? text("instructions", t("earn.field.instructions"), {
                  multiline: 3,
                })
              : null}
            {type === "content_mission" ? (
              <Select
                label={t("earn.field.submission")}
                options={(["photo_link", "text", "url"] as const).map((s) => ({
                  value: s,
                  label: t(`earn.submission.${s}`),
                }))}
                value={values.submission}
                onChange={(value) => set("submission", value)}
              />
            ) : null}
            {type === "custom_action"
              ? text("actionKey", t("earn.field.actionKey"))
              : null}
          </FormLayout>
        </Card>

        {type === "place_order" ? (
          <>
            <Card>
              <FormLayout>
                {check("earnOnShipping", t("earn.field.earnOnShipping"))}
                {check("earnOnTaxes", t("earn.field.earnOnTaxes"))}
                {check(
                  "earnBeforeDiscounts",
                  t("earn.field.earnBeforeDiscounts"),
                )}
                {check("earnOnGiftCards", t("earn.field.earnOnGiftCards"))}
                {text("minimumSubtotal", t("earn.field.minimumSubtotal"), {
                  type: "number",
                  min: 0,
                  suffix: currencyCode,
                })}
              </FormLayout>
            </Card>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("earn.section.exclusions")}
                </Text>
                <FormLayout>
                  {picker(
                    "excludedProducts",
                    t("earn.field.excludedProducts"),
                    "product",
                  )}
                  {picker(
                    "excludedCollections",
                    t("earn.field.excludedCollections"),
                    "collection",
                  )}
                  {text("excludedTags", t("earn.field.excludedTags"))}
                </FormLayout>
                <Text as="h2" variant="headingMd">
                  {t("earn.section.bonus")}
                </Text>
                <FormLayout>
                  {picker(
                    "bonusProducts",
                    t("earn.field.bonusProducts"),
                    "product",
                  )}
                  {picker(
                    "bonusCollections",
                    t("earn.field.bonusCollections"),
                    "collection",
                  )}
                  {text("bonusPoints", t("earn.field.bonusPoints"), {
                    type: "number",
                    min: 1,
                  })}
                </FormLayout>
              </BlockStack>
            </Card>
            <Card>
              <FormLayout>
                <Select
                  label={t("earn.field.timing")}
                  options={(
                    ["paid", "fulfilled", "after_payment"] as const
                  ).map((w) => ({ value: w, label: t(`earn.timing.${w}`) }))}
                  value={values.timing}
                  onChange={(value) => set("timing", value)}
                  error={errors.timing}
                  helpText={
                    values.timing === "paid"
                      ? undefined
                      : t("earn.timing.pendingHelp")
                  }
                />
                {values.timing === "after_payment" ? (
                  <FormLayout.Group>
                    {text("delay", t("earn.field.delay"), {
                      type: "number",
                      min: 1,
                    })}
                    <Select
                      label={t("earn.field.delayUnit")}
                      options={(["hours", "days"] as const).map((u) => ({
                        value: u,
                        label: t(`earn.unit.${u}`),
                      }))}
                      value={values.delayUnit}
                      onChange={(value) => set("delayUnit", value)}
                    />
                  </FormLayout.Group>
                ) : null}
              </FormLayout>
            </Card>
          </>
        ) : null}

        <Card>
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">
              {t("earn.limits")}
            </Text>
            <Text as="p" tone="subdued">
              {t("earn.limits.help")}
            </Text>
            {errors.limits ? (
              <Text as="p" tone="critical">
                {errors.limits}
              </Text>
            ) : null}
            <InlineGrid columns={{ xs: 2, md: 4 }} gap="300">
              {LIMIT_PERIODS.map((per) => (
                <TextField
                  key={per}
                  label={t(`earn.limits.${per}`)}
                  type="number"
                  min={1}
                  value={values.limits[per]}
                  onChange={(value) =>
                    setValues((v) => ({
                      ...v,
                      limits: { ...v.limits, [per]: value },
                    }))
                  }
                  autoComplete="off"
                />
              ))}
            </InlineGrid>
          </BlockStack>
        </Card>
      </BlockStack>
    </Page>
  );
}

export const ErrorBoundary = notFoundBoundary({
  back: "earn.title",
  backUrl: "/app/earn",
  heading: "earn.notFound.heading",
  body: "earn.notFound.body",
});
