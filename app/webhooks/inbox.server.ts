import { createHmac } from "node:crypto";

import * as clock from "~/clock.server";
import { getEnv } from "~/env.server";
import {
  listDueWebhooks,
  markWebhookFailed,
  markWebhookProcessed,
  pruneProcessedWebhooks,
  scheduleWebhookRetry,
  storeIncomingWebhook,
  type StoredWebhook,
} from "~/models/webhook-inbox.server";
import { authenticate, whileReceivingWebhook } from "~/shopify.server";
import { type VerifiedWebhook } from "~/webhooks/verified-webhook";

/**
 * The webhook inbox (docs/decisions/0004-webhook-inbox.md). At the door: the real
 * authenticate.webhook verifies the HMAC, the raw signed request is stored (deduplicated by
 * Shopify's event id), and Shopify gets its 200 at once. Behind it: a drain replays each stored
 * request, still signed, through the app's own webhook route, in arrival order, retrying what
 * fails for a transient reason. Nothing is acknowledged before it is stored, so nothing is lost.
 */

export type HandleRequest = (request: Request) => Promise<Response>;

const MAX_ATTEMPTS = 10;
const BASE_RETRY_MS = 1_000;
const MAX_RETRY_MS = 5 * 60_000;
const KEEP_PROCESSED_MS = 7 * 24 * 60 * 60_000;

function isShopifyHeader(name: string) {
  return name.startsWith("x-shopify-") || name === "content-type";
}

/**
 * Verifies and stores one webhook delivery. A request the library refuses (forged or missing
 * HMAC: 401) is answered as it says; anything else it cannot take (a body that is not JSON) goes
 * to `handleNow`, the app's route, which logs and rejects it without a retry loop.
 */
export async function acceptWebhook(
  request: Request,
  handleNow: HandleRequest,
  rawBody?: string,
): Promise<Response> {
  // The library reads the body itself; keep the exact text for the inbox without a second copy of
  // the request when the server already has it.
  const body = rawBody ?? (await request.clone().text());
  const copy = () =>
    new Request(request.url, {
      method: request.method,
      headers: request.headers,
      body,
    });
  let context: Awaited<ReturnType<typeof authenticate.webhook>>;
  try {
    context = await whileReceivingWebhook(() => authenticate.webhook(request));
  } catch (error) {
    if (error instanceof Response) return error;
    return handleNow(copy());
  }
  lastAcceptedAt = performance.now();

  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    if (isShopifyHeader(name)) headers[name] = value;
  });
  await storeIncomingWebhook(
    {
      shopDomain: context.shop,
      // The header as Shopify sent it ("orders/paid"); the library's context.topic is "ORDERS_PAID".
      topic: request.headers.get("x-shopify-topic") ?? String(context.topic),
      eventId: context.eventId || context.webhookId,
      webhookId: context.webhookId,
      path: new URL(request.url).pathname,
      headers,
      body,
    },
    clock.now(),
  );
  kickWebhookInbox();
  return new Response(null, { status: 200 });
}

/**
 * Stores a webhook whose origin another door has proven (the Pub/Sub push door's OIDC token),
 * deduplicated by Shopify's event id like an HTTPS delivery, and wakes the drain.
 *
 * TEMPORARY (wip/pubsub): a bridge onto today's inbox, which stores signed requests and replays
 * them through the topic's route. A Pub/Sub message carries no HMAC (Shopify signs HTTPS
 * deliveries only), so the stored request is signed here with the app's own secret for that
 * replay. The inbox that stores verified events and dispatches them without a replay (wip/inbox)
 * replaces this function, with this signature, at merge.
 */
export async function acceptVerifiedWebhook(
  event: VerifiedWebhook,
  now: Date,
): Promise<void> {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "x-shopify-topic": event.topic,
    "x-shopify-shop-domain": event.shopDomain,
    "x-shopify-webhook-id": event.webhookId,
    "x-shopify-event-id": event.eventId,
    "x-shopify-api-version": event.apiVersion,
    "x-shopify-hmac-sha256": createHmac("sha256", getEnv().SHOPIFY_API_SECRET)
      .update(event.body, "utf8")
      .digest("base64"),
  };
  if (event.triggeredAt) headers["x-shopify-triggered-at"] = event.triggeredAt;
  await storeIncomingWebhook(
    {
      shopDomain: event.shopDomain,
      topic: event.topic,
      eventId: event.eventId,
      webhookId: event.webhookId,
      path: `/webhooks/${event.topic}`,
      headers,
      body: event.body,
    },
    now,
  );
  lastAcceptedAt = performance.now();
  kickWebhookInbox();
}

function retryDelay(attempts: number) {
  const exponential = Math.min(MAX_RETRY_MS, BASE_RETRY_MS * 2 ** attempts);
  return exponential / 2 + Math.random() * (exponential / 2);
}

