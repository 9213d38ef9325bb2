import { describe, expect, it } from "vitest";

import { webhookFixture } from "~/../test/webhooks";
import {
  CustomerPayloadSchema,
  CustomerRedactPayloadSchema,
  DataRequestPayloadSchema,
  OrderPayloadSchema,
  RefundPayloadSchema,
  toCustomerFacts,
  toOrderFacts,
  toRefundFacts,
} from "~/webhooks/payloads.server";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- fixtures are edited freely

function parseOrder(payload: Json) {
  const parsed = OrderPayloadSchema.safeParse(payload);
  if (!parsed.success) throw new Error(parsed.error.message);
  return parsed.data;
}

function money(shop: string, presentment: string) {
  return {
    shop_money: { amount: shop, currency_code: "EUR" },
    presentment_money: { amount: presentment, currency_code: "GBP" },
  };
}

describe("orders", () => {
  it("maps orders/paid to OrderFacts in shop money, leaving the tip out", () => {
    const facts = toOrderFacts(
      parseOrder(webhookFixture<Json>("orders-paid")),
      "orders/paid",
    );

    expect(facts).toMatchObject({
      orderId: "5820011122233",
      orderName: "#1042",
      customerId: "7390012345678",
      email: "camille.martin@example.com",
      test: false,
      currencyCode: "EUR",
      taxesIncluded: false,
      shipping: 6900,
      paidAt: new Date("2026-11-20T13:03:15Z"),
      cancelledAt: null,
      fulfilledAt: null,
      discountCodes: ["WELCOME10"],
    });
    expect(facts.lines).toEqual([
      {
        lineId: "14200000000001",
        productId: "8100000000001",
        variantId: "45100000000001",
        title: "Linen shirt",
        quantity: 2,
        unitPrice: 49900,
        discount: 9980,
        tax: 17960,
        giftCard: false,
      },
      {
        lineId: "14200000000002",
        productId: "8100000000002",
        variantId: "45100000000002",
        title: "Canvas tote",
        quantity: 1,
        unitPrice: 24500,
        discount: 2450,
        tax: 4410,
        giftCard: false,
      },
      {
        lineId: "14200000000003",
        productId: "8100000000003",
        variantId: "45100000000003",
        title: "Gift card",
        quantity: 1,
        unitPrice: 50000,
        discount: 0,
        tax: 0,
        giftCard: true,
      },
    ]);
  });

  it("never reads presentment money", () => {
    const payload = webhookFixture<Json>("orders-paid");
    const line = payload.line_items as Json[];
    line[0].price_set = money("49.90", "9999.99");
    line[0].discount_allocations[0].amount_set = money("9.98", "0.01");
    const facts = toOrderFacts(parseOrder(payload), "orders/paid");
    expect(facts.lines[0]).toMatchObject({ unitPrice: 49900, discount: 9980 });
  });

  it("adds allocations exactly, without float noise", () => {
    const payload = webhookFixture<Json>("orders-paid");
    const line = (payload.line_items as Json[])[0];
    line.discount_allocations = [
      {
        amount: "0.10",
        amount_set: money("0.10", "0.09"),
        discount_application_index: 0,
      },
      {
        amount: "0.20",
        amount_set: money("0.20", "0.18"),
        discount_application_index: 1,
      },
    ];
    line.tax_lines = [
      {
        price: "0.10",
        price_set: money("0.10", "0.09"),
        rate: 0.1,
        title: "State",
      },
      {
        price: "0.20",
        price_set: money("0.20", "0.18"),
        rate: 0.1,
        title: "County",
      },
    ];
    const facts = toOrderFacts(parseOrder(payload), "orders/paid");
    expect(facts.lines[0]).toMatchObject({ discount: 300, tax: 300 });
  });

  it("keeps a line titled Tip when the order received no tip (a product can be called that)", () => {
    const payload = webhookFixture<Json>("orders-paid");
    payload.total_tip_received = "0.00";
    const facts = toOrderFacts(parseOrder(payload), "orders/paid");
    expect(facts.lines.map((l) => l.title)).toContain("Tip");
  });

  it("maps a guest order, tax-inclusive prices and a test order as they are", () => {
    const payload = webhookFixture<Json>("orders-paid");
    payload.customer = null;
    payload.taxes_included = true;
    payload.test = true;
    const facts = toOrderFacts(parseOrder(payload), "orders/paid");
    expect(facts).toMatchObject({
      customerId: null,
      taxesIncluded: true,
      test: true,
    });
  });

  it("takes ids from the gid, which keeps every digit", () => {
    const payload = webhookFixture<Json>("orders-paid");
    payload.id = 9007199254740992; // 9007199254740993 after JSON.parse
    payload.admin_graphql_api_id = "gid://shopify/Order/9007199254740993";
    expect(toOrderFacts(parseOrder(payload), "orders/paid").orderId).toBe(
      "9007199254740993",
    );
  });

  it("knows whether a cancelled order had been paid", () => {
    const cancelled = toOrderFacts(
      parseOrder(webhookFixture<Json>("orders-cancelled")),
      "orders/cancelled",
    );
    expect(cancelled.cancelledAt).toEqual(new Date("2026-11-25T15:40:12Z"));
    expect(cancelled.paidAt).toEqual(new Date("2026-11-20T13:03:08Z"));

    const unpaid = webhookFixture<Json>("orders-cancelled");
    unpaid.financial_status = "voided";
    expect(
      toOrderFacts(parseOrder(unpaid), "orders/cancelled").paidAt,
    ).toBeNull();
  });

  it("dates a fulfilled order by its fulfilment", () => {
    const facts = toOrderFacts(
      parseOrder(webhookFixture<Json>("orders-fulfilled")),
      "orders/fulfilled",
    );
    expect(facts.fulfilledAt).toEqual(new Date("2026-11-21T08:30:00Z"));
    expect(facts.paidAt).toEqual(new Date("2026-11-20T13:03:08Z"));
  });

  it.each([
    ["line_items missing", (p: Json) => delete p.line_items],
    ["a line without price_set", (p: Json) => delete p.line_items[0].price_set],
    ["a line without quantity", (p: Json) => delete p.line_items[1].quantity],
    ["currency missing", (p: Json) => delete p.currency],
    [
      "an amount finer than a thousandth",
      (p: Json) => (p.line_items[0].price_set.shop_money.amount = "49.9012"),
    ],
    [
      "an amount that is not a number",
      (p: Json) => (p.line_items[0].price_set.shop_money.amount = "49,90"),
    ],
    ["a date that is not a date", (p: Json) => (p.updated_at = "yesterday")],
    ["an id that is not an id", (p: Json) => (p.id = "abc")],
  ])("refuses a payload with %s", (_label, damage) => {
    const payload = webhookFixture<Json>("orders-paid");
    damage(payload);
    expect(OrderPayloadSchema.safeParse(payload).success).toBe(false);
  });
});

