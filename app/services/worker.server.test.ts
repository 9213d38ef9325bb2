import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import prisma from "~/db.server";
import type * as outbox from "~/models/outbox.server";
import {
  enqueueOutboxJob,
  pruneFinishedOutboxJobs,
} from "~/models/outbox.server";
import { inTransaction } from "~/models/transaction.server";
import { installShop } from "~/services/install.server";
import {
  awardPointsForOrder,
  reversePointsForRefund,
} from "~/services/orders.server";
import {
  createOutboxWorker,
  drainOutboxUntilIdle,
  KEEP_FINISHED_JOBS_MS,
  type OutboxHandler,
  startBackgroundWorker,
  stopBackgroundWorker,
} from "~/services/worker.server";
import {
  ShopifyThrottledError,
  ShopifyUnavailableError,
  ShopifyUserError,
} from "~/shopify/errors.server";
import {
  buildOrderFacts,
  buildOrderLine,
  buildRefundFacts,
  buildRefundLine,
  FIXED_NOW,
} from "test/factories";
import { expectLedgerConsistent } from "test/ledger-invariants";

// A lease renewal the database refuses now and then (busy), when a test asks for it.
const leases = vi.hoisted(() => ({ renewalsToFail: 0 }));
vi.mock("~/models/outbox.server", async (importOriginal) => {
  const actual = await importOriginal<typeof outbox>();
  return {
    ...actual,
    extendOutboxLease: async (
      ...args: Parameters<typeof actual.extendOutboxLease>
    ) => {
      if (leases.renewalsToFail > 0) {
        leases.renewalsToFail -= 1;
        throw new Error("database is busy");
      }
      return actual.extendOutboxLease(...args);
    },
  };
});

// The Shopify door, replaced: the default handlers are tested without an Admin API.
const shopify = vi.hoisted(() => ({
  mirrorMemberBalance: vi.fn(async () => {}),
  ensureLoyaltyMetafieldDefinitions: vi.fn(async () => {}),
  fetchShopProfile: vi.fn(async () => ({
    name: "Maison Ada",
    currencyCode: "EUR",
    ianaTimezone: "Europe/Paris",
  })),
}));
vi.mock("~/shopify/metafields.server", () => ({
  mirrorMemberBalance: shopify.mirrorMemberBalance,
}));
vi.mock("~/shopify/metafield-definitions.server", () => ({
  ensureLoyaltyMetafieldDefinitions: shopify.ensureLoyaltyMetafieldDefinitions,
}));
vi.mock("~/shopify/shop.server", () => ({
  fetchShopProfile: shopify.fetchShopProfile,
}));

const SHOP = "worker-test.myshopify.com";

/** A clock the test moves by hand. */
function manualClock(start = FIXED_NOW) {
  let time = start.getTime();
  return { now: () => new Date(time), advance: (ms: number) => (time += ms) };
}

async function enqueueTestJob() {
  const { jobId } = await inTransaction((tx) =>
    enqueueOutboxJob(
      tx,
      {
        shopDomain: SHOP,
        kind: "sync_shop_profile",
        payload: { n: 1 },
      },
      FIXED_NOW,
    ),
  );
  return { id: jobId! };
}

beforeEach(async () => {
  await prisma.shop.deleteMany();
  await installShop(SHOP);
  await prisma.outboxJob.deleteMany();
  vi.clearAllMocks();
});

// Every scenario ends with the background loop stopped and the ledger invariants holding.
afterEach(async () => {
  await stopBackgroundWorker();
  await expectLedgerConsistent(prisma);
});

