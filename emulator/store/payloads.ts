import type {
  EmuCustomer,
  EmuFulfillment,
  EmuLineItem,
  EmuOrder,
  EmuRefund,
  EmuTaxLine,
  EmuTransaction,
  ShopState,
} from "../state";
import { gid } from "../state";
import {
  type Cents,
  formatCents,
  moneyBag,
  presentmentCents,
  sumCents,
  toCents,
} from "./money";
import { shopNumericId, shopTimestamp } from "./shop-time";

/**
 * Webhook payloads in Shopify's REST shape (what `orders/paid`, `refunds/create`, ... carry),
 * derived from the emulator state each time so a payload always reflects the order as it is now.
 * Field lists follow the examples in Shopify's REST reference (Order, Refund, Customer, Shop).
 */

type Json = Record<string, unknown>;

export function customerPayload(shop: ShopState, customer: EmuCustomer): Json {
  const tz = shop.shop.ianaTimezone;
  const subscribed = customer.emailMarketingState;
  return {
    id: customer.id,
    email: customer.email,
    created_at: shopTimestamp(customer.createdAt, tz),
    updated_at: shopTimestamp(customer.updatedAt, tz),
    first_name: customer.firstName,
    last_name: customer.lastName,
    state: "enabled",
    note: null,
    verified_email: customer.verifiedEmail,
    multipass_identifier: null,
    tax_exempt: false,
    phone: customer.phone,
    currency: shop.shop.currencyCode,
    // Shopify sends tags as one comma-separated string, not an array.
    tags: customer.tags.join(", "),
    addresses: [],
    tax_exemptions: [],
    email_marketing_consent: customer.email
      ? {
          state: subscribed.toLowerCase(),
          opt_in_level: "single_opt_in",
          consent_updated_at:
            subscribed === "NOT_SUBSCRIBED"
              ? null
              : shopTimestamp(customer.updatedAt, tz),
        }
      : null,
    sms_marketing_consent: null,
    admin_graphql_api_id: gid("Customer", customer.id),
    default_address: null,
  };
}

/** Per-line figures the payloads and the refund maths share. */
export function lineTotals(line: EmuLineItem) {
  const gross: Cents = toCents(line.price) * line.quantity;
  const discount: Cents = sumCents(
    line.discountAllocations.map((allocation) => toCents(allocation.amount)),
  );
  const tax: Cents = sumCents(
    line.taxLines.map((taxLine) => toCents(taxLine.price)),
  );
  return { gross, discount, tax, net: gross - discount };
}

export function refundedQuantity(order: EmuOrder, lineItemId: number): number {
  return sumCents(
    order.refunds.flatMap((refund) =>
      refund.refundLineItems
        .filter((r) => r.lineItemId === lineItemId)
        .map((r) => r.quantity),
    ),
  );
}

export interface OrderTotals {
  lineItems: Cents;
  discounts: Cents;
  subtotal: Cents;
  shipping: Cents;
  tax: Cents;
  tip: Cents;
  total: Cents;
}

export function orderTotals(order: EmuOrder): OrderTotals {
  const lines = order.lineItems.map(lineTotals);
  const lineItems = sumCents(lines.map((line) => line.gross));
  const discounts = sumCents(lines.map((line) => line.discount));
  const subtotal = lineItems - discounts;
  const shipping = sumCents(
    order.shippingLines.map((line) => toCents(line.price)),
  );
  const shippingTax = sumCents(
    order.shippingLines.flatMap((line) =>
      line.taxLines.map((taxLine) => toCents(taxLine.price)),
    ),
  );
  const tax = sumCents(lines.map((line) => line.tax)) + shippingTax;
  const tip = toCents(order.tipAmount);
  // With taxes included, prices already contain the tax; otherwise it is added on top.
  const total = subtotal + shipping + (order.taxesIncluded ? 0 : tax) + tip;
  return { lineItems, discounts, subtotal, shipping, tax, tip, total };
}

