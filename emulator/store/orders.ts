import type { EmulatorContext } from "../context";
import type {
  EmuCustomer,
  EmuDiscountApplication,
  EmuLineItem,
  EmuOrder,
  EmuShippingLine,
  EmuTaxLine,
  ShopState,
} from "../state";
import { addCustomer } from "./customers";
import {
  type DeliveryOptions,
  emitWebhooks,
  type WebhookDelivery,
  type WebhookEvent,
} from "./deliver";
import {
  allocateProportionally,
  type Cents,
  formatCents,
  roundHalfUp,
  sumCents,
  toCents,
} from "./money";
import {
  customerPayload,
  orderPayload,
  orderTotals,
  refundedQuantity,
} from "./payloads";
import { createRefund } from "./refunds";
import {
  findVariant,
  requireCustomer,
  requireOrder,
  StoreActionError,
  storeShop,
} from "./shop";

export interface OrderLineInput {
  /** A catalogue variant: title, price and gift-card flag come from it unless given. */
  variantId?: number;
  productId?: number;
  /** A custom line item (no product) needs a title and a price. */
  title?: string;
  variantTitle?: string | null;
  price?: string | number;
  quantity: number;
  giftCard?: boolean;
  taxable?: boolean;
  sku?: string | null;
}

export interface DiscountCodeInput {
  code: string;
  type: "percentage" | "fixed_amount";
  /** "10" for 10 % off, or an amount ("5.00") off the order. */
  value: string | number;
}

export interface TaxInput {
  /** 0.2 for 20 %. */
  rate: number;
  title?: string;
  /** Prices include tax (Shopify's `taxes_included`), as in most of Europe. */
  included?: boolean;
  /** Tax shipping too (default true). */
  shipping?: boolean;
}

export interface PlaceOrderInput {
  shop: string;
  /** An existing customer; leave out (and leave out `customer`) for a guest checkout. */
  customerId?: number | null;
  /** A shopper who creates their account at checkout: customers/create goes out first. */
  customer?: {
    email: string;
    firstName?: string | null;
    lastName?: string | null;
  };
  /** The guest's email (ignored when the order has a customer). */
  email?: string | null;
  lines: OrderLineInput[];
  discount?: DiscountCodeInput | null;
  shipping?: { title?: string; price: string | number } | null;
  tax?: TaxInput | null;
  tip?: string | number | null;
  /** The currency the shopper paid in, when it differs from the shop's: presentment = shop × rate. */
  presentment?: { currency: string; rate: number } | null;
  test?: boolean;
  note?: string | null;
  tags?: string[];
  sourceName?: string;
  processedAt?: string;
}

export interface OrderActionResult {
  order: EmuOrder;
  payload: Record<string, unknown>;
  deliveries: WebhookDelivery[];
}

/**
 * A shopper checks out and pays: orders/create then orders/paid (customers/create first for a new
 * account). Discounts are allocated to lines, and taxes computed per line, the way Shopify does.
 */
