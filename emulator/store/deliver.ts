import { createHmac, randomUUID } from "node:crypto";

import {
  protectedFieldsGranted,
  redactProtectedFields,
} from "../admin/protected-data";
import type { EmulatorContext } from "../context";
import { readAppToml, resolveAppUri } from "./app-toml";

/**
 * Webhook delivery as Shopify does it: one POST per subscription in shopify.app.toml, the raw
 * body signed with the app secret (X-Shopify-Hmac-Sha256, base64), retried with backoff when the
 * app answers 5xx or not at all. https://shopify.dev/docs/apps/build/webhooks/subscribe/https
 *
 * On request it also misbehaves the ways Shopify is documented to: the same event delivered more
 * than once, and deliveries arriving out of order.
 * https://shopify.dev/docs/apps/build/webhooks/ignore-duplicates
 */

/** Options accepted by every store action. */
export interface DeliveryOptions {
  /** Extra copies of every delivery (0: none). */
  duplicates?: number;
  /** Copies carry the same X-Shopify-Event-Id (default true); false makes each copy a new event. */
  sameEventId?: boolean;
  /** Copies also reuse the X-Shopify-Webhook-Id, like a retry of the same delivery (default false). */
  sameWebhookId?: boolean;
  /** Send this action's deliveries (copies included) in reverse or shuffled order. */
  reorder?: "reverse" | "random";
  /** Seed for "random" ordering, for repeatable runs. */
  seed?: number;
  /** Keep the deliveries until POST /_emulator/deliveries/release. */
  hold?: boolean;
  /** Resolve the action only once every delivery finished, retries included (default true). */
  wait?: boolean;
  /** Send this action's deliveries all at once instead of one after another. */
  concurrent?: boolean;
  /** Sign with a wrong secret, to see the app refuse a forged webhook. */
  forgeHmac?: boolean;
}

export interface DeliveryAttempt {
  at: string;
  /** HTTP status, or null when the app could not be reached or did not answer in time. */
  status: number | null;
  ms: number;
  error: string | null;
}

export type DeliveryStatus =
  "held" | "queued" | "sending" | "delivered" | "failed";

export interface WebhookDelivery {
  seq: number;
  shop: string;
  topic: string;
  /** Null when the subscription's destination cannot be reached from here (Pub/Sub, EventBridge). */
  url: string | null;
  webhookId: string;
  eventId: string;
  triggeredAt: string;
  apiVersion: string;
  /** Which resource the payload is about, for filtering: orderId, customerId, refundId. */
  resource: Record<string, number>;
  /** 0 for the original delivery, 1.. for requested duplicates. */
  copy: number;
  status: DeliveryStatus;
  responseStatus: number | null;
  /** Duration of the last attempt. */
  ms: number | null;
  attempts: DeliveryAttempt[];
  forgedHmac: boolean;
  body: string;
}

export interface WebhookEvent {
  topic: string;
  payload: unknown;
  /** Sent as is instead of the JSON of `payload` (malformed bodies in tests). */
  rawBody?: string;
  resource?: Record<string, number>;
}

export interface RetryPolicy {
  /** Total attempts, first one included. Shopify makes 8 over 4 hours; the emulator stays short. */
  attempts: number;
  baseDelayMs: number;
  timeoutMs: number;
}

interface DeliveryDesk {
  seq: number;
  deliveries: WebhookDelivery[];
  held: WebhookDelivery[];
  inFlight: Set<Promise<void>>;
  retry: RetryPolicy;
}

export const DEFAULT_RETRY: RetryPolicy = {
  attempts: 4,
  baseDelayMs: 250,
  timeoutMs: 5_000,
};

// Kept beside the context rather than in it: only the store simulator and the control API use it.
const desks = new WeakMap<EmulatorContext, DeliveryDesk>();

export function deliveryDesk(ctx: EmulatorContext): DeliveryDesk {
  let desk = desks.get(ctx);
  if (!desk) {
    desk = {
      seq: 0,
      deliveries: [],
      held: [],
      inFlight: new Set(),
      retry: { ...DEFAULT_RETRY },
    };
    desks.set(ctx, desk);
  }
  return desk;
}

export function listDeliveries(ctx: EmulatorContext): WebhookDelivery[] {
  return deliveryDesk(ctx).deliveries;
}

