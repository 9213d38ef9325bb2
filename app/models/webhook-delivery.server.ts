import { Prisma } from "@prisma/client";

import { newId } from "~/models/ids.server";
import { sqlExecute, sqlRows } from "~/models/sql.server";
import {
  database,
  isForeignKeyViolation,
  type Tx,
} from "~/models/transaction.server";

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

/**
 * Before a webhook is handled: whether its shop is known and installed, and whether this event
 * was dealt with already, in one statement. Raw SQL: this runs for every webhook processed
 * (docs/decisions/0029-direct-sql-on-the-hot-path.md).
 */
export async function findWebhookDeliveryState(
  key: WebhookDeliveryKey,
): Promise<{ shopStatus: WebhookShopStatus; delivered: boolean }> {
  // No shop row, no delivery either (they go with the shop): no row at all.
  const [shop] = await sqlRows<{
    uninstalledAt: Date | null;
    delivered: boolean | number;
  }>(
    database,
    Prisma.sql`SELECT s."uninstalledAt", EXISTS (SELECT 1 FROM "WebhookDelivery" d
        WHERE d."shopDomain" = s."domain" AND d."topic" = ${key.topic} AND d."eventId" = ${key.eventId}) AS "delivered"
      FROM "Shop" s WHERE s."domain" = ${key.shopDomain}`,
  );
  return {
    shopStatus: shopStatusOf(shop),
    delivered: Boolean(shop?.delivered),
  };
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
  receivedAt: Date,
): Promise<void> {
  // No shop row any more (shop/redact deleted it): the insert inserts nothing, or, deleted at
  // the same moment, fails on the foreign key and is ignored.
  await sqlExecute(
    database,
    Prisma.sql`INSERT INTO "WebhookDelivery" ("id", "shopDomain", "topic", "eventId", "webhookId", "outcome", "detail", "receivedAt")
      SELECT ${newId(receivedAt.getTime())}, ${key.shopDomain}, ${key.topic}, ${key.eventId}, ${key.webhookId}, ${key.outcome},
        ${key.detail ?? null}, ${receivedAt}
      WHERE EXISTS (SELECT 1 FROM "Shop" WHERE "domain" = ${key.shopDomain})
      ON CONFLICT ("shopDomain", "topic", "eventId") DO NOTHING`,
  ).catch((error: unknown) => {
    if (!isForeignKeyViolation(error)) throw error;
  });
}

/**
 * A batch's events of one shop and topic: the shop's status and which events were dealt with
 * already, in one statement (PostgreSQL: `= ANY` of an array).
 */
export async function findDeliveredEvents(
  db: Tx,
  key: { shopDomain: string; topic: string; eventIds: string[] },
): Promise<{ shopStatus: WebhookShopStatus; delivered: Set<string> }> {
  const rows = await sqlRows<{
    uninstalledAt: Date | null;
    eventId: string | null;
  }>(
    db,
    Prisma.sql`SELECT s."uninstalledAt", d."eventId" FROM "Shop" s
      LEFT JOIN "WebhookDelivery" d ON d."shopDomain" = s."domain" AND d."topic" = ${key.topic} AND d."eventId" = ANY(${key.eventIds}::text[])
      WHERE s."domain" = ${key.shopDomain}`,
  );
  return {
    shopStatus: shopStatusOf(rows[0]),
    delivered: new Set(
      rows.flatMap((row) => (row.eventId === null ? [] : [row.eventId])),
    ),
  };
}

/** A batch's events processed, recorded in its transaction (the shop's row is locked by its writes already). */
export async function recordProcessedDeliveries(
  db: Tx,
  key: { shopDomain: string; topic: string },
  events: { eventId: string; webhookId: string }[],
  receivedAt: Date,
): Promise<void> {
  if (events.length === 0) return;
  await sqlExecute(
    db,
    Prisma.sql`INSERT INTO "WebhookDelivery" ("id", "shopDomain", "topic", "eventId", "webhookId", "outcome", "detail", "receivedAt")
      SELECT v."id", ${key.shopDomain}, ${key.topic}, v."eventId", v."webhookId", 'processed', NULL, ${receivedAt}
      FROM unnest(${events.map(() => newId(receivedAt.getTime()))}::text[], ${events.map((e) => e.eventId)}::text[],
        ${events.map((e) => e.webhookId)}::text[]) AS v("id", "eventId", "webhookId")
      ON CONFLICT ("shopDomain", "topic", "eventId") DO NOTHING`,
  );
}

export type WebhookShopStatus = "installed" | "uninstalled" | "unknown";

/** Whether the shop a webhook names is one the app knows, and still installed. */
export async function getWebhookShopStatus(
  shopDomain: string,
): Promise<WebhookShopStatus> {
  const [shop] = await sqlRows<{ uninstalledAt: Date | null }>(
    database,
    Prisma.sql`SELECT "uninstalledAt" FROM "Shop" WHERE "domain" = ${shopDomain}`,
  );
  return shopStatusOf(shop);
}

function shopStatusOf(
  shop: { uninstalledAt: Date | null } | undefined,
): WebhookShopStatus {
  if (!shop) return "unknown";
  return shop.uninstalledAt ? "uninstalled" : "installed";
}
