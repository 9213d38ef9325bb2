import { type RetroactiveRun } from "@prisma/client";

import { type Tx } from "~/models/transaction.server";

/** Retroactive points asked for by the merchant (`RetroactiveRun`): one row per request. */

export function createRetroactiveRun(
  tx: Tx,
  input: { shopDomain: string; days: number; since: Date; now: Date },
): Promise<RetroactiveRun> {
  return tx.retroactiveRun.create({
    data: {
      shopDomain: input.shopDomain,
      days: input.days,
      since: input.since,
      requestedAt: input.now,
    },
  });
}

/** The run; throws when there is no such run (a job names only runs it was queued for). */
export function getRetroactiveRun(
  db: Tx,
  runId: string,
): Promise<RetroactiveRun> {
  return db.retroactiveRun.findUniqueOrThrow({ where: { id: runId } });
}

/** What one pass over the orders added to the run (the counters add up across passes). */
export interface RetroactiveProgress {
  ordersSeen: number;
  ordersAwarded: number;
  pointsAwarded: number;
  resumeCursor: string | null;
  error: string | null;
}

/** Records a pass's progress and where the run stands now. */
export function recordRetroactiveProgress(
  db: Tx,
  runId: string,
  progress: RetroactiveProgress | null,
  outcome:
    | {
        status: "done" | "failed";
        finishedAt: Date;
        attempts?: number;
        error?: string;
      }
    | { status: "pending"; attempts: number },
): Promise<RetroactiveRun> {
  const counted = progress
    ? {
        ordersSeen: { increment: progress.ordersSeen },
        ordersAwarded: { increment: progress.ordersAwarded },
        pointsAwarded: { increment: progress.pointsAwarded },
        resumeCursor: progress.resumeCursor,
        error: progress.error,
      }
    : {};
  return db.retroactiveRun.update({
    where: { id: runId },
    data: { ...counted, ...outcome },
  });
}

/** The shop's runs still to do, oldest first. */
export function listPendingRetroactiveRuns(db: Tx, shopDomain: string) {
  return db.retroactiveRun.findMany({
    where: { shopDomain, status: "pending" },
    orderBy: { requestedAt: "asc" },
  });
}

/** The shop's latest runs, newest first (the settings page). */
export function listRetroactiveRuns(db: Tx, shopDomain: string, take = 10) {
  return db.retroactiveRun.findMany({
    where: { shopDomain },
    orderBy: { requestedAt: "desc" },
    take,
  });
}
