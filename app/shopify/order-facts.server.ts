import { parseMillis } from "~/loyalty/money";
import {
  type Millis,
  type OrderFacts,
  type OrderLine,
  type RefundFacts,
} from "~/loyalty/types";
import { type ReconciledOrderNode } from "~/shopify/graphql/OrdersUpdatedSince";
import { isRefundDiscrepancy } from "~/shopify/order-adjustments";

/**
 * The Admin API's GraphQL order (OrdersUpdatedSince) mapped to the same facts the webhooks give
 * (app/webhooks/payloads.server.ts does it for the REST shapes), so reconciliation settles orders
 * through the very services the webhooks use and lands on the same ledger keys. Shop money only;
 * ids are the numeric part of the gids, as the webhooks carry them.
 */

export function numericId(gid: string): string {
  return gid.slice(gid.lastIndexOf("/") + 1);
}

function millis(amount: string | undefined | null): Millis {
  if (amount === undefined || amount === null) return 0;
  const parsed = parseMillis(String(amount));
  if (!parsed.ok)
    throw new Error(`Not a money amount: ${amount} (${parsed.reason})`);
  return parsed.millis;
}

const PAID_STATUSES = new Set(["PAID", "PARTIALLY_REFUNDED", "REFUNDED"]);

/** Whether the page gave the whole order (lines and refunds); a truncated one is left to the webhooks. */
export function isCompleteOrder(order: ReconciledOrderNode): boolean {
  return !order.lineItems.pageInfo.hasNextPage && order.refunds.length < 5;
}

export function orderFactsFromGraphql(order: ReconciledOrderNode): OrderFacts {
  const tip = millis(order.totalTipReceivedSet?.shopMoney.amount);
  const lines: OrderLine[] = order.lineItems.nodes
    // A tip is money for the staff: the line without product titled "Tip" (as payloads.server.ts).
    .filter(
      (line) =>
        !(
          tip > 0 &&
          !line.product &&
          !line.variant &&
          !line.isGiftCard &&
          line.title.trim().toLowerCase() === "tip"
        ),
    )
    .map((line) => ({
      lineId: numericId(line.id),
      productId: line.product ? numericId(line.product.id) : null,
      variantId: line.variant ? numericId(line.variant.id) : null,
      title: line.title,
      quantity: line.quantity,
      unitPrice: millis(line.originalUnitPriceSet.shopMoney.amount),
      discount: millis(line.totalDiscountSet.shopMoney.amount),
      tax: line.taxLines.reduce(
        (sum, taxLine) => sum + millis(taxLine.priceSet.shopMoney.amount),
        0,
      ),
      giftCard: line.isGiftCard,
    }));
  const paid = PAID_STATUSES.has(order.displayFinancialStatus ?? "");
  const fulfilments = order.fulfillments
    .filter((f) => f.status !== "CANCELLED")
    .map((f) => new Date(f.createdAt));
  const fulfilledAt =
    order.displayFulfillmentStatus === "FULFILLED"
      ? (fulfilments.reduce<Date | null>(
          (max, d) => (max === null || d > max ? d : max),
          null,
        ) ?? new Date(order.updatedAt))
      : null;
  return {
    orderId: numericId(order.id),
    orderName: order.name,
    customerId: order.customer ? numericId(order.customer.id) : null,
    email: order.email,
    test: order.test,
    currencyCode: order.currencyCode,
    taxesIncluded: order.taxesIncluded,
    lines,
    shipping: millis(order.totalShippingPriceSet?.shopMoney.amount),
    subtotal: order.subtotalPriceSet
      ? millis(order.subtotalPriceSet.shopMoney.amount)
      : null,
    paidAt: paid ? new Date(order.processedAt) : null,
    cancelledAt: order.cancelledAt ? new Date(order.cancelledAt) : null,
    fulfilledAt,
    discountCodes: order.discountCodes,
  };
}

export function refundFactsFromGraphql(
  order: ReconciledOrderNode,
): RefundFacts[] {
  return order.refunds.map((refund) => {
    // Adjustments are negative when more money goes back than the lines account for (payloads.server.ts).
    const discrepancy = refund.orderAdjustments.nodes
      .filter((adjustment) => isRefundDiscrepancy(adjustment))
      .reduce(
        (sum, adjustment) =>
          sum + millis(adjustment.amountSet.shopMoney.amount),
        0,
      );
    return {
      refundId: numericId(refund.id),
      orderId: numericId(order.id),
      lines: refund.refundLineItems.nodes.map((item) => ({
        lineId: item.lineItem ? numericId(item.lineItem.id) : "",
        quantity: item.quantity,
        subtotal: millis(item.subtotalSet.shopMoney.amount),
        tax: millis(item.totalTaxSet.shopMoney.amount),
        giftCard: item.lineItem?.isGiftCard ?? false,
      })),
      otherAmount: Math.max(0, -discrepancy),
      createdAt: new Date(refund.createdAt),
    };
  });
}