function refundedTotals(order: EmuOrder) {
  let subtotal = 0;
  let tax = 0;
  let shipping = 0;
  let shippingTax = 0;
  let money = 0;
  for (const refund of order.refunds) {
    for (const item of refund.refundLineItems) {
      subtotal += toCents(item.subtotal);
      tax += toCents(item.totalTax);
    }
    for (const adjustment of refund.orderAdjustments) {
      if (adjustment.kind === "shipping_refund") {
        shipping -= toCents(adjustment.amount);
        shippingTax -= toCents(adjustment.taxAmount);
      }
    }
    money += sumCents(
      refund.transactions
        .filter((t) => t.kind === "refund" && t.status === "success")
        .map((t) => toCents(t.amount)),
    );
  }
  return { subtotal, tax, shipping, shippingTax, money };
}

function taxLinePayload(order: EmuOrder, taxLine: EmuTaxLine): Json {
  return {
    title: taxLine.title,
    price: taxLine.price,
    rate: taxLine.rate,
    channel_liable: false,
    price_set: moneyBag(toCents(taxLine.price), order),
  };
}

export function lineItemPayload(order: EmuOrder, line: EmuLineItem): Json {
  const refunded = refundedQuantity(order, line.id);
  const fulfilled = order.fulfillments.some((f) =>
    f.lineItemIds.includes(line.id),
  );
  const currentQuantity = Math.max(0, line.quantity - refunded);
  return {
    id: line.id,
    admin_graphql_api_id: gid("LineItem", line.id),
    product_id: line.productId,
    variant_id: line.variantId,
    title: line.title,
    variant_title: line.variantTitle,
    name: line.variantTitle
      ? `${line.title} - ${line.variantTitle}`
      : line.title,
    sku: line.sku,
    vendor: null,
    quantity: line.quantity,
    current_quantity: currentQuantity,
    fulfillable_quantity: fulfilled || order.cancelledAt ? 0 : currentQuantity,
    fulfillment_service: "manual",
    fulfillment_status: fulfilled ? "fulfilled" : null,
    requires_shipping: !line.giftCard,
    taxable: line.taxable,
    gift_card: line.giftCard,
    product_exists: line.productId !== null,
    grams: 0,
    properties: [],
    price: line.price,
    price_set: moneyBag(toCents(line.price), order),
    // Shopify reports discounts on a line through discount_allocations; total_discount stays 0.
    total_discount: "0.00",
    total_discount_set: moneyBag(0, order),
    discount_allocations: line.discountAllocations.map((allocation) => ({
      amount: allocation.amount,
      amount_set: moneyBag(toCents(allocation.amount), order),
      discount_application_index: allocation.discountApplicationIndex,
    })),
    duties: [],
    tax_lines: line.taxLines.map((taxLine) => taxLinePayload(order, taxLine)),
  };
}

function aggregatedTaxLines(order: EmuOrder): Json[] {
  const byKey = new Map<
    string,
    { title: string; rate: number; cents: Cents }
  >();
  const all = [
    ...order.lineItems.flatMap((line) => line.taxLines),
    ...order.shippingLines.flatMap((line) => line.taxLines),
  ];
  for (const taxLine of all) {
    const key = `${taxLine.title}|${taxLine.rate}`;
    const entry = byKey.get(key) ?? {
      title: taxLine.title,
      rate: taxLine.rate,
      cents: 0,
    };
    entry.cents += toCents(taxLine.price);
    byKey.set(key, entry);
  }
  return [...byKey.values()].map((entry) => ({
    title: entry.title,
    rate: entry.rate,
    price: formatCents(entry.cents),
    channel_liable: false,
    price_set: moneyBag(entry.cents, order),
  }));
}

function transactionPayload(
  shop: ShopState,
  order: EmuOrder,
  transaction: EmuTransaction,
  parentId: number | null,
): Json {
  const cents = toCents(transaction.amount);
  return {
    id: transaction.id,
    admin_graphql_api_id: gid("OrderTransaction", transaction.id),
    order_id: order.id,
    kind: transaction.kind,
    gateway: transaction.gateway,
    status: transaction.status,
    message:
      transaction.gateway === "bogus" ? "Bogus Gateway: Forced success" : null,
    created_at: shopTimestamp(transaction.createdAt, shop.shop.ianaTimezone),
    processed_at: shopTimestamp(transaction.createdAt, shop.shop.ianaTimezone),
    test: order.test,
    authorization: null,
    location_id: null,
    user_id: null,
    parent_id: parentId,
    device_id: null,
    error_code: null,
    source_name: "web",
    receipt: {},
    // Transactions are in the currency the customer paid.
    amount: formatCents(presentmentCents(cents, order)),
    currency: order.presentmentCurrency,
  };
}

