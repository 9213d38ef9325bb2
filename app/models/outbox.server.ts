import { type OutboxJob, Prisma } from "@prisma/client";

import { databaseDialect } from "~/db.server";
import { newId } from "~/models/ids.server";
import { FOR_UPDATE_SKIP_LOCKED } from "~/models/row-locks.server";
import { sqlExecute, sqlRows } from "~/models/sql.server";
import { database, inTransaction, type Tx } from "~/models/transaction.server";

/**
 * The outbox: work that must reach Shopify, written in the same transaction as the change that
 * needs it, and done later by the worker (app/services/worker.server.ts) with retries.
 */

export const OUTBOX_JOB_KINDS = [
  "mirror_member",
  "ensure_metafield_definitions",
  "sync_shop_profile",
  // A pending order award whose delay runs out at `runAfter` (app/services/pending-awards.server.ts).
  "post_pending_award",
  // The daily birthday sweep of one shop; each run queues the next (app/services/earn-actions.server.ts).
  "award_birthdays",
  // Issue 4: mint a redemption's code; deactivate an unused one (cancelled, expired); the shop's
  // periodic redemption sweep (expiry, repair of stuck reservations), re-queued by itself.
  "mint_discount_code",
  "deactivate_discount_code",
  "sweep_redemptions",
  // The VIP tier as a customer tag (loyalty-tier-gold), the previous tier's tag removed.
  "sync_member_tier_tag",
  // Per shop, each run queues the next (app/services/periodic-jobs.server.ts): reconciliation with
  // the Admin API, the expiry sweep, tier downgrades at window ends; retroactive points on demand.
  "reconcile_orders",
  "sweep_expiry",
  "review_tiers",
  "award_retroactive",
  // The program's identity and switch as an app-data metafield the theme extension reads (ADR 0013).
  "mirror_program",
  // A webhook the app could not read: its order read again from the Admin API and settled
  // (app/services/webhook-attention.server.ts).
  "reread_order",
] as const;
export type OutboxJobKind = (typeof OUTBOX_JOB_KINDS)[number];

export interface NewOutboxJob {
  shopDomain: string;
  kind: OutboxJobKind;
  payload: Record<string, unknown>;
  /**
   * At most one pending job per key: later changes collapse into the job already waiting,
   * which reads the current state when it runs. The worker clears the key when it claims the
   * job, so a change made while it runs enqueues a fresh one.
   */
  coalesceKey?: string;
  /** When the job may run; defaults to `now`. */
  runAfter?: Date;
  /**
   * A recurring job's period: unlike the coalesce key it stays on the row once claimed, so the same
   * period is never queued twice, whoever queues it (see `enqueueRecurringJob`).
   */
  periodKey?: string;
}

/**
 * Queues a job, or leaves the already-pending one with the same key in place (then `jobId` is null).
 * `now` is the caller's clock: the worker compares `runAfter` with its own, so both must be the same.
 */
export async function enqueueOutboxJob(
  tx: Tx,
  job: NewOutboxJob,
  now: Date,
): Promise<
  { jobId: string; coalesced: false } | { jobId: null; coalesced: true }
> {
  const id = newId(now.getTime());
  // One statement on the hot path (every balance change): the unique coalesceKey and periodKey do
  // the coalescing, also against another process. NULL keys never conflict.
  const inserted = await sqlExecute(
    tx,
    Prisma.sql`
    INSERT INTO "OutboxJob" ("id", "shopDomain", "kind", "payload", "coalesceKey", "periodKey", "status", "attempts", "runAfter", "createdAt", "updatedAt")
    VALUES (${id}, ${job.shopDomain}, ${job.kind}, ${JSON.stringify(job.payload)}, ${job.coalesceKey ?? null}, ${job.periodKey ?? null}, 'pending', 0,
      ${job.runAfter ?? now}, ${now}, ${now})
    ON CONFLICT DO NOTHING`,
  );
  return inserted === 1
    ? { jobId: id, coalesced: false }
    : { jobId: null, coalesced: true };
}

/** The start of the period of length `everyMs` that holds `at` (periods are counted from the epoch). */
export function periodStart(at: Date, everyMs: number): Date {
  return new Date(Math.floor(at.getTime() / everyMs) * everyMs);
}

/**
 * Queues the run of a recurring job (reconciliation, expiry, tier reviews, birthdays, redemption
 * sweeps) due at `runAfter`: at most one waiting per shop and kind (coalesce key), and at most one
 * per shop, kind and period of `everyMs` ever (period key), so two instances re-arming, or the
 * settings page and the worker, never queue one period twice (docs/decisions/0021-jobs.md).
 */
export function enqueueRecurringJob(
  tx: Tx,
  job: {
    shopDomain: string;
    kind: OutboxJobKind;
    runAfter: Date;
    everyMs: number;
  },
  now: Date,
) {
  const { shopDomain, kind, runAfter, everyMs } = job;
  return enqueueOutboxJob(
    tx,
    {
      shopDomain,
      kind,
      payload: {},
      coalesceKey: `${kind}:${shopDomain}`,
      periodKey: `${kind}:${shopDomain}:${periodStart(runAfter, everyMs).toISOString()}`,
      runAfter,
    },
    now,
  );
}

/** After any balance change: rewrite the member's mirror metafields (DESIGN.md, "Balance mirror"). */
export function enqueueMemberMirror(
  tx: Tx,
  shopDomain: string,
  memberId: string,
  now: Date,
) {
  return enqueueOutboxJob(
    tx,
    {
      shopDomain,
      kind: "mirror_member",
      payload: { memberId },
      coalesceKey: `mirror_member:${memberId}`,
    },
    now,
  );
}

