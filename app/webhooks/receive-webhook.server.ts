import * as clock from "~/clock.server";
import { InvalidShopError } from "@shopify/shopify-api";
import { type z } from "zod";

import {
  findWebhookDeliveryState,
  getWebhookShopStatus,
  recordWebhookDelivery,
  type WebhookShopStatus,
} from "~/models/webhook-delivery.server";
import { holdUnreadableWebhook } from "~/services/webhook-attention.server";
import { authenticate, whileReceivingWebhook } from "~/shopify.server";
import { orderIdOfUnreadableBody } from "~/webhooks/payloads.server";
import { type VerifiedWebhook } from "~/webhooks/verified-webhook";

/**
 * What every webhook route does: authenticate → deduplicate → validate → one service call → respond.
 *
 * Answers, and why:
 * - 401: forged or missing HMAC (nothing is read or written).
 * - 200: done, already done (same event id), or REJECTED: a body that is not JSON, a missing or
 *   malformed field, a value beyond the payload bounds, a shop header that is no shop domain, a shop the app does not know or that uninstalled. A rejection is logged with
 *   the webhook id and recorded; it never changes the ledger. Any other status makes Shopify
 *   retry the same bad delivery for hours, then drop the subscription.
 * - 500: the app itself failed (database down): Shopify's retry is what we want.
 */

export interface ReceivedWebhook<T> {
  shop: string;
  topic: string;
  webhookId: string;
  eventId: string;
  apiVersion: string;
  payload: T;
}

