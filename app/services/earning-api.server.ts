import { createHash } from "node:crypto";

import * as clock from "~/clock.server";
import {
  findActiveApiKey,
  findApiRequest,
  findShopByApiKey,
  rotateApiKey,
  saveApiRequest,
} from "~/models/api-keys.server";
import { readBodyWithin, TokenBuckets } from "~/http/request-limits.server";
import { shopifyIdKey, ShopifyCustomerIdSchema } from "~/loyalty/earning-rules";
import { findMemberByCustomer } from "~/models/member.server";
import {
  inTransaction,
  isUniqueViolation,
  database,
} from "~/models/transaction.server";
import {
  awardCustomAction,
  awardProductReview,
  type ApiEarnResult,
  type EarnSummary,
} from "~/services/earn-actions.server";

/**
 * The authenticated earning API, for review apps and the merchant's automations:
 * `Authorization: Bearer <shop key>` and a required `Idempotency-Key` header on every call.
 * Answers are JSON, errors included. A call repeated with the same key gets the first answer
 * again (header `Idempotent-Replayed: true`); the same key with a different body is refused
 * (422), since it is a client bug that would otherwise be silently swallowed.
 */

export type EarningEndpoint = "reviews" | "actions";

/** A review or an action is a few hundred bytes; 64 KB is far beyond any real call. */
export const MAX_API_BODY_BYTES = 64 * 1024;
/** Per shop key: bursts of 60, then 5 calls a second (a review import, an automation's backlog). */
const apiBuckets = new TokenBuckets(60, 5);

interface ApiAnswer {
  status: number;
  body: Record<string, unknown>;
}

function json(
  answer: ApiAnswer,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(answer.body), {
    status: answer.status,
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Cache-Control": "no-store",
      ...headers,
    },
  });
}

const error = (
  status: number,
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
): ApiAnswer => ({
  status,
  body: { error: { code, message, ...extra } },
});

export function methodNotAllowed(): Response {
  return json(error(405, "method_not_allowed", "Use POST."), { Allow: "POST" });
}

function bearerKey(request: Request): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(
    request.headers.get("authorization") ?? "",
  );
  return match ? match[1] : null;
}

