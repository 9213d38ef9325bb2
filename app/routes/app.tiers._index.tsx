import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import {
  useActionData,
  useLoaderData,
  useNavigation,
  useSubmit,
} from "@remix-run/react";
import {
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
import { useEffect, useMemo, useState } from "react";
import { z } from "zod";

import * as clock from "~/clock.server";
import { UnsavedChangesBar } from "~/components/save-bar";
import { useSaveToast } from "~/components/save-toast";
import { useTranslation } from "~/i18n/use-translation";
import {
  applyTierSettings,
  listTiersWithCounts,
  previewTierSettings,
  primaryTierNameField,
} from "~/services/tiers.server";
import { actorFromAdmin, recordAuditNow } from "~/services/audit.server";
import { authenticate } from "~/shopify.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const { basis, window, currencyCode, tiers } = await listTiersWithCounts(
    session.shop,
  );
  return {
    // The name shoppers fall back to when their language has none (ADR 0015).
    primaryLanguage:
      (await primaryTierNameField(session.shop)) === "nameFr" ? "fr" : "en",
    basis,
    window,
    currencyCode,
    tiers: tiers.map((t) => ({
      id: t.id,
      nameEn: t.nameEn,
      nameFr: t.nameFr ?? "",
      threshold: t.threshold,
      earnMultiplier: t.earnMultiplier,
      entryBonus: t.entryBonus,
      members: t.members,
    })),
  };
}

const IntentSchema = z.object({
  intent: z.enum(["preview", "apply"]),
  payload: z.string(),
});

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
  if (!parsed.success) return { error: true as const };
  try {
    const input = JSON.parse(parsed.data.payload) as unknown;
    // The shop's primary language is required, the other optional (ADR 0015).
    const primaryField = await primaryTierNameField(session.shop);
    const tiers = (input as { tiers?: unknown })?.tiers;
    if (
      Array.isArray(tiers) &&
      tiers.some(
        (tier: Record<string, unknown>) =>
          typeof tier?.[primaryField] !== "string" ||
          !(tier[primaryField] as string).trim(),
      )
    )
      return { error: true as const };
    if (parsed.data.intent === "preview") {
      const preview = await previewTierSettings(
        session.shop,
        input,
        clock.now(),
      );
      return {
        preview: { up: preview.up, down: preview.down, same: preview.same },
      };
    }
    const applied = await applyTierSettings(session.shop, input, clock.now());
    await audit("tiers.saved");
    return { applied: { up: applied.up, down: applied.down } };
  } catch (error) {
    if (error instanceof z.ZodError || error instanceof SyntaxError)
      return { error: true as const };
    throw error;
  }
}

interface Row {
  id?: string;
  nameEn: string;
  nameFr: string;
  threshold: string;
  earnMultiplier: string;
  entryBonus: string;
  members: number;
}

/** Money thresholds are typed in currency units and stored in thousandths (Millis). */
const MILLIS = 1000;

