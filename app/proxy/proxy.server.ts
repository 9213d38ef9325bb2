import * as clock from "~/clock.server";
import { isShopInstalled } from "~/models/shop.server";
import { database } from "~/models/transaction.server";
import { json } from "@remix-run/node";

import { readBodyWithin, TokenBuckets } from "~/http/request-limits.server";
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

/** The widget's bodies are a few hundred bytes (a content submission at most a few KB). */
export const MAX_PROXY_BODY_BYTES = 16 * 1024;
// Per signed-in shopper: bursts of 60, then 2 requests a second. Guests share one bucket per shop,
// sized for a busy storefront's page views (the widget reads the rewards on each).
const customerBuckets = new TokenBuckets(60, 2);
const guestBuckets = new TokenBuckets(600, 50);

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
const SHOPPER_ERROR_CODES = [
  "not_logged_in",
  "not_a_member",
  "unknown_rule",
  "limit_reached",
  "already_pending",
  "invalid_content",
  "invalid_date",
  "insufficient_points",
  "sold_out",
  "reward_limit_reached",
  "not_available",
  "invalid_points",
  "idempotency_key_reused",
  "rate_limited",
  "unknown_reward",
  "invalid_request",
  "program_off",
  "program_inactive",
] as const;
export type ShopperErrorCode = (typeof SHOPPER_ERROR_CODES)[number];

export function isShopperErrorCode(
  value: string | null,
): value is ShopperErrorCode {
  return (SHOPPER_ERROR_CODES as readonly string[]).includes(value ?? "");
}

/** An error whose `message` is in the storefront's language; the ones for developers stay in English. */
export function shopperError(
  locale: RewardLocale,
  status: number,
  code: ShopperErrorCode,
  headers: Record<string, string> = {},
  /** The code the answer carries, when the message is shared ("limit_reached" for a reward). */
  answerCode: string = code,
) {
  return proxyError(
    status,
    answerCode,
    t(locale, `proxy.error.${code}`),
    headers,
  );
}

/**
 * Verifies the signature and its timestamp (Shopify's library refuses one older than 90 s), and the
 * shop. Returns the context, or the 401/404 answer to send.
 */
export async function authenticateProxy(
  request: Request,
  now: Date = clock.now(),
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
  if (!(await isShopInstalled(database, shop)))
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
  const customer = customerId && /^\d+$/.test(customerId) ? customerId : null;
  const turn = customer
    ? customerBuckets.take(`${shop}:${customer}`, now.getTime())
    : guestBuckets.take(shop, now.getTime());
  if (!turn.allowed)
    return proxyError(429, "rate_limited", "Too many requests.", {
      "Retry-After": String(turn.retryAfterSeconds),
    });
  return {
    shop,
    customerId: customer,
    locale,
    program: storefrontProgram(await getProgramIdentity(shop), locale),
  };
}

/** The request's JSON body, or the 413 / 400 answer to send. */
export async function readProxyJson(
  request: Request,
  locale: RewardLocale,
): Promise<{ body: unknown } | Response> {
  const text = await readBodyWithin(request, MAX_PROXY_BODY_BYTES);
  if (text === null)
    return proxyError(
      413,
      "body_too_large",
      `The body must be at most ${MAX_PROXY_BODY_BYTES} bytes.`,
    );
  try {
    return { body: JSON.parse(text) as unknown };
  } catch {
    return shopperError(locale, 400, "invalid_request", {}, "malformed_json");
  }
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
