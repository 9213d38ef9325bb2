import { afterEach, describe, expect, it, vi } from "vitest";

import prisma from "~/db.server";
import { databaseTakesParallelWriters } from "~/models/row-locks.server";
import { assertNetworkAllowed } from "~/models/transaction.server";
import * as clock from "~/clock.server";
import {
  claimDueWebhooks,
  storeVerifiedWebhook,
} from "~/models/webhook-inbox.server";
import {
  acceptVerifiedWebhook,
  acceptWebhook,
  drainWebhookInbox,
  keyReplayWebhooks,
  WEBHOOK_LEASE_MS,
  type HandleRequest,
} from "~/webhooks/inbox.server";
import {
  defineWebhookHandler,
  type AnyWebhookHandler,
} from "~/webhooks/receive-webhook.server";
import { type VerifiedWebhook } from "~/webhooks/verified-webhook";
import { FIXED_NOW } from "~/../test/factories";
import { signedWebhookRequest, webhookSignature } from "~/../test/webhooks";
import { z } from "zod";

const SHOP = "inbox.myshopify.com";

function routeNotCalled() {
  const seen: string[] = [];
  const handle: HandleRequest = async (request) => {
    seen.push(await request.text());
    return new Response(null, { status: 200 });
  };
  return { handle, seen };
}

/** A handler for a test topic that records what it processed, and fails when told to. */
function recordingHandler(topic = "test/recorded") {
  const seen: string[] = [];
  const failures: string[] = [];
  const handler = defineWebhookHandler({
    topic,
    schema: z.object({
      id: z.string(),
      order: z.string().optional(),
      delayMs: z.number().optional(),
    }),
    acceptUnknownShop: true,
    orderingKeyOf: (body) => {
      const order = (body as { order?: unknown } | null)?.order;
      return typeof order === "string" ? `order:${order}` : null;
    },
    process: async ({ payload }) => {
      // Let other events interleave, as a real service's round trips do.
      await new Promise((resolve) => setTimeout(resolve, payload.delayMs ?? 1));
      if (failures.includes(payload.id)) throw new Error("database is down");
      seen.push(payload.id);
    },
  });
  const handlers = (name: string): AnyWebhookHandler | null =>
    name === topic ? handler : null;
  return { handler, handlers, seen, failures };
}

function event(
  eventId: string,
  body: unknown,
  topic = "test/recorded",
): VerifiedWebhook {
  return {
    shopDomain: SHOP,
    topic,
    eventId,
    webhookId: `hook-${eventId}`,
    apiVersion: "2026-07",
    triggeredAt: null,
    body: typeof body === "string" ? body : JSON.stringify(body),
  };
}

const at = (ms: number) => new Date(FIXED_NOW.getTime() + ms);

/** Stores a test topic's event keyed as its handler says (the door keys by the app's handlers). */
function store(
  handler: AnyWebhookHandler,
  webhook: VerifiedWebhook,
  when: Date,
) {
  return storeVerifiedWebhook(
    {
      event: webhook,
      orderingKey: handler.orderingKeyOf?.(JSON.parse(webhook.body)) ?? null,
    },
    when,
  );
}

afterEach(async () => {
  await prisma.webhookInbox.deleteMany();
  vi.restoreAllMocks();
});

describe("acceptWebhook (the HTTPS door)", () => {
  it("stores a verified event once per event id and answers 200 without processing it", async () => {
    const { handle, seen } = routeNotCalled();
    const first = signedWebhookRequest({
      topic: "orders/paid",
      shop: SHOP,
      body: { id: 1 },
      eventId: "event-1",
      webhookId: "hook-1",
      triggeredAt: "2026-01-01T00:00:00.000Z",
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
      format: "verified",
      apiVersion: "2026-07",
      triggeredAt: "2026-01-01T00:00:00.000Z",
      orderingKey: "order:1",
      headers: "{}",
    });
    expect(JSON.parse(rows[0].body)).toEqual({ id: 1 });
    expect(seen).toEqual([]);
  });

  it("answers a forged or missing HMAC with 401 and stores nothing", async () => {
    const { handle } = routeNotCalled();
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
    const { handle, seen } = routeNotCalled();
    const response = await acceptWebhook(
      signedWebhookRequest({
        topic: "orders/paid",
        shop: SHOP,
        body: "{not json",
      }),
      handle,
    );

    expect(response.status).toBe(200);
    expect(seen).toEqual(["{not json"]);
    expect(await prisma.webhookInbox.count()).toBe(0);
  });
});

