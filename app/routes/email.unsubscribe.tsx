import * as clock from "~/clock.server";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";

import { escapeHtml } from "~/emails/render";
import { matchLocale } from "~/i18n/locale";
import type { MessageKey } from "~/i18n/messages/dictionary";
import { t } from "~/i18n/translate";
import { getEnv } from "~/env.server";
import {
  unsubscribeMember,
  checkUnsubscribeLink,
} from "~/services/emails/unsubscribe.server";

/**
 * The unsubscribe link of every loyalty email (public, signed per member). POST unsubscribes: the
 * one-click request mail clients send (RFC 8058) and the button below. GET only shows the button,
 * because link scanners open every link of an email.
 */

function page(
  locale: string | null,
  key: MessageKey,
  button: boolean,
  status = 200,
) {
  const lang = matchLocale(locale) ?? "en";
  const body = button
    ? `<p>${escapeHtml(t(lang, "unsubscribe.question"))}</p><form method="post"><button type="submit">${escapeHtml(t(lang, "unsubscribe.confirm"))}</button></form>`
    : `<p>${escapeHtml(t(lang, key))}</p>`;
  const html = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(t(lang, "unsubscribe.title"))}</title></head><body style="font-family:system-ui,sans-serif;max-width:480px;margin:48px auto;padding:0 16px"><h1 style="font-size:20px">${escapeHtml(t(lang, "unsubscribe.title"))}</h1>${body}</body></html>`;
  return new Response(html, {
    status,
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": "no-store",
    },
  });
}

function linkOf(request: Request) {
  const url = new URL(request.url);
  return {
    memberId: url.searchParams.get("m") ?? "",
    token: url.searchParams.get("t") ?? "",
  };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { memberId, token } = linkOf(request);
  const link = await checkUnsubscribeLink(
    memberId,
    token,
    getEnv().SHOPIFY_API_SECRET,
  );
  if (!link.valid) return page(null, "unsubscribe.invalid", false, 400);
  const locale = link.locale;
  return page(locale, "unsubscribe.question", true);
}

export async function action({ request }: ActionFunctionArgs) {
  const { memberId, token } = linkOf(request);
  const { outcome, locale } = await unsubscribeMember(
    { memberId, token },
    { secret: getEnv().SHOPIFY_API_SECRET, now: clock.now() },
  );
  if (outcome === "invalid")
    return page(null, "unsubscribe.invalid", false, 400);
  return page(locale, "unsubscribe.done", false);
}