export function setRetryPolicy(
  ctx: EmulatorContext,
  policy: Partial<RetryPolicy>,
): RetryPolicy {
  const desk = deliveryDesk(ctx);
  desk.retry = { ...desk.retry, ...policy };
  return desk.retry;
}

export function resetDeliveries(ctx: EmulatorContext): void {
  const desk = deliveryDesk(ctx);
  desk.deliveries = [];
  desk.held = [];
  desk.seq = 0;
}

/** Resolves once every delivery that is currently being sent (wait: false included) has finished. */
export async function settleDeliveries(ctx: EmulatorContext): Promise<void> {
  const desk = deliveryDesk(ctx);
  while (desk.inFlight.size > 0) await Promise.allSettled([...desk.inFlight]);
}

export function signWebhookBody(body: string, secret: string): string {
  return createHmac("sha256", secret).update(body, "utf8").digest("base64");
}

/**
 * Turns the events of one store action into deliveries (one per matching subscription, plus
 * requested copies) and sends, holds or reorders them as asked.
 */
export async function emitWebhooks(
  ctx: EmulatorContext,
  shop: string,
  events: WebhookEvent[],
  options: DeliveryOptions = {},
): Promise<WebhookDelivery[]> {
  const desk = deliveryDesk(ctx);
  const toml = readAppToml(ctx.config.appTomlPath);
  const apiVersion = toml.webhookApiVersion ?? ctx.config.apiVersion;
  const copies = Math.max(0, Math.floor(options.duplicates ?? 0));
  const batch: WebhookDelivery[] = [];

  for (const event of events) {
    const eventId = randomUUID();
    const triggeredAt = ctx.state.now().toISOString();
    for (const subscription of toml.subscriptions) {
      if (!subscription.topics.includes(event.topic)) continue;
      // Without protected customer fields, names and contact details arrive as null.
      const payload =
        subscription.compliance || protectedFieldsGranted(ctx.config)
          ? event.payload
          : (redactProtectedFields(event.payload) as typeof event.payload);
      const body =
        event.rawBody ??
        JSON.stringify(
          subscription.includeFields
            ? pickFields(payload, subscription.includeFields)
            : payload,
        );
      const url = resolveAppUri(ctx.config.appUrl, subscription.uri);
      const firstWebhookId = randomUUID();
      for (let copy = 0; copy <= copies; copy += 1) {
        const newEvent = copy > 0 && options.sameEventId === false;
        batch.push({
          seq: 0,
          shop,
          topic: event.topic,
          url,
          webhookId:
            copy === 0 || (options.sameWebhookId && !newEvent)
              ? firstWebhookId
              : randomUUID(),
          eventId: newEvent ? randomUUID() : eventId,
          triggeredAt: newEvent ? ctx.state.now().toISOString() : triggeredAt,
          apiVersion,
          resource: event.resource ?? {},
          copy,
          status: "queued",
          responseStatus: null,
          ms: null,
          attempts: [],
          forgedHmac: Boolean(options.forgeHmac),
          body,
        });
      }
    }
  }

  const ordered = orderDeliveries(batch, options.reorder ?? null, options.seed);
  for (const delivery of ordered) {
    delivery.seq = ++desk.seq;
    desk.deliveries.push(delivery);
  }
  if (options.hold) {
    for (const delivery of ordered) delivery.status = "held";
    desk.held.push(...ordered);
    return ordered;
  }
  await dispatch(ctx, ordered, options);
  return ordered;
}

export interface ReleaseOptions {
  /** Only these deliveries (by seq); default: every held delivery. */
  seqs?: number[];
  order?: "fifo" | "reverse" | "random";
  seed?: number;
  wait?: boolean;
  concurrent?: boolean;
}

export async function releaseHeldDeliveries(
  ctx: EmulatorContext,
  options: ReleaseOptions = {},
): Promise<WebhookDelivery[]> {
  const desk = deliveryDesk(ctx);
  const wanted = options.seqs ? new Set(options.seqs) : null;
  const released = desk.held.filter(
    (delivery) => !wanted || wanted.has(delivery.seq),
  );
  desk.held = desk.held.filter((delivery) => !released.includes(delivery));
  const order =
    options.order === "reverse" || options.order === "random"
      ? options.order
      : null;
  const ordered = orderDeliveries(released, order, options.seed);
  for (const delivery of ordered) delivery.status = "queued";
  await dispatch(ctx, ordered, options);
  return ordered;
}

