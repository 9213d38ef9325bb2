import { type OutboxJob } from "@prisma/client";
import { z, ZodError } from "zod";

import * as clock from "~/clock.server";
import { type BackgroundWorkerState } from "~/services/worker-wake.server";
import prisma from "~/db.server";
import { getEnv } from "~/env.server";
import { findMember } from "~/models/member.server";
import {
  claimDueOutboxJobs,
  completeOutboxJob,
  failOutboxJob,
  type OutboxJobKind,
  rescheduleOutboxJob,
} from "~/models/outbox.server";
import {
  findInstalledShop,
  markMetafieldDefinitionsCreated,
  updateShopProfile,
} from "~/models/shop.server";
import {
  ShopifyGraphqlError,
  ShopifyNotInstalledError,
  ShopifyThrottledError,
  ShopifyUnavailableError,
  ShopifyUserError,
} from "~/shopify/errors.server";

/**
 * The outbox worker: claims due jobs, runs each outside any transaction, and records the
 * result. Shopify being slow or down is routine, so failures are retried with exponential
 * backoff and jitter; a throttle waits the time Shopify asked for without counting as an
 * attempt; a job that keeps failing is marked failed after `maxAttempts`, and a refusal that
 * would fail the same way again (userErrors, a bad request, not installed) fails at once.
 */

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

export interface OutboxWorkerOptions {
  handlers?: OutboxHandlers;
  /** The clock the worker claims and runs jobs by (the system clock unless a test injects one). */
  now?: () => Date;
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** How long a claimed job stays locked: past it, a crashed worker's job is claimed again. */
  leaseMs?: number;
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
}

const MirrorMemberPayloadSchema = z.object({ memberId: z.string().min(1) });
const RereadOrderPayloadSchema = z.object({ attentionId: z.string().min(1) });

/**
 * The handlers the app runs. The Shopify modules load lazily: tests inject their own handlers
 * and never pull in the Admin API client.
 */
export const defaultOutboxHandlers: Required<OutboxHandlers> = {
  async mirror_member(job) {
    const { memberId } = MirrorMemberPayloadSchema.parse(job.payload);
    const member = await findMember(prisma, memberId);
    // Gone with shop/redact, erased by customers/redact, or the shop left: nothing to show.
    if (!member || member.redactedAt !== null) return;
    if (!(await findInstalledShop(prisma, job.shopDomain))) return;
    const { mirrorMemberBalance } = await import("~/shopify/metafields.server");
    // The balance as it is now, not as it was when the job was queued: coalesced changes land in one write.
    const { memberTierName } = await import("~/services/tiers.server");
    const tier = await memberTierName(prisma, member.id);
    await mirrorMemberBalance(job.shopDomain, {
      customerId: member.customerId,
      points: member.balance,
      tier,
    });
  },
  async reconcile_orders(job) {
    const { runPeriodicJob } = await import("~/services/periodic-jobs.server");
    await runPeriodicJob(job.shopDomain, "reconcile_orders", job.now);
  },
  async sweep_expiry(job) {
    const { runPeriodicJob } = await import("~/services/periodic-jobs.server");
    await runPeriodicJob(job.shopDomain, "sweep_expiry", job.now);
  },
  async review_tiers(job) {
    const { runPeriodicJob } = await import("~/services/periodic-jobs.server");
    await runPeriodicJob(job.shopDomain, "review_tiers", job.now);
  },
  async reread_order(job) {
    const { attentionId } = RereadOrderPayloadSchema.parse(job.payload);
    const { rereadOrderForAttention } =
      await import("~/services/webhook-attention.server");
    await rereadOrderForAttention(job.shopDomain, attentionId, {
      now: job.now,
    });
  },
  async award_retroactive(job) {
    const { runRetroactiveJob } =
      await import("~/services/periodic-jobs.server");
    await runRetroactiveJob(job.shopDomain, job.now);
  },
  async mirror_program(job) {
    if (!(await findInstalledShop(prisma, job.shopDomain))) return;
    const { programMirrorValue } =
      await import("~/services/program-identity.server");
    const { mirrorProgram } = await import("~/shopify/program-mirror.server");
    await mirrorProgram(
      job.shopDomain,
      await programMirrorValue(job.shopDomain),
    );
  },
  async sync_member_tier_tag(job) {
    const { memberId } = MirrorMemberPayloadSchema.parse(job.payload);
    if (!(await findInstalledShop(prisma, job.shopDomain))) return;
    const { markTierTagMirrored, memberTierTag } =
      await import("~/services/tiers.server");
    const { tag, mirroredTag, customerId } = await memberTierTag(
      prisma,
      memberId,
    );
    if (customerId === null || tag === mirroredTag) return;
    const { syncCustomerTierTag } =
      await import("~/shopify/customer-tags.server");
    await syncCustomerTierTag(job.shopDomain, {
      customerId,
      add: tag,
      remove: mirroredTag,
    });
    await markTierTagMirrored(prisma, memberId, tag);
  },
  async ensure_metafield_definitions(job) {
    if (!(await findInstalledShop(prisma, job.shopDomain))) return;
    const { ensureLoyaltyMetafieldDefinitions } =
      await import("~/shopify/metafield-definitions.server");
    await ensureLoyaltyMetafieldDefinitions(job.shopDomain);
    await markMetafieldDefinitionsCreated(prisma, job.shopDomain, job.now);
  },
  async sync_shop_profile(job) {
    if (!(await findInstalledShop(prisma, job.shopDomain))) return;
    const { fetchShopProfile } = await import("~/shopify/shop.server");
    const profile = await fetchShopProfile(job.shopDomain);
    await updateShopProfile(prisma, job.shopDomain, profile);
    // The shop's time zone is known now: start its periodic jobs (reconciliation, expiry, tiers).
    const { startPeriodicJobs } =
      await import("~/services/periodic-jobs.server");
    await startPeriodicJobs(job.shopDomain, job.now);
  },
  async post_pending_award(job) {
    const { runPostPendingAwardJob } =
      await import("~/services/pending-awards.server");
    await runPostPendingAwardJob(job.shopDomain, job.payload, job.now);
  },
  async award_birthdays(job) {
    const { runBirthdaySweepJob } =
      await import("~/services/pending-awards.server");
    await runBirthdaySweepJob(job.shopDomain, job.now);
  },
  async mint_discount_code(job) {
    const { runMintJob } =
      await import("~/services/redemptions/mint-job.server");
    await runMintJob(job.payload, { now: () => job.now });
  },
  async deactivate_discount_code(job) {
    const { runDeactivateJob } =
      await import("~/services/redemptions/deactivate-job.server");
    await runDeactivateJob(job.payload, { now: () => job.now });
  },
  async sweep_redemptions(job) {
    const { runSweepJob } = await import("~/services/redemptions/sweep.server");
    await runSweepJob(job.shopDomain, job.now);
  },
};