describe("refunds", () => {
  it("maps a partial refund from shop money", () => {
    const parsed = RefundPayloadSchema.parse(
      webhookFixture<Json>("refunds-create"),
    );
    expect(toRefundFacts(parsed)).toEqual({
      refundId: "9120033344455",
      orderId: "5820011122233",
      lines: [
        {
          lineId: "14200000000001",
          quantity: 1,
          subtotal: 44910,
          tax: 8980,
          giftCard: false,
        },
      ],
      otherAmount: 0,
      createdAt: new Date("2026-11-24T09:15:00Z"),
    });
  });

  it("counts a refund discrepancy as refunded spend, and never shipping", () => {
    const payload = webhookFixture<Json>("refunds-create");
    payload.order_adjustments = [
      {
        id: 1,
        order_id: 5820011122233,
        refund_id: 9120033344455,
        kind: "shipping_refund",
        reason: "Shipping refund",
        amount: "-6.90",
        amount_set: money("-6.90", "-6.07"),
        tax_amount: "-1.38",
        tax_amount_set: money("-1.38", "-1.21"),
      },
      {
        id: 2,
        order_id: 5820011122233,
        refund_id: 9120033344455,
        kind: "refund_discrepancy",
        reason: "Refund discrepancy",
        amount: "-20.00",
        amount_set: money("-20.00", "-17.60"),
        tax_amount: "0.00",
        tax_amount_set: money("0.00", "0.00"),
      },
    ];
    expect(toRefundFacts(RefundPayloadSchema.parse(payload)).otherAmount).toBe(
      20000,
    );
  });

  it("reads the 2026-07 shape, where the discrepancy is named in reason and kind is gone", () => {
    const payload = webhookFixture<Json>("refunds-create");
    payload.order_adjustments = [
      // A shipping refund has no discrepancy reason.
      { id: 1, reason: null, amount_set: money("-6.90", "-6.07") },
      {
        id: 2,
        reason: "REFUND_DISCREPANCY",
        amount_set: money("-20.00", "-17.60"),
      },
      { id: 3, reason: "damage", amount_set: money("-5.00", "-4.40") },
      // Not given back yet.
      {
        id: 4,
        reason: "PENDING_REFUND_DISCREPANCY",
        amount_set: money("-9.00", "-7.92"),
      },
    ];
    expect(toRefundFacts(RefundPayloadSchema.parse(payload)).otherAmount).toBe(
      25000,
    );
  });

  it("ignores a discrepancy that gives back less than the lines", () => {
    const payload = webhookFixture<Json>("refunds-create");
    payload.order_adjustments = [
      {
        id: 3,
        kind: "refund_discrepancy",
        amount: "5.00",
        amount_set: money("5.00", "4.40"),
      },
    ];
    expect(toRefundFacts(RefundPayloadSchema.parse(payload)).otherAmount).toBe(
      0,
    );
  });

  it("marks refunded gift-card lines", () => {
    const payload = webhookFixture<Json>("refunds-create");
    payload.refund_line_items[0].line_item.gift_card = true;
    expect(
      toRefundFacts(RefundPayloadSchema.parse(payload)).lines[0].giftCard,
    ).toBe(true);
  });

  it("refuses a refund without its order id or line amounts", () => {
    const noOrder = webhookFixture<Json>("refunds-create");
    delete noOrder.order_id;
    expect(RefundPayloadSchema.safeParse(noOrder).success).toBe(false);
    const noSubtotal = webhookFixture<Json>("refunds-create");
    delete noSubtotal.refund_line_items[0].subtotal_set;
    expect(RefundPayloadSchema.safeParse(noSubtotal).success).toBe(false);
  });
});

