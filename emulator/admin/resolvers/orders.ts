import type {
  EmuDiscountApplication,
  EmuLineItem,
  EmuOrder,
  EmuRefund,
  EmuTaxLine,
  EmuTransaction,
} from "../../state";
import { productView, variantView } from "./catalog";
import {
  notApprovedForCustomerData,
  protectedFieldsGranted,
} from "../protected-data";
import { metafieldFields } from "./metafields";
import { isOrderVisible, visibleOrders } from "./order-window";
import { applySearch, type SearchSpec } from "./search";
import {
  type AdminRequestContext,
  type Args,
  connection,
  firstOf,
  formatDecimal,
  gidOf,
  moneyBag,
  moneyV2,
  parseGid,
  type ResolverMap,
  sortByKey,
  toIsoSeconds,
  toUnits,
  type View,
} from "./support";

const sum = <T>(items: T[], amount: (item: T) => number) =>
  items.reduce((total, item) => total + amount(item), 0);
const taxOf = (lines: EmuTaxLine[]) =>
  sum(lines, (line) => toUnits(line.price));

/** Order-level discounts (target selection "all") are spread over lines; the rest are line-level. */
function isLineLevel(order: EmuOrder, index: number): boolean {
  return order.discountApplications[index]?.targetSelection !== "all";
}

function refundedQuantity(order: EmuOrder, lineId: number): number {
  return sum(
    order.refunds
      .flatMap((refund) => refund.refundLineItems)
      .filter((item) => item.lineItemId === lineId),
    (item) => item.quantity,
  );
}

/** The order's money, in shop currency units (see support.toUnits), computed the way Shopify defines each total. */
export function orderTotals(order: EmuOrder) {
  const lineOriginal = (line: EmuLineItem) =>
    toUnits(line.price) * line.quantity;
  const lineDiscount = (line: EmuLineItem) =>
    sum(line.discountAllocations, (allocation) => toUnits(allocation.amount));
  const totalLineItems = sum(order.lineItems, lineOriginal);
  const totalDiscounts = sum(order.lineItems, lineDiscount);
  const subtotal = totalLineItems - totalDiscounts;
  const shipping = sum(order.shippingLines, (line) => toUnits(line.price));
  const lineTax = sum(order.lineItems, (line) => taxOf(line.taxLines));
  const shippingTax = sum(order.shippingLines, (line) => taxOf(line.taxLines));
  const totalTax = lineTax + shippingTax;
  const tip = toUnits(order.tipAmount);
  const totalPrice =
    subtotal + shipping + (order.taxesIncluded ? 0 : totalTax) + tip;

  const refundLines = order.refunds.flatMap((refund) => refund.refundLineItems);
  const refundedSubtotal = sum(refundLines, (item) => toUnits(item.subtotal));
  const refundedLineTax = sum(refundLines, (item) => toUnits(item.totalTax));
  const shippingAdjustments = order.refunds
    .flatMap((refund) => refund.orderAdjustments)
    .filter((adjustment) => adjustment.kind === "shipping_refund");
  // Adjustments are negative when money goes back to the customer.
  const refundedShipping = -sum(shippingAdjustments, (adjustment) =>
    toUnits(adjustment.amount),
  );
  const refundedShippingTax = -sum(shippingAdjustments, (adjustment) =>
    toUnits(adjustment.taxAmount),
  );
  const refundTransactions = order.refunds
    .flatMap((refund) => refund.transactions)
    .filter(
      (transaction) =>
        transaction.kind === "refund" && transaction.status === "success",
    );
  const totalRefunded = sum(refundTransactions, (transaction) =>
    toUnits(transaction.amount),
  );
  const received = sum(
    order.transactions.filter(
      (transaction) =>
        (transaction.kind === "sale" || transaction.kind === "capture") &&
        transaction.status === "success",
    ),
    (transaction) => toUnits(transaction.amount),
  );
  const refundedDiscounts = sum(order.lineItems, (line) =>
    line.quantity === 0
      ? 0
      : Math.round(
          (lineDiscount(line) * refundedQuantity(order, line.id)) /
            line.quantity,
        ),
  );

  const currentSubtotal = subtotal - refundedSubtotal;
  const currentShipping = shipping - refundedShipping;
  const currentTax = totalTax - refundedLineTax - refundedShippingTax;
  const currentTotalPrice =
    currentSubtotal +
    currentShipping +
    (order.taxesIncluded ? 0 : currentTax) +
    tip;
  return {
    totalLineItems,
    totalDiscounts,
    subtotal,
    shipping,
    totalTax,
    tip,
    totalPrice,
    totalRefunded,
    refundedShipping,
    received,
    currentSubtotal,
    currentShipping,
    currentTax,
    currentTotalPrice,
    currentDiscounts: totalDiscounts - refundedDiscounts,
    outstanding: Math.max(0, currentTotalPrice - (received - totalRefunded)),
  };
}

