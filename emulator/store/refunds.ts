import type { EmulatorContext } from "../context";
import type {
  EmuOrder,
  EmuOrderAdjustment,
  EmuRefund,
  EmuRefundLineItem,
  ShopState,
} from "../state";
import {
  type DeliveryOptions,
  emitWebhooks,
  type WebhookDelivery,
} from "./deliver";
import {
  type Cents,
  cumulativeShare,
  formatCents,
  roundHalfUp,
  sumCents,
  toCents,
} from "./money";
import {
  lineTotals,
  orderPayload,
  refundedQuantity,
  refundPayload,
} from "./payloads";
import { requireOrder, StoreActionError, storeShop } from "./shop";

export interface RefundLineInput {
  lineItemId: number;
  quantity: number;
  restockType?: EmuRefundLineItem["restockType"];
}

export interface RefundOrderInput {
  shop: string;
  orderId: number;
  lines?: RefundLineInput[];
  /** true: refund the shipping not refunded yet; or a specific shipping amount. */
  shipping?: boolean | { amount: string | number };
  /**
   * The money actually returned. Default: what the lines and shipping come to. A different amount
   * (or an amount alone, a goodwill refund) leaves a refund_discrepancy adjustment, like Shopify.
   */
  amount?: string | number;
  note?: string | null;
}

export interface RefundActionResult {
  order: EmuOrder;
  refund: EmuRefund;
  payload: Record<string, unknown>;
  deliveries: WebhookDelivery[];
}

/** The merchant refunds part of an order: refunds/create, then orders/updated. */
export async function refundOrder(
  ctx: EmulatorContext,
  input: RefundOrderInput,
  delivery: DeliveryOptions = {},
): Promise<RefundActionResult> {
  const shop = storeShop(ctx, input.shop);
  const order = requireOrder(shop, input.orderId);
  const created = createRefund(ctx, shop, order, input);
  if (!created)
    throw new StoreActionError(
      "Nothing to refund: give lines, shipping or an amount",
    );
  const resource = {
    orderId: order.id,
    refundId: created.refund.id,
    ...(order.customerId !== null ? { customerId: order.customerId } : {}),
  };
  const deliveries = await emitWebhooks(
    ctx,
    shop.shop.domain,
    [
      { topic: "refunds/create", payload: created.payload, resource },
      { topic: "orders/updated", payload: orderPayload(shop, order), resource },
    ],
    delivery,
  );
  return {
    order,
    refund: created.refund,
    payload: created.payload,
    deliveries,
  };
}

interface CreateRefundOptions {
  lines?: RefundLineInput[];
  shipping?: boolean | { amount: string | number };
  amount?: string | number;
  note?: string | null;
  /** Cancellation: every remaining unit, the remaining shipping, and all money not yet returned. */
  everythingLeft?: boolean;
}

/**
 * Records a refund on the order (state only) and returns its payload, or null when there is
 * nothing to refund. Line amounts are shares of the line's discounted price and tax, computed
 * cumulatively so successive partial refunds add up to exactly the line's total.
 */
