import { z } from "zod";

import { parseMillis } from "~/loyalty/money";
import {
  type CustomerFacts,
  type Millis,
  type OrderFacts,
  type OrderLine,
  type RefundFacts,
  type RefundLine,
} from "~/loyalty/types";

/**
 * Webhook payloads (Shopify's REST shapes, API 2026-07), validated once at the edge with ONLY
 * the fields the app uses, then mapped to the pure core's facts.
 *
 * - Money is always `*_set.shop_money` (the shop currency), never presentment money: a customer
 *   paying in GBP in a EUR shop earns on the EUR amounts. Amounts become integer Millis from the
 *   decimal strings directly (app/loyalty/money.ts), never through floats.
 * - Ids are REST numeric ids as decimal strings. When the payload carries the gid
 *   (`admin_graphql_api_id`) its digits are used: JSON numbers beyond 2^53 would lose precision.
 */

const ShopMoneySchema = z
  .object({
    amount: z.union([z.string(), z.number()]),
    currency_code: z.string().min(3),
  })
  .transform((money, ctx) => {
    const parsed = parseMillis(String(money.amount));
    if (!parsed.ok) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: `amount is not a money amount (${parsed.reason})`,
      });
      return z.NEVER;
    }
    return { millis: parsed.millis, currencyCode: money.currency_code };
  });

/** A Shopify MoneyBag: only shop money is read. */
const MoneySetSchema = z
  .object({ shop_money: ShopMoneySchema })
  .transform((set) => set.shop_money);

const RestIdSchema = z
  .union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)])
  .transform(String);
const GidSchema = z.string().regex(/^gid:\/\/shopify\/\w+\/\d+$/);
const DateTimeSchema = z
  .string()
  .datetime({ offset: true })
  .transform((value) => new Date(value));

/** The numeric id, from the gid when present (exact), else from `id`. */
function restId(entity: {
  id: string;
  admin_graphql_api_id?: string | null;
}): string {
  return entity.admin_graphql_api_id
    ? entity.admin_graphql_api_id.slice(
        entity.admin_graphql_api_id.lastIndexOf("/") + 1,
      )
    : entity.id;
}

const sum = (amounts: { millis: Millis }[]) =>
  amounts.reduce((total, amount) => total + amount.millis, 0);

// ---------------------------------------------------------------------------------------------
// Orders: orders/paid, orders/cancelled, orders/fulfilled

const OrderLineSchema = z.object({
  id: RestIdSchema,
  admin_graphql_api_id: GidSchema.nullish(),
  product_id: RestIdSchema.nullish(),
  variant_id: RestIdSchema.nullish(),
  title: z.string(),
  quantity: z.number().int().nonnegative(),
  price_set: MoneySetSchema,
  gift_card: z.boolean(),
  requires_shipping: z.boolean().optional(),
  taxable: z.boolean().optional(),
  // Line-level and order-level discounts alike are allocated to lines here.
  discount_allocations: z
    .array(z.object({ amount_set: MoneySetSchema }))
    .default([]),
  tax_lines: z.array(z.object({ price_set: MoneySetSchema })).default([]),
});

export const OrderPayloadSchema = z.object({
  id: RestIdSchema,
  admin_graphql_api_id: GidSchema.nullish(),
  name: z.string(),
  email: z.string().nullish(),
  test: z.boolean(),
  /** The shop currency (presentment_currency is the customer's). */
  currency: z.string().min(3),
  taxes_included: z.boolean(),
  customer: z
    .object({ id: RestIdSchema, admin_graphql_api_id: GidSchema.nullish() })
    .nullish(),
  line_items: z.array(OrderLineSchema),
  total_shipping_price_set: MoneySetSchema.nullish(),
  total_tip_received: z.union([z.string(), z.number()]).nullish(),
  financial_status: z.string().nullish(),
  fulfillment_status: z.string().nullish(),
  fulfillments: z
    .array(
      z.object({ created_at: DateTimeSchema, status: z.string().nullish() }),
    )
    .nullish(),
  discount_codes: z.array(z.object({ code: z.string() })).default([]),
  processed_at: DateTimeSchema.nullish(),
  updated_at: DateTimeSchema.nullish(),
  cancelled_at: DateTimeSchema.nullish(),
});
export type OrderPayload = z.infer<typeof OrderPayloadSchema>;

/** Statuses of an order whose payment went through (it may have been refunded since). */
const PAID_STATUSES = new Set(["paid", "partially_refunded", "refunded"]);

export type OrderTopic =
  "orders/paid" | "orders/cancelled" | "orders/fulfilled";

/**
 * A tip is money for the staff, not a purchase: Shopify reports it in `total_tip_received` and
 * as a line without product or variant titled "Tip". Such lines are left out of the facts when
 * the order received a tip, so they can never earn.
 */
function isTipLine(
  line: z.infer<typeof OrderLineSchema>,
  order: OrderPayload,
): boolean {
  const tip =
    order.total_tip_received === null || order.total_tip_received === undefined
      ? null
      : parseMillis(String(order.total_tip_received));
  if (!tip?.ok || tip.millis <= 0) return false;
  return (
    !line.product_id &&
    !line.variant_id &&
    !line.gift_card &&
    line.title.trim().toLowerCase() === "tip"
  );
}

