import * as clock from "~/clock.server";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import {
  Form,
  useActionData,
  useLoaderData,
  useNavigation,
} from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  FormLayout,
  InlineGrid,
  Select,
  Page,
  Text,
  TextField,
} from "@shopify/polaris";
import { useMemo, useRef, useState } from "react";

import { type Locale } from "~/i18n/locale";
import { type MessageKey } from "~/i18n/messages/dictionary";
import { t as translate } from "~/i18n/translate";
import { UnsavedChangesBar } from "~/components/save-bar";
import { useSaveToast } from "~/components/save-toast";
import { useTranslation } from "~/i18n/use-translation";
import { renderProgramPage } from "~/proxy/program-page";
import { getProgramIdentity } from "~/services/program-identity.server";
import {
  loadProgramPageAppearance,
  loadProgramPageView,
  saveProgramPageAppearance,
} from "~/services/program-page.server";
import { authenticate } from "~/shopify.server";

const LANGUAGES: Locale[] = ["en", "fr"];
const TEXTS = ["headline", "intro", "earnHeading"] as const;
type TextField = (typeof TEXTS)[number];

export async function loader({ request }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const now = clock.now();
  const [appearance, identity, en, fr] = await Promise.all([
    loadProgramPageAppearance(session.shop),
    getProgramIdentity(session.shop),
    loadProgramPageView(session.shop, null, "en", now),
    loadProgramPageView(session.shop, null, "fr", now),
  ]);
  return { appearance, active: identity.active, views: { en, fr } };
}

export async function action({ request }: ActionFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const form = await request.formData();
  const value = (name: string) => String(form.get(name) ?? "");
  const byLanguage = (field: TextField) => ({
    en: value(`${field}.en`),
    fr: value(`${field}.fr`),
  });
  const result = await saveProgramPageAppearance(session.shop, {
    bannerUrl: value("bannerUrl"),
    accentColor: value("accentColor"),
    accentText: value("accentText"),
    headline: byLanguage("headline"),
    intro: byLanguage("intro"),
    earnHeading: byLanguage("earnHeading"),
  });
  return result.ok
    ? { ok: true as const }
    : { ok: false as const, errors: result.errors };
}

const LABELS: Record<TextField, MessageKey> = {
  headline: "programPage.headline",
  intro: "programPage.intro",
  earnHeading: "programPage.earnHeading",
};
const DEFAULTS: Record<TextField, MessageKey> = {
  headline: "shopper.page.defaultHeadline",
  intro: "shopper.page.defaultIntro",
  earnHeading: "shopper.page.defaultEarnHeading",
};