function bagFor(order: EmuOrder) {
  return (units: number) =>
    moneyBag(
      units,
      order.currency,
      order.presentmentCurrency,
      order.presentmentRate,
    );
}

function pricingValue(
  application: EmuDiscountApplication,
  currency: string,
): View {
  return application.valueType === "percentage"
    ? {
        __typename: "PricingPercentageValue",
        percentage: Number(application.value),
      }
    : moneyV2(toUnits(application.value), currency);
}

function discountApplicationView(
  order: EmuOrder,
  application: EmuDiscountApplication,
  index: number,
): View {
  const common = {
    index,
    allocationMethod: application.allocationMethod.toUpperCase(),
    targetSelection: application.targetSelection.toUpperCase(),
    targetType: application.targetType.toUpperCase(),
    value: pricingValue(application, order.currency),
  };
  if (application.type === "discount_code")
    return {
      __typename: "DiscountCodeApplication",
      code: application.code ?? "",
      ...common,
    };
  if (application.type === "manual")
    return {
      __typename: "ManualDiscountApplication",
      title: application.title,
      description: null,
      ...common,
    };
  return {
    __typename: "AutomaticDiscountApplication",
    title: application.title,
    ...common,
  };
}

function taxLineView(order: EmuOrder, line: EmuTaxLine): View {
  return {
    __typename: "TaxLine",
    title: line.title,
    rate: line.rate,
    ratePercentage: Math.round(line.rate * 100_000) / 1000,
    priceSet: bagFor(order)(toUnits(line.price)),
    channelLiable: false,
    source: null,
  };
}

export function lineItemView(
  rc: AdminRequestContext,
  order: EmuOrder,
  line: EmuLineItem,
): View {
  const bag = bagFor(order);
  const unit = toUnits(line.price);
  const allDiscount = sum(line.discountAllocations, (allocation) =>
    toUnits(allocation.amount),
  );
  const lineLevelDiscount = sum(
    line.discountAllocations.filter((allocation) =>
      isLineLevel(order, allocation.discountApplicationIndex),
    ),
    (allocation) => toUnits(allocation.amount),
  );
  const perUnit = (units: number) =>
    line.quantity === 0 ? 0 : Math.round(units / line.quantity / 100) * 100;
  const refunded = refundedQuantity(order, line.id);
  const fulfilled = order.fulfillments.some((fulfillment) =>
    fulfillment.lineItemIds.includes(line.id),
  )
    ? line.quantity
    : 0;
  const product =
    line.productId !== null ? rc.shop.products.get(line.productId) : undefined;
  const variant = product?.variants.find(
    (candidate) => candidate.id === line.variantId,
  );
  return {
    __typename: "LineItem",
    id: gidOf("LineItem", line.id),
    title: line.title,
    name: line.variantTitle
      ? `${line.title} - ${line.variantTitle}`
      : line.title,
    variantTitle: line.variantTitle,
    sku: line.sku,
    vendor: product?.vendor ?? null,
    quantity: line.quantity,
    currentQuantity: line.quantity - refunded,
    refundableQuantity: line.quantity - refunded,
    unfulfilledQuantity: Math.max(0, line.quantity - fulfilled - refunded),
    nonFulfillableQuantity: refunded,
    isGiftCard: line.giftCard,
    requiresShipping: !line.giftCard,
    taxable: line.taxable,
    restockable: line.quantity - refunded > 0,
    merchantEditable: false,
    customAttributes: [],
    originalUnitPriceSet: bag(unit),
    originalTotalSet: bag(unit * line.quantity),
    discountedUnitPriceSet: bag(
      perUnit(unit * line.quantity - lineLevelDiscount),
    ),
    discountedUnitPriceAfterAllDiscountsSet: bag(
      perUnit(unit * line.quantity - allDiscount),
    ),
    discountedTotalSet: () => bag(unit * line.quantity - lineLevelDiscount),
    totalDiscountSet: bag(allDiscount),
    discountAllocations: line.discountAllocations.map((allocation) => ({
      __typename: "DiscountAllocation",
      allocatedAmountSet: bag(toUnits(allocation.amount)),
      discountApplication: discountApplicationView(
        order,
        order.discountApplications[allocation.discountApplicationIndex],
        allocation.discountApplicationIndex,
      ),
    })),
    taxLines: (args: Args) =>
      firstOf(line.taxLines, args.first).map((taxLine) =>
        taxLineView(order, taxLine),
      ),
    product: () => (product ? productView(rc, product) : null),
    variant: () =>
      product && variant ? variantView(rc, product, variant) : null,
  };
}

