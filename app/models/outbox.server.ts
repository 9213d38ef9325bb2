import { type OutboxJob } from "@prisma/client";

import { newId } from "~/models/ids.server";
import { type Tx } from "~/models/transaction.server";

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
  // One statement on the hot path (every balance change): the unique coalesceKey does the
  // coalescing, also against another process. NULL keys never conflict.
  const inserted = await tx.$executeRaw`
    INSERT INTO "OutboxJob" ("id", "shopDomain", "kind", "payload", "coalesceKey", "status", "attempts", "runAfter", "createdAt", "updatedAt")
    VALUES (${id}, ${job.shopDomain}, ${job.kind}, ${JSON.stringify(job.payload)}, ${job.coalesceKey ?? null}, 'pending', 0,
      ${job.runAfter ?? now}, ${now}, ${now})
    ON CONFLICT ("coalesceKey") DO NOTHING`;
  return inserted === 1
    ? { jobId: id, coalesced: false }
    : { jobId: null, coalesced: true };
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
 * lease ran out (their worker died). Each claim is a conditional update, so two workers
 * (the in-process one and `npm run worker`) never run the same job at the same time.
 */
export async function claimDueOutboxJobs(
  db: Tx,
  options: { now: Date; limit: number; leaseMs: number },
): Promise<OutboxJob[]> {
  const { now, limit, leaseMs } = options;
  const candidates = await db.outboxJob.findMany({
    where: {
      OR: [
        { status: "pending", runAfter: { lte: now } },
        { status: "running", lockedUntil: { lt: now } },
      ],
    },
    orderBy: [{ runAfter: "asc" }, { createdAt: "asc" }],
    take: limit,
  });
  const lockedUntil = new Date(now.getTime() + leaseMs);
  const claimed: OutboxJob[] = [];
  for (const job of candidates) {
    const { count } = await db.outboxJob.updateMany({
      where: { id: job.id, status: job.status, lockedUntil: job.lockedUntil },
      data: {
        status: "running",
        lockedUntil,
        coalesceKey: null,
        updatedAt: now,
      },
    });
    if (count === 1)
      claimed.push({
        ...job,
        status: "running",
        lockedUntil,
        coalesceKey: null,
      });
  }
  return claimed;
}

export function completeOutboxJob(db: Tx, id: string, now: Date) {
  return db.outboxJob.updateMany({
    where: { id, status: "running" },
    data: {
      status: "done",
      lockedUntil: null,
      lastError: null,
      updatedAt: now,
    },
  });
}

/** Back to pending, to run again after `runAfter`. */
export function rescheduleOutboxJob(
  db: Tx,
  id: string,
  update: { runAfter: Date; attempts: number; lastError: string },
  now: Date,
) {
  return db.outboxJob.updateMany({
    where: { id, status: "running" },
    data: { status: "pending", lockedUntil: null, ...update, updatedAt: now },
  });
}

export function failOutboxJob(
  db: Tx,
  id: string,
  update: { attempts: number; lastError: string },
  now: Date,
) {
  return db.outboxJob.updateMany({
    where: { id, status: "running" },
    data: { status: "failed", lockedUntil: null, ...update, updatedAt: now },
  });
}