describe("customers", () => {
  it("maps customers/create", () => {
    expect(
      toCustomerFacts(
        CustomerPayloadSchema.parse(webhookFixture<Json>("customers-create")),
      ),
    ).toEqual({
      customerId: "7390012345678",
      email: "camille.martin@example.com",
      firstName: "Camille",
      lastName: "Martin",
      emailMarketingState: "subscribed",
      locale: null,
    });
  });

  it("accepts a customer without email or consent (protected customer data)", () => {
    const payload = {
      id: 7390012345679,
      admin_graphql_api_id: "gid://shopify/Customer/7390012345679",
      email: null,
    };
    expect(toCustomerFacts(CustomerPayloadSchema.parse(payload))).toEqual({
      customerId: "7390012345679",
      email: null,
      firstName: null,
      lastName: null,
      emailMarketingState: null,
      locale: null,
    });
  });

  it("reads the customer id of compliance requests", () => {
    expect(
      CustomerRedactPayloadSchema.parse(
        webhookFixture<Json>("customers-redact"),
      ),
    ).toEqual({
      customer: { id: "7390012345678", email: "camille.martin@example.com" },
      orders_to_redact: ["5820011122233"],
    });
    expect(
      DataRequestPayloadSchema.parse(
        webhookFixture<Json>("customers-data_request"),
      ),
    ).toEqual({
      customer: { id: "7390012345678" },
      orders_requested: ["5820011122233"],
    });
    expect(
      CustomerRedactPayloadSchema.safeParse({ shop_domain: "x.myshopify.com" })
        .success,
    ).toBe(false);
  });
});
