import { type Tx } from "~/db.server";
import { newId } from "~/models/ids.server";

/**
 * What an order still owes after its reversals were clamped to a spent balance (ADR 0003). Written
 * at every settlement of an awarded order once something was owed, so the row always says what is
 * owed now (0 once a later reversal collected it); an order that never owed anything has no row.
 */
export async function recordOrderPointsOwed(
  tx: Tx,
  owed: {
    shopDomain: string;
    orderId: string;
    memberId: string;
    awardEntryId: string;
    pointsOwed: number;
  },
  now: Date,
): Promise<void> {
  const key = { shopDomain: owed.shopDomain, orderId: owed.orderId };
  if (owed.pointsOwed <= 0) {
    await tx.orderPointsOwed.updateMany({
      where: { ...key, pointsOwed: { not: 0 } },
      data: { pointsOwed: 0, updatedAt: now },
    });
    return;
  }
  await tx.orderPointsOwed.upsert({
    where: { shopOrder: key },
    create: { id: newId(now.getTime()), ...owed, updatedAt: now },
    update: { pointsOwed: owed.pointsOwed, updatedAt: now },
  });
}