function transactionView(
  rc: AdminRequestContext,
  order: EmuOrder,
  transaction: EmuTransaction,
): View {
  return {
    __typename: "OrderTransaction",
    id: gidOf("OrderTransaction", transaction.id),
    kind: transaction.kind.toUpperCase(),
    status: transaction.status.toUpperCase(),
    amountSet: bagFor(order)(toUnits(transaction.amount)),
    gateway: transaction.gateway,
    formattedGateway: transaction.gateway,
    createdAt: toIsoSeconds(transaction.createdAt),
    processedAt: toIsoSeconds(transaction.createdAt),
    test: order.test,
    manualPaymentGateway: transaction.gateway === "manual",
    parentTransaction: null,
    errorCode: null,
    order: () => orderView(rc, order),
  };
}

export function refundView(
  rc: AdminRequestContext,
  order: EmuOrder,
  refund: EmuRefund,
): View {
  const bag = bagFor(order);
  const refunded = sum(
    refund.transactions.filter(
      (transaction) =>
        transaction.kind === "refund" && transaction.status === "success",
    ),
    (transaction) => toUnits(transaction.amount),
  );
  return {
    __typename: "Refund",
    id: gidOf("Refund", refund.id),
    legacyResourceId: String(refund.id),
    note: refund.note,
    createdAt: toIsoSeconds(refund.createdAt),
    processedAt: toIsoSeconds(refund.createdAt),
    updatedAt: toIsoSeconds(refund.createdAt),
    totalRefundedSet: bag(refunded),
    order: () => orderView(rc, order),
    refundLineItems: (args: Args) =>
      connection(
        refund.refundLineItems,
        args,
        (item) => ({ id: item.id }),
        (item) => {
          const line = order.lineItems.find(
            (candidate) => candidate.id === item.lineItemId,
          );
          return {
            __typename: "RefundLineItem",
            id: gidOf("RefundLineItem", item.id),
            quantity: item.quantity,
            restockType: item.restockType.toUpperCase(),
            restocked: item.restockType !== "no_restock",
            priceSet: bag(toUnits(line?.price ?? "0")),
            subtotalSet: bag(toUnits(item.subtotal)),
            totalTaxSet: bag(toUnits(item.totalTax)),
            lineItem: () => (line ? lineItemView(rc, order, line) : null),
          };
        },
        "RefundLineItem",
      ),
    orderAdjustments: (args: Args) =>
      connection(
        refund.orderAdjustments,
        args,
        (adjustment) => ({ id: adjustment.id }),
        (adjustment) => ({
          __typename: "OrderAdjustment",
          id: gidOf("OrderAdjustment", adjustment.id),
          amountSet: bag(toUnits(adjustment.amount)),
          taxAmountSet: bag(toUnits(adjustment.taxAmount)),
          // Shipping refunds have no discrepancy reason in GraphQL; they show in refundShippingLines.
          reason:
            adjustment.kind === "refund_discrepancy"
              ? "REFUND_DISCREPANCY"
              : null,
        }),
        "OrderAdjustment",
      ),
    transactions: (args: Args) =>
      connection(
        refund.transactions,
        args,
        (transaction) => ({ id: transaction.id }),
        (transaction) => transactionView(rc, order, transaction),
        "OrderTransaction",
      ),
  };
}

const FULFILLMENT_STATUS: Record<string, string> = {
  fulfilled: "FULFILLED",
  partial: "PARTIALLY_FULFILLED",
};