describe("default handlers", () => {
  it("mirror the member's balance as it is when the job runs, once for several changes", async () => {
    await awardPointsForOrder(
      SHOP,
      buildOrderFacts({
        lines: [buildOrderLine({ quantity: 2, unitPrice: 50_000 })],
      }),
    );
    await reversePointsForRefund(
      SHOP,
      buildRefundFacts({ lines: [buildRefundLine({ quantity: 1 })] }),
    );
    await awardPointsForOrder(SHOP, buildOrderFacts({ orderId: "1002" }));

    const summary = await drainOutboxUntilIdle();

    expect(summary).toEqual({ claimed: 1, done: 1, retried: 0, failed: 0 });
    expect(shopify.mirrorMemberBalance).toHaveBeenCalledTimes(1);
    expect(shopify.mirrorMemberBalance).toHaveBeenCalledWith(SHOP, {
      customerId: "cust-1",
      points: 150,
      tier: null,
    });
    await expectLedgerConsistent(prisma);
  });

  it("create the metafield definitions and store the shop profile queued at install", async () => {
    await prisma.shop.deleteMany();
    await installShop(SHOP);
    await drainOutboxUntilIdle();

    expect(shopify.ensureLoyaltyMetafieldDefinitions).toHaveBeenCalledWith(
      SHOP,
    );
    expect(
      await prisma.shop.findUniqueOrThrow({ where: { domain: SHOP } }),
    ).toMatchObject({
      name: "Maison Ada",
      currencyCode: "EUR",
      ianaTimezone: "Europe/Paris",
      metafieldDefinitionsAt: expect.any(Date),
    });
  });

  it("skip the mirror of a member erased by customers/redact, or of a shop that left", async () => {
    await awardPointsForOrder(SHOP, buildOrderFacts());
    await prisma.member.updateMany({ data: { redactedAt: FIXED_NOW } });
    await awardPointsForOrder(
      SHOP,
      buildOrderFacts({ orderId: "2", customerId: "cust-2" }),
    );
    await prisma.shop.update({
      where: { domain: SHOP },
      data: { uninstalledAt: FIXED_NOW },
    });

    expect(await drainOutboxUntilIdle()).toMatchObject({ done: 2, failed: 0 });
    expect(shopify.mirrorMemberBalance).not.toHaveBeenCalled();
  });
});

describe("coalescing", () => {
  it("clears the key when a job is claimed, so a change made while it runs queues a fresh job", async () => {
    await awardPointsForOrder(SHOP, buildOrderFacts());
    let changedDuringRun = false;
    const seen: number[] = [];
    const mirror: OutboxHandler = async () => {
      const member = await prisma.member.findFirstOrThrow();
      seen.push(member.balance);
      if (!changedDuringRun) {
        changedDuringRun = true;
        await awardPointsForOrder(SHOP, buildOrderFacts({ orderId: "1002" }));
      }
    };

    const summary = await drainOutboxUntilIdle({
      handlers: { mirror_member: mirror },
    });

    expect(summary).toMatchObject({ claimed: 2, done: 2 });
    expect(seen).toEqual([100, 200]);
    expect(await prisma.outboxJob.count({ where: { status: "pending" } })).toBe(
      0,
    );
  });
});

