import { type WebhookAttention } from "@prisma/client";

import { newId } from "~/models/ids.server";
import { type Tx } from "~/models/transaction.server";

/**
 * Verified webhooks the app could not read (docs/decisions/0009-webhook-payload-bounds.md): one row
 * per event, open until the order was settled from the Admin API, or the merchant dismissed it.
 */

export interface NewWebhookAttention {
  shopDomain: string;
  topic: string;
  eventId: string;
  webhookId: string;
  orderId: string | null;
  problem: string;
}

/** Records the event once; a redelivery of the same event finds the row already there (null). */
export async function recordWebhookAttention(
  tx: Tx,
  item: NewWebhookAttention,
  now: Date,
): Promise<WebhookAttention | null> {
  const existing = await tx.webhookAttention.findUnique({
    where: {
      shopTopicEvent: {
        shopDomain: item.shopDomain,
        topic: item.topic,
        eventId: item.eventId,
      },
    },
  });
  if (existing) return null;
  return tx.webhookAttention.create({
    data: {
      id: newId(now.getTime()),
      ...item,
      createdAt: now,
      updatedAt: now,
    },
  });
}

export function findWebhookAttention(db: Tx, shopDomain: string, id: string) {
  return db.webhookAttention.findFirst({ where: { id, shopDomain } });
}

/** What the admin lists: open items, oldest first. */
export function listOpenWebhookAttention(
  db: Tx,
  shopDomain: string,
  limit: number,
) {
  return db.webhookAttention.findMany({
    where: { shopDomain, status: "open" },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: limit,
  });
}

export function countOpenWebhookAttention(db: Tx, shopDomain: string) {
  return db.webhookAttention.count({ where: { shopDomain, status: "open" } });
}

export function closeWebhookAttention(
  db: Tx,
  id: string,
  status: "resolved" | "dismissed",
  now: Date,
) {
  return db.webhookAttention.updateMany({
    where: { id, status: "open" },
    data: { status, resolvedAt: now, updatedAt: now },
  });
}

/** One more attempt that did not settle the order, and why (no personal data: ids and kinds only). */
export function noteWebhookAttentionFailure(
  db: Tx,
  id: string,
  lastError: string,
  now: Date,
) {
  return db.webhookAttention.updateMany({
    where: { id },
    data: { attempts: { increment: 1 }, lastError, updatedAt: now },
  });
}