async function processStoredWebhook(
  webhook: StoredWebhook,
  handle: HandleRequest,
  appUrl: string,
  now: () => Date,
) {
  const request = new Request(new URL(webhook.path, appUrl), {
    method: "POST",
    headers: webhook.headers,
    body: webhook.body,
  });
  let status: number | null = null;
  let problem = "";
  try {
    const response = await handle(request);
    status = response.status;
    await response.arrayBuffer().catch(() => undefined);
  } catch (error) {
    problem = error instanceof Error ? error.message : String(error);
  }

  if (status !== null && status >= 200 && status < 300) {
    await markWebhookProcessed(webhook.id, status, now());
    return "processed" as const;
  }
  // 4xx from our own route (the signature no longer verifies after a secret rotation, an unknown
  // path) will not change on retry; 5xx and exceptions are outages: retry with backoff.
  const permanent = status !== null && status >= 400 && status < 500;
  const lastError = problem || `route answered ${status}`;
  if (permanent || webhook.attempts + 1 >= MAX_ATTEMPTS) {
    console.error(
      `webhook ${webhook.webhookId} (${webhook.topic}, ${webhook.shopDomain}) failed for good: ${lastError}`,
    );
    await markWebhookFailed(webhook.id, { lastStatus: status, lastError });
    return "failed" as const;
  }
  console.warn(
    `webhook ${webhook.webhookId} (${webhook.topic}, ${webhook.shopDomain}) will be retried: ${lastError}`,
  );
  await scheduleWebhookRetry(webhook.id, {
    lastStatus: status,
    lastError,
    nextAttemptAt: new Date(now().getTime() + retryDelay(webhook.attempts)),
  });
  return "retried" as const;
}

/** Processes every due webhook, oldest first. Safe to call at any time; one drain runs at a time. */
export async function drainWebhookInbox(
  handle: HandleRequest,
  options: { appUrl?: string; batch?: number; now?: () => Date } = {},
) {
  const appUrl = options.appUrl ?? getEnv().SHOPIFY_APP_URL;
  const now = options.now ?? clock.systemClock;
  const totals = { processed: 0, retried: 0, failed: 0 };
  for (;;) {
    const due = await listDueWebhooks(options.batch ?? 50, now());
    if (due.length === 0) return totals;
    for (const webhook of due) {
      totals[await processStoredWebhook(webhook, handle, appUrl, now)] += 1;
      await yieldToTheDoor();
    }
  }
}

// Acknowledging comes first: while deliveries are arriving, the drain steps aside (Shopify waits
// on the acknowledgement, nobody waits on the replay), but never for more than MAX_YIELD_MS, so a
// steady stream cannot starve processing. Durations, not dates: measured on the monotonic clock.
let lastAcceptedAt = -Infinity;
const BUSY_WINDOW_MS = 50;
const MAX_YIELD_MS = 200;

async function yieldToTheDoor() {
  const started = performance.now();
  await new Promise((resolve) => setImmediate(resolve));
  while (
    performance.now() - lastAcceptedAt < BUSY_WINDOW_MS &&
    performance.now() - started < MAX_YIELD_MS
  ) {
    await new Promise((resolve) => setTimeout(resolve, BUSY_WINDOW_MS));
  }
}

let handler: HandleRequest | null = null;
let draining: Promise<unknown> | null = null;
let pendingKick = false;
let timer: NodeJS.Timeout | null = null;

export function kickWebhookInbox(): void {
  if (!handler) return;
  if (draining) {
    pendingKick = true;
    return;
  }
  const handle = handler;
  draining = drainWebhookInbox(handle)
    .catch((error: unknown) =>
      console.error("webhook inbox drain failed", error),
    )
    .finally(() => {
      draining = null;
      if (pendingKick) {
        pendingKick = false;
        kickWebhookInbox();
      }
    });
}

/**
 * Starts processing the inbox in this process: on every stored webhook, and every few seconds for
 * retries and for rows stored before a restart. `handle` is the app's own request handler.
 */
export function startWebhookInbox(
  handle: HandleRequest,
  options: { intervalMs?: number } = {},
): void {
  handler = handle;
  if (timer) return;
  let lastPrune = -Infinity;
  timer = setInterval(() => {
    kickWebhookInbox();
    if (performance.now() - lastPrune > 60 * 60_000) {
      lastPrune = performance.now();
      pruneProcessedWebhooks(
        new Date(clock.now().getTime() - KEEP_PROCESSED_MS),
      ).catch(() => undefined);
    }
  }, options.intervalMs ?? 2_000);
  timer.unref();
  kickWebhookInbox();
}

export async function stopWebhookInbox(): Promise<void> {
  if (timer) clearInterval(timer);
  timer = null;
  handler = null;
  await draining;
}