export async function placeOrder(
  ctx: EmulatorContext,
  input: PlaceOrderInput,
  delivery: DeliveryOptions = {},
): Promise<OrderActionResult> {
  const shop = storeShop(ctx, input.shop);
  if (input.lines.length === 0)
    throw new StoreActionError("An order needs at least one line item");
  const now = ctx.state.now().toISOString();
  const events: WebhookEvent[] = [];

  let customer: EmuCustomer | null = null;
  if (input.customer) {
    // customers/create is sent with the order's deliveries below, so reordering covers it too.
    customer = addCustomer(ctx, shop, {
      email: input.customer.email,
      firstName: input.customer.firstName,
      lastName: input.customer.lastName,
    });
    events.push({
      topic: "customers/create",
      payload: customerPayload(shop, customer),
      resource: { customerId: customer.id },
    });
  } else if (input.customerId !== undefined && input.customerId !== null) {
    customer = requireCustomer(shop, input.customerId);
  }

  const lineItems = input.lines.map((line) => resolveLine(ctx, shop, line));
  const discountApplications: EmuDiscountApplication[] = [];
  const discountCodes: EmuOrder["discountCodes"] = [];
  if (input.discount) {
    const total = allocateDiscount(lineItems, input.discount);
    discountApplications.push({
      type: "discount_code",
      code: input.discount.code,
      title: input.discount.code,
      valueType: input.discount.type,
      value:
        input.discount.type === "percentage"
          ? Number(input.discount.value).toFixed(1)
          : formatCents(toCents(input.discount.value)),
      allocationMethod: "across",
      targetSelection: "all",
      targetType: "line_item",
    });
    discountCodes.push({
      code: input.discount.code,
      amount: formatCents(total),
      type: input.discount.type,
    });
  }

  const shippingLines: EmuShippingLine[] = input.shipping
    ? [
        {
          id: ctx.state.nextId(),
          title: input.shipping.title ?? "Standard",
          price: formatCents(toCents(input.shipping.price)),
          taxLines: [],
        },
      ]
    : [];

  const tax = input.tax ?? null;
  if (tax) {
    if (!(tax.rate >= 0 && tax.rate < 1))
      throw new StoreActionError(
        "Tax rate must be a fraction, e.g. 0.2 for 20 %",
      );
    const title = tax.title ?? (tax.included ? "VAT" : "Tax");
    for (const line of lineItems) {
      if (!line.taxable || line.giftCard) continue;
      const net =
        toCents(line.price) * line.quantity -
        sumCents(line.discountAllocations.map((a) => toCents(a.amount)));
      line.taxLines = [taxLine(title, tax, net)];
    }
    if (tax.shipping !== false) {
      for (const line of shippingLines)
        line.taxLines = [taxLine(title, tax, toCents(line.price))];
    }
  }

  const presentment = input.presentment ?? null;
  if (presentment && !(presentment.rate > 0))
    throw new StoreActionError("Presentment rate must be positive");
  const orderNumber = 1001 + shop.orders.size;
  const order: EmuOrder = {
    id: ctx.state.nextId(),
    name: `#${orderNumber}`,
    orderNumber,
    email: customer ? customer.email : (input.email ?? null),
    customerId: customer ? customer.id : null,
    test: input.test ?? false,
    currency: shop.shop.currencyCode,
    presentmentCurrency: presentment?.currency ?? shop.shop.currencyCode,
    presentmentRate: presentment?.rate ?? 1,
    taxesIncluded: tax?.included ?? false,
    lineItems,
    shippingLines,
    discountApplications,
    discountCodes,
    tipAmount: formatCents(
      input.tip === undefined || input.tip === null ? 0 : toCents(input.tip),
    ),
    financialStatus: "paid",
    fulfillmentStatus: null,
    fulfillments: [],
    refunds: [],
    transactions: [],
    tags: input.tags ?? [],
    note: input.note ?? null,
    sourceName: input.sourceName ?? "web",
    cancelledAt: null,
    cancelReason: null,
    closedAt: null,
    processedAt: input.processedAt ?? now,
    createdAt: now,
    updatedAt: now,
  };
  order.transactions.push({
    id: ctx.state.nextId(),
    kind: "sale",
    status: "success",
    amount: formatCents(orderTotals(order).total),
    gateway: order.test ? "bogus" : "shopify_payments",
    createdAt: now,
  });
  shop.orders.set(order.id, order);

  const payload = orderPayload(shop, order);
  const resource = {
    orderId: order.id,
    ...(customer ? { customerId: customer.id } : {}),
  };
  events.push(
    { topic: "orders/create", payload, resource },
    { topic: "orders/paid", payload, resource },
  );
  const deliveries = await emitWebhooks(
    ctx,
    shop.shop.domain,
    events,
    delivery,
  );
  return { order, payload, deliveries };
}

export interface FulfilOrderInput {
  shop: string;
  orderId: number;
  /** Default: every line not fulfilled yet. */
  lineItemIds?: number[];
}

/** The merchant ships: orders/fulfilled (or orders/partially_fulfilled), then orders/updated. */
export async function fulfilOrder(
  ctx: EmulatorContext,
  input: FulfilOrderInput,
  delivery: DeliveryOptions = {},
): Promise<OrderActionResult> {
  const shop = storeShop(ctx, input.shop);
  const order = requireOrder(shop, input.orderId);
  if (order.cancelledAt)
    throw new StoreActionError(`Order ${order.name} is cancelled`, 409);
  const fulfilled = new Set(order.fulfillments.flatMap((f) => f.lineItemIds));
  const open = order.lineItems.filter(
    (line) =>
      !fulfilled.has(line.id) &&
      line.quantity - refundedQuantity(order, line.id) > 0,
  );
  const chosen = input.lineItemIds
    ? open.filter((line) => input.lineItemIds!.includes(line.id))
    : open;
  if (chosen.length === 0)
    throw new StoreActionError(
      `Order ${order.name} has nothing left to fulfil`,
      409,
    );
  const now = ctx.state.now().toISOString();
  order.fulfillments.push({
    id: ctx.state.nextId(),
    status: "success",
    createdAt: now,
    lineItemIds: chosen.map((line) => line.id),
  });
  const complete = chosen.length === open.length;
  order.fulfillmentStatus = complete ? "fulfilled" : "partial";
  order.updatedAt = now;
  const payload = orderPayload(shop, order);
  const resource = {
    orderId: order.id,
    ...(order.customerId !== null ? { customerId: order.customerId } : {}),
  };
  const deliveries = await emitWebhooks(
    ctx,
    shop.shop.domain,
    [
      {
        topic: complete ? "orders/fulfilled" : "orders/partially_fulfilled",
        payload,
        resource,
      },
      { topic: "orders/updated", payload, resource },
    ],
    delivery,
  );
  return { order, payload, deliveries };
}

export interface CancelOrderInput {
  shop: string;
  orderId: number;
  reason?: "customer" | "fraud" | "inventory" | "declined" | "other";
  /** Refund what the shopper paid and has not had back (default true), as the admin's cancel dialog does. */
  refund?: boolean;
}

