import {
  defaultEmailTemplate,
  type EmailTemplateText,
  SHIPPED_EMAIL_LOCALES,
} from "~/emails/default-templates";
import {
  liquidSyntaxError,
  renderEmail,
  type RenderedEmail,
} from "~/emails/render";
import {
  type EmailEventFacts,
  type EmailSendFacts,
  emailVariables,
} from "~/emails/variables";
import { emailLocaleFor, type EmailKind } from "~/loyalty/emails";
import { textIn } from "~/loyalty/localized-text";

/** A merchant's stored text for one email in one language. */
export interface StoredTemplate {
  kind: string;
  locale: string;
  subject: string;
  body: string;
}

/** The languages an email can go out in for this shop: English, French, and any the merchant wrote. */
export function emailLocales(
  kind: EmailKind,
  stored: readonly StoredTemplate[],
) {
  const locales = new Set<string>(SHIPPED_EMAIL_LOCALES);
  for (const template of stored)
    if (template.kind === kind) locales.add(template.locale);
  return [...locales];
}

/** The merchant's text when they wrote one (and it still parses), else the shipped one. */
export function templateFor(
  kind: EmailKind,
  locale: string,
  stored: readonly StoredTemplate[],
): EmailTemplateText {
  const own = stored.find((t) => t.kind === kind && t.locale === locale);
  if (own && !liquidSyntaxError(own.subject) && !liquidSyntaxError(own.body))
    return { subject: own.subject, body: own.body };
  return defaultEmailTemplate(kind, locale);
}

export interface ComposeInput {
  kind: EmailKind;
  memberLocale: string | null;
  shopLocale: string;
  stored: readonly StoredTemplate[];
  event: EmailEventFacts & {
    rewardNames?: Record<string, string>;
    tierNames?: Record<string, string>;
  };
  send: EmailSendFacts;
}

export function composeEmail(
  input: ComposeInput,
): RenderedEmail & { locale: string } {
  const locale = emailLocaleFor(
    input.memberLocale,
    emailLocales(input.kind, input.stored),
    input.shopLocale,
  );
  // Names the merchant typed: the email's language, else the shop's primary one (ADR 0015).
  const { rewardNames, tierNames } = input.event;
  const event = {
    ...input.event,
    ...(rewardNames
      ? {
          rewardName:
            textIn(rewardNames, locale, input.shopLocale) ||
            input.event.rewardName,
        }
      : {}),
    ...(tierNames && Object.keys(tierNames).length > 0
      ? {
          tierName:
            textIn(tierNames, locale, input.shopLocale) || input.event.tierName,
        }
      : {}),
  };
  const rendered = renderEmail(
    templateFor(input.kind, locale, input.stored),
    emailVariables(locale, event, input.send),
    {
      locale,
      shopName: input.send.shopName,
      programUrl: input.send.programUrl,
      unsubscribeUrl: input.send.unsubscribeUrl,
    },
  );
  return { ...rendered, locale };
}
