import * as clock from "~/clock.server";
import {
  enqueueOutboxJob,
  enqueueRecurringJob,
  type OutboxJobKind,
} from "~/models/outbox.server";
import {
  findReconcileEveryMinutes,
  savePeriodicRun,
} from "~/models/periodic-run.server";
import { findInstalledShop } from "~/models/shop.server";
import { database, inTransaction, type Tx } from "~/models/transaction.server";

/**
 * The periodic work of issue 3, as recurring outbox jobs (one waiting per shop and kind, by
 * coalesce key, and one per shop, kind and period, by period key): the worker that already drains
 * the outbox runs them, with its retries, and no second loop is needed. The worker queues the next
 * run before each run (app/jobs/, docs/decisions/0021-jobs.md); each run records itself in PeriodicRun.
 * - reconcile_orders: every `Program.reconcileEveryMinutes` (15 by default);
 * - sweep_expiry: hourly (expiry dates fall at any time of day in the shop's zone);
 * - review_tiers: hourly (downgrades when a tier's window ends);
 * - award_retroactive: queued when the merchant asks (settings), runs pending RetroactiveRuns.
 */

export type PeriodicJobKind = Extract<
  OutboxJobKind,
  "reconcile_orders" | "sweep_expiry" | "review_tiers"
>;
export const PERIODIC_JOB_KINDS: readonly PeriodicJobKind[] = [
  "reconcile_orders",
  "sweep_expiry",
  "review_tiers",
];

const HOUR_MS = 60 * 60_000;

async function intervalMs(
  db: Tx,
  shop: string,
  kind: PeriodicJobKind,
): Promise<number> {
  if (kind !== "reconcile_orders") return HOUR_MS;
  const minutes = await findReconcileEveryMinutes(db, shop);
  return Math.max(1, minutes ?? 15) * 60_000;
}

/** Queues the next run of a periodic job (nothing if one is already waiting, or the shop is gone). */
export async function schedulePeriodicJob(
  tx: Tx,
  shop: string,
  kind: PeriodicJobKind,
  now: Date,
  delayMs?: number,
): Promise<void> {
  const everyMs = await intervalMs(tx, shop, kind);
  const runAfter = new Date(now.getTime() + (delayMs ?? everyMs));
  await enqueueRecurringJob(
    tx,
    { shopDomain: shop, kind, runAfter, everyMs },
    now,
  );
}

/** The run after one starting at `now`: one period later, while the shop has the app. */
export async function nextPeriodicRun(
  shop: string,
  kind: PeriodicJobKind,
  now: Date,
): Promise<{ runAfter: Date; everyMs: number } | null> {
  if (!(await findInstalledShop(database, shop))) return null;
  const everyMs = await intervalMs(database, shop, kind);
  return { runAfter: new Date(now.getTime() + everyMs), everyMs };
}

/** At install (and as a safety net when the settings page opens): every periodic job waiting once. */
export async function ensurePeriodicJobs(
  tx: Tx,
  shop: string,
  now: Date,
): Promise<void> {
  for (const kind of PERIODIC_JOB_KINDS)
    await schedulePeriodicJob(
      tx,
      shop,
      kind,
      now,
      kind === "reconcile_orders" ? undefined : 60_000,
    );
}

export function startPeriodicJobs(
  shop: string,
  now = clock.now(),
): Promise<void> {
  return inTransaction((tx) => ensurePeriodicJobs(tx, shop, now));
}

export function queueRetroactiveAward(tx: Tx, shop: string, now: Date) {
  return enqueueOutboxJob(
    tx,
    {
      shopDomain: shop,
      kind: "award_retroactive",
      payload: {},
      coalesceKey: `award_retroactive:${shop}`,
      runAfter: now,
    },
    now,
  );
}

/** What the settings page shows: when a periodic job last ran and when it runs next. */
export async function recordPeriodicRun(
  shop: string,
  kind: PeriodicJobKind,
  now: Date,
): Promise<void> {
  await inTransaction(async (tx) => {
    const nextRunAt = new Date(
      now.getTime() + (await intervalMs(tx, shop, kind)),
    );
    await savePeriodicRun(tx, shop, kind, { lastRunAt: now, nextRunAt });
  });
}
