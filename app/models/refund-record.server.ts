import { z } from "zod";

import { type RefundFacts } from "~/loyalty/types";
import { isUniqueViolation, type Tx } from "~/models/transaction.server";

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
export async function recordRefund(tx: Tx, shopDomain: string, refund: RefundFacts): Promise<{ created: boolean }> {
  const existing = await tx.refundRecord.findUnique({ where: { shopRefund: { shopDomain, refundId: refund.refundId } } });
  if (existing) return { created: false };
  try {
    await tx.refundRecord.create({
      data: { shopDomain, orderId: refund.orderId, refundId: refund.refundId, facts: JSON.stringify(refund) },
    });
    return { created: true };
  } catch (error) {
    if (isUniqueViolation(error)) return { created: false };
    throw error;
  }
}

export async function listRefundsForOrder(db: Tx, shopDomain: string, orderId: string): Promise<RefundFacts[]> {
  const rows = await db.refundRecord.findMany({ where: { shopDomain, orderId }, orderBy: { createdAt: "asc" } });
  return rows.map((row) => StoredRefundFactsSchema.parse(JSON.parse(row.facts)));
}
