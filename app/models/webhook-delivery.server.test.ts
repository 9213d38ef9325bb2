import { beforeEach, describe, expect, it } from "vitest";

import prisma from "~/db.server";
import {
  findWebhookDeliveryState,
  recordWebhookDelivery,
} from "~/models/webhook-delivery.server";
import { FIXED_NOW } from "test/factories";

const SHOP = "deliveries.myshopify.com";
const key = (eventId: string, shopDomain = SHOP) => ({
  shopDomain,
  topic: "orders/paid",
  eventId,
});

beforeEach(async () => {
  await prisma.shop.deleteMany();
  await prisma.shop.create({ data: { domain: SHOP } });
});

describe("findWebhookDeliveryState", () => {
  it("tells the shop's status and whether the event was dealt with, in one read", async () => {
    expect(
      await findWebhookDeliveryState(key("e1", "stranger.myshopify.com")),
    ).toEqual({ shopStatus: "unknown", delivered: false });
    expect(await findWebhookDeliveryState(key("e1"))).toEqual({
      shopStatus: "installed",
      delivered: false,
    });

    await recordWebhookDelivery(
      { ...key("e1"), webhookId: "w1", outcome: "processed" },
      FIXED_NOW,
    );
    expect(await findWebhookDeliveryState(key("e1"))).toEqual({
      shopStatus: "installed",
      delivered: true,
    });
    // Another event, or the same id under another topic, is not the one dealt with.
    expect((await findWebhookDeliveryState(key("e2"))).delivered).toBe(false);
    expect(
      (
        await findWebhookDeliveryState({
          ...key("e1"),
          topic: "orders/cancelled",
        })
      ).delivered,
    ).toBe(false);

    await prisma.shop.update({
      where: { domain: SHOP },
      data: { uninstalledAt: FIXED_NOW },
    });
    expect(await findWebhookDeliveryState(key("e1"))).toEqual({
      shopStatus: "uninstalled",
      delivered: true,
    });
  });
});