describe("createOutboxWorker", () => {
  it("retries an outage with exponential backoff and jitter, then succeeds", async () => {
    const clock = manualClock();
    const failures = [
      new ShopifyUnavailableError("502"),
      new ShopifyUnavailableError("timeout", { timedOut: true }),
    ];
    const handler = vi.fn<OutboxHandler>(async () => {
      const failure = failures.shift();
      if (failure) throw failure;
    });
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const worker = createOutboxWorker({
      handlers: { sync_shop_profile: handler },
      now: clock.now,
      baseDelayMs: 1_000,
      random: () => 1,
    });
    const job = await enqueueTestJob();

    expect(await worker.drainOnce()).toMatchObject({ claimed: 1, retried: 1 });
    expect(
      await prisma.outboxJob.findUniqueOrThrow({ where: { id: job.id } }),
    ).toMatchObject({
      status: "pending",
      attempts: 1,
      runAfter: new Date(FIXED_NOW.getTime() + 1_000),
      lastError: "ShopifyUnavailableError: 502",
    });
    // Not due yet: nothing runs.
    clock.advance(999);
    expect(await worker.drainOnce()).toMatchObject({ claimed: 0 });
    clock.advance(1);
    expect(await worker.drainOnce()).toMatchObject({ retried: 1 });
    // The second wait doubles.
    expect(
      (await prisma.outboxJob.findUniqueOrThrow({ where: { id: job.id } }))
        .runAfter,
    ).toEqual(new Date(clock.now().getTime() + 2_000));
    clock.advance(2_000);
    expect(await worker.drainOnce()).toMatchObject({ done: 1 });
    expect(
      await prisma.outboxJob.findUniqueOrThrow({ where: { id: job.id } }),
    ).toMatchObject({ status: "done", attempts: 2, lastError: null });
    expect(handler).toHaveBeenCalledTimes(3);
    expect(handler).toHaveBeenLastCalledWith(
      expect.objectContaining({
        id: job.id,
        shopDomain: SHOP,
        payload: { n: 1 },
        attempts: 2,
      }),
    );
    expect(warn).toHaveBeenCalledTimes(2);
  });

  it("spreads retries with jitter between half and all of the backoff", async () => {
    const clock = manualClock();
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const worker = createOutboxWorker({
      handlers: {
        sync_shop_profile: async () => Promise.reject(new Error("boom")),
      },
      now: clock.now,
      baseDelayMs: 1_000,
      random: () => 0,
    });
    const job = await enqueueTestJob();
    await worker.drainOnce();
    expect(
      (await prisma.outboxJob.findUniqueOrThrow({ where: { id: job.id } }))
        .runAfter,
    ).toEqual(new Date(FIXED_NOW.getTime() + 500));
  });

  it("waits out a throttle for as long as Shopify asked, without spending an attempt", async () => {
    const clock = manualClock();
    let throttled = true;
    const worker = createOutboxWorker({
      handlers: {
        sync_shop_profile: async () => {
          if (throttled) {
            throttled = false;
            throw new ShopifyThrottledError(4_321);
          }
        },
      },
      now: clock.now,
      maxAttempts: 1,
    });
    const job = await enqueueTestJob();

    expect(await worker.drainOnce()).toMatchObject({ retried: 1 });
    expect(
      await prisma.outboxJob.findUniqueOrThrow({ where: { id: job.id } }),
    ).toMatchObject({
      status: "pending",
      attempts: 0,
      runAfter: new Date(FIXED_NOW.getTime() + 4_321),
    });
    clock.advance(4_321);
    expect(await worker.drainOnce()).toMatchObject({ done: 1 });
  });

  it("gives up after maxAttempts and marks the job failed", async () => {
    const clock = manualClock();
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const worker = createOutboxWorker({
      handlers: {
        sync_shop_profile: async () =>
          Promise.reject(new ShopifyUnavailableError("503")),
      },
      now: clock.now,
      maxAttempts: 3,
      baseDelayMs: 10,
    });
    const job = await enqueueTestJob();
    for (let i = 0; i < 3; i += 1) {
      await worker.drainOnce();
      clock.advance(60_000);
    }
    expect(
      await prisma.outboxJob.findUniqueOrThrow({ where: { id: job.id } }),
    ).toMatchObject({ status: "failed", attempts: 3 });
    expect(error).toHaveBeenCalledTimes(1);
    expect(await worker.drainOnce()).toMatchObject({ claimed: 0 });
  });

  it("fails at once on a refusal that would repeat (userErrors) and on an unknown job kind", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const worker = createOutboxWorker({
      now: () => FIXED_NOW,
      handlers: {
        sync_shop_profile: async () =>
          Promise.reject(
            new ShopifyUserError([
              { field: ["x"], message: "bad", code: "INVALID" },
            ]),
          ),
      },
    });
    const job = await enqueueTestJob();
    await worker.drainOnce();
    expect(
      await prisma.outboxJob.findUniqueOrThrow({ where: { id: job.id } }),
    ).toMatchObject({ status: "failed", attempts: 1 });

    await prisma.outboxJob.create({
      data: {
        shopDomain: SHOP,
        kind: "send_postcard",
        payload: "{}",
        runAfter: FIXED_NOW,
      },
    });
    expect(await worker.drainOnce()).toMatchObject({ failed: 1 });
    expect(error).toHaveBeenCalledTimes(2);
  });

  it("claims again a job whose worker died holding its lease, and never one still leased", async () => {
    const clock = manualClock();
    const job = await enqueueTestJob();
    const crashed = createOutboxWorker({
      handlers: { sync_shop_profile: () => new Promise(() => {}) },
      now: clock.now,
      leaseMs: 60_000,
    });
    void crashed.drainOnce();
    await vi.waitFor(async () =>
      expect(
        (await prisma.outboxJob.findUniqueOrThrow({ where: { id: job.id } }))
          .status,
      ).toBe("running"),
    );

    const handler = vi.fn(async () => {});
    const healthy = createOutboxWorker({
      handlers: { sync_shop_profile: handler },
      now: clock.now,
      leaseMs: 60_000,
    });
    expect(await healthy.drainOnce()).toMatchObject({ claimed: 0 });
    clock.advance(60_001);
    expect(await healthy.drainOnce()).toMatchObject({ claimed: 1, done: 1 });
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it("leaves a job claimed again to its new holder: a worker that stalled past its lease writes no outcome", async () => {
    const clock = manualClock();
    const job = await enqueueTestJob();
    const statusNow = async () =>
      (await prisma.outboxJob.findUniqueOrThrow({ where: { id: job.id } }))
        .status;
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    let finishStalled!: () => void;
    const stalled = createOutboxWorker({
      handlers: {
        sync_shop_profile: () =>
          new Promise<void>((resolve) => (finishStalled = resolve)),
      },
      now: clock.now,
      leaseMs: 1_000,
      // A stall: no heartbeat gets through before the lease runs out.
      heartbeatMs: 60 * 60_000,
    });
    const stalledRun = stalled.drainOnce();
    await vi.waitFor(() => expect(finishStalled).toBeTypeOf("function"));
    clock.advance(1_001);

    let finishHolder!: () => void;
    const holder = createOutboxWorker({
      handlers: {
        sync_shop_profile: () =>
          new Promise<void>((resolve) => (finishHolder = resolve)),
      },
      now: clock.now,
      leaseMs: 60_000,
    });
    const holderRun = holder.drainOnce();
    await vi.waitFor(() => expect(finishHolder).toBeTypeOf("function"));

    // The stalled worker finishes first: the job is not its own any more, so it stays running.
    finishStalled();
    expect(await stalledRun).toMatchObject({ claimed: 1, done: 0, retried: 1 });
    expect(await statusNow()).toBe("running");
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining("is no longer this worker's"),
    );

    finishHolder();
    expect(await holderRun).toMatchObject({ claimed: 1, done: 1 });
    expect(await statusNow()).toBe("done");
  });

  it("settles a job whose heartbeat the database refused once: the lease it holds did not move", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const job = await enqueueTestJob();
    const worker = createOutboxWorker({
      handlers: {
        sync_shop_profile: async () => {
          leases.renewalsToFail = 1;
          // A few heartbeats: the first refused, the next ones renew the lease still held.
          await new Promise((resolve) => setTimeout(resolve, 80));
        },
      },
      leaseMs: 60_000,
      heartbeatMs: 10,
    });
    expect(await worker.drainOnce()).toMatchObject({ claimed: 1, done: 1 });
    expect(
      (await prisma.outboxJob.findUniqueOrThrow({ where: { id: job.id } }))
        .status,
    ).toBe("done");
    expect(leases.renewalsToFail).toBe(0);
    expect(warn).not.toHaveBeenCalled();
  });

  it("does not start a job of its batch that another worker claimed while earlier ones ran long", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const clock = manualClock();
    const slow = await enqueueTestJob();
    const waiting = await enqueueTestJob();
    const ran: string[] = [];
    let other!: Promise<unknown>;
    const busy = createOutboxWorker({
      handlers: {
        sync_shop_profile: async ({ id }) => {
          ran.push(`busy:${id}`);
          if (id !== slow.id) return;
          // Longer than the lease the whole batch got at its claim, while this job's heartbeat
          // keeps its own: another worker takes the job still waiting in this batch, and runs it.
          clock.advance(600);
          await new Promise((resolve) => setTimeout(resolve, 60));
          clock.advance(600);
          other = createOutboxWorker({
            handlers: {
              sync_shop_profile: async (job) =>
                void ran.push(`other:${job.id}`),
            },
            now: clock.now,
            leaseMs: 60_000,
          }).drainOnce();
          await other;
        },
      },
      now: clock.now,
      leaseMs: 1_000,
      heartbeatMs: 10,
    });

    expect(await busy.drainOnce()).toMatchObject({
      claimed: 2,
      done: 1,
      retried: 1,
    });
    await other;
    expect(ran).toEqual([`busy:${slow.id}`, `other:${waiting.id}`]);
  });

  it("lets two workers draining at once run each job once", async () => {
    for (let i = 0; i < 10; i += 1) await enqueueTestJob();
    const ran: string[] = [];
    const handlers = {
      sync_shop_profile: async (job: { id: string }) => void ran.push(job.id),
    };
    await Promise.all([
      createOutboxWorker({ handlers, now: () => FIXED_NOW }).drainOnce(10),
      createOutboxWorker({ handlers, now: () => FIXED_NOW }).drainOnce(10),
    ]);
    expect(ran).toHaveLength(10);
    expect(new Set(ran).size).toBe(10);
  });
});

