import { Prisma } from "@prisma/client";
import prisma from "~/db.server";
import { newId } from "~/models/ids.server";
import { sqlExecute, sqlRows } from "~/models/sql.server";
import { type Tx } from "~/models/transaction.server";

/**
 * The per-customer redemption rate limit's log (app/loyalty/rate-limit.ts): one row per attempt
 * that counts. Read and written under the member's row lock (docs/decisions/0025-…).
 */

/** When the member's attempts since `since` were made, in milliseconds. */
export async function listRedemptionAttemptTimes(
  tx: Tx,
  memberId: string,
  since: Date,
): Promise<number[]> {
  const rows = await sqlRows<{ at: Date | string | number }>(
    tx,
    Prisma.sql`
    SELECT "at" FROM "RedemptionAttempt" WHERE "memberId" = ${memberId} AND "at" > ${since}`,
  );
  return rows.map((row) => new Date(row.at).getTime());
}

export async function recordRedemptionAttempt(
  tx: Tx,
  shopDomain: string,
  memberId: string,
  at: Date,
): Promise<void> {
  await sqlExecute(
    tx,
    Prisma.sql`
    INSERT INTO "RedemptionAttempt" ("id", "shopDomain", "memberId", "at") VALUES (${newId(at.getTime())}, ${shopDomain}, ${memberId}, ${at})`,
  );
}

/** Attempts older than every window can no longer refuse anything. */
export async function forgetRedemptionAttemptsBefore(
  shopDomain: string,
  before: Date,
  db: Tx = prisma,
): Promise<void> {
  await db.redemptionAttempt.deleteMany({
    where: { shopDomain, at: { lt: before } },
  });
}