export default function Tiers() {
  const loaded = useLoaderData<typeof loader>();
  const data = loaded;
  const result = useActionData<typeof action>();
  useSaveToast(result, result !== undefined && !("error" in result));
  const { t } = useTranslation();
  const submit = useSubmit();
  const busy = useNavigation().state !== "idle";
  const initial = useMemo(() => tierFormValues(loaded), [loaded]);
  const [basis, setBasis] = useState<string>(initial.basis);
  const [tierWindow, setTierWindow] = useState<string>(initial.window);
  const money = basis === "money_spent";
  const [rows, setRows] = useState<Row[]>(initial.rows);
  const discard = () => {
    setBasis(initial.basis);
    setTierWindow(initial.window);
    setRows(initial.rows);
  };
  // Once applied, the saved tiers (with the ids new ones got) are the form's values again.
  const appliedResult = result && "applied" in result ? result : null;
  useEffect(() => {
    if (appliedResult) discard();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [appliedResult]);
  const dirty =
    JSON.stringify({ basis, window: tierWindow, rows }) !==
    JSON.stringify(initial);
  const update = (index: number, changes: Partial<Row>) =>
    setRows((all) =>
      all.map((row, i) => (i === index ? { ...row, ...changes } : row)),
    );
  const number = (value: string) => Number(value.replace(",", "."));
  const payload = () =>
    JSON.stringify({
      basis,
      window: tierWindow,
      tiers: rows.map((row) => ({
        ...(row.id ? { id: row.id } : {}),
        nameEn: row.nameEn,
        nameFr: row.nameFr || null,
        threshold: Math.round(number(row.threshold) * (money ? MILLIS : 1)),
        earnMultiplier: number(row.earnMultiplier || "1"),
        entryBonus: Math.round(number(row.entryBonus || "0")),
      })),
    });
  const [tried, setTried] = useState(false);
  const send = (intent: "preview" | "apply") => {
    setTried(true);
    submit({ intent, payload: payload() }, { method: "post" });
  };

  return (
    <Page title={t("tiers.title")} subtitle={t("tiers.subtitle")}>
      <UnsavedChangesBar
        id="tiers-save-bar"
        dirty={dirty}
        saving={busy}
        onSave={() => send("apply")}
        onDiscard={discard}
      />
      <BlockStack gap="400">
        {result && "error" in result ? (
          <Banner tone="critical">{t("tiers.error")}</Banner>
        ) : null}
        {result && "applied" in result ? (
          <Banner tone="success">
            {t("tiers.applied", {
              up: result.applied.up,
              down: result.applied.down,
            })}
          </Banner>
        ) : null}
        {result && "preview" in result ? (
          <Banner tone="info" title={t("tiers.preview.title")}>
            <BlockStack gap="100">
              <Text as="p">
                {t("tiers.preview.up", { count: result.preview.up })}
              </Text>
              <Text as="p">
                {t("tiers.preview.down", { count: result.preview.down })}
              </Text>
              <Text as="p">
                {t("tiers.preview.same", { count: result.preview.same })}
              </Text>
              <Text as="p" tone="subdued">
                {t("tiers.preview.downNote")}
              </Text>
            </BlockStack>
          </Banner>
        ) : null}
        <Card>
          <FormLayout>
            <FormLayout.Group>
              <Select
                label={t("tiers.basis")}
                options={[
                  {
                    label: t("tiers.basis.points_earned"),
                    value: "points_earned",
                  },
                  { label: t("tiers.basis.money_spent"), value: "money_spent" },
                ]}
                value={basis}
                onChange={setBasis}
              />
              <Select
                label={t("tiers.window")}
                options={[
                  { label: t("tiers.window.lifetime"), value: "lifetime" },
                  {
                    label: t("tiers.window.calendar_year"),
                    value: "calendar_year",
                  },
                  {
                    label: t("tiers.window.rolling_12_months"),
                    value: "rolling_12_months",
                  },
                ]}
                value={tierWindow}
                onChange={setTierWindow}
              />
            </FormLayout.Group>
          </FormLayout>
        </Card>
        {rows.length === 0 ? (
          <Card>
            <Text as="p" tone="subdued">
              {t("tiers.empty")}
            </Text>
          </Card>
        ) : null}
        {rows.map((row, index) => (
          <Card key={row.id ?? `new-${index}`}>
            <BlockStack gap="300">
              <InlineStack align="space-between" blockAlign="center">
                <Text as="h2" variant="headingMd">
                  {(data.primaryLanguage === "fr"
                    ? row.nameFr || row.nameEn
                    : row.nameEn || row.nameFr) || t("tiers.add")}
                </Text>
                <InlineStack gap="300" blockAlign="center">
                  {row.id ? (
                    <Text as="span" tone="subdued">
                      {t("tiers.members", { count: row.members })}
                    </Text>
                  ) : null}
                  <Button
                    variant="plain"
                    tone="critical"
                    onClick={() =>
                      setRows((all) => all.filter((_, i) => i !== index))
                    }
                  >
                    {t("tiers.remove")}
                  </Button>
                </InlineStack>
              </InlineStack>
              <FormLayout>
                <FormLayout.Group>
                  {(data.primaryLanguage === "fr"
                    ? (["nameFr", "nameEn"] as const)
                    : (["nameEn", "nameFr"] as const)
                  ).map((field, order) => (
                    <TextField
                      key={field}
                      label={t(`tiers.${field}`)}
                      value={row[field]}
                      onChange={(value) => update(index, { [field]: value })}
                      autoComplete="off"
                      requiredIndicator={order === 0}
                      helpText={
                        order === 0
                          ? t("tiers.name.primaryHelp")
                          : t("tiers.name.otherHelp")
                      }
                      error={
                        order === 0 && !row[field].trim() && tried
                          ? t("tiers.name.required")
                          : undefined
                      }
                    />
                  ))}
                </FormLayout.Group>
                <FormLayout.Group>
                  <TextField
                    label={
                      money
                        ? t("tiers.threshold.money", {
                            currency: loaded.currencyCode,
                          })
                        : t("tiers.threshold.points")
                    }
                    type="number"
                    min={0}
                    value={row.threshold}
                    onChange={(threshold) => update(index, { threshold })}
                    autoComplete="off"
                  />
                  <TextField
                    label={t("tiers.multiplier")}
                    helpText={t("tiers.multiplier.help")}
                    type="number"
                    step={0.25}
                    min={1}
                    max={10}
                    value={row.earnMultiplier}
                    onChange={(earnMultiplier) =>
                      update(index, { earnMultiplier })
                    }
                    autoComplete="off"
                  />
                  <TextField
                    label={t("tiers.entryBonus")}
                    type="number"
                    min={0}
                    value={row.entryBonus}
                    onChange={(entryBonus) => update(index, { entryBonus })}
                    autoComplete="off"
                  />
                </FormLayout.Group>
              </FormLayout>
            </BlockStack>
          </Card>
        ))}
        <InlineStack gap="300">
          <Button
            onClick={() =>
              setRows((all) => [
                ...all,
                {
                  nameEn: "",
                  nameFr: "",
                  threshold: "",
                  earnMultiplier: "1",
                  entryBonus: "0",
                  members: 0,
                },
              ])
            }
          >
            {t("tiers.add")}
          </Button>
          <Button onClick={() => send("preview")} loading={busy}>
            {t("tiers.preview")}
          </Button>
          <Button
            variant="primary"
            onClick={() => send("apply")}
            loading={busy}
          >
            {t("tiers.apply")}
          </Button>
        </InlineStack>
      </BlockStack>
    </Page>
  );
}

/** The tiers as stored, in the form's terms (what Discard puts back). */
function tierFormValues(loaded: {
  basis: string;
  window: string;
  tiers: Array<
    Omit<Row, "threshold" | "earnMultiplier" | "entryBonus"> & {
      id: string;
      threshold: number;
      earnMultiplier: number;
      entryBonus: number;
    }
  >;
}) {
  return {
    basis: loaded.basis,
    window: loaded.window,
    rows: loaded.tiers.map((tier): Row => ({
      id: tier.id,
      nameEn: tier.nameEn,
      nameFr: tier.nameFr,
      threshold: String(
        loaded.basis === "money_spent"
          ? tier.threshold / MILLIS
          : tier.threshold,
      ),
      earnMultiplier: String(tier.earnMultiplier),
      entryBonus: String(tier.entryBonus),
      members: tier.members,
    })),
  };
}
