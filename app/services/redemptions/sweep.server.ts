import * as clock from "~/clock.server";
import { REDEMPTION_RATE_LIMITS } from "~/loyalty/rate-limit";
import { enqueueOutboxJob } from "~/models/outbox.server";
import {
  countWatchedRedemptions,
  findRedemption,
  hasLiveMintJob,
  listExpiredCodeRedemptionIds,
  listReservedBefore,
} from "~/models/redemption.server";
import { forgetRedemptionAttemptsBefore } from "~/models/redemption-attempt.server";
import { inTransaction, type Tx } from "~/models/transaction.server";
import {
  enqueueDeactivation,
  transition,
} from "~/services/redemptions/transitions.server";

/** How often a shop's sweep runs while it has codes that can expire or reservations in flight. */
export const SWEEP_EVERY_MS = 10 * 60_000;
/** A redemption still `reserved` this long after its creation with no live job is repaired by the sweeper. */
export const STUCK_AFTER_MS = 5 * 60_000;

/** Queues the shop's sweep unless one is already waiting (one pending sweep per shop). */
export function scheduleRedemptionSweep(
  tx: Tx,
  shopDomain: string,
  runAfter: Date,
  now: Date,
) {
  return enqueueOutboxJob(
    tx,
    {
      shopDomain,
      kind: "sweep_redemptions",
      payload: {},
      coalesceKey: `sweep_redemptions:${shopDomain}`,
      runAfter,
    },
    now,
  );
}

/**
 * The periodic sweep of one shop: codes past their validity expire (deactivated at Shopify, points
 * back if the reward says so), and redemptions left `reserved` without a live mint job (a job lost or
 * failed outside its handler) get a fresh one.
 */
export async function sweepRedemptions(
  shopDomain: string,
  now = clock.now(),
): Promise<{ expired: number; requeued: number }> {
  let expired = 0;
  for (const id of await listExpiredCodeRedemptionIds(shopDomain, now, 500)) {
    const moved = await inTransaction(async (tx) => {
      const redemption = await findRedemption(id, tx);
      if (!redemption) return false;
      const next = await transition(tx, redemption, "expired", {
        expiredAt: now,
      });
      if (!next) return false;
      await enqueueDeactivation(tx, next, now);
      return true;
    });
    if (moved) expired += 1;
  }

  let requeued = 0;
  const stuckBefore = new Date(now.getTime() - STUCK_AFTER_MS);
  for (const id of await listReservedBefore(shopDomain, stuckBefore, 500)) {
    if (await hasLiveMintJob(shopDomain, id)) continue;
    await inTransaction((tx) =>
      enqueueOutboxJob(
        tx,
        {
          shopDomain,
          kind: "mint_discount_code",
          payload: { redemptionId: id },
          coalesceKey: `mint_discount_code:${id}`,
        },
        now,
      ),
    );
    requeued += 1;
  }
  // Attempts older than the longest rate-limit window can no longer refuse anything.
  const longest = Math.max(...REDEMPTION_RATE_LIMITS.map((l) => l.windowMs));
  await forgetRedemptionAttemptsBefore(
    shopDomain,
    new Date(now.getTime() - longest),
  );
  return { expired, requeued };
}

/** The `sweep_redemptions` handler: sweeps, then queues the next sweep while there is anything to watch. */
export async function runSweepJob(
  shopDomain: string,
  now = clock.now(),
): Promise<void> {
  await sweepRedemptions(shopDomain, now);
  if ((await countWatchedRedemptions(shopDomain)) > 0) {
    await inTransaction((tx) =>
      scheduleRedemptionSweep(
        tx,
        shopDomain,
        new Date(now.getTime() + SWEEP_EVERY_MS),
        now,
      ),
    );
  }
}
