import { json } from "@remix-run/node";

import prisma from "~/db.server";
import { t } from "~/i18n/translate";
import { type RewardLocale } from "~/loyalty/rewards";
import {
  getProgramIdentity,
  storefrontProgram,
  type StorefrontProgram,
} from "~/services/program-identity.server";
import { authenticate } from "~/shopify.server";

/**
 * The storefront's JSON API behind the app proxy (extensions/loyalty-widget/README.md). Shopify signs
 * every forwarded request; the customer is taken only from the verified `logged_in_customer_id`,
 * never from the body. Answers are JSON (never `application/liquid`) and never cached.
 */

export interface ProxyContext {
  shop: string;
  /** Null for a guest. */
  customerId: string | null;
  locale: RewardLocale;
  /** The program's identity and switch in the shopper's language; every answer carries it. */
  program: StorefrontProgram;
}

const NO_STORE = { "Cache-Control": "no-store" };

export function proxyJson(
  body: unknown,
  status = 200,
  headers: Record<string, string> = {},
) {
  return json(body, { status, headers: { ...NO_STORE, ...headers } });
}

export function proxyError(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
) {
  return proxyJson({ error: { code, message } }, status, headers);
}

/** The errors a shopper may be shown (the widget goes by `code`, a theme's own script may show `message`). */
export type ShopperErrorCode =
  | "not_logged_in"
  | "not_a_member"
  | "unknown_rule"
  | "limit_reached"
  | "already_pending"
  | "invalid_content"
  | "invalid_date"
  | "program_inactive";

/** An error whose `message` is in the storefront's language; the ones for developers stay in English. */
export function shopperError(
  locale: RewardLocale,
  status: number,
  code: ShopperErrorCode,
) {
  return proxyError(status, code, t(locale, `proxy.error.${code}`));
}

/**
 * Verifies the signature and its timestamp (Shopify's library refuses one older than 90 s), and the
 * shop. Returns the context, or the 401/404 answer to send.
 */
export async function authenticateProxy(
  request: Request,
): Promise<ProxyContext | Response> {
  try {
    await authenticate.public.appProxy(request);
  } catch (error) {
    if (error instanceof Response)
      return proxyError(
        401,
        "unauthorized",
        "The request signature is not valid.",
      );
    throw error;
  }
  const url = new URL(request.url);
  const shop = url.searchParams.get("shop") ?? "";
  const known = await prisma.$queryRaw<{ domain: string }[]>`
    SELECT "domain" FROM "Shop" WHERE "domain" = ${shop} AND "uninstalledAt" IS NULL`;
  if (known.length === 0)
    return proxyError(
      404,
      "unknown_shop",
      "The loyalty program is not installed on this shop.",
    );
  const customerId = url.searchParams.get("logged_in_customer_id") || null;
  const locale: RewardLocale = (url.searchParams.get("locale") ?? "")
    .toLowerCase()
    .startsWith("fr")
    ? "fr"
    : "en";
  return {
    shop,
    customerId: customerId && /^\d+$/.test(customerId) ? customerId : null,
    locale,
    program: storefrontProgram(await getProgramIdentity(shop), locale),
  };
}

/** A JSON answer with the program's identity and switch (`program`), as every storefront answer has. */
export function proxyAnswer(context: ProxyContext, body: object, status = 200) {
  return proxyJson({ program: context.program, ...body }, status);
}

/** Earning and redeeming while the program is off: refused with `program_inactive` (403). */
export function requireActiveProgram(context: ProxyContext): Response | null {
  return context.program.active
    ? null
    : proxyJson(
        {
          program: context.program,
          error: {
            code: "program_inactive",
            message: t(context.locale, "proxy.error.program_inactive"),
          },
        },
        403,
      );
}

export function requireCustomer(context: ProxyContext): Response | null {
  return context.customerId
    ? null
    : shopperError(context.locale, 401, "not_logged_in");
}
