import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import {
  useActionData,
  useLoaderData,
  useNavigation,
  useSubmit,
} from "@remix-run/react";
import {
  Badge,
  BlockStack,
  Button,
  Card,
  Checkbox,
  FormLayout,
  InlineStack,
  Page,
  RadioButton,
  ResourceList,
  Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";

import * as clock from "~/clock.server";
import { useConfirmation } from "~/components/confirm-modal";
import { fromDateTimeInput } from "~/loyalty/calendar";
import { getLocale } from "~/i18n/locale";
import { campaignNameIn } from "~/loyalty/campaigns";
import { getShopDisplaySettings } from "~/models/dashboard.server";
import { earningRuleName } from "~/i18n/earning-rule-name";
import { translateFieldErrors } from "~/i18n/field-errors";
import { UnsavedChangesBar } from "~/components/save-bar";
import { useSaveToast } from "~/components/save-toast";
import { useTranslation } from "~/i18n/use-translation";
import {
  listWaysToEarn,
  removeCampaign,
  saveCampaign,
} from "~/services/earning-rules.server";
import { actorFromAdmin, recordAuditNow } from "~/services/audit.server";
import { authenticate } from "~/shopify.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const locale = getLocale(request);
  const [{ rules, campaigns, primaryLocale }, { timeZone }] = await Promise.all(
    [listWaysToEarn(session.shop), getShopDisplaySettings(session.shop)],
  );
  return {
    timeZone,
    rules: rules.map((rule) => ({
      id: rule.id,
      type: rule.type,
      name: rule.name,
    })),
    campaigns: campaigns.map((c) => ({
      ...c,
      // The name in the admin's language, else the shop's primary one (ADR 0015).
      name: campaignNameIn(c, locale, primaryLocale),
      startsAt: c.startsAt.toISOString(),
      endsAt: c.endsAt.toISOString(),
    })),
    now: clock.now().toISOString(),
  };
}

const IntentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("create"), payload: z.string() }),
  z.object({ intent: z.literal("delete"), campaignId: z.string().min(1) }),
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
  const parsed = IntentSchema.safeParse(
    Object.fromEntries(await request.formData()),
  );
  if (!parsed.success)
    return { errors: { form: "Invalid request" } as Record<string, string> };
  if (parsed.data.intent === "delete") {
    await removeCampaign(session.shop, parsed.data.campaignId);
    await audit("campaign.deleted", parsed.data.campaignId);
    return { errors: {} as Record<string, string> };
  }
  let payload: unknown;
  try {
    payload = JSON.parse(parsed.data.payload);
  } catch {
    return { errors: { form: "Invalid request" } as Record<string, string> };
  }
  // The form sends the wall-clock times typed; they are the shop's, whatever the browser's zone.
  const { timeZone } = await getShopDisplaySettings(session.shop);
  const saved = await saveCampaign(
    session.shop,
    null,
    withShopTimes(payload, timeZone),
  );
  if (saved.ok) await audit("campaign.saved");
  return {
    created: saved.ok,
    errors: saved.ok
      ? {}
      : "errors" in saved
        ? saved.errors
        : { form: "Not found" },
  };
}

/**
 * The typed `startsAt`/`endsAt` ("2026-11-27T00:00", as the form sends them) as instants in the
 * shop's zone. A value with its own offset ("…Z") is already an instant; anything else is left
 * for the schema to refuse.
 */
function withShopTimes(payload: unknown, timeZone: string): unknown {
  if (typeof payload !== "object" || payload === null) return payload;
  const times = payload as { startsAt?: unknown; endsAt?: unknown };
  const instant = (value: unknown) =>
    typeof value === "string"
      ? (fromDateTimeInput(value, timeZone)?.toISOString() ?? value)
      : value;
  return {
    ...payload,
    startsAt: instant(times.startsAt),
    endsAt: instant(times.endsAt),
  };
}

/** The per-language names typed, blank ones left out (they fall back, ADR 0015). */
function nameTranslations(fr: string, en: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries({ fr, en }).filter(([, text]) => text.trim() !== ""),
  );
}