/** The merchant cancels: the refund Shopify makes (refunds/create), then orders/cancelled and orders/updated. */
export async function cancelOrder(
  ctx: EmulatorContext,
  input: CancelOrderInput,
  delivery: DeliveryOptions = {},
): Promise<OrderActionResult> {
  const shop = storeShop(ctx, input.shop);
  const order = requireOrder(shop, input.orderId);
  if (order.cancelledAt)
    throw new StoreActionError(`Order ${order.name} is already cancelled`, 409);
  const events: WebhookEvent[] = [];
  const resource = {
    orderId: order.id,
    ...(order.customerId !== null ? { customerId: order.customerId } : {}),
  };

  if (input.refund !== false) {
    const refund = createRefund(ctx, shop, order, {
      everythingLeft: true,
      note: "Order canceled",
    });
    if (refund)
      events.push({
        topic: "refunds/create",
        payload: refund.payload,
        resource: { ...resource, refundId: refund.refund.id },
      });
  }
  const now = ctx.state.now().toISOString();
  order.cancelledAt = now;
  order.cancelReason = input.reason ?? "customer";
  order.closedAt = now;
  order.updatedAt = now;
  const payload = orderPayload(shop, order);
  events.push(
    { topic: "orders/cancelled", payload, resource },
    { topic: "orders/updated", payload, resource },
  );
  const deliveries = await emitWebhooks(
    ctx,
    shop.shop.domain,
    events,
    delivery,
  );
  return { order, payload, deliveries };
}

function resolveLine(
  ctx: EmulatorContext,
  shop: ShopState,
  input: OrderLineInput,
): EmuLineItem {
  if (!Number.isInteger(input.quantity) || input.quantity <= 0)
    throw new StoreActionError(
      "Line quantities must be positive whole numbers",
    );
  let productId: number | null = null;
  let variantId: number | null = null;
  let title = input.title ?? null;
  let variantTitle = input.variantTitle ?? null;
  let price =
    input.price !== undefined ? formatCents(toCents(input.price)) : null;
  let giftCard = input.giftCard ?? false;
  let sku = input.sku ?? null;

  const found =
    input.variantId !== undefined
      ? findVariant(shop, input.variantId)
      : input.productId !== undefined && shop.products.get(input.productId)
        ? {
            product: shop.products.get(input.productId)!,
            variant: shop.products.get(input.productId)!.variants[0],
          }
        : null;
  if (
    (input.variantId !== undefined || input.productId !== undefined) &&
    !found
  ) {
    throw new StoreActionError(
      `Unknown product or variant ${input.variantId ?? input.productId}`,
      404,
    );
  }
  if (found) {
    productId = found.product.id;
    variantId = found.variant.id;
    title ??= found.product.title;
    variantTitle ??=
      found.variant.title === "Default Title" ? null : found.variant.title;
    price ??= found.variant.price;
    giftCard = input.giftCard ?? found.product.giftCard;
    sku ??= found.variant.sku;
  }
  if (!title || price === null)
    throw new StoreActionError("A custom line item needs a title and a price");
  return {
    id: ctx.state.nextId(),
    productId,
    variantId,
    title,
    variantTitle,
    sku,
    quantity: input.quantity,
    price,
    giftCard,
    // Gift cards are not taxed when sold (tax applies when they are spent).
    taxable: input.taxable ?? !giftCard,
    taxLines: [],
    discountAllocations: [],
  };
}

/**
 * A discount code applies to the order's products but never to gift cards. A percentage is taken
 * off each line; a fixed amount is spread over the lines in proportion to their price.
 */
function allocateDiscount(
  lines: EmuLineItem[],
  discount: DiscountCodeInput,
): Cents {
  const eligible = lines.filter((line) => !line.giftCard);
  const gross = eligible.map((line) => toCents(line.price) * line.quantity);
  let amounts: Cents[];
  if (discount.type === "percentage") {
    const percent = Number(discount.value);
    if (!(percent > 0 && percent <= 100))
      throw new StoreActionError(
        "A percentage discount must be between 0 and 100",
      );
    amounts = gross.map((cents) => roundHalfUp((cents * percent) / 100));
  } else {
    const value = toCents(discount.value);
    if (value <= 0)
      throw new StoreActionError("A fixed discount must be positive");
    amounts = allocateProportionally(Math.min(value, sumCents(gross)), gross);
  }
  eligible.forEach((line, index) => {
    if (amounts[index] > 0)
      line.discountAllocations = [
        { amount: formatCents(amounts[index]), discountApplicationIndex: 0 },
      ];
  });
  return sumCents(amounts);
}

function taxLine(title: string, tax: TaxInput, net: Cents): EmuTaxLine {
  const cents = tax.included
    ? roundHalfUp((net * tax.rate) / (1 + tax.rate))
    : roundHalfUp(net * tax.rate);
  return { title, rate: tax.rate, price: formatCents(cents) };
}