function fulfillmentPayload(
  shop: ShopState,
  order: EmuOrder,
  fulfillment: EmuFulfillment,
  index: number,
): Json {
  const tz = shop.shop.ianaTimezone;
  return {
    id: fulfillment.id,
    admin_graphql_api_id: gid("Fulfillment", fulfillment.id),
    order_id: order.id,
    name: `${order.name}.${index + 1}`,
    status: fulfillment.status,
    created_at: shopTimestamp(fulfillment.createdAt, tz),
    updated_at: shopTimestamp(fulfillment.createdAt, tz),
    service: "manual",
    shipment_status: null,
    location_id: null,
    tracking_company: null,
    tracking_number: null,
    tracking_numbers: [],
    tracking_url: null,
    tracking_urls: [],
    line_items: order.lineItems
      .filter((line) => fulfillment.lineItemIds.includes(line.id))
      .map((line) => lineItemPayload(order, line)),
  };
}

export function orderPayload(shop: ShopState, order: EmuOrder): Json {
  const tz = shop.shop.ianaTimezone;
  const totals = orderTotals(order);
  const refunded = refundedTotals(order);
  const customer =
    order.customerId !== null
      ? (shop.customers.get(order.customerId) ?? null)
      : null;
  const sale =
    order.transactions.find((t) => t.kind === "sale" || t.kind === "capture") ??
    null;
  const currentSubtotal = totals.subtotal - refunded.subtotal;
  const currentTax = totals.tax - refunded.tax - refunded.shippingTax;
  const currentTotal = totals.total - refunded.money;
  const currentDiscounts =
    totals.discounts -
    sumCents(
      order.lineItems.map((line) => {
        const { discount } = lineTotals(line);
        return line.quantity > 0
          ? Math.round(
              (discount * refundedQuantity(order, line.id)) / line.quantity,
            )
          : 0;
      }),
    );
  const bag = (cents: Cents) => moneyBag(cents, order);
  const ts = (value: string | null) =>
    value ? shopTimestamp(value, tz) : null;

  return {
    id: order.id,
    admin_graphql_api_id: gid("Order", order.id),
    name: order.name,
    number: order.orderNumber - 1000,
    order_number: order.orderNumber,
    confirmation_number: `EMU${order.id}`,
    token: `emulator-order-${order.id}`,
    email: order.email,
    contact_email: order.email,
    phone: null,
    test: order.test,
    currency: order.currency,
    presentment_currency: order.presentmentCurrency,
    taxes_included: order.taxesIncluded,
    estimated_taxes: false,
    financial_status: order.financialStatus,
    fulfillment_status: order.fulfillmentStatus,
    confirmed: true,
    buyer_accepts_marketing: customer?.emailMarketingState === "SUBSCRIBED",
    customer_locale: shop.shop.primaryLocale,
    source_name: order.sourceName,
    tags: order.tags.join(", "),
    note: order.note,
    note_attributes: [],
    gateway: sale?.gateway ?? null,
    payment_gateway_names: sale ? [sale.gateway] : [],
    processing_method: "direct",
    app_id: null,
    user_id: null,
    location_id: null,
    browser_ip: "127.0.0.1",
    landing_site: null,
    referring_site: null,
    order_status_url: `https://${shop.shop.domain}/orders/emulator-order-${order.id}/authenticate`,
    cancel_reason: order.cancelReason,
    cancelled_at: ts(order.cancelledAt),
    closed_at: ts(order.closedAt),
    created_at: ts(order.createdAt),
    processed_at: ts(order.processedAt),
    updated_at: ts(order.updatedAt),
    total_line_items_price: formatCents(totals.lineItems),
    total_line_items_price_set: bag(totals.lineItems),
    total_discounts: formatCents(totals.discounts),
    total_discounts_set: bag(totals.discounts),
    subtotal_price: formatCents(totals.subtotal),
    subtotal_price_set: bag(totals.subtotal),
    total_shipping_price_set: bag(totals.shipping),
    total_tax: formatCents(totals.tax),
    total_tax_set: bag(totals.tax),
    total_tip_received: formatCents(totals.tip),
    total_price: formatCents(totals.total),
    total_price_set: bag(totals.total),
    total_outstanding: "0.00",
    total_weight: 0,
    current_subtotal_price: formatCents(currentSubtotal),
    current_subtotal_price_set: bag(currentSubtotal),
    current_total_discounts: formatCents(currentDiscounts),
    current_total_discounts_set: bag(currentDiscounts),
    current_total_tax: formatCents(currentTax),
    current_total_tax_set: bag(currentTax),
    current_total_price: formatCents(currentTotal),
    current_total_price_set: bag(currentTotal),
    current_total_duties_set: null,
    original_total_duties_set: null,
    total_cash_rounding_payment_adjustment_set: bag(0),
    total_cash_rounding_refund_adjustment_set: bag(0),
    discount_applications: order.discountApplications.map((application) => ({
      type: application.type,
      code: application.code ?? undefined,
      title: application.title,
      description:
        application.type === "discount_code" ? null : application.title,
      value: application.value,
      value_type: application.valueType,
      allocation_method: application.allocationMethod,
      target_selection: application.targetSelection,
      target_type: application.targetType,
    })),
    discount_codes: order.discountCodes.map((code) => ({
      code: code.code,
      amount: code.amount,
      type: code.type,
    })),
    tax_lines: aggregatedTaxLines(order),
    line_items: order.lineItems.map((line) => lineItemPayload(order, line)),
    shipping_lines: order.shippingLines.map((line) => ({
      id: line.id,
      title: line.title,
      code: line.title,
      source: "shopify",
      carrier_identifier: null,
      requested_fulfillment_service_id: null,
      phone: null,
      price: line.price,
      price_set: bag(toCents(line.price)),
      discounted_price: line.price,
      discounted_price_set: bag(toCents(line.price)),
      discount_allocations: [],
      tax_lines: line.taxLines.map((taxLine) => taxLinePayload(order, taxLine)),
    })),
    fulfillments: order.fulfillments.map((fulfillment, index) =>
      fulfillmentPayload(shop, order, fulfillment, index),
    ),
    refunds: order.refunds.map((refund) => refundPayload(shop, order, refund)),
    customer: customer ? orderCustomerPayload(shop, customer) : null,
    billing_address: null,
    shipping_address: null,
  };
}

