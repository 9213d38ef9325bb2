import { z } from "zod";

import { parseMillis } from "~/loyalty/money";
import { isRefundDiscrepancy } from "~/shopify/order-adjustments";
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

/**
 * Bounds on what an order can say (docs/decisions/0009-webhook-payload-bounds.md). Shopify has no
 * order anywhere near them; a body beyond them is a forgery with a leaked secret or a bug, and is
 * rejected whole (recorded, no ledger change) rather than awarding billions of points or failing
 * on arithmetic beyond 2^53 in a 5xx loop.
 */
export const PAYLOAD_BOUNDS = {
  /** Units of one line. */
  lineQuantity: 100_000,
  /** Any one amount, in shop-currency units (a billion: about 40,000 USD in VND, the smallest unit in use). */
  amount: 1_000_000_000,
  /** The order's lines together before discounts (unit price × quantity), in shop-currency units. */
  orderAmount: 10_000_000_000,
  /** Lines in one order or refund. */
  lines: 2_000,
} as const;

const MAX_AMOUNT_MILLIS = PAYLOAD_BOUNDS.amount * 1000;

const QuantitySchema = z
  .number()
  .int()
  .nonnegative()
  .max(PAYLOAD_BOUNDS.lineQuantity);

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
    if (Math.abs(parsed.millis) > MAX_AMOUNT_MILLIS) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: `amount is beyond ${PAYLOAD_BOUNDS.amount}`,
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
  quantity: QuantitySchema,
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
  line_items: z
    .array(OrderLineSchema)
    .max(PAYLOAD_BOUNDS.lines)
    .superRefine((lines, ctx) => {
      const gross = lines.reduce(
        (sum, line) => sum + line.price_set.millis * line.quantity,
        0,
      );
      if (gross > PAYLOAD_BOUNDS.orderAmount * 1000) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: `the lines total more than ${PAYLOAD_BOUNDS.orderAmount}`,
        });
      }
    }),
  /** After every discount, before shipping and taxes (taxes included when prices include them). */
  subtotal_price_set: MoneySetSchema.nullish(),
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
    subtotal: order.subtotal_price_set?.millis ?? null,
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
  refund_line_items: z
    .array(
      z.object({
        line_item_id: RestIdSchema,
        quantity: QuantitySchema,
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
    )
    .max(PAYLOAD_BOUNDS.lines),
  order_adjustments: z
    .array(
      z.object({
        /** Until 2026-04: refund_discrepancy | shipping_refund (deprecated since). */
        kind: z.string().nullish(),
        /** 2026-07: the discrepancy reason (REFUND_DISCREPANCY, DAMAGE, …; none for a shipping refund); older versions: words. */
        reason: z.string().nullish(),
        amount_set: MoneySetSchema,
      }),
    )
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
      .filter(isRefundDiscrepancy)
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
  // Shopify may name the customer by email only (no id): the app then redacts by email.
  customer: z
    .object({
      id: RestIdSchema.nullish().transform((id) => id ?? null),
      email: z
        .string()
        .nullish()
        .transform((email) => email?.trim() || null),
    })
    .refine((customer) => customer.id !== null || customer.email !== null, {
      message: "names the customer by neither id nor email",
    }),
  orders_to_redact: z.array(RestIdSchema).default([]),
});
export type CustomerRedactPayload = z.infer<typeof CustomerRedactPayloadSchema>;

/** shop/redact and app/uninstalled: the shop comes from the verified X-Shopify-Shop-Domain header; no field is used. */
export const ShopPayloadSchema = z.object({});

// ---------------------------------------------------------------------------------------------
// Bodies the schemas refused: the order they are about, read leniently

function digits(value: unknown): string | null {
  if (typeof value === "number" && Number.isSafeInteger(value) && value > 0)
    return String(value);
  if (typeof value === "string" && /^\d{1,30}$/.test(value)) return value;
  return null;
}

/**
 * The order a body the schema refused is still about, if it says: the order's own id (its gid
 * first) for the order topics, `order_id` for a refund. Shopify's data is authoritative: the app
 * reads that order again from the Admin API instead of dropping the webhook.
 */
export function orderIdOfUnreadableBody(
  body: unknown,
  field: "id" | "order_id",
): string | null {
  if (body === null || typeof body !== "object") return null;
  const object = body as Record<string, unknown>;
  if (field === "id") {
    const gid = object.admin_graphql_api_id;
    if (typeof gid === "string") {
      const match = /^gid:\/\/shopify\/Order\/(\d{1,30})$/.exec(gid);
      if (match) return match[1];
    }
  }
  return digits(object[field]);
}
