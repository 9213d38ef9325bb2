import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import {
  Form,
  useActionData,
  useLoaderData,
  useNavigation,
  useSubmit,
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

import { composeEmail } from "~/emails/compose";
import { languageName } from "~/components/language-name";
import { EMAIL_VARIABLE_NAMES, sampleEmailFacts } from "~/emails/variables";
import type { MessageKey } from "~/i18n/messages/dictionary";
import { UnsavedChangesBar } from "~/components/save-bar";
import { useSaveToast } from "~/components/save-toast";
import { useTranslation } from "~/i18n/use-translation";
import { EMAIL_KINDS, type EmailKind } from "~/loyalty/emails";
import {
  checkTemplate,
  loadEmailsPage,
  restoreDefaultTemplate,
  saveSendingSettings,
  saveTemplate,
  SendingSettingsSchema,
  sendTestEmail,
  switchEmail,
} from "~/services/emails/admin.server";
import { isSmtpConfigured } from "~/services/emails/smtp.server";
import { authenticate } from "~/shopify.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  return {
    ...(await loadEmailsPage(session.shop)),
    smtpConfigured: isSmtpConfigured(),
  };
}

const IntentSchema = z.object({
  intent: z.enum(["switch", "save", "restore", "test", "settings"]),
});

type ActionResult = {
  intent: string;
  kind?: string;
  ok?: boolean;
  message?: { key: MessageKey; params?: Record<string, string> };
  errors?: Partial<Record<string, { key: string; error?: string }>>;
};

