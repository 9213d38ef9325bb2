import { type Tx } from "~/models/transaction.server";

/** How often the shop's orders are reconciled, in minutes (null when the shop has no program). */
export async function findReconcileEveryMinutes(
  db: Tx,
  shop: string,
): Promise<number | null> {
  const program = await db.program.findUnique({
    where: { shopDomain: shop },
    select: { reconcileEveryMinutes: true },
  });
  return program?.reconcileEveryMinutes ?? null;
}

/** When a periodic job last ran and when it runs next (the settings page shows both). */
export async function savePeriodicRun(
  tx: Tx,
  shop: string,
  job: string,
  times: { lastRunAt: Date; nextRunAt: Date },
): Promise<void> {
  await tx.periodicRun.upsert({
    where: { shopDomain_job: { shopDomain: shop, job } },
    create: { shopDomain: shop, job, ...times },
    update: times,
  });
}