export function createOutboxWorker(
  options: OutboxWorkerOptions = {},
): OutboxWorker {
  const handlers = options.handlers ?? defaultOutboxHandlers;
  const now = options.now ?? clock.systemClock;
  const maxAttempts = options.maxAttempts ?? 8;
  const baseDelayMs = options.baseDelayMs ?? 1_000;
  const maxDelayMs = options.maxDelayMs ?? 10 * 60_000;
  const leaseMs = options.leaseMs ?? 2 * 60_000;
  const random = options.random ?? Math.random;

  /** Exponential backoff with "equal jitter": half fixed, half random, so retries of a burst spread out. */
  function backoffMs(attempts: number): number {
    const ceiling = Math.min(
      maxDelayMs,
      baseDelayMs * 2 ** Math.max(0, attempts - 1),
    );
    return Math.round(ceiling / 2 + random() * (ceiling / 2));
  }

  async function run(
    job: OutboxJob,
  ): Promise<keyof Omit<DrainSummary, "claimed">> {
    const handler = handlers[job.kind as OutboxJobKind];
    if (!handler) {
      await failOutboxJob(
        prisma,
        job.id,
        {
          attempts: job.attempts + 1,
          lastError: `No handler for job kind ${job.kind}`,
        },
        now(),
      );
      console.error(
        `[outbox] job ${job.id} (${job.kind}) failed: no handler for this kind`,
      );
      return "failed";
    }
    try {
      await handler({
        id: job.id,
        shopDomain: job.shopDomain,
        kind: job.kind,
        payload: JSON.parse(job.payload) as unknown,
        attempts: job.attempts,
        now: now(),
      });
      await completeOutboxJob(prisma, job.id, now());
      return "done";
    } catch (error) {
      const message =
        error instanceof Error
          ? `${error.name}: ${error.message}`
          : String(error);
      if (error instanceof ShopifyThrottledError) {
        // Shopify said when the bucket refills: waiting is not a failure, so no attempt is spent.
        await rescheduleOutboxJob(
          prisma,
          job.id,
          {
            runAfter: new Date(now().getTime() + error.retryAfterMs),
            attempts: job.attempts,
            lastError: message,
          },
          now(),
        );
        return "retried";
      }
      const attempts = job.attempts + 1;
      if (!isWorthRetrying(error) || attempts >= maxAttempts) {
        await failOutboxJob(
          prisma,
          job.id,
          { attempts, lastError: message },
          now(),
        );
        console.error(
          `[outbox] job ${job.id} (${job.kind}, ${job.shopDomain}) failed after ${attempts} attempt(s): ${message}`,
        );
        return "failed";
      }
      const asked =
        error instanceof ShopifyUnavailableError
          ? (error.retryAfterMs ?? 0)
          : 0;
      await rescheduleOutboxJob(
        prisma,
        job.id,
        {
          runAfter: new Date(
            now().getTime() + Math.max(asked, backoffMs(attempts)),
          ),
          attempts,
          lastError: message,
        },
        now(),
      );
      console.warn(
        `[outbox] job ${job.id} (${job.kind}, ${job.shopDomain}) will retry (attempt ${attempts}): ${message}`,
      );
      return "retried";
    }
  }

  return {
    async drainOnce(limit = 25) {
      const jobs = await claimDueOutboxJobs(prisma, {
        now: now(),
        limit,
        leaseMs,
      });
      const summary: DrainSummary = {
        claimed: jobs.length,
        done: 0,
        retried: 0,
        failed: 0,
      };
      for (const job of jobs) summary[await run(job)] += 1;
      return summary;
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
  const tick = () => {
    // One drain at a time: a slow Shopify must not pile up overlapping drains.
    if (state.running) return;
    state.running = (async () => {
      try {
        // Keep going while full batches come back, so a backlog clears without waiting a tick per batch.
        while ((await worker.drainOnce(25)).claimed === 25) {
          if (globalThis.loyaltyBackgroundWorker !== state) break;
        }
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
    wake: () => {
      if (state.running) state.wokenWhileRunning = true;
      else tick();
    },
  };
  state.timer.unref();
  globalThis.loyaltyBackgroundWorker = state;
}

/** Stops the loop and waits for a drain in progress to finish. */
export async function stopBackgroundWorker(): Promise<void> {
  const state = globalThis.loyaltyBackgroundWorker;
  if (!state) return;
  globalThis.loyaltyBackgroundWorker = undefined;
  clearInterval(state.timer);
  await state.running;
}
