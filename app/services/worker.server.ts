import { type OutboxJob } from "@prisma/client";
import { ZodError } from "zod";

import * as clock from "~/clock.server";
import { getEnv } from "~/env.server";
import { findJob } from "~/jobs/registry.server";
import {
  retriesExhausted,
  retryDelayMs,
  type RetryPolicy,
} from "~/loyalty/retry-policy";
import {
  claimDueOutboxJobs,
  completeOutboxJob,
  enqueueRecurringJob,
  extendOutboxLease,
  failOutboxJob,
  pruneFinishedOutboxJobs,
  type OutboxJobKind,
  releaseOutboxJob,
  rescheduleOutboxJob,
} from "~/models/outbox.server";
import { database, inTransaction } from "~/models/transaction.server";
import { type BackgroundWorkerState } from "~/services/worker-wake.server";
import {
  ShopifyGraphqlError,
  ShopifyNotInstalledError,
  ShopifyThrottledError,
  ShopifyUnavailableError,
  ShopifyUserError,
} from "~/shopify/errors.server";

/**
 * The outbox worker: claims due jobs, runs each outside any transaction with the job of its kind
 * from the registry (app/jobs/registry.server.ts), and records the result. Shopify being slow or
 * down is routine, so failures are retried by the outbox's retry policy (exponential backoff with
 * jitter); a throttle waits the time Shopify asked for without counting as an attempt; a job that
 * keeps failing is marked failed after `maxAttempts`, and a refusal that would fail the same way
 * again (userErrors, a bad request, not installed, a payload that does not fit its schema) fails
 * at once. A recurring job queues its next run before it runs (docs/decisions/0021-jobs.md).
 */

/** A job as a test's stand-in handler gets it: the payload as stored (already checked by the job's schema). */
export interface OutboxJobContext {
  id: string;
  shopDomain: string;
  kind: string;
  payload: unknown;
  /** Attempts made before this one. */
  attempts: number;
  /** The worker's clock when the job started: what the job writes and decides is dated by it. */
  now: Date;
}

export type OutboxHandler = (job: OutboxJobContext) => Promise<void>;
export type OutboxHandlers = Partial<Record<OutboxJobKind, OutboxHandler>>;

/** Outbox jobs: 1 s, 2 s, 4 s… capped at ten minutes, given up after 8 attempts. */
export const OUTBOX_RETRY_POLICY: RetryPolicy = {
  baseDelayMs: 1_000,
  maxDelayMs: 10 * 60_000,
  maxAttempts: 8,
};

/**
 * How long a claimed job stays locked without a heartbeat. Short, so a killed worker's job is
 * taken again within seconds; the worker running it renews it every third of it.
 */
export const OUTBOX_LEASE_MS = 30_000;

/** The lease a job in hand holds, as its heartbeat last renewed it; null once lost. */
interface HeldLease {
  lease: Date | null;
}
/** How long jobs that finished well stay in the outbox, to look into (then pruned, hourly). */
export const KEEP_FINISHED_JOBS_MS = 7 * 24 * 60 * 60_000;
const PRUNE_EVERY_MS = 60 * 60_000;

export interface OutboxWorkerOptions {
  /** Stand-ins for the registry's jobs, by kind (tests). The payload schema and re-arming still apply. */
  handlers?: OutboxHandlers;
  /** The clock the worker claims and runs jobs by (the system clock unless a test injects one). */
  now?: () => Date;
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** How long a claimed job stays locked without a heartbeat: past it, a dead worker's job is claimed again. */
  leaseMs?: number;
  /** How often a running job's lease is renewed (a third of the lease unless said). */
  heartbeatMs?: number;
  random?: () => number;
}

export interface DrainSummary {
  claimed: number;
  done: number;
  retried: number;
  failed: number;
}

export interface OutboxWorker {
  drainOnce(limit?: number): Promise<DrainSummary>;
  /**
   * Stops after the job in hand: the jobs claimed with it and not started are handed back at
   * once for another worker (graceful shutdown).
   */
  stop(): void;
}

