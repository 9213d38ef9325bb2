import { type Program, Prisma } from "@prisma/client";

import { DEFAULT_EARNING_RULES } from "~/loyalty/earning";
import { type EarningRules } from "~/loyalty/types";
import { sqlRows } from "~/models/sql.server";
import { type Tx } from "~/models/transaction.server";

/** The default program, active on install: 1 point per 1 unit of shop currency. Kept as it is on reinstall. */
export function createDefaultProgram(
  tx: Tx,
  shopDomain: string,
): Promise<Program> {
  return tx.program.upsert({
    where: { shopDomain },
    create: { shopDomain, ...DEFAULT_EARNING_RULES },
    update: {},
  });
}

/** The rules the pure core applies; a shop without a program row earns nothing. */
export function toEarningRules(
  program: Pick<
    Program,
    "active" | "earnPoints" | "earnPerAmount" | "includeTestOrders"
  > | null,
): EarningRules {
  if (!program) return { ...DEFAULT_EARNING_RULES, active: false };
  return {
    active: program.active,
    earnPoints: program.earnPoints,
    earnPerAmount: program.earnPerAmount,
    includeTestOrders: program.includeTestOrders,
  };
}

/** The shop's program; null when there is none. */
export function findProgram(
  db: Tx,
  shopDomain: string,
): Promise<Program | null> {
  return db.program.findUnique({ where: { shopDomain } });
}

/** The settings a merchant saves on the program (settings page, tiers page, ways to earn). */
export type ProgramSettings = Partial<
  Pick<
    Program,
    | "expiryPolicy"
    | "expiryMonths"
    | "expiringSoonDays"
    | "reconcileEveryMinutes"
    | "guestClaimDays"
    | "tierBasis"
    | "tierWindow"
    | "earnPoints"
    | "earnPerAmount"
  >
>;

/** Saves settings on the shop's program; throws when the shop has no program. */
export function saveProgramSettings(
  db: Tx,
  shopDomain: string,
  settings: ProgramSettings,
) {
  return db.program.update({ where: { shopDomain }, data: settings });
}

/** Saves settings on the shop's program when there is one (nothing happens otherwise). */
export function saveProgramSettingsIfAny(
  db: Tx,
  shopDomain: string,
  settings: ProgramSettings,
) {
  return db.program.updateMany({ where: { shopDomain }, data: settings });
}

/** How many days a guest order waits for its shopper's verified email (90 without a program). */
export async function guestClaimDaysOf(
  db: Tx,
  shopDomain: string,
): Promise<number> {
  // Raw SQL: every customers/create asks (docs/decisions/0029-direct-sql-on-the-hot-path.md).
  const [program] = await sqlRows<{ guestClaimDays: number }>(
    db,
    Prisma.sql`SELECT "guestClaimDays" FROM "Program" WHERE "shopDomain" = ${shopDomain}`,
  );
  return program ? Number(program.guestClaimDays) : 90;
}