export function toOrderFacts(
  order: OrderPayload,
  topic: OrderTopic,
): OrderFacts {
  const lines: OrderLine[] = order.line_items
    .filter((line) => !isTipLine(line, order))
    .map((line) => ({
      lineId: restId(line),
      productId: line.product_id ?? null,
      variantId: line.variant_id ?? null,
      title: line.title,
      quantity: line.quantity,
      unitPrice: line.price_set.millis,
      discount: sum(
        line.discount_allocations.map((allocation) => allocation.amount_set),
      ),
      tax: sum(line.tax_lines.map((taxLine) => taxLine.price_set)),
      giftCard: line.gift_card,
    }));

  // orders/paid is sent when the payment completes: the order's last update is that moment.
  // The other topics only tell whether the order had been paid by then.
  const paidAt =
    topic === "orders/paid"
      ? (order.updated_at ?? order.processed_at ?? null)
      : PAID_STATUSES.has(order.financial_status ?? "")
        ? (order.processed_at ?? order.updated_at ?? null)
        : null;

  const fulfilledAt =
    order.fulfillment_status === "fulfilled"
      ? (latest(
          (order.fulfillments ?? [])
            .filter((f) => f.status !== "cancelled")
            .map((f) => f.created_at),
        ) ??
        order.updated_at ??
        null)
      : null;

  return {
    orderId: restId(order),
    orderName: order.name,
    customerId: order.customer ? restId(order.customer) : null,
    email: order.email ?? null,
    test: order.test,
    currencyCode: order.currency,
    taxesIncluded: order.taxes_included,
    lines,
    shipping: order.total_shipping_price_set?.millis ?? 0,
    paidAt,
    cancelledAt: order.cancelled_at ?? null,
    fulfilledAt,
    discountCodes: order.discount_codes.map((discount) => discount.code),
  };
}

function latest(dates: Date[]): Date | null {
  return dates.reduce<Date | null>(
    (max, date) => (max === null || date > max ? date : max),
    null,
  );
}

// ---------------------------------------------------------------------------------------------
// Refunds: refunds/create

export const RefundPayloadSchema = z.object({
  id: RestIdSchema,
  admin_graphql_api_id: GidSchema.nullish(),
  order_id: RestIdSchema,
  created_at: DateTimeSchema,
  refund_line_items: z.array(
    z.object({
      line_item_id: RestIdSchema,
      quantity: z.number().int().nonnegative(),
      /** The line's refunded amount after its discounts (tax included when prices include tax). */
      subtotal_set: MoneySetSchema,
      total_tax_set: MoneySetSchema,
      line_item: z
        .object({
          gift_card: z.boolean().optional(),
          admin_graphql_api_id: GidSchema.nullish(),
        })
        .nullish(),
    }),
  ),
  order_adjustments: z
    .array(z.object({ kind: z.string().nullish(), amount_set: MoneySetSchema }))
    .default([]),
});
export type RefundPayload = z.infer<typeof RefundPayloadSchema>;

export function toRefundFacts(refund: RefundPayload): RefundFacts {
  const lines: RefundLine[] = refund.refund_line_items.map((item) => ({
    lineId: item.line_item?.admin_graphql_api_id
      ? restId({
          id: item.line_item_id,
          admin_graphql_api_id: item.line_item.admin_graphql_api_id,
        })
      : item.line_item_id,
    quantity: item.quantity,
    subtotal: item.subtotal_set.millis,
    tax: item.total_tax_set.millis,
    giftCard: item.line_item?.gift_card ?? false,
  }));

  // Refund discrepancies are signed from the shop's side: negative when more money goes back to
  // the customer than the refunded lines account for (a goodwill amount). Only that extra counts
  // as refunded spend; shipping refunds (kind shipping_refund) never earned, so never reverse.
  const discrepancy = sum(
    refund.order_adjustments
      .filter((adjustment) => adjustment.kind === "refund_discrepancy")
      .map((a) => a.amount_set),
  );

  return {
    refundId: restId(refund),
    orderId: refund.order_id,
    lines,
    otherAmount: Math.max(0, -discrepancy),
    createdAt: refund.created_at,
  };
}

// ---------------------------------------------------------------------------------------------
// Customers: customers/create, customers/update

export const CustomerPayloadSchema = z.object({
  id: RestIdSchema,
  admin_graphql_api_id: GidSchema.nullish(),
  email: z.string().nullish(),
  first_name: z.string().nullish(),
  last_name: z.string().nullish(),
  email_marketing_consent: z.object({ state: z.string().nullish() }).nullish(),
  /** Shopify verified the email (guest orders with it may be claimed: app/services/guest-claims.server.ts). */
  verified_email: z.boolean().nullish(),
  /** The customer's language, e.g. "fr" or "fr-CA" (the language of their loyalty emails). */
  locale: z.string().max(35).nullish(),
});
export type CustomerPayload = z.infer<typeof CustomerPayloadSchema>;

export function toCustomerFacts(customer: CustomerPayload): CustomerFacts {
  return {
    customerId: restId(customer),
    email: customer.email ?? null,
    firstName: customer.first_name ?? null,
    lastName: customer.last_name ?? null,
    emailMarketingState: customer.email_marketing_consent?.state ?? null,
    locale: customer.locale ?? null,
  };
}

// ---------------------------------------------------------------------------------------------
// Compliance and lifecycle: customers/data_request, customers/redact, shop/redact, app/uninstalled

/** customers/data_request: whose data, and which orders the merchant was asked about. */
export const DataRequestPayloadSchema = z.object({
  customer: z.object({ id: RestIdSchema }),
  orders_requested: z.array(RestIdSchema).default([]),
});
export type DataRequestPayload = z.infer<typeof DataRequestPayloadSchema>;

/** customers/redact: whose data, and which orders to erase contact details from. */
export const CustomerRedactPayloadSchema = z.object({
  customer: z.object({ id: RestIdSchema }),
  orders_to_redact: z.array(RestIdSchema).default([]),
});
export type CustomerRedactPayload = z.infer<typeof CustomerRedactPayloadSchema>;

/** shop/redact and app/uninstalled: the shop comes from the verified X-Shopify-Shop-Domain header; no field is used. */
export const ShopPayloadSchema = z.object({});
