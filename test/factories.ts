import {
  type CustomerFacts,
  type OrderFacts,
  type OrderLine,
  type RefundFacts,
  type RefundLine,
} from "~/loyalty/types";

/**
 * Builders for the facts the services take, with sensible defaults: a paid EUR order of one
 * 100.00 line for customer "cust-1", worth 100 points under the default program.
 */

export const FIXED_NOW = new Date("2026-11-23T10:00:00Z");

export function buildOrderLine(overrides: Partial<OrderLine> = {}): OrderLine {
  return {
    lineId: "line-1",
    productId: "product-1",
    variantId: "variant-1",
    title: "Ceramic mug",
    quantity: 1,
    unitPrice: 100_000,
    discount: 0,
    tax: 0,
    giftCard: false,
    ...overrides,
  };
}

export function buildOrderFacts(
  overrides: Partial<OrderFacts> = {},
): OrderFacts {
  const orderId = overrides.orderId ?? "1001";
  return {
    orderId,
    orderName: `#${orderId}`,
    customerId: "cust-1",
    email: "ada@example.com",
    test: false,
    currencyCode: "EUR",
    taxesIncluded: false,
    lines: [buildOrderLine()],
    shipping: 5_000,
    paidAt: FIXED_NOW,
    cancelledAt: null,
    fulfilledAt: null,
    discountCodes: [],
    ...overrides,
  };
}

export function buildRefundLine(
  overrides: Partial<RefundLine> = {},
): RefundLine {
  return {
    lineId: "line-1",
    quantity: 1,
    subtotal: 100_000,
    tax: 0,
    giftCard: false,
    ...overrides,
  };
}

export function buildRefundFacts(
  overrides: Partial<RefundFacts> = {},
): RefundFacts {
  return {
    refundId: "refund-1",
    orderId: "1001",
    lines: [buildRefundLine()],
    otherAmount: 0,
    createdAt: new Date(FIXED_NOW.getTime() + 60 * 60_000),
    ...overrides,
  };
}

export function buildCustomerFacts(
  overrides: Partial<CustomerFacts> = {},
): CustomerFacts {
  return {
    customerId: "cust-1",
    email: "ada@example.com",
    firstName: "Ada",
    lastName: "Lovelace",
    emailMarketingState: null,
    ...overrides,
  };
}