const BLANK_CAMPAIGN = {
  name: "",
  nameFr: "",
  nameEn: "",
  multiplier: "2",
  startsAt: "",
  endsAt: "",
  allRules: true,
  ruleIds: [] as string[],
};

export default function Campaigns() {
  const { rules, campaigns, now, timeZone } = useLoaderData<typeof loader>();
  const { t, formatDateTime } = useTranslation();
  const errors = translateFieldErrors(
    useActionData<typeof action>()?.errors ?? {},
    t,
  );
  const answer = useActionData<typeof action>();
  useSaveToast(
    answer,
    Object.keys(answer?.errors ?? { form: "" }).length === 0,
  );
  const submit = useSubmit();
  const confirmation = useConfirmation();
  const saving = useNavigation().state !== "idle";
  const [name, setName] = useState(BLANK_CAMPAIGN.name);
  const [nameFr, setNameFr] = useState(BLANK_CAMPAIGN.nameFr);
  const [nameEn, setNameEn] = useState(BLANK_CAMPAIGN.nameEn);
  const [multiplier, setMultiplier] = useState(BLANK_CAMPAIGN.multiplier);
  const [startsAt, setStartsAt] = useState(BLANK_CAMPAIGN.startsAt);
  const [endsAt, setEndsAt] = useState(BLANK_CAMPAIGN.endsAt);
  const [allRules, setAllRules] = useState(BLANK_CAMPAIGN.allRules);
  const [ruleIds, setRuleIds] = useState<string[]>(BLANK_CAMPAIGN.ruleIds);
  const dirty =
    JSON.stringify({
      name,
      nameFr,
      nameEn,
      multiplier,
      startsAt,
      endsAt,
      allRules,
      ruleIds,
    }) !== JSON.stringify(BLANK_CAMPAIGN);
  const clear = () => {
    setName(BLANK_CAMPAIGN.name);
    setNameFr(BLANK_CAMPAIGN.nameFr);
    setNameEn(BLANK_CAMPAIGN.nameEn);
    setMultiplier(BLANK_CAMPAIGN.multiplier);
    setStartsAt(BLANK_CAMPAIGN.startsAt);
    setEndsAt(BLANK_CAMPAIGN.endsAt);
    setAllRules(BLANK_CAMPAIGN.allRules);
    setRuleIds(BLANK_CAMPAIGN.ruleIds);
  };
  // A campaign created: the form is blank again for the next one.
  const created =
    answer && "created" in answer && answer.created ? answer : null;
  useEffect(() => {
    if (created) clear();
  }, [created]);

  const create = () =>
    submit(
      {
        intent: "create",
        payload: JSON.stringify({
          name,
          nameTranslations: nameTranslations(nameFr, nameEn),
          multiplier: Number(multiplier.replace(",", ".")),
          startsAt,
          endsAt,
          appliesTo: allRules
            ? { kind: "all_rules" }
            : { kind: "rules", ruleIds },
        }),
      },
      { method: "post" },
    );

  const status = (c: (typeof campaigns)[number]) =>
    c.endsAt <= now ? (
      <Badge>{t("earn.campaigns.ended")}</Badge>
    ) : c.startsAt <= now ? (
      <Badge tone="success">{t("earn.campaigns.running")}</Badge>
    ) : (
      <Badge tone="info">{t("earn.campaigns.scheduled")}</Badge>
    );

  return (
    <Page
      title={t("earn.campaigns.title")}
      subtitle={t("earn.campaigns.help")}
      backAction={{ content: t("earn.title"), url: "/app/earn" }}
    >
      <UnsavedChangesBar
        id="campaign-save-bar"
        dirty={dirty}
        saving={saving}
        onSave={create}
        onDiscard={clear}
      />
      <BlockStack gap="400">
        <Card padding="0">
          {campaigns.length === 0 ? (
            <BlockStack inlineAlign="center">
              <div style={{ padding: "1rem" }}>
                <Text as="p" tone="subdued">
                  {t("earn.campaigns.empty")}
                </Text>
              </div>
            </BlockStack>
          ) : (
            <ResourceList
              items={campaigns}
              renderItem={(c) => (
                <ResourceList.Item id={c.id} onClick={() => undefined}>
                  <InlineStack align="space-between" blockAlign="center">
                    <BlockStack gap="100">
                      <InlineStack gap="200">
                        <Text as="span" fontWeight="semibold">
                          {c.name}
                        </Text>
                        <Text as="span">
                          {t("earn.campaigns.times", {
                            multiplier: c.multiplier,
                          })}
                        </Text>
                        {status(c)}
                      </InlineStack>
                      <Text as="span" tone="subdued">
                        {t("earn.campaigns.period", {
                          start: formatDateTime(c.startsAt),
                          end: formatDateTime(c.endsAt),
                        })}
                      </Text>
                    </BlockStack>
                    <Button
                      variant="plain"
                      tone="critical"
                      onClick={() =>
                        confirmation.ask({
                          title: t("earn.campaigns.deleteTitle", {
                            name: c.name,
                          }),
                          body: t("earn.campaigns.deleteBody"),
                          confirmLabel: t("confirm.delete"),
                          onConfirm: () =>
                            submit(
                              { intent: "delete", campaignId: c.id },
                              { method: "post" },
                            ),
                        })
                      }
                    >
                      {t("earn.action.delete")}
                    </Button>
                  </InlineStack>
                </ResourceList.Item>
              )}
            />
          )}
        </Card>
        <Card>
          <FormLayout>
            <TextField
              label={t("earn.campaigns.name")}
              value={name}
              onChange={setName}
              error={errors.name}
              autoComplete="off"
            />
            <FormLayout.Group>
              <TextField
                label={t("earn.field.nameFr")}
                value={nameFr}
                onChange={setNameFr}
                error={errors["nameTranslations.fr"]}
                autoComplete="off"
              />
              <TextField
                label={t("earn.field.nameEn")}
                value={nameEn}
                onChange={setNameEn}
                error={errors["nameTranslations.en"]}
                autoComplete="off"
              />
            </FormLayout.Group>
            <TextField
              label={t("earn.campaigns.multiplier")}
              type="number"
              step={0.25}
              min={1}
              max={10}
              value={multiplier}
              onChange={setMultiplier}
              error={errors.multiplier}
              autoComplete="off"
            />
            <FormLayout.Group>
              <TextField
                label={t("earn.campaigns.startsAt")}
                type="datetime-local"
                value={startsAt}
                onChange={setStartsAt}
                error={errors.startsAt}
                autoComplete="off"
              />
              <TextField
                label={t("earn.campaigns.endsAt")}
                type="datetime-local"
                value={endsAt}
                onChange={setEndsAt}
                error={errors.endsAt}
                autoComplete="off"
              />
            </FormLayout.Group>
            <Text as="p" tone="subdued">
              {t("earn.campaigns.timeZone", { timeZone })}
            </Text>
            <BlockStack gap="100">
              <Text as="p">{t("earn.campaigns.appliesTo")}</Text>
              <RadioButton
                label={t("earn.campaigns.allRules")}
                checked={allRules}
                id="all-rules"
                name="appliesTo"
                onChange={() => setAllRules(true)}
              />
              <RadioButton
                label={t("earn.campaigns.someRules")}
                checked={!allRules}
                id="some-rules"
                name="appliesTo"
                onChange={() => setAllRules(false)}
              />
              {!allRules
                ? rules.map((rule) => (
                    <Checkbox
                      key={rule.id}
                      label={earningRuleName(rule, t)}
                      checked={ruleIds.includes(rule.id)}
                      onChange={(checked) =>
                        setRuleIds((ids) =>
                          checked
                            ? [...ids, rule.id]
                            : ids.filter((id) => id !== rule.id),
                        )
                      }
                    />
                  ))
                : null}
              {errors["appliesTo.ruleIds"] ? (
                <Text as="p" tone="critical">
                  {errors["appliesTo.ruleIds"]}
                </Text>
              ) : null}
            </BlockStack>
            <Button variant="primary" onClick={create} loading={saving}>
              {t("earn.campaigns.create")}
            </Button>
          </FormLayout>
        </Card>
      </BlockStack>
      {confirmation.modal}
    </Page>
  );
}