export function createOutboxWorker(
  options: OutboxWorkerOptions = {},
): OutboxWorker {
  const handlers = options.handlers ?? {};
  const now = options.now ?? clock.systemClock;
  const policy: RetryPolicy = {
    baseDelayMs: options.baseDelayMs ?? OUTBOX_RETRY_POLICY.baseDelayMs,
    maxDelayMs: options.maxDelayMs ?? OUTBOX_RETRY_POLICY.maxDelayMs,
    maxAttempts: options.maxAttempts ?? OUTBOX_RETRY_POLICY.maxAttempts,
  };
  const leaseMs = options.leaseMs ?? OUTBOX_LEASE_MS;
  const heartbeatMs = options.heartbeatMs ?? Math.max(1, leaseMs / 3);
  const random = options.random ?? Math.random;
  let stopped = false;

  /**
   * Writes the end of a run if the job is still this worker's. If its lease ran out (a stall
   * longer than the lease) and another worker claimed it, the run of that worker decides: nothing
   * is written, and the job counts as retried here.
   */
  async function settle(
    job: OutboxJob,
    held: HeldLease,
    write: (lease: Date) => Promise<boolean>,
  ): Promise<boolean> {
    if (held.lease && (await write(held.lease))) return true;
    console.warn(
      `[outbox] job ${job.id} (${job.kind}) is no longer this worker's (its lease ran out): its outcome is left to the worker holding it now`,
    );
    return false;
  }

  /**
   * Moves the job's lease on. False once it is lost (another worker claimed the job after it ran
   * out). A renewal that failed (the database busy) most likely changed nothing: the lease held
   * stays the one to renew, and to settle the job under.
   */
  async function renewLease(job: OutboxJob, held: HeldLease): Promise<boolean> {
    const heldUntil = held.lease;
    if (!heldUntil) return false;
    const until = new Date(now().getTime() + leaseMs);
    const renewed = await extendOutboxLease(
      database,
      job.id,
      { heldUntil, until },
      now(),
    ).catch(() => null);
    if (renewed === false) held.lease = null;
    else if (renewed) held.lease = until;
    return held.lease !== null;
  }

  async function failAtOnce(
    job: OutboxJob,
    held: HeldLease,
    lastError: string,
  ): Promise<"failed" | "retried"> {
    const failed = await settle(job, held, (lease) =>
      failOutboxJob(
        database,
        job.id,
        lease,
        { attempts: job.attempts + 1, lastError },
        now(),
      ),
    );
    if (!failed) return "retried";
    console.error(
      `[outbox] job ${job.id} (${job.kind}, ${job.shopDomain}) failed: ${lastError}`,
    );
    return "failed";
  }

  /** Runs `work` while renewing the job's lease, so no other worker takes a job still in hand. */
  async function withHeartbeat(
    job: OutboxJob,
    held: HeldLease,
    work: () => Promise<void>,
  ) {
    let beating: Promise<unknown> = Promise.resolve();
    const timer = setInterval(() => {
      beating = beating.then(async () => {
        if (held.lease && !(await renewLease(job, held)))
          console.warn(
            `[outbox] job ${job.id} (${job.kind}) lost its lease while running`,
          );
      });
    }, heartbeatMs);
    try {
      await work();
    } finally {
      clearInterval(timer);
      await beating;
    }
  }

  async function run(
    job: OutboxJob,
  ): Promise<keyof Omit<DrainSummary, "claimed">> {
    const held: HeldLease = { lease: job.lockedUntil };
    // The batch's leases all started at its claim: renewed as each job starts, so one that waited
    // behind slow ones is not taken by another worker while this one is about to run it.
    if (!(await renewLease(job, held))) {
      console.warn(
        `[outbox] job ${job.id} (${job.kind}) was claimed again before it started (its lease ran out): left to the worker holding it now`,
      );
      return "retried";
    }
    const registered = findJob(job.kind);
    const standIn = handlers[job.kind as OutboxJobKind];
    if (!registered && !standIn)
      return failAtOnce(job, held, `No handler for job kind ${job.kind}`);
    let payload: unknown;
    try {
      payload = JSON.parse(job.payload) as unknown;
    } catch {
      return failAtOnce(job, held, `Unreadable payload for ${job.kind}`);
    }
    const prepared = registered?.prepare(payload);
    // A payload that does not fit its schema would not fit on a retry either.
    if (prepared && !prepared.ok) return failAtOnce(job, held, prepared.error);
    const startedAt = now();
    const context = {
      id: job.id,
      shopDomain: job.shopDomain,
      kind: job.kind,
      attempts: job.attempts,
      now: startedAt,
    };
    try {
      await withHeartbeat(job, held, async () => {
        // Re-armed before it runs: however this run ends, the next period is already queued.
        const next = await registered?.next?.(job.shopDomain, startedAt);
        if (next)
          await inTransaction((tx) =>
            enqueueRecurringJob(
              tx,
              {
                shopDomain: job.shopDomain,
                kind: job.kind as OutboxJobKind,
                ...next,
              },
              startedAt,
            ),
          );
        if (standIn) await standIn({ ...context, payload });
        else if (prepared?.ok) await prepared.run(context);
      });
      const done = await settle(job, held, (lease) =>
        completeOutboxJob(database, job.id, lease, now()),
      );
      return done ? "done" : "retried";
    } catch (error) {
      const message =
        error instanceof Error
          ? `${error.name}: ${error.message}`
          : String(error);
      if (error instanceof ShopifyThrottledError) {
        // Shopify said when the bucket refills: waiting is not a failure, so no attempt is spent.
        await settle(job, held, (lease) =>
          rescheduleOutboxJob(
            database,
            job.id,
            lease,
            {
              runAfter: new Date(now().getTime() + error.retryAfterMs),
              attempts: job.attempts,
              lastError: message,
            },
            now(),
          ),
        );
        return "retried";
      }
      const attempts = job.attempts + 1;
      if (!isWorthRetrying(error) || retriesExhausted(policy, attempts)) {
        const failed = await settle(job, held, (lease) =>
          failOutboxJob(
            database,
            job.id,
            lease,
            { attempts, lastError: message },
            now(),
          ),
        );
        if (!failed) return "retried";
        console.error(
          `[outbox] job ${job.id} (${job.kind}, ${job.shopDomain}) failed after ${attempts} attempt(s): ${message}`,
        );
        return "failed";
      }
      const asked =
        error instanceof ShopifyUnavailableError
          ? (error.retryAfterMs ?? 0)
          : 0;
      const rescheduled = await settle(job, held, (lease) =>
        rescheduleOutboxJob(
          database,
          job.id,
          lease,
          {
            runAfter: new Date(
              now().getTime() +
                Math.max(asked, retryDelayMs(policy, attempts, random())),
            ),
            attempts,
            lastError: message,
          },
          now(),
        ),
      );
      if (!rescheduled) return "retried";
      console.warn(
        `[outbox] job ${job.id} (${job.kind}, ${job.shopDomain}) will retry (attempt ${attempts}): ${message}`,
      );
      return "retried";
    }
  }

  return {
    async drainOnce(limit = 25) {
      const summary: DrainSummary = {
        claimed: 0,
        done: 0,
        retried: 0,
        failed: 0,
      };
      if (stopped) return summary;
      const jobs = await claimDueOutboxJobs({ now: now(), limit, leaseMs });
      summary.claimed = jobs.length;
      for (const job of jobs) {
        if (stopped && job.lockedUntil)
          await releaseOutboxJob(database, job.id, job.lockedUntil, now());
        else summary[await run(job)] += 1;
      }
      return summary;
    },
    stop() {
      stopped = true;
    },
  };
}

