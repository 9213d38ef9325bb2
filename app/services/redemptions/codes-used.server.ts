import * as clock from "~/clock.server";
import { findRedemptionsWithCodes } from "~/models/redemption.server";
import { inTransaction } from "~/models/transaction.server";
import { transition } from "~/services/redemptions/transitions.server";

/**
 * orders/paid: the redemptions whose code the order carries become `used`. Codes match without
 * regard to case, as at Shopify's checkout.
 */
export async function markRedemptionCodesUsed(input: {
  shop: string;
  orderId: string;
  discountCodes: readonly string[];
  now?: Date;
}): Promise<{ used: number }> {
  if (input.discountCodes.length === 0) return { used: 0 };
  const now = input.now ?? clock.now();
  const wanted = new Set(input.discountCodes.map((code) => code.toUpperCase()));
  return inTransaction(async (tx) => {
    const candidates = await findRedemptionsWithCodes(tx, input.shop, [
      ...wanted,
    ]);
    let used = 0;
    for (const redemption of candidates) {
      if (
        await transition(tx, redemption, "code_used", {
          usedAt: now,
          usedOrderId: input.orderId,
        })
      )
        used += 1;
    }
    return { used };
  });
}