describe("acceptVerifiedWebhook (what both doors store)", () => {
  it("says stored, then duplicate for the same shop, topic and event id", async () => {
    const payload = { id: 7, admin_graphql_api_id: "gid://shopify/Order/7" };
    expect(
      await acceptVerifiedWebhook(event("e-1", payload, "orders/paid"), at(0)),
    ).toBe("stored");
    expect(
      await acceptVerifiedWebhook(
        { ...event("e-1", payload, "orders/paid"), webhookId: "other" },
        at(1),
      ),
    ).toBe("duplicate");
    // Another topic of the same event id is another event.
    expect(
      await acceptVerifiedWebhook(
        event("e-1", payload, "orders/cancelled"),
        at(2),
      ),
    ).toBe("stored");
    const rows = await prisma.webhookInbox.findMany({
      orderBy: { receivedAt: "asc" },
    });
    expect(rows.map((row) => [row.topic, row.webhookId])).toEqual([
      ["orders/paid", "hook-e-1"],
      ["orders/cancelled", "hook-e-1"],
    ]);
  });

  it("stores concurrent deliveries of one event once, and tells each caller which it was", async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        acceptVerifiedWebhook(
          { ...event("storm", { id: "storm" }), webhookId: `hook-${i}` },
          at(i),
        ),
      ),
    );
    expect(outcomes.filter((outcome) => outcome === "stored")).toHaveLength(1);
    expect(await prisma.webhookInbox.count()).toBe(1);
  });
});

