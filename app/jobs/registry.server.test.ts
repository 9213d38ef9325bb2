import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import prisma from "~/db.server";
import { JOBS } from "~/jobs/registry.server";
import {
  claimDueOutboxJobs,
  enqueueOutboxJob,
  OUTBOX_JOB_KINDS,
} from "~/models/outbox.server";
import { inTransaction } from "~/models/transaction.server";
import { installShop } from "~/services/install.server";
import { schedulePeriodicJob } from "~/services/periodic-jobs.server";
import {
  createOutboxWorker,
  type OutboxHandler,
} from "~/services/worker.server";
import { ShopifyUserError } from "~/shopify/errors.server";
import { FIXED_NOW } from "test/factories";
import { expectLedgerConsistent } from "test/ledger-invariants";

const SHOP = "jobs-registry.myshopify.com";
const HOUR_MS = 60 * 60_000;

/** A clock the test moves by hand. */
function manualClock(start = FIXED_NOW) {
  let time = start.getTime();
  return { now: () => new Date(time), advance: (ms: number) => (time += ms) };
}

function queue(kind: "review_tiers" | "sweep_expiry", shop = SHOP) {
  return inTransaction((tx) =>
    schedulePeriodicJob(tx, shop, kind, FIXED_NOW, 0),
  );
}

function pendingJobs(kind?: string) {
  return prisma.outboxJob.findMany({
    where: { status: "pending", ...(kind ? { kind } : {}) },
    orderBy: { runAfter: "asc" },
  });
}

beforeEach(async () => {
  await prisma.shop.deleteMany();
  await installShop(SHOP);
  await prisma.outboxJob.deleteMany();
});

afterEach(async () => {
  vi.restoreAllMocks();
  await expectLedgerConsistent(prisma);
});

describe("the registry", () => {
  it("holds one job for every kind of the outbox, each under its own kind", () => {
    expect(Object.keys(JOBS).sort()).toEqual([...OUTBOX_JOB_KINDS].sort());
    for (const [kind, job] of Object.entries(JOBS)) expect(job.kind).toBe(kind);
  });

  it("fails a job whose payload does not fit its schema at once, saying why, without retrying", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const { jobId } = await inTransaction((tx) =>
      enqueueOutboxJob(
        tx,
        { shopDomain: SHOP, kind: "mirror_member", payload: { member: 7 } },
        FIXED_NOW,
      ),
    );
    const worker = createOutboxWorker({ now: () => FIXED_NOW });

    expect(await worker.drainOnce()).toMatchObject({ claimed: 1, failed: 1 });
    const job = await prisma.outboxJob.findUniqueOrThrow({
      where: { id: jobId! },
    });
    expect(job).toMatchObject({ status: "failed", attempts: 1 });
    expect(job.lastError).toBe(
      "Invalid payload for mirror_member: memberId: Required",
    );
    expect(error).toHaveBeenCalledTimes(1);
    expect(await worker.drainOnce()).toMatchObject({ claimed: 0 });
  });
});