async function dispatch(
  ctx: EmulatorContext,
  deliveries: WebhookDelivery[],
  options: { wait?: boolean; concurrent?: boolean },
) {
  const desk = deliveryDesk(ctx);
  const run = options.concurrent
    ? Promise.all(deliveries.map((delivery) => send(ctx, delivery))).then(
        () => undefined,
      )
    : deliveries.reduce<Promise<void>>(
        (previous, delivery) => previous.then(() => send(ctx, delivery)),
        Promise.resolve(),
      );
  desk.inFlight.add(run);
  const done = run.finally(() => desk.inFlight.delete(run));
  if (options.wait !== false) await done;
}

async function send(
  ctx: EmulatorContext,
  delivery: WebhookDelivery,
): Promise<void> {
  const { retry } = deliveryDesk(ctx);
  if (!delivery.url) {
    delivery.status = "failed";
    delivery.attempts.push({
      at: ctx.state.now().toISOString(),
      status: null,
      ms: 0,
      error: "destination not reachable from the emulator",
    });
    return;
  }
  const secret = delivery.forgedHmac
    ? `${ctx.config.apiSecret}-forged`
    : ctx.config.apiSecret;
  const headers = {
    "content-type": "application/json",
    "user-agent": "Shopify-Captain-Hook",
    "x-shopify-topic": delivery.topic,
    "x-shopify-hmac-sha256": signWebhookBody(delivery.body, secret),
    "x-shopify-shop-domain": delivery.shop,
    "x-shopify-api-version": delivery.apiVersion,
    "x-shopify-webhook-id": delivery.webhookId,
    "x-shopify-event-id": delivery.eventId,
    "x-shopify-triggered-at": delivery.triggeredAt,
  };
  delivery.status = "sending";
  for (let attempt = 1; attempt <= retry.attempts; attempt += 1) {
    const started = performance.now();
    let status: number | null = null;
    let error: string | null = null;
    try {
      const response = await fetch(delivery.url, {
        method: "POST",
        headers,
        body: delivery.body,
        redirect: "manual",
        signal: AbortSignal.timeout(retry.timeoutMs),
      });
      status = response.status;
      await response.arrayBuffer();
    } catch (caught) {
      error = describeFetchError(caught);
    }
    const ms = Math.round(performance.now() - started);
    delivery.attempts.push({
      at: ctx.state.now().toISOString(),
      status,
      ms,
      error,
    });
    delivery.responseStatus = status;
    delivery.ms = ms;
    // Shopify counts only a 2xx as delivered; a redirect is a failure too.
    if (status !== null && status >= 200 && status < 300) {
      delivery.status = "delivered";
      return;
    }
    // Shopify retries every failure; here a 4xx is the app's final word (a forged HMAC, a bug to
    // see at once), and only outages (5xx, 429, no answer) are retried.
    const retryable = status === null || status >= 500 || status === 429;
    if (!retryable || attempt === retry.attempts) break;
    await sleep(retry.baseDelayMs * 2 ** (attempt - 1));
  }
  delivery.status = "failed";
}

function describeFetchError(caught: unknown): string {
  if (caught instanceof Error) {
    const cause = (caught as Error & { cause?: unknown }).cause;
    if (caught.name === "TimeoutError") return "timed out";
    if (cause instanceof Error && cause.message) return cause.message;
    return caught.message;
  }
  return String(caught);
}

function orderDeliveries(
  deliveries: WebhookDelivery[],
  order: "reverse" | "random" | null,
  seed?: number,
): WebhookDelivery[] {
  if (order === "reverse") return [...deliveries].reverse();
  if (order === "random") {
    const next = seededRandom(seed ?? Date.now());
    const shuffled = [...deliveries];
    for (let i = shuffled.length - 1; i > 0; i -= 1) {
      const j = Math.floor(next() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
    }
    return shuffled;
  }
  return deliveries;
}

/** mulberry32: small, seedable, good enough to shuffle deliveries repeatably. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pickFields(payload: unknown, fields: string[]): unknown {
  if (!payload || typeof payload !== "object") return payload;
  const source = payload as Record<string, unknown>;
  return Object.fromEntries(
    fields
      .filter((field) => field in source)
      .map((field) => [field, source[field]]),
  );
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
