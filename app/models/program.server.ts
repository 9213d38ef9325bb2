import { type Program } from "@prisma/client";

import { DEFAULT_EARNING_RULES } from "~/loyalty/earning";
import { type EarningRules } from "~/loyalty/types";
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