describe("recurring jobs", () => {
  it("are queued for their next period before they run, so a run failing for good never stops them", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    await queue("review_tiers");
    const [job] = await pendingJobs("review_tiers");
    const refused: OutboxHandler = () =>
      Promise.reject(
        new ShopifyUserError([{ field: null, message: "no", code: "X" }]),
      );
    const worker = createOutboxWorker({
      now: () => FIXED_NOW,
      handlers: { review_tiers: refused },
    });

    expect(await worker.drainOnce()).toMatchObject({ claimed: 1, failed: 1 });
    expect(
      await prisma.outboxJob.findUniqueOrThrow({ where: { id: job.id } }),
    ).toMatchObject({ status: "failed" });
    expect(error).toHaveBeenCalledTimes(1);
    const next = await pendingJobs("review_tiers");
    expect(next).toHaveLength(1);
    expect(next[0].runAfter).toEqual(new Date(FIXED_NOW.getTime() + HOUR_MS));
  });

  it("stop for a shop that left (nothing is queued after the last run)", async () => {
    await queue("sweep_expiry");
    await prisma.shop.update({
      where: { domain: SHOP },
      data: { uninstalledAt: FIXED_NOW },
    });
    const worker = createOutboxWorker({ now: () => FIXED_NOW });
    expect(await worker.drainOnce()).toMatchObject({ claimed: 1, done: 1 });
    expect(await pendingJobs()).toEqual([]);
  });

  it("are queued once per shop, kind and period, even while that period's job runs", async () => {
    await queue("review_tiers");
    // Claimed: its coalesce key is cleared, its period key stays.
    expect(
      await claimDueOutboxJobs({ now: FIXED_NOW, limit: 10, leaseMs: 1_000 }),
    ).toHaveLength(1);
    await Promise.all([queue("review_tiers"), queue("review_tiers")]);
    expect(await prisma.outboxJob.count()).toBe(1);

    // The next period, from two instances at once: one job.
    await Promise.all(
      [0, 1].map(() =>
        inTransaction((tx) =>
          schedulePeriodicJob(tx, SHOP, "review_tiers", FIXED_NOW),
        ),
      ),
    );
    expect(await prisma.outboxJob.count()).toBe(2);
  });

  it("run once per shop and period when two workers drain at once, and queue the next period once", async () => {
    const shops = ["a", "b", "c", "d"].map((n) => `jobs-${n}.myshopify.com`);
    for (const shop of shops) {
      await installShop(shop);
      await prisma.outboxJob.deleteMany({ where: { shopDomain: shop } });
      await queue("review_tiers", shop);
      await queue("sweep_expiry", shop);
    }
    const ran: string[] = [];
    const record: OutboxHandler = async (job) => {
      ran.push(`${job.kind}:${job.shopDomain}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    };
    const handlers = { review_tiers: record, sweep_expiry: record };
    const drain = async () => {
      const worker = createOutboxWorker({ handlers, now: () => FIXED_NOW });
      while ((await worker.drainOnce(3)).claimed > 0);
    };

    await Promise.all([drain(), drain()]);

    expect(ran).toHaveLength(8);
    expect(new Set(ran).size).toBe(8);
    const next = await pendingJobs();
    expect(next).toHaveLength(8);
    expect(new Set(next.map((j) => `${j.kind}:${j.shopDomain}`)).size).toBe(8);
    for (const job of next)
      expect(job.runAfter).toEqual(new Date(FIXED_NOW.getTime() + HOUR_MS));
  });
});

describe("leases", () => {
  async function enqueueProfileJobs(count: number) {
    for (let i = 0; i < count; i += 1)
      await inTransaction((tx) =>
        enqueueOutboxJob(
          tx,
          { shopDomain: SHOP, kind: "sync_shop_profile", payload: {} },
          FIXED_NOW,
        ),
      );
  }

  it("are renewed while the job runs: a slow job is never taken from a live worker", async () => {
    await enqueueProfileJobs(1);
    const clock = manualClock();
    let finish = () => {};
    const slow = new Promise<void>((resolve) => (finish = resolve));
    const busy = createOutboxWorker({
      handlers: { sync_shop_profile: () => slow },
      now: clock.now,
      leaseMs: 1_000,
      heartbeatMs: 5,
    });
    const draining = busy.drainOnce();
    await vi.waitFor(async () =>
      expect((await prisma.outboxJob.findFirstOrThrow()).status).toBe(
        "running",
      ),
    );
    clock.advance(10_000);
    // The heartbeat moves the lease on by the worker's clock.
    await vi.waitFor(async () =>
      expect((await prisma.outboxJob.findFirstOrThrow()).lockedUntil).toEqual(
        new Date(clock.now().getTime() + 1_000),
      ),
    );
    const other = vi.fn(async () => {});
    const idle = createOutboxWorker({
      handlers: { sync_shop_profile: other },
      now: clock.now,
      leaseMs: 1_000,
    });
    expect(await idle.drainOnce()).toMatchObject({ claimed: 0 });

    finish();
    expect(await draining).toMatchObject({ done: 1 });
    expect(other).not.toHaveBeenCalled();
  });

  it("of jobs claimed but not started are handed back at once when the worker stops", async () => {
    await enqueueProfileJobs(3);
    const ran = vi.fn<OutboxHandler>(async () => worker.stop());
    const worker = createOutboxWorker({
      handlers: { sync_shop_profile: ran },
      now: () => FIXED_NOW,
    });

    expect(await worker.drainOnce()).toMatchObject({ claimed: 3, done: 1 });
    expect(ran).toHaveBeenCalledTimes(1);
    const back = await pendingJobs("sync_shop_profile");
    expect(back).toHaveLength(2);
    for (const job of back) expect(job.lockedUntil).toBeNull();
    const next = createOutboxWorker({
      handlers: { sync_shop_profile: async () => {} },
      now: () => FIXED_NOW,
    });
    expect(await next.drainOnce()).toMatchObject({ claimed: 2, done: 2 });
  });
});