function orderCustomerPayload(shop: ShopState, customer: EmuCustomer): Json {
  const full = customerPayload(shop, customer);
  delete full.addresses;
  return full;
}

export function refundPayload(
  shop: ShopState,
  order: EmuOrder,
  refund: EmuRefund,
): Json {
  const tz = shop.shop.ianaTimezone;
  const bag = (cents: Cents) => moneyBag(cents, order);
  const sale =
    order.transactions.find((t) => t.kind === "sale" || t.kind === "capture") ??
    null;
  const shippingRefunds = refund.orderAdjustments.filter(
    (adjustment) => adjustment.kind === "shipping_refund",
  );
  const shippingLine = order.shippingLines[0] ?? null;
  return {
    id: refund.id,
    admin_graphql_api_id: gid("Refund", refund.id),
    order_id: order.id,
    note: refund.note,
    user_id: null,
    created_at: shopTimestamp(refund.createdAt, tz),
    processed_at: shopTimestamp(refund.createdAt, tz),
    restock: refund.refundLineItems.some(
      (item) => item.restockType !== "no_restock",
    ),
    duties: [],
    total_duties_set: bag(0),
    additional_fees: [],
    total_additional_fees_set: bag(0),
    return: null,
    refund_line_items: refund.refundLineItems.map((item) => {
      const line = order.lineItems.find(
        (candidate) => candidate.id === item.lineItemId,
      );
      const subtotal = toCents(item.subtotal);
      const tax = toCents(item.totalTax);
      return {
        id: item.id,
        line_item_id: item.lineItemId,
        location_id: null,
        quantity: item.quantity,
        restock_type: item.restockType,
        // Shopify sends these two as JSON numbers, unlike every other amount.
        subtotal: subtotal / 100,
        total_tax: tax / 100,
        subtotal_set: bag(subtotal),
        total_tax_set: bag(tax),
        line_item: line ? lineItemPayload(order, line) : null,
      };
    }),
    // Since 2024-07 each refunded shipping line is listed here as well as in order_adjustments.
    refund_shipping_lines:
      shippingLine === null
        ? []
        : shippingRefunds.map((adjustment) => ({
            id: adjustment.id,
            shipping_line_id: shippingLine.id,
            subtotal_amount_set: bag(-toCents(adjustment.amount)),
            tax_amount_set: bag(-toCents(adjustment.taxAmount)),
            shipping_line: {
              id: shippingLine.id,
              title: shippingLine.title,
              code: shippingLine.title,
              price: shippingLine.price,
              price_set: bag(toCents(shippingLine.price)),
              discounted_price: shippingLine.price,
              discounted_price_set: bag(toCents(shippingLine.price)),
              tax_lines: shippingLine.taxLines.map((taxLine) =>
                taxLinePayload(order, taxLine),
              ),
              discount_allocations: [],
            },
          })),
    order_adjustments: refund.orderAdjustments.map((adjustment) => ({
      id: adjustment.id,
      order_id: order.id,
      refund_id: refund.id,
      // API 2026-07: `kind` is gone and `reason` names the discrepancy, as
      // OrderAdjustment.reason does in GraphQL; a shipping refund has none.
      reason:
        adjustment.kind === "refund_discrepancy" ? "refund_discrepancy" : null,
      amount: adjustment.amount,
      amount_set: bag(toCents(adjustment.amount)),
      tax_amount: adjustment.taxAmount,
      tax_amount_set: bag(toCents(adjustment.taxAmount)),
    })),
    transactions: refund.transactions.map((transaction) =>
      transactionPayload(shop, order, transaction, sale?.id ?? null),
    ),
  };
}