export function orderView(rc: AdminRequestContext, order: EmuOrder): View {
  const id = gidOf("Order", order.id);
  const bag = bagFor(order);
  const totals = () => orderTotals(order);
  return {
    __typename: "Order",
    id,
    legacyResourceId: String(order.id),
    name: order.name,
    // GraphQL `number` is REST's `number` (1, 2, ...); `name` carries the #1001 form.
    number: Math.max(1, order.orderNumber - 1000),
    email: protectedFieldsGranted(rc.ctx.config)
      ? order.email
      : () => {
          throw notApprovedForCustomerData(rc.ctx.config);
        },
    phone: null,
    test: order.test,
    note: order.note,
    tags: order.tags,
    sourceName: order.sourceName,
    currencyCode: order.currency,
    presentmentCurrencyCode: order.presentmentCurrency,
    taxesIncluded: order.taxesIncluded,
    createdAt: toIsoSeconds(order.createdAt),
    updatedAt: toIsoSeconds(order.updatedAt),
    processedAt: toIsoSeconds(order.processedAt),
    cancelledAt: toIsoSeconds(order.cancelledAt),
    cancelReason: order.cancelReason ? order.cancelReason.toUpperCase() : null,
    closed: order.closedAt !== null,
    closedAt: toIsoSeconds(order.closedAt),
    confirmed: true,
    fullyPaid: () => totals().outstanding === 0,
    unpaid: order.financialStatus === "pending",
    refundable: () => totals().received - totals().totalRefunded > 0,
    displayFinancialStatus: order.financialStatus.toUpperCase(),
    displayFulfillmentStatus: order.fulfillmentStatus
      ? FULFILLMENT_STATUS[order.fulfillmentStatus]
      : "UNFULFILLED",
    discountCode: order.discountCodes[0]?.code ?? null,
    discountCodes: order.discountCodes.map((discount) => discount.code),
    paymentGatewayNames: [
      ...new Set(order.transactions.map((transaction) => transaction.gateway)),
    ],
    customer: () =>
      order.customerId !== null
        ? rc.viewNode(gidOf("Customer", order.customerId))
        : null,
    subtotalLineItemsQuantity: order.lineItems.reduce(
      (total, line) => total + line.quantity,
      0,
    ),
    currentSubtotalLineItemsQuantity: order.lineItems.reduce(
      (total, line) => total + line.quantity - refundedQuantity(order, line.id),
      0,
    ),
    subtotalPriceSet: () => bag(totals().subtotal),
    totalDiscountsSet: () => bag(totals().totalDiscounts),
    totalShippingPriceSet: () => bag(totals().shipping),
    totalTaxSet: () => bag(totals().totalTax),
    totalTipReceivedSet: () => bag(totals().tip),
    totalPriceSet: () => bag(totals().totalPrice),
    originalTotalPriceSet: () => bag(totals().totalPrice),
    totalRefundedSet: () => bag(totals().totalRefunded),
    totalRefundedShippingSet: () => bag(totals().refundedShipping),
    totalReceivedSet: () => bag(totals().received),
    netPaymentSet: () => bag(totals().received - totals().totalRefunded),
    totalOutstandingSet: () => bag(totals().outstanding),
    currentSubtotalPriceSet: () => bag(totals().currentSubtotal),
    currentShippingPriceSet: () => bag(totals().currentShipping),
    currentTotalTaxSet: () => bag(totals().currentTax),
    currentTotalDiscountsSet: () => bag(totals().currentDiscounts),
    currentTotalPriceSet: () => bag(totals().currentTotalPrice),
    taxLines: () => {
      // Shopify merges tax lines of the same title and rate across the order.
      const merged = new Map<string, EmuTaxLine>();
      for (const line of [
        ...order.lineItems.flatMap((item) => item.taxLines),
        ...order.shippingLines.flatMap((item) => item.taxLines),
      ]) {
        const key = `${line.title}\u0000${line.rate}`;
        const existing = merged.get(key);
        merged.set(
          key,
          existing
            ? {
                ...existing,
                price: formatDecimal(
                  (toUnits(existing.price) + toUnits(line.price)) / 10_000,
                ),
              }
            : line,
        );
      }
      return [...merged.values()].map((line) => taxLineView(order, line));
    },
    lineItems: (args: Args) =>
      connection(
        order.lineItems,
        args,
        (line) => ({ id: line.id }),
        (line) => lineItemView(rc, order, line),
        "LineItem",
      ),
    discountApplications: (args: Args) =>
      connection(
        order.discountApplications.map((application, index) => ({
          application,
          index,
        })),
        args,
        (entry) => ({ id: entry.index }),
        (entry) =>
          discountApplicationView(order, entry.application, entry.index),
        "DiscountApplication",
      ),
    shippingLines: (args: Args) =>
      connection(
        order.shippingLines,
        args,
        (line) => ({ id: line.id }),
        (line) => ({
          __typename: "ShippingLine",
          id: gidOf("ShippingLine", line.id),
          title: line.title,
          originalPriceSet: bag(toUnits(line.price)),
          discountedPriceSet: bag(toUnits(line.price)),
          taxLines: line.taxLines.map((taxLine) => taxLineView(order, taxLine)),
        }),
        "ShippingLine",
      ),
    refunds: (args: Args) =>
      firstOf(order.refunds, args.first).map((refund) =>
        refundView(rc, order, refund),
      ),
    transactions: (args: Args) =>
      firstOf(order.transactions, args.first).map((transaction) =>
        transactionView(rc, order, transaction),
      ),
    fulfillments: (args: Args) =>
      firstOf(order.fulfillments, args.first).map((fulfillment, index) => {
        const lines = order.lineItems.filter((line) =>
          fulfillment.lineItemIds.includes(line.id),
        );
        return {
          __typename: "Fulfillment",
          id: gidOf("Fulfillment", fulfillment.id),
          legacyResourceId: String(fulfillment.id),
          name: `${order.name}-F${index + 1}`,
          status: fulfillment.status.toUpperCase(),
          createdAt: toIsoSeconds(fulfillment.createdAt),
          updatedAt: toIsoSeconds(fulfillment.createdAt),
          totalQuantity: lines.reduce(
            (total, line) => total + line.quantity,
            0,
          ),
          order: () => orderView(rc, order),
          fulfillmentLineItems: (pageArgs: Args) =>
            connection(
              lines,
              pageArgs,
              (line) => ({ id: line.id }),
              (line) => ({
                __typename: "FulfillmentLineItem",
                id: gidOf("FulfillmentLineItem", line.id),
                quantity: line.quantity,
                lineItem: lineItemView(rc, order, line),
                originalTotalSet: bag(toUnits(line.price) * line.quantity),
                discountedTotalSet: bag(
                  toUnits(line.price) * line.quantity -
                    sum(line.discountAllocations, (allocation) =>
                      toUnits(allocation.amount),
                    ),
                ),
              }),
              "FulfillmentLineItem",
            ),
        };
      }),
    ...metafieldFields(rc, id),
  };
}

