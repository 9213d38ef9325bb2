import { findProgram } from "~/models/program.server";
import { findReconciliationCursor } from "~/models/reconciliation-cursor.server";
import { database } from "~/models/transaction.server";
import { saveExpirySettings } from "~/services/expiry.server";
import {
  heldGuestPoints,
  saveGuestClaimDays,
} from "~/services/guest-claims.server";
import { startPeriodicJobs } from "~/services/periodic-jobs.server";
import {
  listRetroactiveRuns,
  requestRetroactiveAward,
  saveReconcileInterval,
} from "~/services/reconciliation.server";

/**
 * The settings page's use cases: expiry policy, reconciliation interval, guest claim window, and
 * retroactive points on demand. Saving also makes sure the shop's periodic jobs are waiting
 * (a safety net: they normally start when the shop profile is synced after install).
 */

export interface ProgramSettingsInput {
  expiryPolicy: "none" | "inactivity" | "per_lot";
  expiryMonths: number;
  expiringSoonDays: number;
  reconcileEveryMinutes: number;
  guestClaimDays: number;
}

export async function loadProgramSettings(shop: string, now: Date) {
  const program = await findProgram(database, shop);
  const cursor = await findReconciliationCursor(database, shop);
  return {
    expiryPolicy: (program?.expiryPolicy ??
      "none") as ProgramSettingsInput["expiryPolicy"],
    expiryMonths: program?.expiryMonths ?? 12,
    expiringSoonDays: program?.expiringSoonDays ?? 30,
    reconcileEveryMinutes: program?.reconcileEveryMinutes ?? 15,
    guestClaimDays: program?.guestClaimDays ?? 90,
    lastReconciledAt: cursor?.lastRunAt ?? null,
    lastReconcileError: cursor?.lastError ?? null,
    heldGuestOrders: (await heldGuestPoints(shop, now)).length,
    runs: (await listRetroactiveRuns(shop, 5)).map((run) => ({
      id: run.id,
      days: run.days,
      status: run.status,
      ordersAwarded: run.ordersAwarded,
      pointsAwarded: run.pointsAwarded,
      attempts: run.attempts,
      requestedAt: run.requestedAt,
    })),
  };
}

export async function saveProgramSettings(
  shop: string,
  input: ProgramSettingsInput,
): Promise<void> {
  await saveExpirySettings(shop, {
    policy: input.expiryPolicy,
    months: input.expiryMonths,
    expiringSoonDays: input.expiringSoonDays,
  });
  await saveReconcileInterval(shop, input.reconcileEveryMinutes);
  await saveGuestClaimDays(shop, input.guestClaimDays);
  await startPeriodicJobs(shop);
}

export function startRetroactiveAward(shop: string, days: number, now: Date) {
  return requestRetroactiveAward(shop, days, now);
}
