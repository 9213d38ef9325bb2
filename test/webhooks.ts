import { createHmac, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/**
 * Webhook requests signed the way Shopify signs them: base64 HMAC-SHA256 of the raw body with
 * the app's secret, in X-Shopify-Hmac-Sha256, with the headers Shopify sends alongside.
 * https://shopify.dev/docs/apps/build/webhooks/subscribe/https#step-5-verify-the-webhook
 */
export interface SignedWebhookOptions {
  /** "orders/paid": the X-Shopify-Topic header and the /webhooks/<topic> path. */
  topic: string;
  shop: string;
  /** An object is sent as JSON; a string is sent as is (to test bodies that are not JSON). */
  body: unknown;
  /** Defaults to SHOPIFY_API_SECRET (test-api-secret in tests). */
  secret?: string;
  eventId?: string;
  webhookId?: string;
  apiVersion?: string;
  /** Defaults to `${SHOPIFY_APP_URL}/webhooks/<topic>`. */
  url?: string;
  /** Replace the computed signature (a forgery), or null to send none. */
  hmac?: string | null;
  triggeredAt?: string;
}

export function webhookSignature(rawBody: string, secret: string): string {
  return createHmac("sha256", secret).update(rawBody, "utf8").digest("base64");
}

export function signedWebhookRequest(options: SignedWebhookOptions): Request {
  const rawBody =
    typeof options.body === "string"
      ? options.body
      : JSON.stringify(options.body);
  const secret =
    options.secret ?? process.env.SHOPIFY_API_SECRET ?? "test-api-secret";
  const appUrl = (
    process.env.SHOPIFY_APP_URL ?? "http://localhost:3999"
  ).replace(/\/+$/, "");
  const webhookId = options.webhookId ?? randomUUID();
  const headers = new Headers({
    "content-type": "application/json",
    "x-shopify-topic": options.topic,
    "x-shopify-shop-domain": options.shop,
    "x-shopify-api-version": options.apiVersion ?? "2026-07",
    "x-shopify-webhook-id": webhookId,
    "x-shopify-event-id": options.eventId ?? randomUUID(),
    "x-shopify-triggered-at": options.triggeredAt ?? new Date().toISOString(),
  });
  const hmac =
    options.hmac === undefined
      ? webhookSignature(rawBody, secret)
      : options.hmac;
  if (hmac !== null) headers.set("x-shopify-hmac-sha256", hmac);
  return new Request(options.url ?? `${appUrl}/webhooks/${options.topic}`, {
    method: "POST",
    headers,
    body: rawBody,
  });
}

/** A payload from test/fixtures/webhooks/, parsed fresh each time so tests can change it. */
export function webhookFixture<T = Record<string, unknown>>(name: string): T {
  const file = path.resolve(
    "test/fixtures/webhooks",
    name.endsWith(".json") ? name : `${name}.json`,
  );
  return JSON.parse(fs.readFileSync(file, "utf8")) as T;
}
