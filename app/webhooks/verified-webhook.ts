/**
 * A webhook whose origin has been proven once, at the door: by its HMAC for an HTTPS delivery, or
 * by the push subscription's OIDC token for a Google Cloud Pub/Sub delivery. The inbox stores it
 * as this and its handlers read it as this, never as a request to verify again (issue 11).
 */
export interface VerifiedWebhook {
  shopDomain: string;
  /** As Shopify names it in `X-Shopify-Topic`: "orders/paid", "app/uninstalled". */
  topic: string;
  /** `X-Shopify-Webhook-Id`: one delivery attempt's subscription-level id. */
  webhookId: string;
  /** `X-Shopify-Event-Id`: the same for every delivery of one event (the webhook id when absent). */
  eventId: string;
  /** `X-Shopify-API-Version` the payload was written in. */
  apiVersion: string;
  /** `X-Shopify-Triggered-At`, when Shopify says the event happened (null when absent). */
  triggeredAt: string | null;
  /** The payload: the exact JSON text Shopify sent. */
  body: string;
}