export interface WebhookHandler<S extends z.ZodTypeAny> {
  /** As in shopify.app.toml and the X-Shopify-Topic header: "orders/paid". */
  topic: string;
  /** Only the fields the service uses. */
  schema: S;
  /**
   * Lifecycle and compliance topics are still owed an answer after uninstalling
   * (shop/redact arrives 48 hours later); everything else is rejected then.
   */
  acceptUninstalledShop?: boolean;
  /**
   * shop/redact and app/uninstalled: the service also clears what a shop without a row may have
   * left (its sessions), so it runs even for a shop the app does not know.
   */
  acceptUnknownShop?: boolean;
  process: (webhook: ReceivedWebhook<z.output<S>>) => Promise<unknown>;
  /**
   * The order a body the schema refused is about, if it still says: the order is then read again
   * from the Admin API and settled (app/services/webhook-attention.server.ts). Topics without it,
   * or a body naming no order, are listed for the merchant's attention.
   */
  orderIdOf?: (body: unknown) => string | null;
  /**
   * What this event must wait for (ADR 0022): events of one shop with the same key are processed
   * one at a time, in arrival order ("order:<id>", "customer:<id>", "shop"). Read leniently from
   * the raw body at the door; null (a body naming nothing) lets the event run on its own.
   */
  orderingKeyOf?: (body: unknown) => string | null;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a registry holds handlers of every payload type
export type AnyWebhookHandler = WebhookHandler<any>;

/** Types a handler module's object (its payload type follows its schema). */
export function defineWebhookHandler<S extends z.ZodTypeAny>(
  handler: WebhookHandler<S>,
): WebhookHandler<S> {
  return handler;
}

/** "order:<id>": an order's events (paid, fulfilled, cancelled, its refunds) keep their order. */
export function orderOrderingKey(
  body: unknown,
  field: "id" | "order_id",
): string | null {
  const orderId = orderIdOfUnreadableBody(body, field);
  return orderId ? `order:${orderId}` : null;
}

/** "customer:<id>", from the body's own id or its `customer` object's (compliance topics). */
export function customerOrderingKey(
  body: unknown,
  field: "id" | "customer",
): string | null {
  if (body === null || typeof body !== "object") return null;
  const value =
    field === "id" ? body : (body as Record<string, unknown>).customer;
  // The lenient id reader: a customer's gid is no order gid, so its numeric `id` is what is read.
  const id = orderIdOfUnreadableBody(value, "id");
  return id ? `customer:${id}` : null;
}

const HMAC_HEADER = "x-shopify-hmac-sha256";

type RejectionReason =
  | "invalid_shop"
  | "invalid_json"
  | "invalid_payload"
  | "unknown_shop"
  | "uninstalled_shop"
  | "wrong_topic";

export async function receiveWebhook<S extends z.ZodTypeAny>(
  request: Request,
  handler: WebhookHandler<S>,
  now: Date = clock.now(),
): Promise<Response> {
  // The library answers 400 to a request without an HMAC; to Shopify's contract it is simply unauthenticated.
  if (request.method === "POST" && !request.headers.get(HMAC_HEADER))
    return new Response(null, { status: 401 });

  let context: Awaited<ReturnType<typeof authenticate.webhook>>;
  try {
    context = await whileReceivingWebhook(() => authenticate.webhook(request));
  } catch (error) {
    if (error instanceof Response) return error;
    // The HMAC verified but X-Shopify-Shop-Domain is no shop domain (the library refuses it when
    // loading the offline session). Its value is never echoed: it is not a shop, and may be anything.
    if (error instanceof InvalidShopError) {
      return reject(
        { ...headerDelivery(request, handler.topic), shop: "(invalid)" },
        "invalid_shop",
        null,
        "unknown",
      );
    }
    // authenticate.webhook parses the body only after the HMAC verified: a SyntaxError here is
    // a correctly signed body that is not JSON (the headers are then Shopify's own).
    if (error instanceof SyntaxError) {
      return reject(
        headerDelivery(request, handler.topic),
        "invalid_json",
        error.message,
      );
    }
    throw error;
  }

  const delivery = {
    shop: context.shop,
    topic: request.headers.get("x-shopify-topic") ?? handler.topic,
    webhookId: context.webhookId,
    // Retries and duplicates of one event share the event id; fall back to the webhook id for senders without it.
    eventId:
      context.eventId ??
      request.headers.get("x-shopify-event-id") ??
      context.webhookId,
  };
  try {
    await handleVerifiedDelivery(
      { ...delivery, apiVersion: context.apiVersion, payload: context.payload },
      handler,
      now,
    );
  } catch (error) {
    console.error(
      `[webhook] failed topic=${delivery.topic} shop=${delivery.shop} webhookId=${delivery.webhookId} eventId=${delivery.eventId}:`,
      error,
    );
    return new Response(null, { status: 500 });
  }
  return new Response(null, { status: 200 });
}

export type VerifiedWebhookOutcome = "processed" | "rejected" | "duplicate";

/**
 * A webhook stored by the inbox, processed by its topic's handler (ADR 0022): it was verified at
 * the door and is never verified again, so a secret rotated meanwhile changes nothing. A body
 * that is not JSON is rejected like any unreadable body. Throws when the app itself failed (the
 * database, a service): the caller retries.
 */
export async function processVerifiedWebhook(
  event: VerifiedWebhook,
  handler: AnyWebhookHandler,
  now: Date,
): Promise<VerifiedWebhookOutcome> {
  const delivery = {
    shop: event.shopDomain,
    topic: event.topic,
    webhookId: event.webhookId,
    eventId: event.eventId,
  };
  let payload: unknown;
  try {
    payload = JSON.parse(event.body);
  } catch (error) {
    await recordRejection(delivery, "invalid_json", (error as Error).message);
    return "rejected";
  }
  return handleVerifiedDelivery(
    { ...delivery, apiVersion: event.apiVersion, payload },
    handler,
    now,
  );
}

/** Everything after the proof of origin: deduplicate → validate → one service call → record. */
async function handleVerifiedDelivery<S extends z.ZodTypeAny>(
  delivery: Delivery & { apiVersion: string; payload: unknown },
  handler: WebhookHandler<S>,
  now: Date,
): Promise<VerifiedWebhookOutcome> {
  if (delivery.topic !== handler.topic) {
    await recordRejection(
      delivery,
      "wrong_topic",
      `delivered to the ${handler.topic} route`,
    );
    return "rejected";
  }

  const key = {
    shopDomain: delivery.shop,
    topic: delivery.topic,
    eventId: delivery.eventId,
  };
  const { shopStatus, delivered } = await findWebhookDeliveryState(key);
  if (shopStatus === "unknown" && !handler.acceptUnknownShop) {
    await recordRejection(delivery, "unknown_shop", null, shopStatus);
    return "rejected";
  }
  if (shopStatus === "uninstalled" && !handler.acceptUninstalledShop) {
    await recordRejection(delivery, "uninstalled_shop", null, shopStatus);
    return "rejected";
  }

  if (delivered) return "duplicate";

  const parsed = handler.schema.safeParse(delivery.payload);
  if (!parsed.success) {
    const problem = describeIssues(parsed.error);
    // Verified, but unreadable: not dropped. An installed shop's order is read again from Shopify;
    // what cannot be goes on the admin's "Needs attention" card.
    const attention =
      shopStatus === "installed"
        ? await holdUnreadableWebhook(
            delivery.shop,
            {
              topic: delivery.topic,
              eventId: delivery.eventId,
              webhookId: delivery.webhookId,
              orderId: handler.orderIdOf?.(delivery.payload) ?? null,
              problem,
            },
            now,
          )
        : null;
    await recordRejection(
      delivery,
      "invalid_payload",
      attention ? `${problem} (attention: ${attention})` : problem,
      shopStatus,
    );
    return "rejected";
  }

  await handler.process({
    shop: delivery.shop,
    topic: delivery.topic,
    webhookId: delivery.webhookId,
    eventId: delivery.eventId,
    apiVersion: delivery.apiVersion,
    payload: parsed.data,
  });
  // Without a shop row (unknown, or just deleted by shop/redact) there is nothing to attach it to.
  if (shopStatus !== "unknown")
    await recordWebhookDelivery(
      { ...key, webhookId: delivery.webhookId, outcome: "processed" },
      now,
    );
  return "processed";
}

interface Delivery {
  shop: string;
  topic: string;
  webhookId: string;
  eventId: string;
}

function headerDelivery(request: Request, fallbackTopic: string): Delivery {
  const webhookId = request.headers.get("x-shopify-webhook-id") ?? "unknown";
  return {
    shop: request.headers.get("x-shopify-shop-domain") ?? "unknown",
    topic: request.headers.get("x-shopify-topic") ?? fallbackTopic,
    webhookId,
    eventId: request.headers.get("x-shopify-event-id") ?? webhookId,
  };
}

/** Which fields failed, never their values (payloads carry personal data). */
function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`)
    .join("; ");
}

async function reject(
  delivery: Delivery,
  reason: RejectionReason,
  detail: string | null,
  shopStatus?: WebhookShopStatus,
): Promise<Response> {
  await recordRejection(delivery, reason, detail, shopStatus);
  return new Response(null, { status: 200 });
}

async function recordRejection(
  delivery: Delivery,
  reason: RejectionReason,
  detail: string | null,
  shopStatus?: WebhookShopStatus,
): Promise<void> {
  console.warn(
    `[webhook] rejected topic=${delivery.topic} shop=${delivery.shop} webhookId=${delivery.webhookId} ` +
      `eventId=${delivery.eventId} reason=${reason}${detail ? ` detail=${JSON.stringify(detail)}` : ""}`,
  );
  // A shop the app does not know has no row to attach the record to.
  const status = shopStatus ?? (await getWebhookShopStatus(delivery.shop));
  if (status !== "unknown") {
    await recordWebhookDelivery(
      {
        shopDomain: delivery.shop,
        topic: delivery.topic,
        eventId: delivery.eventId,
        webhookId: delivery.webhookId,
        outcome: "rejected",
        detail: detail ? `${reason}: ${detail}` : reason,
      },
      clock.now(),
    );
  }
}
