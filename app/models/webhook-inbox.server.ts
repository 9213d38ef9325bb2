import { Prisma } from "@prisma/client";

import prisma from "~/db.server";
import { newId } from "~/models/ids.server";
import { FOR_UPDATE_SKIP_LOCKED } from "~/models/row-locks.server";
import { sqlExecute, sqlRows } from "~/models/sql.server";
import { type Tx } from "~/models/transaction.server";
import { type VerifiedWebhook } from "~/webhooks/verified-webhook";

/**
 * Webhooks stored at the door and processed after (docs/decisions/0004-webhook-inbox.md and
 * 0022-verified-webhook-inbox.md). Raw SQL: the store runs once per webhook on the
 * acknowledgement path and the claim is one statement, where a Prisma model query's planning
 * would cost more than the statement.
 */

export interface IncomingWebhook {
  event: VerifiedWebhook;
  /** See WebhookHandler.orderingKeyOf; null: the event waits for nothing. */
  orderingKey: string | null;
}

/** A row claimed by one drain: the verified event, and how many attempts it has had. */
export interface ClaimedWebhook {
  id: string;
  event: VerifiedWebhook;
  attempts: number;
}

type PendingStore = {
  row: IncomingWebhook;
  at: Date;
  done: (error: unknown, stored?: boolean) => void;
};
let pending: PendingStore[] = [];
let flushScheduled = false;

/**
 * Stores a verified webhook once per (shop, topic, event id); a second delivery of the same event
 * is a no-op ("duplicate"). Deliveries arriving together are written by one multi-row INSERT
 * (group commit): the promise resolves only once the row is committed, so nothing is
 * acknowledged before it is stored.
 */
