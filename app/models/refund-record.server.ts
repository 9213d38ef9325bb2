import { Prisma } from "@prisma/client";
import { z } from "zod";

import { type RefundFacts } from "~/loyalty/types";
import { newId } from "~/models/ids.server";
import { sqlExecute, sqlRows } from "~/models/sql.server";
import { type Tx } from "~/models/transaction.server";

/** RefundFacts as stored in RefundRecord.facts (JSON: the date travels as a string). */
const StoredRefundFactsSchema = z.object({
  refundId: z.string(),
  orderId: z.string(),
  lines: z.array(
    z.object({
      lineId: z.string(),
      quantity: z.number().int(),
      subtotal: z.number().int(),
      tax: z.number().int(),
      giftCard: z.boolean(),
    }),
  ),
  otherAmount: z.number().int(),
  createdAt: z.coerce.date(),
});

/** Keeps the refund, even before its order is known: the reversal is computed once the award exists. */
export async function recordRefund(
  tx: Tx,
  shopDomain: string,
  refund: RefundFacts,
  now: Date,
): Promise<{ created: boolean }> {
  // One statement (this is on the webhook path): the unique (shop, refund id) makes a replay a no-op.
  const inserted = await sqlExecute(
    tx,
    Prisma.sql`
    INSERT INTO "RefundRecord" ("id", "shopDomain", "orderId", "refundId", "facts", "createdAt")
    VALUES (${newId(now.getTime())}, ${shopDomain}, ${refund.orderId}, ${refund.refundId}, ${JSON.stringify(refund)}, ${now})
    ON CONFLICT ("shopDomain", "refundId") DO NOTHING`,
  );
  return { created: inserted === 1 };
}

export async function listRefundsForOrder(
  db: Tx,
  shopDomain: string,
  orderId: string,
): Promise<RefundFacts[]> {
  const rows = await sqlRows<{ facts: string }>(
    db,
    Prisma.sql`
    SELECT "facts" FROM "RefundRecord" WHERE "shopDomain" = ${shopDomain} AND "orderId" = ${orderId} ORDER BY "createdAt", "id"`,
  );
  return rows.map((row) =>
    StoredRefundFactsSchema.parse(JSON.parse(row.facts)),
  );
}