const orderSearch: SearchSpec<EmuOrder> = {
  fields: {
    id: { kind: "number", get: (order) => order.id },
    name: {
      kind: "string",
      get: (order) => [order.name, order.name.replace(/^#/, "")],
    },
    email: { kind: "string", get: (order) => order.email },
    customer_id: { kind: "number", get: (order) => order.customerId },
    created_at: { kind: "date", get: (order) => order.createdAt },
    updated_at: { kind: "date", get: (order) => order.updatedAt },
    processed_at: { kind: "date", get: (order) => order.processedAt },
    financial_status: { kind: "string", get: (order) => order.financialStatus },
    fulfillment_status: {
      kind: "string",
      get: (order) =>
        order.fulfillmentStatus === "fulfilled"
          ? "shipped"
          : order.fulfillmentStatus === "partial"
            ? "partial"
            : "unshipped",
    },
    status: {
      kind: "string",
      get: (order) =>
        order.cancelledAt ? "cancelled" : order.closedAt ? "closed" : "open",
    },
    test: { kind: "boolean", get: (order) => order.test },
    tag: { kind: "string", get: (order) => order.tags },
    source_name: { kind: "string", get: (order) => order.sourceName },
    discount_code: {
      kind: "string",
      get: (order) => order.discountCodes.map((discount) => discount.code),
    },
  },
  freeText: (order, text) =>
    [order.name, order.email].some((value) =>
      value?.toLowerCase().includes(text),
    ),
};

export function ordersConnection(
  rc: AdminRequestContext,
  orders: EmuOrder[],
  args: Args,
  path: (string | number)[],
): View {
  const sorted = sortByKey(
    orders,
    args.sortKey,
    {
      ID: (order) => order.id,
      RELEVANCE: (order) => order.id,
      CREATED_AT: (order) => Date.parse(order.createdAt),
      UPDATED_AT: (order) => Date.parse(order.updatedAt),
      PROCESSED_AT: (order) => Date.parse(order.processedAt),
      ORDER_NUMBER: (order) => order.orderNumber,
      TOTAL_PRICE: (order) => orderTotals(order).totalPrice,
      CURRENT_TOTAL_PRICE: (order) => orderTotals(order).currentTotalPrice,
      FINANCIAL_STATUS: (order) => order.financialStatus,
    },
    "orders",
  );
  const list = applySearch(sorted.items, args.query, orderSearch, rc, path);
  return connection(
    list,
    args,
    (order) => ({ id: order.id, sortValue: sorted.valueOf(order) }),
    (order) => orderView(rc, order),
    "Order",
  );
}

export const orderResolvers: ResolverMap = {
  QueryRoot: {
    order: (_root: unknown, args: Args, rc: AdminRequestContext) => {
      const parsed = parseGid(args.id);
      const found =
        parsed?.type === "Order" ? rc.shop.orders.get(parsed.id) : undefined;
      return found && isOrderVisible(rc, found) ? orderView(rc, found) : null;
    },
    orders: (_root: unknown, args: Args, rc: AdminRequestContext) =>
      ordersConnection(rc, visibleOrders(rc), args, ["orders"]),
  },
};