export async function action({
  request,
}: ActionFunctionArgs): Promise<Response | ActionResult> {
  const { session } = await authenticate.admin(request);
  const form = Object.fromEntries(await request.formData());
  const intent = IntentSchema.safeParse(form);
  if (!intent.success)
    return Response.json({ intent: "unknown" }, { status: 400 });
  const shop = session.shop;
  const kind = z.enum(EMAIL_KINDS).safeParse(form.kind);
  switch (intent.data.intent) {
    case "settings": {
      const settings = SendingSettingsSchema.safeParse(form);
      if (!settings.success)
        return Response.json(
          { intent: "settings", ok: false },
          { status: 400 },
        );
      await saveSendingSettings(shop, settings.data);
      return {
        intent: "settings",
        ok: true,
        message: { key: "emails.settings.saved" },
      };
    }
    case "switch": {
      if (!kind.success)
        return Response.json({ intent: "switch" }, { status: 400 });
      await switchEmail(shop, kind.data, form.on === "true");
      return { intent: "switch", kind: kind.data, ok: true };
    }
    case "restore": {
      // A shipped language goes back to the app's text; another one is removed.
      const locale = z
        .string()
        .regex(/^[a-z]{2,3}$/)
        .safeParse(form.locale);
      if (!kind.success || !locale.success)
        return Response.json({ intent: "restore" }, { status: 400 });
      await restoreDefaultTemplate(shop, kind.data, locale.data);
      return {
        intent: "restore",
        kind: kind.data,
        ok: true,
        message: { key: "emails.restored" },
      };
    }
    case "save":
    case "test": {
      const checked = checkTemplate(form);
      if (!checked.ok)
        return Response.json(
          {
            intent: intent.data.intent,
            kind: String(form.kind),
            ok: false,
            errors: checked.errors,
          },
          { status: 400 },
        );
      if (intent.data.intent === "save") {
        await saveTemplate(shop, checked.template);
        return {
          intent: "save",
          kind: checked.template.kind,
          ok: true,
          message: { key: "emails.saved" },
        };
      }
      const sent = await sendTestEmail(
        shop,
        checked.template,
        String(form.testAddress ?? ""),
      );
      if (sent.outcome === "invalid_address")
        return Response.json(
          {
            intent: "test",
            kind: checked.template.kind,
            ok: false,
            errors: { testAddress: { key: "emails.error.email" } },
          },
          { status: 400 },
        );
      if (sent.outcome === "sent")
        return {
          intent: "test",
          kind: checked.template.kind,
          ok: true,
          message: { key: "emails.test.sent", params: { email: sent.to } },
        };
      return {
        intent: "test",
        kind: checked.template.kind,
        ok: false,
        message: {
          key:
            sent.outcome === "no_smtp"
              ? "emails.smtpMissing"
              : "emails.test.failed",
          params: { error: sent.outcome === "failed" ? sent.error : "" },
        },
      };
    }
  }
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

const LANGUAGE_CODE = /^[a-z]{2,3}$/;

function EmailEditor({
  email,
  shopName,
  timeZone,
  currencyCode,
  program,
  primaryLanguage,
  shopLanguages,
  chosenLocale,
  onLocaleChange,
  result,
}: {
  email: LoaderData["emails"][number];
  shopName: string;
  timeZone: string;
  currencyCode: string;
  program: LoaderData["program"];
  primaryLanguage: string;
  shopLanguages: string[];
  chosenLocale: string | undefined;
  onLocaleChange: (locale: string) => void;
  result?: ActionResult;
}) {
  const [localState, setLocalState] = useState<string | undefined>(undefined);
  const { t, locale: adminLocale } = useTranslation();
  const startLocale = email.templates.some((x) => x.locale === primaryLanguage)
    ? primaryLanguage
    : "en";
  // Kept by the page: a save or removal remounts the editor on the language the merchant was on.
  const locale =
    localState ??
    (chosenLocale && email.templates.some((x) => x.locale === chosenLocale)
      ? chosenLocale
      : startLocale);
  const setLocale = (code: string) => {
    setLocalState(code);
    onLocaleChange(code);
  };
  const initialTexts = useMemo(
    () =>
      Object.fromEntries(
        email.templates.map((x) => [
          x.locale,
          { subject: x.subject, body: x.body },
        ]),
      ) as Record<string, { subject: string; body: string }>,
    [email.templates],
  );
  const [texts, setTexts] = useState(initialTexts);
  const dirty = JSON.stringify(texts) !== JSON.stringify(initialTexts);
  const stored = (l: string) => email.templates.find((x) => x.locale === l);
  const languages = Object.keys(texts);
  const [adding, setAdding] = useState("");
  const [addError, setAddError] = useState<string | undefined>();
  const addable = shopLanguages.filter((l) => !languages.includes(l));
  const addLanguage = () => {
    const code = adding.trim().toLowerCase();
    if (!LANGUAGE_CODE.test(code)) {
      setAddError(t("emails.languages.invalid"));
      return;
    }
    setAddError(undefined);
    setAdding("");
    if (!texts[code]) {
      // A new language starts from the primary language's text, for the merchant to translate.
      const from = texts[startLocale] ?? texts.en;
      setTexts((all) => ({ ...all, [code]: { ...from } }));
    }
    setLocale(code);
  };
  const removeLanguage = () => {
    if (stored(locale)?.edited) {
      send("restore");
      return;
    }
    setTexts((all) => {
      const { [locale]: _removed, ...rest } = all;
      return rest;
    });
    setLocale(startLocale);
  };
  const shipped = stored(locale)?.shipped ?? false;
  const [testAddress, setTestAddress] = useState("");
  const formRef = useRef<HTMLFormElement>(null);
  const submit = useSubmit();
  const saving = useNavigation().state === "submitting";
  const send = (intent: "save" | "restore" | "test") => {
    const data = new FormData(formRef.current!);
    data.set("intent", intent);
    submit(data, { method: "post" });
  };
  const current = texts[locale];
  const update = (field: "subject" | "body", value: string) =>
    setTexts((all) => ({
      ...all,
      [locale]: { ...all[locale], [field]: value },
    }));
  const preview = useMemo(() => {
    const sample = sampleEmailFacts(
      email.kind as EmailKind,
      shopName,
      timeZone,
      program,
      currencyCode,
    );
    try {
      return composeEmail({
        kind: email.kind as EmailKind,
        memberLocale: locale,
        shopLocale: locale,
        stored: [{ kind: email.kind, locale, ...current }],
        event: sample.event,
        send: sample.send,
      });
    } catch {
      return null;
    }
  }, [email.kind, locale, current, shopName, timeZone, currencyCode, program]);
  const fieldError = (field: string) => {
    const error = result?.errors?.[field];
    return error
      ? t(error.key as MessageKey, { error: error.error ?? "" })
      : undefined;
  };
  return (
    <Form noValidate method="post" ref={formRef} data-email-editor={email.kind}>
      <UnsavedChangesBar
        id="email-save-bar"
        dirty={dirty}
        saving={saving}
        onSave={() => send("save")}
        onDiscard={() => {
          setTexts(initialTexts);
          if (!initialTexts[locale]) setLocale(startLocale);
        }}
      />
      <input type="hidden" name="kind" value={email.kind} />
      <input type="hidden" name="locale" value={locale} />
      <BlockStack gap="300">
        <FormLayout>
          <Select
            label={t("emails.language")}
            options={languages.map((code) => ({
              value: code,
              label:
                code === primaryLanguage
                  ? t("emails.languages.primary", {
                      language: languageName(adminLocale, code),
                    })
                  : languageName(adminLocale, code),
            }))}
            value={locale}
            onChange={setLocale}
          />
          <FormLayout.Group condensed>
            <Select
              label={t("emails.languages.fromShop")}
              options={[
                { value: "", label: t("emails.languages.choose") },
                ...addable.map((code) => ({
                  value: code,
                  label: languageName(adminLocale, code),
                })),
              ]}
              value={addable.includes(adding) ? adding : ""}
              onChange={setAdding}
              disabled={addable.length === 0}
            />
            <TextField
              label={t("emails.languages.code")}
              autoComplete="off"
              value={adding}
              onChange={setAdding}
              error={addError}
              helpText={t("emails.languages.codeHelp")}
            />
            <div style={{ paddingTop: "1.5rem" }}>
              <Button onClick={addLanguage} disabled={adding.trim() === ""}>
                {t("emails.languages.add")}
              </Button>
            </div>
          </FormLayout.Group>
          <TextField
            label={t("emails.subject")}
            name="subject"
            autoComplete="off"
            value={current.subject}
            onChange={(value) => update("subject", value)}
            error={fieldError("subject")}
          />
          <TextField
            label={t("emails.body")}
            name="body"
            autoComplete="off"
            multiline={8}
            value={current.body}
            onChange={(value) => update("body", value)}
            helpText={`${t("emails.bodyHelp")} ${t("emails.variables")}: ${EMAIL_VARIABLE_NAMES.map((n) => `{{ ${n} }}`).join(", ")}`}
            error={fieldError("body")}
          />
        </FormLayout>
        <Text as="h3" variant="headingSm">
          {t("emails.preview")}
        </Text>
        {preview ? (
          <BlockStack gap="100">
            <Text as="p" fontWeight="semibold">
              <span data-preview-subject>{preview.subject}</span>
            </Text>
            <iframe
              title={t("emails.preview")}
              sandbox=""
              srcDoc={preview.html}
              style={{
                width: "100%",
                height: 420,
                border: "1px solid #e3e3e3",
                borderRadius: 8,
              }}
            />
          </BlockStack>
        ) : null}
        <InlineStack gap="200" align="end">
          {shipped ? (
            <Button
              onClick={() => send("restore")}
              disabled={!stored(locale)?.edited}
            >
              {t("emails.restore")}
            </Button>
          ) : (
            <Button tone="critical" onClick={removeLanguage}>
              {t("emails.languages.remove")}
            </Button>
          )}
          <Button variant="primary" onClick={() => send("save")}>
            {t("emails.save")}
          </Button>
        </InlineStack>
        <InlineStack gap="200" blockAlign="end">
          <div style={{ flexGrow: 1 }}>
            <TextField
              label={t("emails.test.address")}
              name="testAddress"
              type="email"
              autoComplete="email"
              value={testAddress}
              onChange={setTestAddress}
              error={fieldError("testAddress")}
            />
          </div>
          <Button onClick={() => send("test")}>{t("emails.test.send")}</Button>
        </InlineStack>
      </BlockStack>
    </Form>
  );
}

export default function EmailsPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  useSaveToast(result, result?.ok === true);
  const navigation = useNavigation();
  const { t, formatDateTime, locale } = useTranslation();
  const [editing, setEditing] = useState<string | null>(null);
  const [editorLocales, setEditorLocales] = useState<Record<string, string>>(
    {},
  );
  const [hourlyLimit, setHourlyLimit] = useState(String(data.hourlyLimit));
  const busy = navigation.state !== "idle";
  return (
    <Page title={t("emails.title")} subtitle={t("emails.subtitle")}>
      <BlockStack gap="400">
        {!data.smtpConfigured ? (
          <Banner tone="warning" title={t("emails.smtpMissing")} />
        ) : null}
        {result?.message ? (
          <Banner
            tone={result.ok ? "success" : "critical"}
            title={t(result.message.key, result.message.params)}
          />
        ) : null}
        {data.emails.map((email) => (
          <Card key={email.kind}>
            <BlockStack gap="300">
              <InlineStack align="space-between" blockAlign="center">
                <BlockStack gap="100">
                  <InlineStack gap="200">
                    <Text as="h2" variant="headingMd">
                      {t(`emails.kind.${email.kind}` as MessageKey)}
                    </Text>
                    <Badge tone={email.on ? "success" : undefined}>
                      {email.on ? t("emails.on") : t("emails.off")}
                    </Badge>
                    {email.templates.some((x) => x.edited) ? (
                      <Badge>{t("emails.edited")}</Badge>
                    ) : null}
                  </InlineStack>
                  <Text as="p" tone="subdued">
                    {t(`emails.kind.${email.kind}.help` as MessageKey)}
                  </Text>
                </BlockStack>
                <InlineStack gap="200">
                  <Form noValidate method="post">
                    <input type="hidden" name="intent" value="switch" />
                    <input type="hidden" name="kind" value={email.kind} />
                    <input
                      type="hidden"
                      name="on"
                      value={email.on ? "false" : "true"}
                    />
                    <Button submit disabled={busy}>
                      {email.on ? t("emails.turnOff") : t("emails.turnOn")}
                    </Button>
                  </Form>
                  <Button
                    onClick={() =>
                      setEditing(editing === email.kind ? null : email.kind)
                    }
                    data-edit-email={email.kind}
                  >
                    {t("emails.edit")}
                  </Button>
                </InlineStack>
              </InlineStack>
              {editing === email.kind ? (
                <EmailEditor
                  // A language saved or removed: start again from what is stored.
                  key={email.templates
                    .map((x) => `${x.locale}:${x.edited}`)
                    .join(",")}
                  email={email}
                  shopName={data.shopName}
                  timeZone={data.timeZone}
                  currencyCode={data.currencyCode}
                  program={data.program}
                  primaryLanguage={data.primaryLanguage}
                  shopLanguages={data.shopLanguages}
                  chosenLocale={editorLocales[email.kind]}
                  onLocaleChange={(code) =>
                    setEditorLocales((all) => ({ ...all, [email.kind]: code }))
                  }
                  result={result?.kind === email.kind ? result : undefined}
                />
              ) : null}
            </BlockStack>
          </Card>
        ))}
        <Card>
          <Form noValidate method="post">
            <input type="hidden" name="intent" value="settings" />
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("emails.settings.title")}
              </Text>
              <FormLayout>
                <Text as="p" tone="subdued">
                  {t("emails.settings.fallbackLanguage", {
                    language: languageName(locale, data.primaryLanguage),
                  })}
                </Text>
                <TextField
                  label={t("emails.settings.hourlyLimit")}
                  name="hourlyLimit"
                  type="number"
                  min={1}
                  autoComplete="off"
                  value={hourlyLimit}
                  onChange={setHourlyLimit}
                  helpText={t("emails.settings.hourlyLimitHelp")}
                />
              </FormLayout>
              <InlineStack align="end">
                <Button submit>{t("emails.settings.save")}</Button>
              </InlineStack>
            </BlockStack>
          </Form>
        </Card>
        <Card>
          <BlockStack gap="200">
            <Text as="h2" variant="headingMd">
              {t("emails.recent")}
            </Text>
            {data.recent.length === 0 ? (
              <Text as="p" tone="subdued">
                {t("emails.recent.empty")}
              </Text>
            ) : (
              data.recent.map((row) => (
                <InlineStack key={row.id} gap="200">
                  <Text as="span">
                    {formatDateTime(new Date(row.createdAt))}
                  </Text>
                  <Text as="span">
                    {t(`emails.kind.${row.kind}` as MessageKey)}
                  </Text>
                  <Badge>
                    {t(`emails.status.${row.status}` as MessageKey)}
                  </Badge>
                </InlineStack>
              ))
            )}
          </BlockStack>
        </Card>
      </BlockStack>
    </Page>
  );
}
