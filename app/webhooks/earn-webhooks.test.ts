import { type ActionFunctionArgs } from "@remix-run/node";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { storeOfflineSession } from "~/../test/fake-admin-api";
import { expectLedgerConsistent } from "~/../test/ledger-invariants";
import { signedWebhookRequest, webhookFixture } from "~/../test/webhooks";
import prisma from "~/db.server";
import { listEarningRules } from "~/models/earning-rules.server";
import { action as customersCreate } from "~/routes/webhooks.customers.create";
import { action as customersUpdate } from "~/routes/webhooks.customers.update";
import { action as ordersFulfilled } from "~/routes/webhooks.orders.fulfilled";
import { action as ordersPaid } from "~/routes/webhooks.orders.paid";
import { action as refundsCreate } from "~/routes/webhooks.refunds.create";
import { saveEarningRule } from "~/services/earning-rules.server";
import { installShop } from "~/services/install.server";
import {
  getPendingPoints,
  postDuePendingAwards,
  runPostPendingAwardJob,
} from "~/services/pending-awards.server";

/**
 * Ways to earn through the real webhook routes: signed requests, the real services, SQLite. The
 * clock is set with fake timers (Date only): no sleeps.
 */

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- fixtures are edited freely
type Action = (args: ActionFunctionArgs) => Promise<Response>;

const SHOP = "earn-webhooks.myshopify.com";
const CUSTOMER_ID = "7390012345678";
/** The orders-paid fixture earns 111 points at 1 per 1. */
const ORDER_POINTS = 111;
const PAID_AT = "2026-11-21T10:00:00Z";

let counter = 0;
async function deliver(action: Action, topic: string, body: unknown) {
  counter += 1;
  const request = signedWebhookRequest({
    topic,
    shop: SHOP,
    body,
    eventId: `event-${counter}`,
    webhookId: `webhook-${counter}`,
  });
  return action({ request, params: {}, context: {} });
}

async function member() {
  return prisma.member.findUniqueOrThrow({
    where: { shopCustomer: { shopDomain: SHOP, customerId: CUSTOMER_ID } },
  });
}

async function setOrderTiming(timing: Json) {
  const [stored] = await listEarningRules(prisma, SHOP);
  const saved = await saveEarningRule(SHOP, stored.rule.id, {
    type: "place_order",
    name: "Orders",
    earnPoints: 1,
    earnPerAmount: 1,
    timing,
  });
  expect(saved.ok).toBe(true);
}

const paidOrder = (changes: Json = {}) => ({
  ...webhookFixture<Json>("orders-paid"),
  updated_at: PAID_AT,
  ...changes,
});

beforeEach(async () => {
  await prisma.shop.deleteMany();
  await installShop(SHOP);
  await storeOfflineSession(SHOP);
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date(PAID_AT));
});

afterEach(async () => {
  vi.useRealTimers();
  await expectLedgerConsistent(prisma);
});

describe("customers/create and customers/update", () => {
  it("customers/create enrols and awards the account bonus once, even when delivered again", async () => {
    await saveEarningRule(SHOP, null, {
      type: "create_account",
      name: "Welcome",
      points: 50,
    });
    expect(
      (
        await deliver(
          customersCreate,
          "customers/create",
          webhookFixture("customers-create"),
        )
      ).status,
    ).toBe(200);
    expect(
      (
        await deliver(
          customersCreate,
          "customers/create",
          webhookFixture("customers-create"),
        )
      ).status,
    ).toBe(200);
    expect((await member()).balance).toBe(50);
  });

  it("customers/update awards the newsletter bonus when consent becomes subscribed, once", async () => {
    await saveEarningRule(SHOP, null, {
      type: "newsletter_signup",
      name: "Newsletter",
      points: 20,
    });
    const customer = (state: string) => ({
      ...webhookFixture<Json>("customers-update"),
      email_marketing_consent: { state },
    });
    await deliver(
      customersUpdate,
      "customers/update",
      customer("not_subscribed"),
    );
    expect((await member()).balance).toBe(0);
    await deliver(customersUpdate, "customers/update", customer("subscribed"));
    await deliver(
      customersUpdate,
      "customers/update",
      customer("unsubscribed"),
    );
    await deliver(customersUpdate, "customers/update", customer("subscribed"));
    expect((await member()).balance).toBe(20);
  });
});

describe("award timing through order webhooks", () => {
  it("when fulfilled: orders/paid leaves the points pending, orders/fulfilled posts them", async () => {
    await setOrderTiming({ when: "fulfilled" });
    expect((await deliver(ordersPaid, "orders/paid", paidOrder())).status).toBe(
      200,
    );
    expect((await member()).balance).toBe(0);
    expect(await getPendingPoints((await member()).id)).toBe(ORDER_POINTS);

    expect(
      (
        await deliver(
          ordersFulfilled,
          "orders/fulfilled",
          webhookFixture("orders-fulfilled"),
        )
      ).status,
    ).toBe(200);
    expect((await member()).balance).toBe(ORDER_POINTS);
    expect(await getPendingPoints((await member()).id)).toBe(0);
  });

  it("a delay after payment: pending until the job runs when due; a refund first reduces it", async () => {
    await setOrderTiming({ when: "after_payment", delay: 2, unit: "days" });
    await deliver(ordersPaid, "orders/paid", paidOrder());
    const job = await prisma.outboxJob.findFirstOrThrow({
      where: { shopDomain: SHOP, kind: "post_pending_award" },
    });
    expect(job.runAfter).toEqual(new Date("2026-11-23T10:00:00Z"));

    // The fixture refund takes back 44 of the 111 points while they are still pending.
    vi.setSystemTime(new Date("2026-11-22T10:00:00Z"));
    await deliver(
      refundsCreate,
      "refunds/create",
      webhookFixture("refunds-create"),
    );
    expect(await getPendingPoints((await member()).id)).toBe(ORDER_POINTS - 44);
    await runPostPendingAwardJob(
      SHOP,
      JSON.parse(job.payload),
      new Date("2026-11-23T09:59:59Z"),
    );
    expect((await member()).balance).toBe(0);

    await runPostPendingAwardJob(
      SHOP,
      JSON.parse(job.payload),
      new Date("2026-11-23T10:00:00Z"),
    );
    expect((await member()).balance).toBe(ORDER_POINTS - 44);
    expect(
      await postDuePendingAwards(new Date("2026-11-24T00:00:00Z")),
    ).toEqual({ posted: 0, checked: 0 });
    expect((await member()).balance).toBe(ORDER_POINTS - 44);
  });

  it("when paid (the default): orders/paid posts at once, as before", async () => {
    await deliver(ordersPaid, "orders/paid", paidOrder());
    expect((await member()).balance).toBe(ORDER_POINTS);
  });
});
