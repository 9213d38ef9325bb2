import {
  Banner,
  BlockStack,
  Button,
  Card,
  FormLayout,
  InlineGrid,
  InlineStack,
  Text,
  TextField,
} from "@shopify/polaris";
import { useMemo, useRef, useState } from "react";

import { PointsIconPicker } from "~/components/program/points-icon-picker";
import { useToast } from "~/components/program/use-toast";
import { UnsavedChangesBar } from "~/components/save-bar";
import { type MessageKey } from "~/i18n/messages/dictionary";
import { useTranslation } from "~/i18n/use-translation";
import {
  formatPointsWith,
  IDENTITY_LOCALES,
  type IdentityLocale,
  type PointsIcon,
  type PointsName,
} from "~/loyalty/program-identity";

interface IdentityView {
  name: string;
  pointsNames: Partial<Record<IdentityLocale, PointsName>>;
  pointsIcon: PointsIcon;
  comingSoonText: Partial<Record<IdentityLocale, string>>;
  iconUrl: string;
  hasUploadedIcon: boolean;
}

type Answer =
  | { ok: true; notice?: string }
  | { ok: false; fieldErrors?: Record<string, string>; error?: string }
  | undefined;

/** Name, points names per language, icon and the "coming soon" text: one form, one Save. */
export function ProgramIdentityForm({
  identity,
  answer,
  saving,
}: {
  identity: IdentityView;
  answer: Answer;
  saving: boolean;
}) {
  const { t } = useTranslation();
  const initial = useMemo(() => identityValues(identity), [identity]);
  const [name, setName] = useState(initial.name);
  const [icon, setIcon] = useState<PointsIcon>(initial.icon);
  const [names, setNames] = useState(initial.names);
  const [comingSoon, setComingSoon] = useState(initial.comingSoon);
  const intentRef = useRef<HTMLInputElement>(null);
  const dirty =
    JSON.stringify({ name, icon, names, comingSoon }) !==
    JSON.stringify(initial);
  const errors = (answer && !answer.ok && answer.fieldErrors) || {};
  const errorFor = (field: string) =>
    errors[field]
      ? t(`programSettings.error.${errors[field]}` as MessageKey)
      : undefined;
  useToast(
    answer?.ok && answer.notice === "saved" ? t("programSettings.saved") : null,
    answer,
  );
  const language = (locale: IdentityLocale) =>
    t(`programSettings.language.${locale}`);

  return (
    <BlockStack gap="400">
      <UnsavedChangesBar
        id="program-save-bar"
        dirty={dirty}
        saving={saving}
        onSave={() => intentRef.current?.form?.requestSubmit()}
        onDiscard={() => {
          setName(initial.name);
          setIcon(initial.icon);
          setNames(initial.names);
          setComingSoon(initial.comingSoon);
        }}
      />
      {Object.keys(errors).length > 0 ? (
        <Banner tone="critical" title={t("programSettings.error.heading")} />
      ) : null}
      <Card>
        <BlockStack gap="400">
          <BlockStack gap="100">
            <Text as="h2" variant="headingMd">
              {t("programSettings.identity.heading")}
            </Text>
            <Text as="p" tone="subdued">
              {t("programSettings.identity.help")}
            </Text>
          </BlockStack>
          <TextField
            label={t("programSettings.name")}
            name="name"
            value={name}
            onChange={setName}
            placeholder={t("programSettings.name.placeholder")}
            autoComplete="off"
            error={errorFor("name")}
          />
          <BlockStack gap="200">
            <Text as="h3" variant="headingSm">
              {t("programSettings.pointsName.heading")}
            </Text>
            <Text as="p" tone="subdued">
              {t("programSettings.pointsName.help")}
            </Text>
            {IDENTITY_LOCALES.map((locale) => (
              <BlockStack key={locale} gap="100">
                <FormLayout>
                  <InlineGrid columns={{ xs: 1, sm: 2 }} gap="300">
                    {(["one", "other"] as const).map((form) => (
                      <TextField
                        key={form}
                        label={t(`programSettings.pointsName.${form}`, {
                          language: language(locale),
                        })}
                        name={`pointsNames.${locale}.${form}`}
                        value={names[locale][form]}
                        onChange={(value) =>
                          setNames((current) => ({
                            ...current,
                            [locale]: { ...current[locale], [form]: value },
                          }))
                        }
                        autoComplete="off"
                        error={errorFor(`pointsNames.${locale}.${form}`)}
                      />
                    ))}
                  </InlineGrid>
                </FormLayout>
                {names[locale].one && names[locale].other ? (
                  <Text as="p" tone="subdued">
                    {t("programSettings.pointsName.preview", {
                      one: formatPointsWith(names[locale], 1, locale),
                      other: formatPointsWith(names[locale], 25, locale),
                    })}
                  </Text>
                ) : null}
              </BlockStack>
            ))}
          </BlockStack>
        </BlockStack>
      </Card>
      <Card>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            {t("programSettings.icon.heading")}
          </Text>
          <input type="hidden" name="pointsIcon" value={icon} />
          <PointsIconPicker
            value={icon}
            onChange={setIcon}
            uploadedUrl={identity.hasUploadedIcon ? identity.iconUrl : null}
          />
          {errorFor("pointsIcon") ? (
            <Text as="p" tone="critical">
              {errorFor("pointsIcon")}
            </Text>
          ) : null}
        </BlockStack>
      </Card>
      <Card>
        <BlockStack gap="300">
          <BlockStack gap="100">
            <Text as="h2" variant="headingMd">
              {t("programSettings.comingSoon.heading")}
            </Text>
            <Text as="p" tone="subdued">
              {t("programSettings.comingSoon.help")}
            </Text>
          </BlockStack>
          {IDENTITY_LOCALES.map((locale) => (
            <TextField
              key={locale}
              label={t("programSettings.comingSoon.label", {
                language: language(locale),
              })}
              name={`comingSoonText.${locale}`}
              value={comingSoon[locale]}
              onChange={(value) =>
                setComingSoon((current) => ({ ...current, [locale]: value }))
              }
              multiline={2}
              autoComplete="off"
              error={errorFor(`comingSoonText.${locale}`)}
            />
          ))}
        </BlockStack>
      </Card>
      <InlineStack align="end">
        <Button submit variant="primary" loading={saving}>
          {t("programSettings.save")}
        </Button>
      </InlineStack>
      <input ref={intentRef} type="hidden" name="intent" value="save" />
    </BlockStack>
  );
}

/** The form's values as the stored identity gives them (what Discard puts back). */
function identityValues(identity: IdentityView) {
  return {
    name: identity.name,
    icon: identity.pointsIcon,
    names: Object.fromEntries(
      IDENTITY_LOCALES.map((locale) => [
        locale,
        identity.pointsNames[locale] ?? { one: "", other: "" },
      ]),
    ) as Record<IdentityLocale, PointsName>,
    comingSoon: Object.fromEntries(
      IDENTITY_LOCALES.map((locale) => [
        locale,
        identity.comingSoonText[locale] ?? "",
      ]),
    ) as Record<IdentityLocale, string>,
  };
}