const DAY_MS = 24 * 60 * 60_000;

/** A job in a given state, due `daysAgo` days before FIXED_NOW and last changed `changedDaysAgo`. */
async function jobIn(
  status: string,
  daysAgo: number,
  changedDaysAgo = daysAgo,
) {
  const { id } = await enqueueTestJob();
  await prisma.outboxJob.update({
    where: { id },
    data: {
      status,
      runAfter: new Date(FIXED_NOW.getTime() - daysAgo * DAY_MS),
      updatedAt: new Date(FIXED_NOW.getTime() - changedDaysAgo * DAY_MS),
    },
  });
  return id;
}

async function remainingJobs(): Promise<string[]> {
  return (await prisma.outboxJob.findMany({ select: { id: true } }))
    .map((job) => job.id)
    .sort();
}

describe("pruning finished jobs", () => {
  it("deletes only jobs done before the cutoff: recent ones, failed ones and waiting ones stay", async () => {
    await jobIn("done", 8);
    const recent = await jobIn("done", 6);
    const failed = await jobIn("failed", 30);
    const pending = await jobIn("pending", 30);
    // Due long ago, but it waited (the worker was off) and finished yesterday.
    const lateFinish = await jobIn("done", 30, 1);

    const cutoff = new Date(FIXED_NOW.getTime() - KEEP_FINISHED_JOBS_MS);
    expect(await pruneFinishedOutboxJobs(cutoff)).toBe(1);

    expect(await remainingJobs()).toEqual(
      [recent, failed, pending, lateFinish].sort(),
    );
  });

  it("deletes a large backlog a batch at a time, until none is left", async () => {
    for (let i = 0; i < 5; i += 1) await jobIn("done", 10 + i);
    const kept = await jobIn("done", 1);

    expect(
      await pruneFinishedOutboxJobs(
        new Date(FIXED_NOW.getTime() - KEEP_FINISHED_JOBS_MS),
        2,
      ),
    ).toBe(5);
    expect(await remainingJobs()).toEqual([kept]);
  });

  it("is done by the background worker, by its own clock", async () => {
    await jobIn("done", 8);
    const kept = await jobIn("done", 2);
    startBackgroundWorker({
      enabled: true,
      intervalMs: 10,
      now: () => FIXED_NOW,
      handlers: {},
    });
    await vi.waitFor(async () => expect(await remainingJobs()).toEqual([kept]));
  });
});

describe("startBackgroundWorker", () => {
  it("does not start when LOYALTY_WORKER=off (as in tests)", () => {
    startBackgroundWorker();
    expect(globalThis.loyaltyBackgroundWorker).toBeUndefined();
  });

  it("drains in the background, runs one loop however often it is started, and stops", async () => {
    const handler = vi.fn(async () => {});
    startBackgroundWorker({
      enabled: true,
      intervalMs: 10,
      now: () => FIXED_NOW,
      handlers: { sync_shop_profile: handler },
    });
    const first = globalThis.loyaltyBackgroundWorker;
    startBackgroundWorker({
      enabled: true,
      intervalMs: 10,
      now: () => FIXED_NOW,
      handlers: { sync_shop_profile: handler },
    });
    expect(globalThis.loyaltyBackgroundWorker).toBe(first);

    const job = await enqueueTestJob();
    await vi.waitFor(async () =>
      expect(
        (await prisma.outboxJob.findUniqueOrThrow({ where: { id: job.id } }))
          .status,
      ).toBe("done"),
    );
    expect(handler).toHaveBeenCalledTimes(1);

    await stopBackgroundWorker();
    expect(globalThis.loyaltyBackgroundWorker).toBeUndefined();
  });
});