export async function handleEarningApiRequest(
  request: Request,
  endpoint: EarningEndpoint,
  now = clock.now(),
): Promise<Response> {
  if (request.method !== "POST") return methodNotAllowed();
  const key = bearerKey(request);
  const shop = key ? await findShopByApiKey(database, key) : null;
  if (!shop) {
    return json(
      error(
        401,
        "unauthorized",
        "Send the shop's API key as `Authorization: Bearer <key>`.",
      ),
      {
        "WWW-Authenticate": 'Bearer realm="loyalty"',
      },
    );
  }
  const turn = apiBuckets.take(shop, now.getTime());
  if (!turn.allowed) {
    return json(
      error(
        429,
        "rate_limited",
        "Too many requests for this shop: wait and retry with the same Idempotency-Key.",
      ),
      { "Retry-After": String(turn.retryAfterSeconds) },
    );
  }
  const idempotencyKey = request.headers.get("idempotency-key")?.trim() ?? "";
  if (idempotencyKey.length === 0 || idempotencyKey.length > 255) {
    return json(
      error(
        400,
        "idempotency_key_required",
        "Send an `Idempotency-Key` header (1 to 255 characters), the same on every retry.",
      ),
    );
  }
  const raw = await readBodyWithin(request, MAX_API_BODY_BYTES);
  if (raw === null) {
    return json(
      error(
        413,
        "body_too_large",
        `The body must be at most ${MAX_API_BODY_BYTES} bytes.`,
      ),
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return json(error(400, "invalid_json", "The body must be a JSON object."));
  }
  const requestHash = createHash("sha256").update(raw).digest("hex");

  const previous = await findApiRequest(
    database,
    shop,
    endpoint,
    idempotencyKey,
  );
  if (previous) return replay(previous, requestHash);

  const answer = await answerFor(shop, endpoint, body, idempotencyKey, now);
  if (answer.status >= 500) return json(answer);
  try {
    await saveApiRequest(
      database,
      {
        shopDomain: shop,
        endpoint,
        idempotencyKey,
        requestHash,
        status: answer.status,
        body: JSON.stringify(answer.body),
      },
      now,
    );
  } catch (failure) {
    // The same key raced in on another request: answer what that one stored.
    if (!isUniqueViolation(failure)) throw failure;
    const winner = await findApiRequest(
      database,
      shop,
      endpoint,
      idempotencyKey,
    );
    if (winner) return replay(winner, requestHash);
  }
  return json(answer);
}

function replay(
  previous: { requestHash: string; status: number; body: string },
  requestHash: string,
): Response {
  if (previous.requestHash !== requestHash) {
    return json(
      error(
        422,
        "idempotency_key_reused",
        "This Idempotency-Key was used with a different body.",
      ),
    );
  }
  return json(
    {
      status: previous.status,
      body: JSON.parse(previous.body) as Record<string, unknown>,
    },
    { "Idempotent-Replayed": "true" },
  );
}

async function answerFor(
  shop: string,
  endpoint: EarningEndpoint,
  body: unknown,
  idempotencyKey: string,
  now: Date,
): Promise<ApiAnswer> {
  const object =
    typeof body === "object" && body !== null && !Array.isArray(body)
      ? (body as Record<string, unknown>)
      : null;
  if (!object)
    return error(400, "invalid_json", "The body must be a JSON object.");
  // Points go only to the shop's own customers: one already known, or one Shopify knows.
  const customerId = ShopifyCustomerIdSchema.safeParse(object.customerId);
  if (!customerId.success && object.customerId !== undefined)
    return error(
      422,
      "invalid_request",
      "Some fields are missing or invalid.",
      {
        fields: { customerId: "Not a Shopify customer id" },
      },
    );
  if (customerId.success) {
    const known = await isShopCustomer(shop, shopifyIdKey(customerId.data));
    if (known === "unavailable")
      return error(
        503,
        "shopify_unavailable",
        "Shopify could not confirm the customer: retry with the same Idempotency-Key.",
      );
    if (!known)
      return error(
        422,
        "invalid_request",
        "Some fields are missing or invalid.",
        { fields: { customerId: "Not a customer of this shop" } },
      );
  }
  const result: ApiEarnResult =
    endpoint === "reviews"
      ? await awardProductReview(shop, object, now)
      : await awardCustomAction(shop, { ...object, idempotencyKey }, now);
  if (!result.ok)
    return error(
      422,
      "invalid_request",
      "Some fields are missing or invalid.",
      { fields: result.errors },
    );
  return earnAnswer(result.result);
}

function earnAnswer(earned: EarnSummary): ApiAnswer {
  const body = {
    outcome: earned.outcome,
    points: earned.points,
    balance: earned.balance,
    ...(earned.resetsAt ? { resetsAt: earned.resetsAt.toISOString() } : {}),
  };
  switch (earned.outcome) {
    case "awarded":
      return { status: 201, body };
    case "duplicate":
    case "limit_reached":
      return { status: 200, body };
    case "no_rule":
      return error(
        404,
        "no_active_rule",
        "No active way to earn matches this request.",
      );
    case "program_inactive":
      return error(403, "program_inactive", "The loyalty program is paused.");
    case "unknown_shop":
      return error(
        403,
        "shop_not_installed",
        "The app is not installed on this shop.",
      );
    default:
      return error(404, "unknown_customer", "No such customer in the program.");
  }
}

/** The admin's API key page: rotating makes a new key (shown once) and revokes the old one. */
export function rotateShopApiKey(shop: string, now = clock.now()) {
  return inTransaction((tx) => rotateApiKey(tx, shop, now));
}

export function getShopApiKey(shop: string) {
  return findActiveApiKey(database, shop);
}

async function isShopCustomer(
  shop: string,
  customerId: string,
): Promise<boolean | "unavailable"> {
  if (await findMemberByCustomer(database, shop, customerId)) return true;
  const { customerExistsAtShopify } =
    await import("~/shopify/customers.server");
  try {
    return await customerExistsAtShopify(shop, customerId);
  } catch (failure) {
    console.warn(
      `[api] could not check customer for ${shop}: ${failure instanceof Error ? failure.message : String(failure)}`,
    );
    return "unavailable";
  }
}
