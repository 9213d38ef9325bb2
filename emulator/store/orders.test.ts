import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import type { RunningEmulator } from "../server";
import {
  control,
  type FakeApp,
  type Json,
  startFakeApp,
  startTestEmulator,
  TEST_SHOP,
} from "./test-support";

let app: FakeApp;
let emulator: RunningEmulator;

beforeAll(async () => {
  app = await startFakeApp();
  emulator = await startTestEmulator(app.url);
});

afterAll(async () => {
  await emulator.close();
  await app.close();
});

afterEach(async () => {
  await control(emulator, "POST", "/reset");
  app.received.length = 0;
});

const sum = (values: string[]) =>
  values.reduce((total, value) => total + Math.round(Number(value) * 100), 0) /
  100;

async function order(body: Record<string, unknown>): Promise<Json> {
  const answer = await control(emulator, "POST", "/orders", {
    shop: TEST_SHOP,
    email: "guest@example.com",
    ...body,
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body.order;
}

async function refund(body: Record<string, unknown>) {
  return control(emulator, "POST", "/orders/refund", {
    shop: TEST_SHOP,
    ...body,
  });
}

function delivered(topic: string): Json[] {
  return app.received
    .filter((r) => r.headers["x-shopify-topic"] === topic)
    .map((r) => JSON.parse(r.body));
}

describe("placing an order", () => {
  it("allocates a percentage code to each line except gift cards, taxes on top, in shop and presentment money", async () => {
    const placed = await order({
      lines: [
        { title: "Mug", price: "12.50", quantity: 2 },
        { title: "Beans", price: "24.00", quantity: 1 },
        { title: "Gift card", price: "25.00", quantity: 1, giftCard: true },
      ],
      discount: { code: "TEN", type: "percentage", value: 10 },
      shipping: { price: "4.90" },
      tax: { rate: 0.2 },
      tip: "2.00",
      presentment: { currency: "USD", rate: 1.1 },
    });
    const [mug, beans, gift] = placed.line_items;
    expect(mug.discount_allocations).toMatchObject([
      { amount: "2.50", discount_application_index: 0 },
    ]);
    expect(beans.discount_allocations).toMatchObject([{ amount: "2.40" }]);
    expect(gift).toMatchObject({
      gift_card: true,
      discount_allocations: [],
      tax_lines: [],
    });
    expect(placed.discount_codes).toEqual([
      { code: "TEN", amount: "4.90", type: "percentage" },
    ]);
    expect(placed.discount_applications[0]).toMatchObject({
      type: "discount_code",
      code: "TEN",
      value_type: "percentage",
      allocation_method: "across",
    });
    expect(mug.tax_lines).toMatchObject([{ price: "4.50", rate: 0.2 }]);
    expect(beans.tax_lines).toMatchObject([{ price: "4.32" }]);
    expect(placed.shipping_lines[0].tax_lines).toMatchObject([
      { price: "0.98" },
    ]);
    expect(placed).toMatchObject({
      taxes_included: false,
      total_line_items_price: "74.00",
      total_discounts: "4.90",
      subtotal_price: "69.10",
      total_tax: "9.80",
      total_tip_received: "2.00",
      total_price: "85.80",
      currency: "EUR",
      presentment_currency: "USD",
      financial_status: "paid",
      customer: null,
      email: "guest@example.com",
    });
    expect(placed.total_price_set).toEqual({
      shop_money: { amount: "85.80", currency_code: "EUR" },
      presentment_money: { amount: "94.38", currency_code: "USD" },
    });
    expect(mug.price_set.presentment_money).toEqual({
      amount: "13.75",
      currency_code: "USD",
    });
    expect(mug.discount_allocations[0].amount_set.shop_money).toEqual({
      amount: "2.50",
      currency_code: "EUR",
    });

    const [paid] = delivered("orders/paid");
    expect(paid.total_price).toBe("85.80");
  });

  it("spreads a fixed amount over the lines to the cent, with taxes included in the prices", async () => {
    const placed = await order({
      lines: [
        { title: "A", price: "10.00", quantity: 1 },
        { title: "B", price: "10.00", quantity: 1 },
        { title: "C", price: "10.00", quantity: 1 },
      ],
      discount: { code: "TENOFF", type: "fixed_amount", value: "10.00" },
      tax: { rate: 0.2, included: true },
    });
    const allocations = placed.line_items.map(
      (line: Json) => line.discount_allocations[0].amount,
    );
    expect(allocations.sort()).toEqual(["3.33", "3.33", "3.34"]);
    expect(sum(allocations)).toBe(10);
    expect(placed.taxes_included).toBe(true);
    // 6.67 or 6.66 paid per line, of which a sixth is VAT.
    expect(
      placed.line_items.map((line: Json) => line.tax_lines[0].price).sort(),
    ).toEqual(["1.11", "1.11", "1.11"]);
    expect(placed.total_price).toBe("20.00");
    expect(placed.presentment_currency).toBe("EUR");
    expect(placed.total_price_set.presentment_money).toEqual(
      placed.total_price_set.shop_money,
    );
  });

  it("uses catalogue variants, a new customer announced before the order, and the test flag", async () => {
    const state = await control(emulator, "POST", "/shops", {
      shop: TEST_SHOP,
      currency: "CAD",
      timezone: "America/Toronto",
    });
    expect(state.body.shop.currencyCode).toBe("CAD");
    const products = (await control(emulator, "GET", `/state/${TEST_SHOP}`))
      .body.products;
    const giftCard = products.find((p: Json) => p.giftCard);
    const placed = await order({
      email: undefined,
      customer: { email: "new@example.com", firstName: "Noa" },
      lines: [{ variantId: giftCard.variants[0].id, quantity: 1 }],
      test: true,
    });
    expect(placed.line_items[0]).toMatchObject({
      gift_card: true,
      product_id: giftCard.id,
      variant_id: giftCard.variants[0].id,
      price: giftCard.variants[0].price,
    });
    expect(placed).toMatchObject({
      test: true,
      currency: "CAD",
      customer: { email: "new@example.com", first_name: "Noa" },
    });
    expect(placed.processed_at).toMatch(/-0[45]:00$/);
    expect(app.received.map((r) => r.headers["x-shopify-topic"])).toEqual([
      "customers/create",
      "orders/paid",
    ]);
  });

  it("refuses lines that are not there", async () => {
    const answer = await control(emulator, "POST", "/orders", {
      shop: TEST_SHOP,
      lines: [{ variantId: 999999, quantity: 1 }],
    });
    expect(answer.status).toBe(404);
    expect(
      (
        await control(emulator, "POST", "/orders", {
          shop: TEST_SHOP,
          lines: [],
        })
      ).status,
    ).toBe(400);
  });
});

describe("refunds and cancellation", () => {
  it("partial refunds of a discounted, taxed line add up to exactly the line, then the order is refunded", async () => {
    const placed = await order({
      lines: [{ title: "Mug", price: "10.00", quantity: 3 }],
      discount: { code: "ONE", type: "fixed_amount", value: "1.00" },
      tax: { rate: 0.1 },
    });
    expect(placed.total_price).toBe("31.90");
    const lineItemId = placed.line_items[0].id;
    const subtotals: number[] = [];
    const taxes: number[] = [];
    const statuses: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const answer = await refund({
        orderId: placed.id,
        lines: [{ lineItemId, quantity: 1 }],
      });
      expect(answer.status).toBe(201);
      const [item] = answer.body.refund.refund_line_items;
      expect(item).toMatchObject({
        line_item_id: lineItemId,
        quantity: 1,
        line_item: { id: lineItemId, gift_card: false },
      });
      expect(item.subtotal_set.shop_money.amount).toBe(
        item.subtotal.toFixed(2),
      );
      subtotals.push(item.subtotal);
      taxes.push(item.total_tax);
      statuses.push(answer.body.order.financial_status);
    }
    expect(subtotals).toEqual([9.67, 9.66, 9.67]);
    expect(taxes).toEqual([0.97, 0.96, 0.97]);
    expect(statuses).toEqual([
      "partially_refunded",
      "partially_refunded",
      "refunded",
    ]);

    const refunds = delivered("refunds/create");
    expect(refunds).toHaveLength(3);
    expect(
      sum(refunds.flatMap((r) => r.transactions.map((t: Json) => t.amount))),
    ).toBe(31.9);

    const tooMany = await refund({
      orderId: placed.id,
      lines: [{ lineItemId, quantity: 1 }],
    });
    expect(tooMany.status).toBe(409);
  });

  it("refunds shipping and records a custom amount as a refund discrepancy", async () => {
    const placed = await order({
      lines: [{ title: "Grinder", price: "40.00", quantity: 1 }],
      shipping: { price: "5.00" },
      presentment: { currency: "USD", rate: 1.25 },
    });
    const shipping = await refund({ orderId: placed.id, shipping: true });
    expect(shipping.status).toBe(201);
    expect(shipping.body.refund.refund_line_items).toEqual([]);
    expect(shipping.body.refund.order_adjustments).toMatchObject([
      { reason: null, amount: "-5.00" },
    ]);
    expect(
      shipping.body.refund.refund_shipping_lines[0].subtotal_amount_set,
    ).toEqual({
      shop_money: { amount: "5.00", currency_code: "EUR" },
      presentment_money: { amount: "6.25", currency_code: "USD" },
    });
    expect(shipping.body.refund.transactions).toMatchObject([
      { kind: "refund", amount: "6.25", currency: "USD" },
    ]);

    const partial = await refund({
      orderId: placed.id,
      lines: [{ lineItemId: placed.line_items[0].id, quantity: 1 }],
      amount: "30.00",
      note: "kept the box",
    });
    expect(partial.body.refund.refund_line_items[0].subtotal).toBe(40);
    expect(partial.body.refund.order_adjustments).toMatchObject([
      { reason: "refund_discrepancy", amount: "10.00" },
    ]);
    expect(partial.body.refund.note).toBe("kept the box");
    expect(partial.body.order.financial_status).toBe("partially_refunded");
    expect(partial.body.order.current_total_price).toBe("10.00");

    const tooMuch = await refund({ orderId: placed.id, amount: "50.00" });
    expect(tooMuch.status).toBe(409);
  });

  it("cancelling refunds what is left and sends the refund before orders/cancelled", async () => {
    const placed = await order({
      lines: [
        { title: "Mug", price: "12.00", quantity: 2 },
        { title: "Beans", price: "20.00", quantity: 1 },
      ],
      shipping: { price: "3.00" },
      tip: "1.00",
    });
    await refund({
      orderId: placed.id,
      lines: [{ lineItemId: placed.line_items[0].id, quantity: 1 }],
    });
    app.received.length = 0;

    const cancelled = await control(emulator, "POST", "/orders/cancel", {
      shop: TEST_SHOP,
      orderId: placed.id,
      reason: "customer",
    });
    expect(cancelled.status).toBe(200);
    expect(app.received.map((r) => r.headers["x-shopify-topic"])).toEqual([
      "refunds/create",
      "orders/cancelled",
    ]);
    const [cancelRefund] = delivered("refunds/create");
    expect(
      cancelRefund.refund_line_items.map((item: Json) => [
        item.line_item_id,
        item.quantity,
        item.restock_type,
      ]),
    ).toEqual([
      [placed.line_items[0].id, 1, "cancel"],
      [placed.line_items[1].id, 1, "cancel"],
    ]);
    // Everything the shopper paid comes back: 44 + 3 shipping + 1 tip - 12 refunded earlier.
    expect(cancelRefund.transactions[0].amount).toBe("36.00");
    const [cancelledOrder] = delivered("orders/cancelled");
    expect(cancelledOrder).toMatchObject({
      financial_status: "refunded",
      cancel_reason: "customer",
    });
    expect(cancelledOrder.cancelled_at).not.toBeNull();
    expect(cancelledOrder.refunds).toHaveLength(2);

    expect(
      (
        await control(emulator, "POST", "/orders/cancel", {
          shop: TEST_SHOP,
          orderId: placed.id,
        })
      ).status,
    ).toBe(409);
  });

  it("fulfilling sends orders/fulfilled with the fulfillment", async () => {
    const placed = await order({
      lines: [{ title: "Mug", price: "12.00", quantity: 1 }],
    });
    const answer = await control(emulator, "POST", "/orders/fulfil", {
      shop: TEST_SHOP,
      orderId: placed.id,
    });
    expect(answer.body.order.fulfillment_status).toBe("fulfilled");
    const [fulfilled] = delivered("orders/fulfilled");
    expect(fulfilled.fulfillments).toMatchObject([
      { status: "success", line_items: [{ id: placed.line_items[0].id }] },
    ]);
    expect(
      (
        await control(emulator, "POST", "/orders/fulfil", {
          shop: TEST_SHOP,
          orderId: placed.id,
        })
      ).status,
    ).toBe(409);
  });
});

describe("customers", () => {
  it("creates and updates customers with Shopify's consent and tag shapes", async () => {
    const created = await control(emulator, "POST", "/customers", {
      shop: TEST_SHOP,
      email: "Lea@Example.com",
      firstName: "Léa",
      lastName: "Martin",
      tags: ["vip", "newsletter"],
    });
    expect(created.status).toBe(201);
    expect(created.body.customer).toMatchObject({
      email: "lea@example.com",
      first_name: "Léa",
      last_name: "Martin",
      verified_email: true,
      tags: "vip, newsletter",
      email_marketing_consent: {
        state: "not_subscribed",
        opt_in_level: "single_opt_in",
        consent_updated_at: null,
      },
    });
    const duplicate = await control(emulator, "POST", "/customers", {
      shop: TEST_SHOP,
      email: "lea@example.com",
    });
    expect(duplicate.status).toBe(409);

    await control(emulator, "POST", "/customers/update", {
      shop: TEST_SHOP,
      customerId: created.body.customer.id,
      emailMarketing: "SUBSCRIBED",
    });
    const [update] = delivered("customers/update");
    expect(update.email_marketing_consent.state).toBe("subscribed");
    expect(update.email_marketing_consent.consent_updated_at).not.toBeNull();
    expect(delivered("customers/create")).toHaveLength(1);
  });
});