export function storeVerifiedWebhook(
  webhook: IncomingWebhook,
  now: Date,
): Promise<"stored" | "duplicate"> {
  return new Promise((resolve, reject) => {
    pending.push({
      row: webhook,
      at: now,
      done: (error, stored) =>
        error ? reject(error) : resolve(stored ? "stored" : "duplicate"),
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
    const chunk = batch
      .slice(start, start + MAX_ROWS_PER_INSERT)
      .map((item) => ({ ...item, id: newId(item.at.getTime()) }));
    try {
      const values = chunk.map(({ id, row: { event, orderingKey }, at }) => {
        return Prisma.sql`(${id}, ${event.shopDomain}, ${event.topic}, ${event.eventId}, ${event.webhookId},
          ${`/webhooks/${event.topic}`}, '{}', ${event.body}, 'received', 0, ${at}, ${at}, 'verified',
          ${event.apiVersion}, ${event.triggeredAt}, ${orderingKey})`;
      });
      const inserted = await sqlRows<{ id: string }>(
        prisma,
        Prisma.sql`
        INSERT INTO "WebhookInbox" ("id", "shopDomain", "topic", "eventId", "webhookId", "path", "headers", "body", "status", "attempts",
          "nextAttemptAt", "receivedAt", "format", "apiVersion", "triggeredAt", "orderingKey")
        VALUES ${Prisma.join(values)}
        ON CONFLICT ("shopDomain", "topic", "eventId") DO NOTHING
        RETURNING "id"`,
      );
      const stored = new Set(inserted.map((row) => row.id));
      for (const item of chunk) item.done(null, stored.has(item.id));
    } catch (error) {
      for (const item of chunk) item.done(error);
    }
  }
}

interface InboxRow {
  id: string;
  shopDomain: string;
  topic: string;
  eventId: string;
  webhookId: string;
  format: string;
  headers: string;
  body: string;
  apiVersion: string;
  triggeredAt: string | null;
  attempts: number | bigint;
  receivedAt: Date | string | number;
}

/**
 * A replay row (stored before ADR 0022) holds the signed request: its headers say what a verified
 * row says in columns. It was verified when stored and is not verified again.
 */
function claimedWebhookOf(row: InboxRow): ClaimedWebhook {
  let apiVersion = row.apiVersion;
  let triggeredAt = row.triggeredAt;
  if (row.format === "replay") {
    const headers = JSON.parse(row.headers) as Record<string, string>;
    apiVersion = headers["x-shopify-api-version"] ?? "";
    triggeredAt = headers["x-shopify-triggered-at"] ?? null;
  }
  return {
    id: row.id,
    attempts: Number(row.attempts),
    event: {
      shopDomain: row.shopDomain,
      topic: row.topic,
      eventId: row.eventId,
      webhookId: row.webhookId,
      apiVersion,
      triggeredAt,
      body: row.body,
    },
  };
}

const time = (value: Date | string | number) => new Date(value).getTime();

/**
 * Claims up to `limit` due webhooks for `claimer` until `leaseUntil`, first due first (then
 * oldest; the index on status, due time, arrival and id serves this order, so a claim reads a few
 * rows however long the backlog: ADR 0029): rows no one
 * holds (or whose holder's lease ran out: it died), and of each ordering key only the oldest
 * unfinished event, so an order's events never run side by side or out of order, whichever
 * instance holds them. One statement: a conditional update on SQLite (its single writer runs it
 * whole), `FOR UPDATE SKIP LOCKED` on PostgreSQL (two instances never wait on, nor take, the
 * same row).
 */
export async function claimDueWebhooks(
  claim: { claimer: string; limit: number; leaseUntil: Date },
  now: Date,
): Promise<ClaimedWebhook[]> {
  const rows = await sqlRows<InboxRow>(
    prisma,
    Prisma.sql`
    UPDATE "WebhookInbox" SET "claimedBy" = ${claim.claimer}, "leaseUntil" = ${claim.leaseUntil}
    WHERE "id" IN (
      SELECT w."id" FROM "WebhookInbox" w
      WHERE w."status" = 'received' AND w."nextAttemptAt" <= ${now}
        AND (w."leaseUntil" IS NULL OR w."leaseUntil" < ${now})
        AND NOT EXISTS (
          SELECT 1 FROM "WebhookInbox" e
          WHERE e."shopDomain" = w."shopDomain" AND e."orderingKey" = w."orderingKey"
            AND e."status" = 'received'
            AND (e."receivedAt" < w."receivedAt" OR (e."receivedAt" = w."receivedAt" AND e."id" < w."id")))
      ORDER BY w."nextAttemptAt", w."receivedAt", w."id"
      LIMIT ${claim.limit}
      ${FOR_UPDATE_SKIP_LOCKED})
    RETURNING "id", "shopDomain", "topic", "eventId", "webhookId", "format", "headers", "body", "apiVersion", "triggeredAt",
      "attempts", "receivedAt"`,
  );
  return rows
    .sort(
      (a, b) =>
        time(a.receivedAt) - time(b.receivedAt) || (a.id < b.id ? -1 : 1),
    )
    .map(claimedWebhookOf);
}

/** The heartbeat: the rows `claimer` still holds stay its own until `leaseUntil`. */
export async function renewWebhookLeases(
  claimer: string,
  ids: string[],
  leaseUntil: Date,
): Promise<void> {
  if (ids.length === 0) return;
  await sqlExecute(
    prisma,
    Prisma.sql`
    UPDATE "WebhookInbox" SET "leaseUntil" = ${leaseUntil}
    WHERE "claimedBy" = ${claimer} AND "status" = 'received' AND "id" IN (${Prisma.join(ids)})`,
  );
}

/**
 * Once processed, the body is no longer needed (deduplication is by the row's key) and goes:
 * it carries the customer's name, email and address, which the inbox has no reason to keep.
 */
export async function markWebhookProcessed(
  id: string,
  outcome: string,
  now: Date,
): Promise<void> {
  await sqlExecute(
    prisma,
    Prisma.sql`
    UPDATE "WebhookInbox" SET "status" = 'processed', "lastStatus" = 200, "lastError" = ${outcome === "processed" ? null : outcome},
      "processedAt" = ${now}, "attempts" = "attempts" + 1, "body" = '', "claimedBy" = NULL, "leaseUntil" = NULL
    WHERE "id" = ${id}`,
  );
}

/** A batch's rows processed, in the batch's transaction (PostgreSQL: `= ANY` of an array). */
export async function markWebhooksProcessed(
  db: Tx,
  ids: string[],
  now: Date,
): Promise<void> {
  if (ids.length === 0) return;
  await sqlExecute(
    db,
    Prisma.sql`
    UPDATE "WebhookInbox" SET "status" = 'processed', "lastStatus" = 200, "lastError" = NULL,
      "processedAt" = ${now}, "attempts" = "attempts" + 1, "body" = '', "claimedBy" = NULL, "leaseUntil" = NULL
    WHERE "id" = ANY(${ids}::text[])`,
  );
}

export async function scheduleWebhookRetry(
  id: string,
  update: { lastError: string; nextAttemptAt: Date },
): Promise<void> {
  await sqlExecute(
    prisma,
    Prisma.sql`
    UPDATE "WebhookInbox" SET "attempts" = "attempts" + 1, "lastStatus" = NULL, "lastError" = ${update.lastError},
      "nextAttemptAt" = ${update.nextAttemptAt}, "claimedBy" = NULL, "leaseUntil" = NULL
    WHERE "id" = ${id}`,
  );
}

export async function markWebhookFailed(
  id: string,
  update: { lastError: string },
): Promise<void> {
  await sqlExecute(
    prisma,
    Prisma.sql`
    UPDATE "WebhookInbox" SET "status" = 'failed', "attempts" = "attempts" + 1, "lastStatus" = NULL, "lastError" = ${update.lastError},
      "claimedBy" = NULL, "leaseUntil" = NULL
    WHERE "id" = ${id}`,
  );
}

/** Replay rows still waiting and not yet keyed (stored before ADR 0022, or by an instance not yet upgraded). */
export async function listUnkeyedWebhooks(
  limit: number,
): Promise<{ id: string; topic: string; body: string }[]> {
  return sqlRows(
    prisma,
    Prisma.sql`
    SELECT "id", "topic", "body" FROM "WebhookInbox"
    WHERE "status" = 'received' AND "orderingKey" IS NULL AND "format" = 'replay'
    LIMIT ${limit}`,
  );
}

export async function setWebhookOrderingKey(
  id: string,
  orderingKey: string,
): Promise<void> {
  await sqlExecute(
    prisma,
    Prisma.sql`
    UPDATE "WebhookInbox" SET "orderingKey" = ${orderingKey} WHERE "id" = ${id} AND "orderingKey" IS NULL`,
  );
}

export async function countWebhooksByStatus(): Promise<Record<string, number>> {
  const rows = await sqlRows<{ status: string; count: number | bigint }>(
    prisma,
    Prisma.sql`
    SELECT "status", COUNT(*) AS "count" FROM "WebhookInbox" GROUP BY "status"`,
  );
  return Object.fromEntries(rows.map((row) => [row.status, Number(row.count)]));
}

/** Processed rows are kept a while for inspection, then pruned. */
export async function pruneProcessedWebhooks(olderThan: Date): Promise<number> {
  return sqlExecute(
    prisma,
    Prisma.sql`DELETE FROM "WebhookInbox" WHERE "status" = 'processed' AND "processedAt" < ${olderThan}`,
  );
}

/** The shop's inbox rows that still hold a body (pending, failed, or processed before bodies were dropped). */
export async function listWebhookBodies(
  db: Tx,
  shopDomain: string,
): Promise<{ id: string; topic: string; status: string; body: string }[]> {
  return sqlRows(
    db,
    Prisma.sql`
    SELECT "id", "topic", "status", "body" FROM "WebhookInbox"
    WHERE "shopDomain" = ${shopDomain} AND "body" <> ''`,
  );
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
  return sqlExecute(
    db,
    Prisma.sql`
    UPDATE "WebhookInbox" SET "body" = '',
      "status" = CASE WHEN "status" = 'received' THEN 'failed' ELSE "status" END,
      "lastError" = CASE WHEN "status" = 'received' THEN ${reason} ELSE "lastError" END
    WHERE "id" IN (${Prisma.join(ids)})`,
  );
}
