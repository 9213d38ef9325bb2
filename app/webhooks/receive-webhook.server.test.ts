import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";

import { signedWebhookRequest } from "~/../test/webhooks";
import prisma from "~/db.server";
import {
  receiveWebhook,
  type ReceivedWebhook,
} from "~/webhooks/receive-webhook.server";

const SHOP = "receive-test.myshopify.com";
const GONE = "receive-gone.myshopify.com";
const TOPIC = "orders/paid";
const OrderIdSchema = z.object({ id: z.number() });

function handler(
  process = vi.fn(async (_webhook: ReceivedWebhook<{ id: number }>) => {}),
  acceptUninstalledShop = false,
) {
  return {
    topic: TOPIC,
    schema: OrderIdSchema,
    process,
    acceptUninstalledShop,
  };
}

function warnings() {
  return vi.spyOn(console, "warn").mockImplementation(() => {});
}

async function deliveries(shop = SHOP) {
  return prisma.webhookDelivery.findMany({
    where: { shopDomain: shop },
    orderBy: { receivedAt: "asc" },
  });
}

beforeAll(async () => {
  await prisma.shop.create({ data: { domain: SHOP } });
  await prisma.shop.create({
    data: { domain: GONE, uninstalledAt: new Date("2026-11-01T00:00:00Z") },
  });
});

afterEach(async () => {
  vi.restoreAllMocks();
  await prisma.webhookDelivery.deleteMany();
});