/**
 * Claims up to `limit` due jobs: pending ones whose time has come, and running ones whose
 * lease ran out (their worker died). On PostgreSQL the rows are taken with
 * `FOR UPDATE SKIP LOCKED`: instances claiming at once take different jobs without waiting on
 * each other; on SQLite the transaction already runs alone. Either way a job is claimed by one
 * worker at a time.
 */
export function claimDueOutboxJobs(options: {
  now: Date;
  limit: number;
  leaseMs: number;
}): Promise<OutboxJob[]> {
  const { now, limit, leaseMs } = options;
  const due: Prisma.OutboxJobWhereInput = {
    OR: [
      { status: "pending", runAfter: { lte: now } },
      { status: "running", lockedUntil: { lt: now } },
    ],
  };
  return inTransaction(async (tx) => {
    const ids =
      databaseDialect === "postgres"
        ? (
            await sqlRows<{ id: string }>(
              tx,
              Prisma.sql`
              SELECT "id" FROM "OutboxJob"
              WHERE ("status" = 'pending' AND "runAfter" <= ${now})
                 OR ("status" = 'running' AND "lockedUntil" < ${now})
              ORDER BY "runAfter", "createdAt"
              LIMIT ${limit} ${FOR_UPDATE_SKIP_LOCKED}`,
            )
          ).map((row) => row.id)
        : (
            await tx.outboxJob.findMany({
              where: due,
              orderBy: [{ runAfter: "asc" }, { createdAt: "asc" }],
              take: limit,
              select: { id: true },
            })
          ).map((row) => row.id);
    if (ids.length === 0) return [];
    const lockedUntil = new Date(now.getTime() + leaseMs);
    await tx.outboxJob.updateMany({
      where: { id: { in: ids }, ...due },
      data: {
        status: "running",
        lockedUntil,
        coalesceKey: null,
        updatedAt: now,
      },
    });
    return tx.outboxJob.findMany({
      where: { id: { in: ids }, status: "running", lockedUntil },
      orderBy: [{ runAfter: "asc" }, { createdAt: "asc" }],
    });
  });
}

/**
 * The heartbeat of a job in hand: its lease moves on while its worker lives, so a lease can be
 * short (a killed worker's job is taken again soon) without a slow job being taken from a live
 * worker. False when the job is no longer this worker's (done, or its lease ran out and it was
 * claimed again).
 */
export async function extendOutboxLease(
  db: Tx,
  id: string,
  lease: { heldUntil: Date; until: Date },
  now: Date,
): Promise<boolean> {
  const { count } = await db.outboxJob.updateMany({
    where: { id, status: "running", lockedUntil: lease.heldUntil },
    data: { lockedUntil: lease.until, updatedAt: now },
  });
  return count === 1;
}

/**
 * The end of a run, written only while the job is still the caller's: `lease` is the lease it
 * holds (as last renewed). False when it is no longer its own: its lease ran out and another
 * worker claimed the job, whose run now decides the outcome.
 */
async function settleRunningJob(
  db: Tx,
  id: string,
  lease: Date,
  data: Prisma.OutboxJobUpdateManyMutationInput,
): Promise<boolean> {
  const { count } = await db.outboxJob.updateMany({
    where: { id, status: "running", lockedUntil: lease },
    data: { lockedUntil: null, ...data },
  });
  return count === 1;
}

export function completeOutboxJob(
  db: Tx,
  id: string,
  lease: Date,
  now: Date,
): Promise<boolean> {
  return settleRunningJob(db, id, lease, {
    status: "done",
    lastError: null,
    updatedAt: now,
  });
}

/** A claimed job not started (its worker is stopping): back to pending, for any worker now. */
export function releaseOutboxJob(
  db: Tx,
  id: string,
  lease: Date,
  now: Date,
): Promise<boolean> {
  return settleRunningJob(db, id, lease, {
    status: "pending",
    updatedAt: now,
  });
}

/** Back to pending, to run again after `runAfter`. */
export function rescheduleOutboxJob(
  db: Tx,
  id: string,
  lease: Date,
  update: { runAfter: Date; attempts: number; lastError: string },
  now: Date,
): Promise<boolean> {
  return settleRunningJob(db, id, lease, {
    status: "pending",
    ...update,
    updatedAt: now,
  });
}

export function failOutboxJob(
  db: Tx,
  id: string,
  lease: Date,
  update: { attempts: number; lastError: string },
  now: Date,
): Promise<boolean> {
  return settleRunningJob(db, id, lease, {
    status: "failed",
    ...update,
    updatedAt: now,
  });
}

/**
 * Deletes the jobs that finished well (`done`) before `olderThan`, `batch` rows per
 * statement so a first prune of a large table never holds the database for long. Every balance
 * change leaves one (the member's mirror): kept, the table grows with the ledger. Failed jobs
 * stay for whoever looks into them. A recurring job's period key goes with its row, which is
 * safe once the period is long over: periods are an hour, a day at most, and a job is queued
 * for now or later, never for a past period.
 */
export async function pruneFinishedOutboxJobs(
  olderThan: Date,
  batch = 5_000,
): Promise<number> {
  let pruned = 0;
  for (;;) {
    const deleted = await sqlExecute(
      database,
      Prisma.sql`
      DELETE FROM "OutboxJob" WHERE "id" IN (
        SELECT "id" FROM "OutboxJob"
        WHERE "status" = 'done' AND "runAfter" < ${olderThan} AND "updatedAt" < ${olderThan}
        LIMIT ${batch})`,
    );
    pruned += deleted;
    if (deleted < batch) return pruned;
  }
}
