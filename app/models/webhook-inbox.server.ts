import { Prisma } from "@prisma/client";

import prisma from "~/db.server";
import { newId } from "~/models/ids.server";
import { type Tx } from "~/models/transaction.server";

/**
 * Webhooks stored at the door and processed after (docs/decisions/0004-webhook-inbox.md).
 * Raw SQL: this runs once per webhook on the acknowledgement path, where a Prisma model query's
 * planning would cost more than the statement.
 */

export interface IncomingWebhook {
  shopDomain: string;
  topic: string;
  eventId: string;
  webhookId: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface StoredWebhook extends IncomingWebhook {
  id: string;
  attempts: number;
}

type PendingStore = {
  row: IncomingWebhook;
  at: Date;
  done: (error?: unknown) => void;
};
let pending: PendingStore[] = [];
let flushScheduled = false;

/**
 * Stores a webhook once per (shop, topic, event id); a second delivery of the same event is a
 * no-op. Deliveries arriving together are written by one multi-row INSERT (group commit): the
 * promise resolves only once the row is committed, so nothing is acknowledged before it is stored.
 */
export function storeIncomingWebhook(
  webhook: IncomingWebhook,
  now: Date,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    pending.push({
      row: webhook,
      at: now,
      done: (error) => (error ? reject(error) : resolve()),
    });
    if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(flushPendingStores);
    }
  });
}

const MAX_ROWS_PER_INSERT = 50;

async function flushPendingStores() {
  const batch = pending;
  pending = [];
  flushScheduled = false;
  for (let start = 0; start < batch.length; start += MAX_ROWS_PER_INSERT) {
    const chunk = batch.slice(start, start + MAX_ROWS_PER_INSERT);
    try {
      const values = chunk.map(
        ({
          row,
          at,
        }) => Prisma.sql`(${newId(at.getTime())}, ${row.shopDomain}, ${row.topic}, ${row.eventId}, ${row.webhookId}, ${row.path},
          ${JSON.stringify(row.headers)}, ${row.body}, 'received', 0, ${at}, ${at})`,
      );
      await prisma.$executeRaw`
        INSERT INTO "WebhookInbox" ("id", "shopDomain", "topic", "eventId", "webhookId", "path", "headers", "body", "status", "attempts", "nextAttemptAt", "receivedAt")
        VALUES ${Prisma.join(values)}
        ON CONFLICT ("shopDomain", "topic", "eventId") DO NOTHING`;
      for (const item of chunk) item.done();
    } catch (error) {
      for (const item of chunk) item.done(error);
    }
  }
}

/** The oldest webhooks due for processing, in arrival order. */
export async function listDueWebhooks(
  limit: number,
  now: Date,
): Promise<StoredWebhook[]> {
  const rows = await prisma.$queryRaw<
    {
      id: string;
      shopDomain: string;
      topic: string;
      eventId: string;
      webhookId: string;
      path: string;
      headers: string;
      body: string;
      attempts: number | bigint;
    }[]
  >`
    SELECT "id", "shopDomain", "topic", "eventId", "webhookId", "path", "headers", "body", "attempts"
    FROM "WebhookInbox"
    WHERE "status" = 'received' AND "nextAttemptAt" <= ${now}
    ORDER BY "receivedAt", "id"
    LIMIT ${limit}`;
  return rows.map((row) => ({
    ...row,
    attempts: Number(row.attempts),
    headers: JSON.parse(row.headers) as Record<string, string>,
  }));
}

/**
 * Once processed, the body is no longer needed (deduplication is by the row's key) and goes:
 * it carries the customer's name, email and address, which the inbox has no reason to keep.
 */
export async function markWebhookProcessed(
  id: string,
  lastStatus: number,
  now: Date,
): Promise<void> {
  await prisma.$executeRaw`
    UPDATE "WebhookInbox" SET "status" = 'processed', "lastStatus" = ${lastStatus}, "processedAt" = ${now}, "attempts" = "attempts" + 1,
      "body" = ''
    WHERE "id" = ${id}`;
}

export async function scheduleWebhookRetry(
  id: string,
  update: { lastStatus: number | null; lastError: string; nextAttemptAt: Date },
): Promise<void> {
  await prisma.$executeRaw`
    UPDATE "WebhookInbox" SET "attempts" = "attempts" + 1, "lastStatus" = ${update.lastStatus}, "lastError" = ${update.lastError},
      "nextAttemptAt" = ${update.nextAttemptAt}
    WHERE "id" = ${id}`;
}

export async function markWebhookFailed(
  id: string,
  update: { lastStatus: number | null; lastError: string },
): Promise<void> {
  await prisma.$executeRaw`
    UPDATE "WebhookInbox" SET "status" = 'failed', "attempts" = "attempts" + 1, "lastStatus" = ${update.lastStatus}, "lastError" = ${update.lastError}
    WHERE "id" = ${id}`;
}

export async function countWebhooksByStatus(): Promise<Record<string, number>> {
  const rows = await prisma.$queryRaw<
    { status: string; count: number | bigint }[]
  >`
    SELECT "status", COUNT(*) AS "count" FROM "WebhookInbox" GROUP BY "status"`;
  return Object.fromEntries(rows.map((row) => [row.status, Number(row.count)]));
}

/** Processed rows are kept a while for inspection, then pruned. */
export async function pruneProcessedWebhooks(olderThan: Date): Promise<number> {
  return prisma.$executeRaw`DELETE FROM "WebhookInbox" WHERE "status" = 'processed' AND "processedAt" < ${olderThan}`;
}

/** The shop's inbox rows that still hold a body (pending, failed, or processed before bodies were dropped). */
export async function listWebhookBodies(
  db: Tx,
  shopDomain: string,
): Promise<{ id: string; topic: string; status: string; body: string }[]> {
  return db.$queryRaw`
    SELECT "id", "topic", "status", "body" FROM "WebhookInbox"
    WHERE "shopDomain" = ${shopDomain} AND "body" <> ''`;
}

/**
 * customers/redact: erases the bodies of these rows. One still waiting for processing can no
 * longer be processed from its body: it is marked failed, and its order is listed for the
 * merchant's attention by the caller (re-read from the Admin API, without the body).
 */
export async function eraseWebhookBodies(
  db: Tx,
  ids: string[],
  reason: string,
): Promise<number> {
  if (ids.length === 0) return 0;
  return db.$executeRaw`
    UPDATE "WebhookInbox" SET "body" = '',
      "status" = CASE WHEN "status" = 'received' THEN 'failed' ELSE "status" END,
      "lastError" = CASE WHEN "status" = 'received' THEN ${reason} ELSE "lastError" END
    WHERE "id" IN (${Prisma.join(ids)})`;
}
