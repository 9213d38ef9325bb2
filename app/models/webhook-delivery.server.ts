import { Prisma } from "@prisma/client";

import prisma from "~/db.server";

/**
 * Webhook deliveries the app has dealt with, keyed by Shopify's event id: the same event
 * arrives again on retries (same webhook id) and sometimes under a second webhook id.
 * A row is written AFTER the work is done, so a crash mid-way leaves no row and Shopify's
 * retry does the work again (every service is idempotent on the business event).
 */
export type WebhookOutcome = "processed" | "rejected";

export interface WebhookDeliveryKey {
  shopDomain: string;
  topic: string;
  eventId: string;
}

export async function findWebhookDelivery(key: WebhookDeliveryKey) {
  return prisma.webhookDelivery.findUnique({
    where: {
      shopTopicEvent: {
        shopDomain: key.shopDomain,
        topic: key.topic,
        eventId: key.eventId,
      },
    },
    select: { outcome: true, webhookId: true, receivedAt: true },
  });
}

/**
 * Records the outcome once. A concurrent delivery of the same event may have recorded it first,
 * and shop/redact deletes the shop (and its deliveries) before its own outcome is written:
 * both are fine and ignored.
 */
export async function recordWebhookDelivery(
  key: WebhookDeliveryKey & {
    webhookId: string;
    outcome: WebhookOutcome;
    detail?: string | null;
  },
): Promise<void> {
  try {
    await prisma.webhookDelivery.create({
      data: {
        shopDomain: key.shopDomain,
        topic: key.topic,
        eventId: key.eventId,
        webhookId: key.webhookId,
        outcome: key.outcome,
        detail: key.detail ?? null,
      },
    });
  } catch (error) {
    if (
      error instanceof Prisma.PrismaClientKnownRequestError &&
      (error.code === "P2002" || error.code === "P2003")
    )
      return;
    throw error;
  }
}

export type WebhookShopStatus = "installed" | "uninstalled" | "unknown";

/** Whether the shop a webhook names is one the app knows, and still installed. */
export async function getWebhookShopStatus(
  shopDomain: string,
): Promise<WebhookShopStatus> {
  const shop = await prisma.shop.findUnique({
    where: { domain: shopDomain },
    select: { uninstalledAt: true },
  });
  if (!shop) return "unknown";
  return shop.uninstalledAt ? "uninstalled" : "installed";
}