export function shopPayload(shop: ShopState): Json {
  const { shop: profile } = shop;
  return {
    id: shopNumericId(profile.domain),
    name: profile.name,
    email: profile.email,
    customer_email: profile.email,
    shop_owner: "Store Owner",
    domain: profile.domain,
    myshopify_domain: profile.domain,
    primary_locale: profile.primaryLocale,
    currency: profile.currencyCode,
    enabled_presentment_currencies: [profile.currencyCode],
    iana_timezone: profile.ianaTimezone,
    timezone: profile.ianaTimezone,
    money_format: `{{amount}} ${profile.currencyCode}`,
    money_with_currency_format: `{{amount}} ${profile.currencyCode}`,
    taxes_included: null,
    tax_shipping: null,
    plan_name: "partner_test",
    plan_display_name: "Developer Preview",
    has_discounts: true,
    has_gift_cards: true,
    has_storefront: true,
    password_enabled: false,
    setup_required: false,
    pre_launch_enabled: false,
    country_code: "FR",
    created_at: null,
    updated_at: null,
  };
}

export function customersDataRequestPayload(
  shop: ShopState,
  customer: EmuCustomer,
  dataRequestId: number,
): Json {
  return {
    shop_id: shopNumericId(shop.shop.domain),
    shop_domain: shop.shop.domain,
    orders_requested: ordersOf(shop, customer.id),
    customer: { id: customer.id, email: customer.email, phone: customer.phone },
    data_request: { id: dataRequestId },
  };
}

export function customersRedactPayload(
  shop: ShopState,
  customer: EmuCustomer,
): Json {
  return {
    shop_id: shopNumericId(shop.shop.domain),
    shop_domain: shop.shop.domain,
    customer: { id: customer.id, email: customer.email, phone: customer.phone },
    orders_to_redact: ordersOf(shop, customer.id),
  };
}

export function shopRedactPayload(shop: ShopState): Json {
  return {
    shop_id: shopNumericId(shop.shop.domain),
    shop_domain: shop.shop.domain,
  };
}

function ordersOf(shop: ShopState, customerId: number): number[] {
  return [...shop.orders.values()]
    .filter((order) => order.customerId === customerId)
    .map((order) => order.id);
}
