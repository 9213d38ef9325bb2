import * as clock from "~/clock.server";
import type { OrderFacts } from "~/loyalty/types";
import {
  findRedemptionByCodes,
  recordLoyaltyCodeOrder,
} from "~/models/loyalty-code-order.server";
import { inTransaction } from "~/models/transaction.server";

/**
 * orders/paid: an order that carried a code from a redemption (minted or from a pool) is counted
 * on the home page as an order, and its revenue, that used a loyalty code. Revenue is the order's
 * subtotal after discounts (before shipping), as Shopify reports it, else from its lines.
 */
export async function recordOrderWithLoyaltyCode(
  shop: string,
  facts: OrderFacts,
  now: Date = clock.now(),
): Promise<"recorded" | "duplicate" | "no_loyalty_code"> {
  if (facts.discountCodes.length === 0) return "no_loyalty_code";
  return inTransaction(async (tx) => {
    const redemption = await findRedemptionByCodes(
      tx,
      shop,
      facts.discountCodes,
    );
    if (!redemption) return "no_loyalty_code";
    const subtotal =
      facts.subtotal ??
      facts.lines.reduce(
        (sum, line) => sum + line.unitPrice * line.quantity - line.discount,
        0,
      );
    return recordLoyaltyCodeOrder(tx, {
      shopDomain: shop,
      orderId: facts.orderId,
      orderName: facts.orderName,
      redemptionId: redemption.id,
      code: redemption.code,
      subtotalMillis: Math.max(0, subtotal),
      currencyCode: facts.currencyCode,
      paidAt: facts.paidAt ?? now,
    });
  });
}