describe("drainWebhookInbox", () => {
  it("dispatches each stored event to its topic's handler once, and drops the body", async () => {
    const { handler, handlers, seen } = recordingHandler();
    await store(handler, event("a", { id: "a" }), at(-2_000));
    await store(handler, event("b", { id: "b" }), at(-1_000));

    expect(
      await drainWebhookInbox({ handlers, now: () => FIXED_NOW }),
    ).toMatchObject({ processed: 2, retried: 0, failed: 0 });
    expect(seen.sort()).toEqual(["a", "b"]);
    const rows = await prisma.webhookInbox.findMany();
    expect(rows.map((row) => [row.status, row.body, row.leaseUntil])).toEqual([
      ["processed", "", null],
      ["processed", "", null],
    ]);
    expect(
      await drainWebhookInbox({ handlers, now: () => FIXED_NOW }),
    ).toMatchObject({ processed: 0, retried: 0, failed: 0 });
  });

  it("keeps each order's events in arrival order while other orders run beside them", async () => {
    const { handler, handlers, seen } = recordingHandler();
    // Three orders, five events each, interleaved as they arrive.
    let i = 0;
    for (let step = 0; step < 5; step++)
      for (const order of ["x", "y", "z"]) {
        i += 1;
        await store(
          handler,
          event(`${order}${step}`, {
            id: `${order}${step}`,
            order,
            // Earlier events take longer: run side by side, they would finish out of order.
            delayMs: (5 - step) * 10,
          }),
          at(-100_000 + i),
        );
      }

    const totals = await drainWebhookInbox({
      handlers,
      concurrency: 8,
      now: () => FIXED_NOW,
    });

    expect(totals.processed).toBe(15);
    for (const order of ["x", "y", "z"])
      expect(seen.filter((id) => id.startsWith(order))).toEqual(
        [0, 1, 2, 3, 4].map((step) => `${order}${step}`),
      );
  });

  it("holds an order's later events back while an earlier one waits for its retry", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const { handler, handlers, seen, failures } = recordingHandler();
    failures.push("paid");
    await store(handler, event("paid", { id: "paid", order: "1" }), at(-3_000));
    await store(
      handler,
      event("cancelled", { id: "cancelled", order: "1" }),
      at(-2_000),
    );
    await store(
      handler,
      event("other", { id: "other", order: "2" }),
      at(-1_000),
    );

    expect(
      await drainWebhookInbox({ handlers, now: () => FIXED_NOW }),
    ).toMatchObject({ processed: 1, retried: 1, failed: 0 });
    expect(seen).toEqual(["other"]);
    const paid = await prisma.webhookInbox.findFirstOrThrow({
      where: { eventId: "paid" },
    });
    expect(paid).toMatchObject({
      status: "received",
      attempts: 1,
      lastError: "database is down",
      claimedBy: null,
    });
    expect(paid.nextAttemptAt.getTime()).toBeGreaterThan(FIXED_NOW.getTime());

    // Due again, and the database is back: the paid first, then the cancellation.
    failures.length = 0;
    const later = new Date(paid.nextAttemptAt.getTime() + 1);
    expect(
      await drainWebhookInbox({ handlers, now: () => later }),
    ).toMatchObject({
      processed: 2,
      retried: 0,
      failed: 0,
    });
    expect(seen).toEqual(["other", "paid", "cancelled"]);
  });

  it("gives up after the retry policy's attempts, and logs it", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const error = vi
      .spyOn(console, "error")
      .mockImplementation(() => undefined);
    const { handler, handlers, failures } = recordingHandler();
    failures.push("doomed");
    await store(handler, event("doomed", { id: "doomed" }), at(-1));

    let now = FIXED_NOW;
    const outcomes = { processed: 0, retried: 0, failed: 0 };
    for (let attempt = 0; attempt < 12; attempt++) {
      const totals = await drainWebhookInbox({ handlers, now: () => now });
      outcomes.retried += totals.retried;
      outcomes.failed += totals.failed;
      now = new Date(now.getTime() + 10 * 60_000);
    }
    expect(outcomes).toMatchObject({ processed: 0, retried: 9, failed: 1 });
    expect(
      await prisma.webhookInbox.findFirstOrThrow({
        where: { eventId: "doomed" },
      }),
    ).toMatchObject({ status: "failed", attempts: 10 });
    expect(error).toHaveBeenCalledTimes(1);
  });

  it("marks an event of a topic without a handler failed at once, without a retry loop", async () => {
    const error = vi
      .spyOn(console, "error")
      .mockImplementation(() => undefined);
    await acceptVerifiedWebhook(
      event("unknown", { id: 1 }, "products/create"),
      at(-1),
    );

    expect(await drainWebhookInbox({ now: () => FIXED_NOW })).toMatchObject({
      processed: 0,
      retried: 0,
      failed: 1,
    });
    expect(
      await prisma.webhookInbox.findFirstOrThrow({
        where: { eventId: "unknown" },
      }),
    ).toMatchObject({
      status: "failed",
      lastError: "no handler for topic products/create",
    });
    expect(error).toHaveBeenCalledTimes(1);
  });

  it("rejects a stored body that is not JSON, or that its schema refuses, once and without a retry", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const { handlers, seen } = recordingHandler();
    await acceptVerifiedWebhook(event("garbled", "{not json"), at(-2));
    await acceptVerifiedWebhook(event("wrong", { id: 42 }), at(-1));

    expect(
      await drainWebhookInbox({ handlers, now: () => FIXED_NOW }),
    ).toMatchObject({ processed: 2, retried: 0, failed: 0 });
    expect(seen).toEqual([]);
    const rows = await prisma.webhookInbox.findMany({
      orderBy: { receivedAt: "asc" },
    });
    expect(rows.map((row) => [row.status, row.lastError])).toEqual([
      ["processed", "rejected"],
      ["processed", "rejected"],
    ]);
    const logged = warn.mock.calls.map((call) => String(call[0])).join("\n");
    expect(logged).toMatch(/reason=invalid_json/);
    expect(logged).toMatch(/reason=invalid_payload/);
  });

  it("processes what was stored under the old secret after the secret rotated: stored events are never verified again", async () => {
    const { handlers, seen } = recordingHandler("orders/paid");
    const body = JSON.stringify({ id: "rotated" });
    const request = signedWebhookRequest({
      topic: "orders/paid",
      shop: SHOP,
      body,
      eventId: "rotation",
    });
    expect((await acceptWebhook(request, routeNotCalled().handle)).status).toBe(
      200,
    );

    const previous = process.env.SHOPIFY_API_SECRET;
    process.env.SHOPIFY_API_SECRET = "the-new-secret";
    try {
      const soon = new Date(clock.now().getTime() + 1_000);
      expect(
        await drainWebhookInbox({ handlers, now: () => soon }),
      ).toMatchObject({
        processed: 1,
        retried: 0,
        failed: 0,
      });
    } finally {
      process.env.SHOPIFY_API_SECRET = previous;
    }
    expect(seen).toEqual(["rotated"]);
  });

  it("processes rows stored in the replay format (before ADR 0022) without verifying them again, in their order's order", async () => {
    const { handlers, seen } = recordingHandler("orders/paid");
    const legacy = (id: string, order: string, ms: number) => {
      const body = JSON.stringify({ id, order });
      return prisma.webhookInbox.create({
        data: {
          id: `legacy-${id}`,
          shopDomain: SHOP,
          topic: "orders/paid",
          eventId: id,
          webhookId: `hook-${id}`,
          path: "/webhooks/orders/paid",
          // Signed with a secret that is no longer the app's.
          headers: JSON.stringify({
            "x-shopify-hmac-sha256": webhookSignature(body, "retired-secret"),
            "x-shopify-api-version": "2026-04",
            "x-shopify-topic": "orders/paid",
          }),
          body,
          nextAttemptAt: at(ms),
          receivedAt: at(ms),
        },
      });
    };
    await legacy("first", "9", -3_000);
    await legacy("second", "9", -2_000);
    // Keyed by the app's orders/paid handler, which finds no order id in these bodies: each on its own.
    await keyReplayWebhooks();
    expect(
      (await prisma.webhookInbox.findMany()).map((row) => row.orderingKey),
    ).toEqual(["event:legacy-first", "event:legacy-second"]);

    expect(
      await drainWebhookInbox({ handlers, now: () => FIXED_NOW }),
    ).toMatchObject({ processed: 2, retried: 0, failed: 0 });
    expect(seen.sort()).toEqual(["first", "second"]);
  });

  it("keys replay rows by their order with the app's handlers", async () => {
    await prisma.webhookInbox.create({
      data: {
        id: "legacy-keyed",
        shopDomain: SHOP,
        topic: "refunds/create",
        eventId: "legacy-keyed",
        webhookId: "hook-legacy-keyed",
        path: "/webhooks/refunds/create",
        headers: "{}",
        body: JSON.stringify({ id: 5, order_id: 77 }),
        nextAttemptAt: at(0),
        receivedAt: at(0),
      },
    });
    expect(await keyReplayWebhooks()).toBe(1);
    expect(
      await prisma.webhookInbox.findUniqueOrThrow({
        where: { id: "legacy-keyed" },
      }),
    ).toMatchObject({ orderingKey: "order:77", format: "replay" });
  });
});

