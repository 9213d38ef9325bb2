import { afterEach, describe, expect, it, vi } from "vitest";

import prisma from "~/db.server";
import { storeIncomingWebhook } from "~/models/webhook-inbox.server";
import {
  acceptWebhook,
  drainWebhookInbox,
  type HandleRequest,
} from "~/webhooks/inbox.server";
import { FIXED_NOW } from "~/../test/factories";
import { signedWebhookRequest } from "~/../test/webhooks";

const SHOP = "inbox.myshopify.com";

function recordingHandler(statuses: number[] = []) {
  const seen: { path: string; body: string; hmac: string | null }[] = [];
  const handle: HandleRequest = async (request) => {
    seen.push({
      path: new URL(request.url).pathname,
      body: await request.text(),
      hmac: request.headers.get("x-shopify-hmac-sha256"),
    });
    return new Response(null, { status: statuses.shift() ?? 200 });
  };
  return { handle, seen };
}

afterEach(async () => {
  await prisma.webhookInbox.deleteMany();
  vi.restoreAllMocks();
});

describe("acceptWebhook", () => {
  it("stores a verified webhook once per event and answers 200 without processing it", async () => {
    const { handle, seen } = recordingHandler();
    const first = signedWebhookRequest({
      topic: "orders/paid",
      shop: SHOP,
      body: { id: 1 },
      eventId: "event-1",
      webhookId: "hook-1",
    });
    const retry = signedWebhookRequest({
      topic: "orders/paid",
      shop: SHOP,
      body: { id: 1 },
      eventId: "event-1",
      webhookId: "hook-2",
    });

    expect((await acceptWebhook(first, handle)).status).toBe(200);
    expect((await acceptWebhook(retry, handle)).status).toBe(200);

    const rows = await prisma.webhookInbox.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      shopDomain: SHOP,
      topic: "orders/paid",
      eventId: "event-1",
      webhookId: "hook-1",
      status: "received",
      path: "/webhooks/orders/paid",
    });
    expect(JSON.parse(rows[0].body)).toEqual({ id: 1 });
    expect(seen).toEqual([]);
  });

  it("answers a forged or missing HMAC with 401 and stores nothing", async () => {
    const { handle } = recordingHandler();
    const forged = signedWebhookRequest({
      topic: "orders/paid",
      shop: SHOP,
      body: { id: 2 },
      hmac: "Zm9yZ2Vk",
    });
    const unsigned = signedWebhookRequest({
      topic: "orders/paid",
      shop: SHOP,
      body: { id: 3 },
      hmac: null,
    });

    expect((await acceptWebhook(forged, handle)).status).toBe(401);
    expect([400, 401]).toContain(
      (await acceptWebhook(unsigned, handle)).status,
    );
    expect(await prisma.webhookInbox.count()).toBe(0);
  });

  it("hands a signed body that is not JSON straight to the route, which rejects it without a retry loop", async () => {
    const { handle, seen } = recordingHandler([200]);
    const response = await acceptWebhook(
      signedWebhookRequest({
        topic: "orders/paid",
        shop: SHOP,
        body: "{not json",
      }),
      handle,
    );

    expect(response.status).toBe(200);
    expect(seen.map((s) => s.body)).toEqual(["{not json"]);
    expect(await prisma.webhookInbox.count()).toBe(0);
  });
});

describe("drainWebhookInbox", () => {
  const stored = (eventId: string, receivedAt: Date) =>
    storeIncomingWebhook(
      {
        shopDomain: SHOP,
        topic: "orders/paid",
        eventId,
        webhookId: `hook-${eventId}`,
        path: "/webhooks/orders/paid",
        headers: { "x-shopify-hmac-sha256": `sig-${eventId}` },
        body: `{"id":"${eventId}"}`,
      },
      receivedAt,
    );

  it("replays stored requests, still signed, in arrival order, and marks them processed", async () => {
    await stored("b", new Date(FIXED_NOW.getTime() - 1_000));
    await stored("a", new Date(FIXED_NOW.getTime() - 2_000));
    const { handle, seen } = recordingHandler();

    const totals = await drainWebhookInbox(handle, {
      appUrl: "http://app.test",
      now: () => FIXED_NOW,
    });

    expect(totals).toEqual({ processed: 2, retried: 0, failed: 0 });
    expect(seen).toEqual([
      { path: "/webhooks/orders/paid", body: '{"id":"a"}', hmac: "sig-a" },
      { path: "/webhooks/orders/paid", body: '{"id":"b"}', hmac: "sig-b" },
    ]);
    expect(
      (await prisma.webhookInbox.findMany()).map((row) => row.status),
    ).toEqual(["processed", "processed"]);
    expect(
      await drainWebhookInbox(handle, {
        appUrl: "http://app.test",
        now: () => FIXED_NOW,
      }),
    ).toEqual({ processed: 0, retried: 0, failed: 0 });
  });

  it("retries later what failed for a transient reason, and gives up on what will never pass", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const error = vi
      .spyOn(console, "error")
      .mockImplementation(() => undefined);
    await stored("outage", new Date(FIXED_NOW.getTime() - 2_000));
    await stored("refused", new Date(FIXED_NOW.getTime() - 1_000));
    const { handle } = recordingHandler([503, 401]);

    expect(
      await drainWebhookInbox(handle, {
        appUrl: "http://app.test",
        now: () => FIXED_NOW,
      }),
    ).toEqual({ processed: 0, retried: 1, failed: 1 });

    const outage = await prisma.webhookInbox.findFirstOrThrow({
      where: { eventId: "outage" },
    });
    expect(outage).toMatchObject({
      status: "received",
      attempts: 1,
      lastStatus: 503,
    });
    expect(outage.nextAttemptAt.getTime()).toBeGreaterThan(FIXED_NOW.getTime());
    expect(
      await prisma.webhookInbox.findFirstOrThrow({
        where: { eventId: "refused" },
      }),
    ).toMatchObject({ status: "failed", lastStatus: 401 });
    expect(error).toHaveBeenCalledTimes(1);

    // Not due yet: nothing is replayed early.
    const later = recordingHandler();
    expect(
      await drainWebhookInbox(later.handle, {
        appUrl: "http://app.test",
        now: () => FIXED_NOW,
      }),
    ).toEqual({ processed: 0, retried: 0, failed: 0 });
  });
});
