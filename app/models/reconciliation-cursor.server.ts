import { type Tx } from "~/models/transaction.server";

/** Where reconciliation left off for a shop (`ReconciliationCursor`), and how its last pass went. */

export function findReconciliationCursor(db: Tx, shopDomain: string) {
  return db.reconciliationCursor.findUnique({ where: { shopDomain } });
}

export interface ReconciliationPass {
  /** The newest `updated_at` settled, or null when the pass moved nothing forward. */
  updatedSince: Date | null;
  /** Where a first pass starts: the shop's install time. */
  installedAt: Date;
  ordersSeen: number;
  error: string | null;
  now: Date;
}

/** Records a pass: the cursor moves forward only when orders were seen; the counters add up. */
export function recordReconciliationPass(
  db: Tx,
  shopDomain: string,
  pass: ReconciliationPass,
) {
  return db.reconciliationCursor.upsert({
    where: { shopDomain },
    create: {
      shopDomain,
      updatedSince: pass.updatedSince ?? pass.installedAt,
      lastRunAt: pass.now,
      lastError: pass.error,
      ordersSeen: pass.ordersSeen,
    },
    update: {
      updatedSince: pass.updatedSince ?? undefined,
      lastRunAt: pass.now,
      lastError: pass.error,
      ordersSeen: { increment: pass.ordersSeen },
    },
  });
}
