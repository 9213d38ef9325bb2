import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type * as StoreCli from "./cli";
import type { RunningEmulator } from "./server";
import {
  control,
  type FakeApp,
  type Json,
  startFakeApp,
  startTestEmulator,
  TEST_SHOP,
} from "./store/test-support";

let app: FakeApp;
let emulator: RunningEmulator;
let cli: typeof StoreCli;

beforeAll(async () => {
  app = await startFakeApp();
  emulator = await startTestEmulator(app.url);
  // The CLI reads EMULATOR_URL when it loads.
  process.env.EMULATOR_URL = emulator.url;
  cli = await import("./cli");
});

afterAll(async () => {
  await emulator.close();
  await app.close();
});

describe("store CLI", () => {
  it("reads line and discount specs", () => {
    expect(cli.parseLine("1002x3")).toEqual({ variantId: 1002, quantity: 3 });
    expect(cli.parseLine("1002")).toEqual({ variantId: 1002, quantity: 1 });
    expect(cli.parseLine("Gift card=25x2:gift")).toEqual({
      title: "Gift card",
      price: "25",
      quantity: 2,
      giftCard: true,
    });
    expect(cli.parseLine("Mug=12.50")).toEqual({
      title: "Mug",
      price: "12.50",
      quantity: 1,
    });
    expect(() => cli.parseLine("Mug")).toThrow(/Cannot read line/);
    expect(cli.parseDiscount("WELCOME:percentage:10")).toEqual({
      code: "WELCOME",
      type: "percentage",
      value: "10",
    });
    expect(() => cli.parseDiscount("WELCOME:10")).toThrow(
      /Cannot read discount/,
    );
  });

  it("explains itself", async () => {
    const [help] = await cli.runStoreCli(["--help"]);
    expect(help).toContain("order place");
    expect(help).toContain("EMULATOR_URL");
  });

  it("drives a shop end to end: customer, order, refund, cancel, lists", async () => {
    await cli.runStoreCli(["shop", "create", TEST_SHOP, "--currency", "EUR"]);
    const [created] = await cli.runStoreCli([
      "customer",
      "create",
      "--email",
      "cli@example.com",
      "--first-name",
      "Cli",
      "--subscribed",
    ]);
    const customerId = Number(/Customer (\d+)/.exec(created)![1]);

    const products = await cli.runStoreCli(["list", "products"]);
    const variantId = products[0].split(" ")[0];
    const placed = await cli.runStoreCli([
      "order",
      "place",
      "--customer",
      String(customerId),
      "--line",
      `${variantId}x2`,
      "--line",
      "Gift card=25:gift",
      "--discount",
      "TEN:percentage:10",
      "--shipping",
      "4.90",
      "--tax",
      "0.2",
      "--taxes-included",
      "--duplicates",
      "1",
    ]);
    expect(placed[0]).toMatch(/^Order #1001 \(id \d+\) paid: /);
    expect(
      placed.filter((line) => line.includes("orders/paid: delivered")),
    ).toHaveLength(2);

    const state: Json = (await control(emulator, "GET", `/state/${TEST_SHOP}`))
      .body;
    const [order] = state.orders;
    expect(order).toMatchObject({
      taxes_included: true,
      discount_codes: [{ code: "TEN" }],
      customer: { id: customerId },
    });
    expect(order.line_items[1].gift_card).toBe(true);

    const refunded = await cli.runStoreCli([
      "order",
      "refund",
      String(order.id),
      "--line",
      `${order.line_items[0].id}:1`,
      "--shipping",
      "all",
    ]);
    expect(refunded[0]).toBe("Refund on #1001: order now partially_refunded.");
    const cancelled = await cli.runStoreCli([
      "order",
      "cancel",
      String(order.id),
    ]);
    expect(cancelled[0]).toBe("Order #1001 cancelled: refunded.");

    const orders = await cli.runStoreCli(["list", "orders"]);
    expect(orders[0]).toContain("refunded cancelled");
    const deliveries = await cli.runStoreCli(["list", "deliveries"]);
    expect(
      deliveries.some((line) => line.includes("refunds/create  delivered")),
    ).toBe(true);
  });

  it("says what is wrong instead of failing obscurely", async () => {
    await expect(
      cli.runStoreCli(["order", "place", "--line", "1x1"]),
    ).rejects.toThrow(/Who buys\?/);
    await expect(cli.runStoreCli(["order", "fly"])).rejects.toThrow(
      /Unknown command/,
    );
    await expect(
      cli.runStoreCli([
        "order",
        "refund",
        "999999",
        "--amount",
        "1",
        "--shop",
        TEST_SHOP,
      ]),
    ).rejects.toThrow(/404/);
  });
});