/**
 * Outages and unexpected errors (a bug fixed by a deploy, a database hiccup) are retried.
 * Shopify's refusals are not: userErrors, an invalid request, or a shop that no longer has the
 * app would fail the same way every time.
 */
function isWorthRetrying(error: unknown): boolean {
  if (error instanceof ShopifyUnavailableError) return true;
  return !(
    error instanceof ShopifyUserError ||
    error instanceof ShopifyGraphqlError ||
    error instanceof ShopifyNotInstalledError ||
    error instanceof ZodError
  );
}

/** Runs jobs until none is due (jobs waiting on a backoff are left for later). For tests and the demo. */
export async function drainOutboxUntilIdle(
  options: OutboxWorkerOptions & {
    batchSize?: number;
    maxRounds?: number;
  } = {},
): Promise<DrainSummary> {
  const worker = createOutboxWorker(options);
  const total: DrainSummary = { claimed: 0, done: 0, retried: 0, failed: 0 };
  for (let round = 0; round < (options.maxRounds ?? 1_000); round += 1) {
    const summary = await worker.drainOnce(options.batchSize ?? 50);
    for (const key of Object.keys(total) as (keyof DrainSummary)[])
      total[key] += summary[key];
    if (summary.claimed === 0) break;
  }
  return total;
}