describe("claims and leases", () => {
  it("two drains racing on one database take each webhook once", async () => {
    const { handler, handlers, seen } = recordingHandler();
    for (let i = 0; i < 60; i++)
      await store(
        handler,
        event(`race-${i}`, { id: `race-${i}`, order: String(i % 20) }),
        at(-10_000 + i),
      );

    const [one, two] = await Promise.all([
      drainWebhookInbox({ handlers, claimer: "one", now: () => FIXED_NOW }),
      drainWebhookInbox({ handlers, claimer: "two", now: () => FIXED_NOW }),
    ]);

    expect(one.processed + two.processed).toBe(60);
    expect(seen).toHaveLength(60);
    expect(new Set(seen).size).toBe(60);
    for (let order = 0; order < 20; order++) {
      const mine = seen.filter(
        (id) => Number(id.slice("race-".length)) % 20 === order,
      );
      expect(mine).toEqual(
        [0, 1, 2].map((round) => `race-${order + 20 * round}`),
      );
    }
  });

  it("two claims at once never return the same row", async () => {
    for (let i = 0; i < 40; i++)
      await acceptVerifiedWebhook(event(`c-${i}`, { id: `c-${i}` }), at(i));
    const leaseUntil = at(60_000);
    const [a, b] = await Promise.all([
      claimDueWebhooks({ claimer: "a", limit: 30, leaseUntil }, at(100)),
      claimDueWebhooks({ claimer: "b", limit: 30, leaseUntil }, at(100)),
    ]);
    const ids = [...a, ...b].map((row) => row.id);
    expect(ids).toHaveLength(40);
    expect(new Set(ids).size).toBe(40);
  });

  it("takes a dead holder's webhooks again once its short lease runs out, not before", async () => {
    const { handler, handlers, seen } = recordingHandler();
    await store(
      handler,
      event("orphan", { id: "orphan", order: "5" }),
      at(-1_000),
    );
    await store(handler, event("after", { id: "after", order: "5" }), at(-500));
    // A worker claims the first event, then is killed (no heartbeat, no completion).
    const claimed = await claimDueWebhooks(
      { claimer: "killed", limit: 10, leaseUntil: at(WEBHOOK_LEASE_MS) },
      FIXED_NOW,
    );
    expect(claimed.map((row) => row.event.eventId)).toEqual(["orphan"]);

    // While the lease holds, nobody takes it, nor its order's next event.
    expect(
      await drainWebhookInbox({
        handlers,
        now: () => at(WEBHOOK_LEASE_MS - 1),
      }),
    ).toMatchObject({ processed: 0, retried: 0, failed: 0 });

    // Past the lease (seconds, not minutes), another drain takes both, in order.
    expect(
      await drainWebhookInbox({
        handlers,
        now: () => at(WEBHOOK_LEASE_MS + 1),
      }),
    ).toMatchObject({ processed: 2, retried: 0, failed: 0 });
    expect(seen).toEqual(["orphan", "after"]);
    expect(WEBHOOK_LEASE_MS).toBeLessThanOrEqual(30_000);
  });

  it("renews the lease while a long event runs, so no other drain takes it meanwhile", async () => {
    let release: () => void = () => undefined;
    let markStarted: () => void = () => undefined;
    const started = new Promise<void>((resolve) => (markStarted = resolve));
    const handler = defineWebhookHandler({
      topic: "test/slow",
      schema: z.object({ id: z.string() }),
      acceptUnknownShop: true,
      process: () =>
        new Promise<void>((done) => {
          release = done;
          markStarted();
        }),
    });
    const slowHandlers = (topic: string) =>
      topic === "test/slow" ? handler : null;
    await acceptVerifiedWebhook(
      event("slow", { id: "slow" }, "test/slow"),
      at(0),
    );

    let clock = at(1);
    const drain = drainWebhookInbox({
      // One by one: a batch (SQLite's default) holds the connection, and the write lock, until it
      // commits, so no one else could read or claim meanwhile.
      batch: false,
      handlers: slowHandlers,
      claimer: "slow",
      leaseMs: 60,
      now: () => clock,
    });
    await started;
    const first = await prisma.webhookInbox.findFirstOrThrow();
    // Time passes beyond the first lease; the heartbeat (every 20 ms here) carries it on.
    clock = at(1_000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const renewed = await prisma.webhookInbox.findFirstOrThrow();
    expect(renewed.claimedBy).toBe("slow");
    expect(renewed.leaseUntil!.getTime()).toBeGreaterThan(
      first.leaseUntil!.getTime(),
    );
    expect(
      await claimDueWebhooks(
        { claimer: "other", limit: 10, leaseUntil: at(2_000) },
        at(1_000),
      ),
    ).toEqual([]);

    release();
    expect(await drain).toMatchObject({ processed: 1, retried: 0, failed: 0 });
  });
});

describe.skipIf(databaseTakesParallelWriters)(
  "batches (SQLite's, ADR 0029)",
  () => {
    it("undoes only the failed webhook's writes: the others of its batch stay, and it waits for its retry", async () => {
      vi.spyOn(console, "warn").mockImplementation(() => undefined);
      const handler = defineWebhookHandler({
        topic: "test/writes",
        schema: z.object({ id: z.string() }),
        acceptUnknownShop: true,
        process: async ({ payload }) => {
          await prisma.shop.create({
            data: { domain: `${payload.id}.myshopify.com` },
          });
          if (payload.id === "bad") throw new Error("the service refused it");
        },
      });
      const handlers = (topic: string) =>
        topic === "test/writes" ? handler : null;
      for (const [i, id] of ["one", "bad", "two"].entries())
        await store(handler, event(id, { id }, "test/writes"), at(-100 + i));

      expect(
        await drainWebhookInbox({
          batch: true,
          handlers,
          now: () => FIXED_NOW,
        }),
      ).toMatchObject({ processed: 2, retried: 1, failed: 0 });

      const shops = await prisma.shop.findMany({
        where: {
          domain: {
            in: ["one", "bad", "two"].map((id) => `${id}.myshopify.com`),
          },
        },
        orderBy: { domain: "asc" },
      });
      expect(shops.map((shop) => shop.domain)).toEqual([
        "one.myshopify.com",
        "two.myshopify.com",
      ]);
      const bad = await prisma.webhookInbox.findFirstOrThrow({
        where: { eventId: "bad" },
      });
      expect(bad).toMatchObject({
        status: "received",
        attempts: 1,
        lastError: "the service refused it",
      });
      await prisma.shop.deleteMany({
        where: { domain: { in: ["one.myshopify.com", "two.myshopify.com"] } },
      });
    });

    it("processes a webhook whose work calls Shopify alone, after its batch and outside any transaction", async () => {
      const attempts: string[] = [];
      const handler = defineWebhookHandler({
        topic: "test/network",
        schema: z.object({ id: z.string() }),
        acceptUnknownShop: true,
        process: async ({ payload }) => {
          try {
            // What the Admin API client asks before every call to Shopify.
            assertNetworkAllowed();
            attempts.push(`${payload.id}: called Shopify`);
          } catch (error) {
            attempts.push(`${payload.id}: refused inside the batch`);
            throw error;
          }
        },
      });
      const handlers = (topic: string) =>
        topic === "test/network" ? handler : null;
      await store(handler, event("a", { id: "a" }, "test/network"), at(-2));
      await store(handler, event("b", { id: "b" }, "test/network"), at(-1));

      expect(
        await drainWebhookInbox({
          batch: true,
          handlers,
          now: () => FIXED_NOW,
        }),
      ).toMatchObject({ processed: 2, retried: 0, failed: 0 });
      expect(attempts).toEqual([
        "a: refused inside the batch",
        "b: refused inside the batch",
        "a: called Shopify",
        "b: called Shopify",
      ]);
      const rows = await prisma.webhookInbox.findMany({
        orderBy: { eventId: "asc" },
      });
      expect(
        rows.map((row) => [row.eventId, row.status, row.attempts]),
      ).toEqual([
        ["a", "processed", 1],
        ["b", "processed", 1],
      ]);
    });
  },
);
