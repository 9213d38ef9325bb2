import { z } from "zod";

import { database } from "~/models/transaction.server";
import { composeEmail, emailLocales, templateFor } from "~/emails/compose";
import { SHIPPED_EMAIL_LOCALES } from "~/emails/default-templates";
import { liquidSyntaxError } from "~/emails/render";
import {
  type EmailProgram,
  emailProgram,
  sampleEmailFacts,
} from "~/emails/variables";
import {
  EMAIL_KINDS,
  type EmailKind,
  emailSwitches,
  languageOf,
} from "~/loyalty/emails";
import {
  deleteEmailTemplate,
  findEmailSettings,
  listEmailTemplates,
  listShopEmails,
  saveEmailSettings,
  saveEmailTemplate,
} from "~/models/member-email.server";
import { findShop, findShopLocales } from "~/models/shop.server";
import { getProgramIdentity } from "~/services/program-identity.server";

/** The Emails page: switches, texts per language, preview, test sends, sending settings. */

export async function loadEmailsPage(shopDomain: string) {
  const [settings, stored, recent, shop, locales] = await Promise.all([
    findEmailSettings(database, shopDomain),
    listEmailTemplates(database, shopDomain),
    listShopEmails(database, shopDomain, 20),
    findShop(database, shopDomain),
    findShopLocales(database, shopDomain),
  ]);
  const program = emailProgram(await getProgramIdentity(shopDomain));
  const switches = emailSwitches(settings?.switches);
  const shipped: readonly string[] = SHIPPED_EMAIL_LOCALES;
  return {
    shopName: shop?.name ?? shopDomain,
    timeZone: shop?.ianaTimezone ?? "UTC",
    currencyCode: shop?.currencyCode ?? "USD",
    program,
    /** Members whose language is unknown, or has no text, get this one (then English). */
    primaryLanguage: languageOf(locales.primaryLocale) ?? "en",
    /** The shop's published languages: what the merchant is offered to add. */
    shopLanguages: [
      ...new Set(locales.publishedLocales.flatMap((l) => languageOf(l) ?? [])),
    ],
    hourlyLimit: settings?.hourlyLimit ?? 500,
    emails: EMAIL_KINDS.map((kind) => ({
      kind,
      on: switches[kind],
      templates: emailLocales(kind, stored).map((locale) => ({
        locale,
        shipped: shipped.includes(locale),
        edited: stored.some((t) => t.kind === kind && t.locale === locale),
        ...templateFor(kind, locale, stored),
      })),
    })),
    recent,
  };
}

const TemplateSchema = z.object({
  kind: z.enum(EMAIL_KINDS),
  locale: z.string().regex(/^[a-z]{2,3}$/),
  subject: z
    .string()
    .trim()
    .min(1, "emails.error.subjectRequired")
    .max(300, "emails.error.tooLong"),
  body: z
    .string()
    .trim()
    .min(1, "emails.error.bodyRequired")
    .max(20_000, "emails.error.tooLong"),
});
export type TemplateInput = z.infer<typeof TemplateSchema>;

export type TemplateCheck =
  | { ok: true; template: TemplateInput }
  | {
      ok: false;
      errors: Partial<
        Record<"subject" | "body" | "form", { key: string; error?: string }>
      >;
    };

/** Validates a posted template: required, bounded, and valid Liquid. */
export function checkTemplate(form: Record<string, unknown>): TemplateCheck {
  const parsed = TemplateSchema.safeParse(form);
  if (!parsed.success) {
    const errors: Extract<TemplateCheck, { ok: false }>["errors"] = {};
    for (const issue of parsed.error.issues) {
      const field =
        issue.path[0] === "subject" || issue.path[0] === "body"
          ? issue.path[0]
          : "form";
      errors[field] ??= {
        key: field === "form" ? "emails.error.locale" : issue.message,
      };
    }
    return { ok: false, errors };
  }
  const errors: Extract<TemplateCheck, { ok: false }>["errors"] = {};
  for (const field of ["subject", "body"] as const) {
    const error = liquidSyntaxError(parsed.data[field]);
    if (error) errors[field] = { key: "emails.error.liquid", error };
  }
  return Object.keys(errors).length > 0
    ? { ok: false, errors }
    : { ok: true, template: parsed.data };
}

export function saveTemplate(shopDomain: string, template: TemplateInput) {
  return saveEmailTemplate(database, shopDomain, template);
}

export function restoreDefaultTemplate(
  shopDomain: string,
  kind: EmailKind,
  locale: string,
) {
  return deleteEmailTemplate(database, shopDomain, kind, locale);
}

export async function switchEmail(
  shopDomain: string,
  kind: EmailKind,
  on: boolean,
) {
  const settings = await findEmailSettings(database, shopDomain);
  const overrides = {
    ...(JSON.parse(settings?.switches ?? "{}") as object),
    [kind]: on,
  };
  return saveEmailSettings(database, shopDomain, {
    switches: JSON.stringify(overrides),
  });
}

export const SendingSettingsSchema = z.object({
  hourlyLimit: z.coerce.number().int().min(1).max(100_000),
});

export function saveSendingSettings(
  shopDomain: string,
  settings: z.infer<typeof SendingSettingsSchema>,
) {
  return saveEmailSettings(database, shopDomain, settings);
}

/** The template rendered on sample data, as the member would get it. */
export function previewEmail(
  template: TemplateInput,
  shop: {
    name: string;
    timeZone: string;
    currencyCode?: string;
    program?: EmailProgram;
  },
) {
  const sample = sampleEmailFacts(
    template.kind,
    shop.name,
    shop.timeZone,
    shop.program,
    shop.currencyCode,
  );
  return composeEmail({
    kind: template.kind,
    memberLocale: template.locale,
    shopLocale: template.locale,
    stored: [template],
    event: sample.event,
    send: sample.send,
  });
}

const AddressSchema = z.string().trim().email().max(254);

export type TestSendResult =
  | { outcome: "sent"; to: string }
  | { outcome: "invalid_address" }
  | { outcome: "no_smtp" }
  | { outcome: "failed"; error: string };

/** "Send me a test": the text being edited, on sample data, to the address the merchant typed. */
export async function sendTestEmail(
  shopDomain: string,
  template: TemplateInput,
  address: string,
): Promise<TestSendResult> {
  const to = AddressSchema.safeParse(address);
  if (!to.success) return { outcome: "invalid_address" };
  const { smtpTransport, senderAddress } =
    await import("~/services/emails/smtp.server");
  const transport = smtpTransport();
  if (!transport) return { outcome: "no_smtp" };
  const shop = await findShop(database, shopDomain);
  const rendered = previewEmail(template, {
    name: shop?.name ?? shopDomain,
    timeZone: shop?.ianaTimezone ?? "UTC",
    currencyCode: shop?.currencyCode,
    program: emailProgram(await getProgramIdentity(shopDomain)),
  });
  try {
    await transport.sendMail({
      from: { name: shop?.name ?? shopDomain, address: senderAddress() },
      to: to.data,
      subject: `[Test] ${rendered.subject}`,
      text: rendered.text,
      html: rendered.html,
    });
    return { outcome: "sent", to: to.data };
  } catch (error) {
    return {
      outcome: "failed",
      error: error instanceof Error ? error.message : String(error),
    };
  }
}