/**
 * Drains the outbox in the app process every `intervalMs` (unless LOYALTY_WORKER=off, when
 * `npm run worker` does it; `enabled` overrides the environment). Safe to call twice, also across dev-server reloads; the timer is
 * unref'd so it never keeps the process alive on its own.
 */
export function startBackgroundWorker(
  options: OutboxWorkerOptions & {
    intervalMs?: number;
    enabled?: boolean;
  } = {},
): void {
  if (globalThis.loyaltyBackgroundWorker) return;
  if (!(options.enabled ?? getEnv().LOYALTY_WORKER !== "off")) return;
  const worker = createOutboxWorker(options);
  const now = options.now ?? clock.now;
  let lastPrune = -Infinity;
  const tick = () => {
    // One drain at a time: a slow Shopify must not pile up overlapping drains.
    if (state.running) return;
    state.running = (async () => {
      try {
        // First: a drain that keeps finding full batches would never reach the end of the tick.
        if (performance.now() - lastPrune >= PRUNE_EVERY_MS) {
          lastPrune = performance.now();
          await pruneFinishedOutboxJobs(
            new Date(now().getTime() - KEEP_FINISHED_JOBS_MS),
          ).catch((error: unknown) =>
            console.error("[outbox] pruning finished jobs failed:", error),
          );
        }
        // Keep going while full batches come back, so a backlog clears without waiting a tick per batch.
        while ((await worker.drainOnce(25)).claimed === 25) {
          if (globalThis.loyaltyBackgroundWorker !== state) break;
        }
        // Stopping: the job in hand is done, the emails wait for the next worker.
        if (globalThis.loyaltyBackgroundWorker !== state) return;
        // Emails to members have their own outbox (app/services/emails/delivery.server.ts).
        const { drainEmailOutbox } =
          await import("~/services/emails/smtp.server");
        while ((await drainEmailOutbox(now)).claimed === 50) {
          if (globalThis.loyaltyBackgroundWorker !== state) break;
        }
      } catch (error) {
        console.error("[outbox] drain failed:", error);
      } finally {
        state.running = null;
        if (
          state.wokenWhileRunning &&
          globalThis.loyaltyBackgroundWorker === state
        ) {
          state.wokenWhileRunning = false;
          tick();
        }
      }
    })();
  };
  const state: BackgroundWorkerState = {
    running: null,
    timer: setInterval(tick, options.intervalMs ?? 1_000),
    stop: () => worker.stop(),
    wake: () => {
      if (state.running) state.wokenWhileRunning = true;
      else tick();
    },
  };
  state.timer.unref();
  globalThis.loyaltyBackgroundWorker = state;
}

/**
 * Stops the loop: the job in hand finishes, the others claimed with it go back to the outbox at
 * once, and this resolves when the drain in progress has ended (graceful shutdown, SIGTERM).
 */
export async function stopBackgroundWorker(): Promise<void> {
  const state = globalThis.loyaltyBackgroundWorker;
  if (!state) return;
  globalThis.loyaltyBackgroundWorker = undefined;
  clearInterval(state.timer);
  state.stop?.();
  await state.running;
}