describe("receiveWebhook", () => {
  it("processes a correctly signed delivery once and records it", async () => {
    const h = handler();
    const request = signedWebhookRequest({
      topic: TOPIC,
      shop: SHOP,
      body: { id: 42 },
      webhookId: "wh-1",
      eventId: "ev-1",
    });

    const response = await receiveWebhook(request, h);

    expect(response.status).toBe(200);
    expect(h.process).toHaveBeenCalledTimes(1);
    expect(h.process.mock.calls[0][0]).toMatchObject({
      shop: SHOP,
      topic: TOPIC,
      webhookId: "wh-1",
      eventId: "ev-1",
      payload: { id: 42 },
    });
    expect(await deliveries()).toMatchObject([
      {
        topic: TOPIC,
        eventId: "ev-1",
        webhookId: "wh-1",
        outcome: "processed",
      },
    ]);
  });

  it("answers 401 to a forged signature without processing", async () => {
    const h = handler();
    const forged = signedWebhookRequest({
      topic: TOPIC,
      shop: SHOP,
      body: { id: 42 },
      secret: "not-the-app-secret",
    });
    expect((await receiveWebhook(forged, h)).status).toBe(401);

    const tampered = signedWebhookRequest({
      topic: TOPIC,
      shop: SHOP,
      body: { id: 42 },
      hmac: "AAAA",
    });
    expect((await receiveWebhook(tampered, h)).status).toBe(401);

    expect(h.process).not.toHaveBeenCalled();
    expect(await deliveries()).toEqual([]);
  });

  it("answers 401 to a delivery without a signature", async () => {
    const h = handler();
    const response = await receiveWebhook(
      signedWebhookRequest({
        topic: TOPIC,
        shop: SHOP,
        body: { id: 42 },
        hmac: null,
      }),
      h,
    );
    expect(response.status).toBe(401);
    expect(h.process).not.toHaveBeenCalled();
  });

  it("processes the same event once, even under a second webhook id", async () => {
    const h = handler();
    for (const webhookId of ["wh-a", "wh-a", "wh-b"]) {
      const response = await receiveWebhook(
        signedWebhookRequest({
          topic: TOPIC,
          shop: SHOP,
          body: { id: 42 },
          webhookId,
          eventId: "ev-dup",
        }),
        h,
      );
      expect(response.status).toBe(200);
    }
    expect(h.process).toHaveBeenCalledTimes(1);
    expect(await deliveries()).toHaveLength(1);
  });

  it("does not record a delivery whose processing failed, so Shopify's retry does the work", async () => {
    const failing = vi.fn(async () => {
      throw new Error("database is locked");
    });
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const request = () =>
      signedWebhookRequest({
        topic: TOPIC,
        shop: SHOP,
        body: { id: 42 },
        webhookId: "wh-crash",
        eventId: "ev-crash",
      });

    expect((await receiveWebhook(request(), handler(failing))).status).toBe(
      500,
    );
    expect(errors.mock.calls[0][0]).toContain("webhookId=wh-crash");
    expect(await deliveries()).toEqual([]);

    const retry = handler();
    expect((await receiveWebhook(request(), retry)).status).toBe(200);
    expect(retry.process).toHaveBeenCalledTimes(1);
  });

  it("answers 200 to a signed body that is not JSON, logs it with the webhook id and records the rejection", async () => {
    const warn = warnings();
    const h = handler();
    const request = signedWebhookRequest({
      topic: TOPIC,
      shop: SHOP,
      body: '{"id": 42,',
      webhookId: "wh-broken",
      eventId: "ev-broken",
    });

    const response = await receiveWebhook(request, h);

    expect(response.status).toBe(200);
    expect(h.process).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toMatch(
      /rejected topic=orders\/paid shop=receive-test\.myshopify\.com webhookId=wh-broken .*reason=invalid_json/,
    );
    expect(await deliveries()).toMatchObject([
      { eventId: "ev-broken", outcome: "rejected" },
    ]);
  });

  it("still refuses a body that is not JSON when its signature is forged", async () => {
    const h = handler();
    const request = signedWebhookRequest({
      topic: TOPIC,
      shop: SHOP,
      body: "not json",
      secret: "forged",
    });
    expect((await receiveWebhook(request, h)).status).toBe(401);
    expect(await deliveries()).toEqual([]);
  });

  it("answers 200 to a payload missing a field, with the field (not its value) in the log", async () => {
    const warn = warnings();
    const h = handler();
    const request = signedWebhookRequest({
      topic: TOPIC,
      shop: SHOP,
      body: { name: "#1001" },
      webhookId: "wh-missing",
    });

    expect((await receiveWebhook(request, h)).status).toBe(200);
    expect(h.process).not.toHaveBeenCalled();
    expect(warn.mock.calls[0][0]).toMatch(
      /webhookId=wh-missing .*reason=invalid_payload detail=.*id: Required/,
    );
    expect(warn.mock.calls[0][0]).not.toContain("#1001");
    expect(await deliveries()).toMatchObject([
      { webhookId: "wh-missing", outcome: "rejected" },
    ]);
  });

  it("answers 200 to a shop the app does not know, logging it, without writing anything", async () => {
    const warn = warnings();
    const h = handler();
    const request = signedWebhookRequest({
      topic: TOPIC,
      shop: "stranger.myshopify.com",
      body: { id: 1 },
      webhookId: "wh-stranger",
    });

    expect((await receiveWebhook(request, h)).status).toBe(200);
    expect(h.process).not.toHaveBeenCalled();
    expect(warn.mock.calls[0][0]).toMatch(
      /shop=stranger\.myshopify\.com webhookId=wh-stranger .*reason=unknown_shop/,
    );
    expect(await prisma.webhookDelivery.count()).toBe(0);
  });

  it("rejects deliveries for an uninstalled shop unless the topic is owed an answer after uninstalling", async () => {
    const warn = warnings();
    const refused = handler();
    const request = () =>
      signedWebhookRequest({ topic: TOPIC, shop: GONE, body: { id: 1 } });

    expect((await receiveWebhook(request(), refused)).status).toBe(200);
    expect(refused.process).not.toHaveBeenCalled();
    expect(warn.mock.calls[0][0]).toContain("reason=uninstalled_shop");

    const accepted = handler(undefined, true);
    expect((await receiveWebhook(request(), accepted)).status).toBe(200);
    expect(accepted.process).toHaveBeenCalledTimes(1);
  });

  it("rejects a delivery whose topic is not the route's", async () => {
    const warn = warnings();
    const h = handler();
    const request = signedWebhookRequest({
      topic: "orders/create",
      shop: SHOP,
      body: { id: 1 },
      url: "http://localhost:3999/webhooks/orders/paid",
    });
    expect((await receiveWebhook(request, h)).status).toBe(200);
    expect(h.process).not.toHaveBeenCalled();
    expect(warn.mock.calls[0][0]).toContain("reason=wrong_topic");
  });

  it("answers 200 when processing deleted the shop itself (shop/redact), with nothing left to record", async () => {
    const doomed = "receive-doomed.myshopify.com";
    await prisma.shop.create({ data: { domain: doomed } });
    const h = handler(
      vi.fn(
        async () =>
          void (await prisma.shop.delete({ where: { domain: doomed } })),
      ),
    );

    const response = await receiveWebhook(
      signedWebhookRequest({ topic: TOPIC, shop: doomed, body: { id: 1 } }),
      h,
    );

    expect(response.status).toBe(200);
    expect(h.process).toHaveBeenCalledTimes(1);
    expect(
      await prisma.webhookDelivery.count({ where: { shopDomain: doomed } }),
    ).toBe(0);
  });

  it("answers 405 to anything but POST", async () => {
    const response = await receiveWebhook(
      new Request("http://localhost:3999/webhooks/orders/paid"),
      handler(),
    );
    expect(response.status).toBe(405);
  });
});
