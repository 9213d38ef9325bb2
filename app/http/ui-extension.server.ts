import { json } from "@remix-run/node";

import { isShopInstalled } from "~/models/shop.server";
import { database } from "~/models/transaction.server";
import * as clock from "~/clock.server";
import { readBodyWithin, TokenBuckets } from "~/http/request-limits.server";
import { type MessageKey } from "~/i18n/messages/dictionary";
import { t } from "~/i18n/translate";
import { type RewardLocale } from "~/loyalty/rewards";
import { authenticate } from "~/shopify.server";

/**
 * The doors of the customer-account and checkout UI extensions (extensions/README.md). Their
 * requests come from Shopify's sandboxed workers on another origin, with the session token as a
 * bearer token: `authenticate.public.customerAccount` / `.checkout` verify it (HS256 with the app
 * secret, lifetime) and answer the CORS preflight; every answer here carries the CORS headers so
 * the extension can read errors too.
 */

export type ExtensionSurface = "customerAccount" | "checkout";

export interface ExtensionContext {
  shop: string;
  /** Numeric id from the token's `sub` (`gid://shopify/Customer/N`); null for a guest at checkout. */
  customerId: string | null;
  locale: RewardLocale;
  cors: (response: Response) => Response;
}

const NO_STORE = { "Cache-Control": "no-store" };
export const MAX_EXTENSION_BODY_BYTES = 16 * 1024;
const customerBuckets = new TokenBuckets(60, 2);
const guestBuckets = new TokenBuckets(600, 50);

/** Any answer to an extension: Shopify's workers run on another origin (`null` for sandboxes). */
function withCors(response: Response): Response {
  response.headers.set("Access-Control-Allow-Origin", "*");
  response.headers.set(
    "Access-Control-Allow-Headers",
    "Authorization, Content-Type",
  );
  return response;
}

export function extensionJson(
  context: Pick<ExtensionContext, "cors"> | null,
  body: unknown,
  status = 200,
  headers: Record<string, string> = {},
): Response {
  const response = json(body, { status, headers: { ...NO_STORE, ...headers } });
  return context ? context.cors(withCors(response)) : withCors(response);
}

export function extensionError(
  locale: RewardLocale,
  status: number,
  code: string,
  messageKey: MessageKey,
  headers: Record<string, string> = {},
): Response {
  return extensionJson(
    null,
    { error: { code, message: t(locale, messageKey) } },
    status,
    headers,
  );
}

function shopOf(dest: unknown): string | null {
  if (typeof dest !== "string") return null;
  const host = dest.replace(/^https:\/\//, "").replace(/\/.*$/, "");
  return /^[a-z0-9][a-z0-9.-]*(:\d+)?$/i.test(host) ? host.toLowerCase() : null;
}

function customerOf(sub: unknown): string | null | undefined {
  if (sub === undefined || sub === null || sub === "") return null;
  if (typeof sub !== "string") return undefined;
  const match = /^gid:\/\/shopify\/Customer\/(\d+)$/.exec(sub);
  return match ? match[1] : undefined;
}

export function extensionLocale(request: Request): RewardLocale {
  return (new URL(request.url).searchParams.get("locale") ?? "")
    .toLowerCase()
    .startsWith("fr")
    ? "fr"
    : "en";
}

/**
 * Verifies the session token and finds the shop and the customer. Answers the preflight (204),
 * a missing or bad token (401), an unknown shop (404), a signed-out customer where one is needed
 * (401) and too many requests (429); the caller returns any Response it gets.
 */
export async function authenticateExtension(
  request: Request,
  surface: ExtensionSurface,
  options: { requireCustomer: boolean },
  now: Date = clock.now(),
): Promise<ExtensionContext | Response> {
  const locale = extensionLocale(request);
  let verified: Awaited<ReturnType<typeof authenticate.public.customerAccount>>;
  try {
    verified =
      surface === "customerAccount"
        ? await authenticate.public.customerAccount(request)
        : await authenticate.public.checkout(request);
  } catch (error) {
    if (!(error instanceof Response)) throw error;
    if (request.method === "OPTIONS") return withCors(error);
    return extensionJson(
      null,
      {
        error: {
          code: "unauthorized",
          message: "The session token is missing or not valid.",
        },
      },
      401,
    );
  }
  const claims = verified.sessionToken as { dest?: unknown; sub?: unknown };
  const shop = shopOf(claims.dest);
  const customerId = customerOf(claims.sub);
  if (!shop || customerId === undefined)
    return extensionJson(
      null,
      {
        error: {
          code: "unauthorized",
          message: "The session token names no shop or customer.",
        },
      },
      401,
    );
  if (!(await isShopInstalled(database, shop)))
    return extensionJson(
      null,
      {
        error: {
          code: "unknown_shop",
          message: "The loyalty program is not installed on this shop.",
        },
      },
      404,
    );
  if (options.requireCustomer && !customerId)
    return extensionError(
      locale,
      401,
      "not_logged_in",
      "proxy.error.not_logged_in",
    );
  const turn = customerId
    ? customerBuckets.take(`${shop}:${customerId}`, now.getTime())
    : guestBuckets.take(shop, now.getTime());
  if (!turn.allowed)
    return extensionError(
      locale,
      429,
      "rate_limited",
      "proxy.error.rate_limited",
      {
        "Retry-After": String(turn.retryAfterSeconds),
      },
    );
  return { shop, customerId, locale, cors: verified.cors };
}

/** The request's JSON body, or the 413 / 400 answer to send. */
export async function readExtensionJson(
  request: Request,
  locale: RewardLocale,
): Promise<{ body: unknown } | Response> {
  const text = await readBodyWithin(request, MAX_EXTENSION_BODY_BYTES);
  if (text === null)
    return extensionJson(
      null,
      {
        error: {
          code: "body_too_large",
          message: `The body must be at most ${MAX_EXTENSION_BODY_BYTES} bytes.`,
        },
      },
      413,
    );
  try {
    return { body: JSON.parse(text) as unknown };
  } catch {
    return extensionError(
      locale,
      400,
      "malformed_json",
      "proxy.error.invalid_request",
    );
  }
}
