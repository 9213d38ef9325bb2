import * as clock from "~/clock.server";
import prisma from "~/db.server";
import { enqueueOutboxJob, type OutboxJobKind } from "~/models/outbox.server";
import { findInstalledShop } from "~/models/shop.server";
import { inTransaction, type Tx } from "~/models/transaction.server";

/**
 * The periodic work of issue 3, as self-renewing outbox jobs (one waiting per shop and kind, by
 * coalesce key): the worker that already drains the outbox runs them, with its retries, and no
 * second loop is needed. Each run records itself in PeriodicRun and queues the next.
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
  const program = await db.program.findUnique({
    where: { shopDomain: shop },
    select: { reconcileEveryMinutes: true },
  });
  return Math.max(1, program?.reconcileEveryMinutes ?? 15) * 60_000;
}

/** Queues the next run of a periodic job (nothing if one is already waiting, or the shop is gone). */
export async function schedulePeriodicJob(
  tx: Tx,
  shop: string,
  kind: PeriodicJobKind,
  now: Date,
  delayMs?: number,
): Promise<void> {
  const runAfter = new Date(
    now.getTime() + (delayMs ?? (await intervalMs(tx, shop, kind))),
  );
  await enqueueOutboxJob(
    tx,
    {
      shopDomain: shop,
      kind,
      payload: {},
      coalesceKey: `${kind}:${shop}`,
      runAfter,
    },
    now,
  );
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

/** Runs one periodic job for a shop and queues its next run. */
export async function runPeriodicJob(
  shop: string,
  kind: PeriodicJobKind,
  now = clock.now(),
): Promise<unknown> {
  if (!(await findInstalledShop(prisma, shop))) return null;
  let result: unknown;
  if (kind === "reconcile_orders") {
    const { reconcileShop } = await import("~/services/reconciliation.server");
    result = await reconcileShop(shop, { now });
  } else if (kind === "sweep_expiry") {
    const { runExpirySweep } = await import("~/services/expiry.server");
    result = await runExpirySweep(shop, now);
  } else {
    const { reviewTiers } = await import("~/services/tiers.server");
    result = await reviewTiers(shop, now);
  }
  await inTransaction(async (tx) => {
    const every = await intervalMs(tx, shop, kind);
    await tx.periodicRun.upsert({
      where: { shopDomain_job: { shopDomain: shop, job: kind } },
      create: {
        shopDomain: shop,
        job: kind,
        lastRunAt: now,
        nextRunAt: new Date(now.getTime() + every),
      },
      update: { lastRunAt: now, nextRunAt: new Date(now.getTime() + every) },
    });
    await schedulePeriodicJob(tx, shop, kind, now, every);
  });
  return result;
}

export async function runRetroactiveJob(
  shop: string,
  now = clock.now(),
): Promise<void> {
  const { runPendingRetroactiveRuns } =
    await import("~/services/reconciliation.server");
  await runPendingRetroactiveRuns(shop, { now });
}

export function listPeriodicRuns(shop: string) {
  return prisma.periodicRun.findMany({ where: { shopDomain: shop } });
}