export default function ProgramPageSettings() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  useSaveToast(result, result?.ok === true);
  const { t, locale } = useTranslation();
  const busy = useNavigation().state !== "idle";
  const initial = useMemo(() => {
    const texts: Record<string, string> = {};
    for (const field of TEXTS)
      for (const language of LANGUAGES)
        texts[`${field}.${language}`] =
          loaded.appearance[field][language] ?? "";
    return {
      bannerUrl: loaded.appearance.bannerUrl ?? "",
      accentColor: loaded.appearance.accentColor,
      accentText: loaded.appearance.accentText,
      texts,
    };
  }, [loaded.appearance]);
  const [bannerUrl, setBannerUrl] = useState(initial.bannerUrl);
  const [accentColor, setAccentColor] = useState(initial.accentColor);
  const [accentText, setAccentText] = useState(initial.accentText);
  const [texts, setTexts] = useState<Record<string, string>>(initial.texts);
  const dirty =
    JSON.stringify({ bannerUrl, accentColor, accentText, texts }) !==
    JSON.stringify(initial);
  const formRef = useRef<HTMLFormElement>(null);
  const [previewLanguage, setPreviewLanguage] = useState<Locale>(locale);
  const error = (field: string) => {
    const key = result && !result.ok ? result.errors[field] : undefined;
    return key ? t(key as MessageKey) : undefined;
  };

  // The preview is the page a guest gets, rendered by the same code as the storefront's, with the
  // unsaved values; in a sandboxed frame, so nothing in it runs.
  const preview = useMemo(() => {
    const view = loaded.views[previewLanguage];
    const text = (field: TextField) =>
      texts[`${field}.${previewLanguage}`] ||
      texts[`${field}.${previewLanguage === "fr" ? "en" : "fr"}`] ||
      translate(previewLanguage, DEFAULTS[field]);
    const body = renderProgramPage(
      {
        ...view,
        active: true,
        appearance: {
          bannerUrl: /^https:\/\//.test(bannerUrl) ? bannerUrl : null,
          accentColor,
          accentText,
          headline: text("headline"),
          intro: text("intro"),
          earnHeading: text("earnHeading"),
        },
      },
      { proxyPath: "#", signIn: "#", register: "#" },
    );
    return `<!doctype html><html><head><meta charset="utf-8"><style>body{margin:0;font-family:system-ui,sans-serif;background:#fafafa;color:#1a1a1a}</style></head><body>${body}</body></html>`;
  }, [
    loaded.views,
    previewLanguage,
    texts,
    bannerUrl,
    accentColor,
    accentText,
  ]);

  return (
    <Page title={t("programPage.title")} subtitle={t("programPage.subtitle")}>
      <BlockStack gap="400">
        {!loaded.active ? (
          <Banner tone="warning">{t("programPage.inactive")}</Banner>
        ) : null}
        {result?.ok ? (
          <Banner tone="success">{t("programPage.saved")}</Banner>
        ) : null}
        <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
          <Form noValidate method="post" ref={formRef}>
            <UnsavedChangesBar
              id="program-page-save-bar"
              dirty={dirty}
              saving={busy}
              onSave={() => formRef.current?.requestSubmit()}
              onDiscard={() => {
                setBannerUrl(initial.bannerUrl);
                setAccentColor(initial.accentColor);
                setAccentText(initial.accentText);
                setTexts(initial.texts);
              }}
            />
            <BlockStack gap="400">
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    {t("programPage.appearance")}
                  </Text>
                  <FormLayout>
                    <TextField
                      label={t("programPage.bannerUrl")}
                      helpText={t("programPage.bannerUrl.help")}
                      name="bannerUrl"
                      value={bannerUrl}
                      onChange={setBannerUrl}
                      error={error("bannerUrl")}
                      autoComplete="off"
                    />
                    <FormLayout.Group>
                      <TextField
                        label={t("programPage.accentColor")}
                        name="accentColor"
                        value={accentColor}
                        onChange={setAccentColor}
                        error={error("accentColor")}
                        autoComplete="off"
                        prefix={
                          <span
                            aria-hidden
                            style={{
                              display: "inline-block",
                              width: 16,
                              height: 16,
                              borderRadius: 4,
                              background: accentColor,
                            }}
                          />
                        }
                      />
                      <TextField
                        label={t("programPage.accentText")}
                        name="accentText"
                        value={accentText}
                        onChange={setAccentText}
                        error={error("accentText")}
                        autoComplete="off"
                      />
                    </FormLayout.Group>
                  </FormLayout>
                </BlockStack>
              </Card>
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    {t("programPage.texts")}
                  </Text>
                  <Text as="p" tone="subdued">
                    {t("programPage.texts.help")}
                  </Text>
                  <FormLayout>
                    {TEXTS.flatMap((field) =>
                      LANGUAGES.map((language) => {
                        const name = `${field}.${language}`;
                        return (
                          <TextField
                            key={name}
                            label={t(LABELS[field], {
                              language: t(`programPage.language.${language}`),
                            })}
                            name={name}
                            value={texts[name]}
                            placeholder={translate(language, DEFAULTS[field])}
                            onChange={(next) =>
                              setTexts((current) => ({
                                ...current,
                                [name]: next,
                              }))
                            }
                            multiline={field === "intro" ? 3 : undefined}
                            error={error(name)}
                            autoComplete="off"
                          />
                        );
                      }),
                    )}
                  </FormLayout>
                </BlockStack>
              </Card>
              <Button submit variant="primary" loading={busy}>
                {t("programPage.save")}
              </Button>
            </BlockStack>
          </Form>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("programPage.preview")}
              </Text>
              <Text as="p" tone="subdued">
                {t("programPage.preview.help")}
              </Text>
              <Select
                label={t("programPage.preview.language")}
                options={LANGUAGES.map((language) => ({
                  value: language,
                  label: t(`programPage.language.${language}`),
                }))}
                value={previewLanguage}
                onChange={(value) => setPreviewLanguage(value as Locale)}
              />
              <iframe
                title={t("programPage.preview")}
                sandbox=""
                srcDoc={preview}
                style={{
                  width: "100%",
                  height: 720,
                  border: "1px solid #e3e3e3",
                  borderRadius: 8,
                }}
              />
            </BlockStack>
          </Card>
        </InlineGrid>
      </BlockStack>
    </Page>
  );
}