export function createRefund(
  ctx: EmulatorContext,
  shop: ShopState,
  order: EmuOrder,
  options: CreateRefundOptions,
): { refund: EmuRefund; payload: Record<string, unknown> } | null {
  const now = ctx.state.now().toISOString();
  const fulfilled = new Set(order.fulfillments.flatMap((f) => f.lineItemIds));

  const wanted: RefundLineInput[] = options.everythingLeft
    ? order.lineItems
        .map((line) => ({
          lineItemId: line.id,
          quantity: line.quantity - refundedQuantity(order, line.id),
          restockType: fulfilled.has(line.id)
            ? ("no_restock" as const)
            : ("cancel" as const),
        }))
        .filter((line) => line.quantity > 0)
    : (options.lines ?? []).filter((line) => line.quantity !== 0);

  const refundLineItems: EmuRefundLineItem[] = [];
  for (const request of wanted) {
    const line = order.lineItems.find(
      (candidate) => candidate.id === request.lineItemId,
    );
    if (!line)
      throw new StoreActionError(
        `Order ${order.name} has no line item ${request.lineItemId}`,
        404,
      );
    if (!Number.isInteger(request.quantity) || request.quantity < 0)
      throw new StoreActionError(
        "Refund quantities must be positive whole numbers",
      );
    const already =
      refundedQuantity(order, line.id) +
      sumCents(
        refundLineItems
          .filter((r) => r.lineItemId === line.id)
          .map((r) => r.quantity),
      );
    if (already + request.quantity > line.quantity) {
      throw new StoreActionError(
        `Cannot refund ${request.quantity} of "${line.title}": ${line.quantity - already} left`,
        409,
      );
    }
    const totals = lineTotals(line);
    refundLineItems.push({
      id: ctx.state.nextId(),
      lineItemId: line.id,
      quantity: request.quantity,
      restockType: request.restockType ?? "no_restock",
      subtotal: formatCents(
        cumulativeShare(totals.net, already, request.quantity, line.quantity),
      ),
      totalTax: formatCents(
        cumulativeShare(totals.tax, already, request.quantity, line.quantity),
      ),
    });
  }

  const orderAdjustments: EmuOrderAdjustment[] = [];
  const shipping = options.everythingLeft ? true : options.shipping;
  if (shipping) {
    const price = sumCents(
      order.shippingLines.map((line) => toCents(line.price)),
    );
    const tax = sumCents(
      order.shippingLines.flatMap((line) =>
        line.taxLines.map((taxLine) => toCents(taxLine.price)),
      ),
    );
    const refundedShipping = shippingRefunded(order);
    const leftPrice = price - refundedShipping.price;
    const leftTax = tax - refundedShipping.tax;
    let amount: Cents = leftPrice;
    if (typeof shipping === "object") {
      amount = toCents(shipping.amount);
      if (amount < 0 || amount > leftPrice)
        throw new StoreActionError(
          `Cannot refund ${formatCents(amount)} of shipping: ${formatCents(leftPrice)} left`,
          409,
        );
    }
    const amountTax =
      amount === leftPrice
        ? leftTax
        : Math.min(
            leftTax,
            price > 0 ? roundHalfUp((tax * amount) / price) : 0,
          );
    if (amount > 0) {
      orderAdjustments.push({
        id: ctx.state.nextId(),
        kind: "shipping_refund",
        reason: "Shipping refund",
        // Negative: Shopify writes money going back to the shopper as a negative adjustment.
        amount: formatCents(-amount),
        taxAmount: formatCents(-amountTax),
      });
    }
  }

  const linesMoney = sumCents(
    refundLineItems.map(
      (item) =>
        toCents(item.subtotal) +
        (order.taxesIncluded ? 0 : toCents(item.totalTax)),
    ),
  );
  const shippingMoney = sumCents(
    orderAdjustments.map(
      (a) =>
        -toCents(a.amount) + (order.taxesIncluded ? 0 : -toCents(a.taxAmount)),
    ),
  );
  const calculated = linesMoney + shippingMoney;
  const paid = sumCents(
    order.transactions
      .filter(
        (t) =>
          (t.kind === "sale" || t.kind === "capture") && t.status === "success",
      )
      .map((t) => toCents(t.amount)),
  );
  const returned = moneyReturned(order);
  const left = paid - returned;

  let money: Cents = calculated;
  if (options.everythingLeft) money = left;
  else if (options.amount !== undefined) money = toCents(options.amount);
  if (money < 0)
    throw new StoreActionError("A refund amount cannot be negative");
  if (money > left)
    throw new StoreActionError(
      `Cannot refund ${formatCents(money)}: only ${formatCents(left)} left to refund`,
      409,
    );
  if (money !== calculated) {
    // The difference between what the items are worth and what was returned.
    orderAdjustments.push({
      id: ctx.state.nextId(),
      kind: "refund_discrepancy",
      reason: "Refund discrepancy",
      amount: formatCents(calculated - money),
      taxAmount: "0.00",
    });
  }
  if (
    refundLineItems.length === 0 &&
    money === 0 &&
    orderAdjustments.length === 0
  )
    return null;

  const sale = order.transactions.find(
    (t) => t.kind === "sale" || t.kind === "capture",
  );
  const refund: EmuRefund = {
    id: ctx.state.nextId(),
    orderId: order.id,
    note: options.note ?? null,
    createdAt: now,
    refundLineItems,
    orderAdjustments,
    transactions:
      money > 0
        ? [
            {
              id: ctx.state.nextId(),
              kind: "refund",
              status: "success",
              amount: formatCents(money),
              gateway: sale?.gateway ?? "manual",
              createdAt: now,
            },
          ]
        : [],
  };
  order.refunds.push(refund);
  order.financialStatus =
    moneyReturned(order) >= paid
      ? "refunded"
      : moneyReturned(order) > 0
        ? "partially_refunded"
        : order.financialStatus;
  order.updatedAt = now;
  return { refund, payload: refundPayload(shop, order, refund) };
}

function shippingRefunded(order: EmuOrder): { price: Cents; tax: Cents } {
  const adjustments = order.refunds.flatMap((refund) =>
    refund.orderAdjustments.filter((a) => a.kind === "shipping_refund"),
  );
  return {
    price: -sumCents(adjustments.map((a) => toCents(a.amount))),
    tax: -sumCents(adjustments.map((a) => toCents(a.taxAmount))),
  };
}

function moneyReturned(order: EmuOrder): Cents {
  return sumCents(
    order.refunds.flatMap((refund) =>
      refund.transactions
        .filter((t) => t.kind === "refund" && t.status === "success")
        .map((t) => toCents(t.amount)),
    ),
  );
}
