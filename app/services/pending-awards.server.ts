import { z } from "zod";

import * as clock from "~/clock.server";
import { startOfNext } from "~/loyalty/calendar";
import { enqueueRecurringJob } from "~/models/outbox.server";
import {
  listDuePendingAwards,
  listMemberPendingAwards,
  pendingPointsForMember,
} from "~/models/pending-awards.server";
import { findInstalledShop, findShopTimeZone } from "~/models/shop.server";
import { database, inTransaction } from "~/models/transaction.server";
import { awardDueBirthdays } from "~/services/earn-actions.server";
import { loadEarningContext } from "~/services/earning-rules.server";
import { releasePendingOrderPoints } from "~/services/orders.server";

/**
 * Pending order points (DESIGN.md, ledger rule 5): visible, not spendable, posted when due.
 * Each delayed award queues a `post_pending_award` job for its due time; `postDuePendingAwards`
 * is the sweep behind it (a job lost or a clock jump): both are idempotent, as posting goes
 * through the order settlement and the ledger's idempotency key.
 */

export { pendingPointsForMember, listMemberPendingAwards };

/** A member's pending points, for the storefront's "pending" and the admin. */
export function getPendingPoints(memberId: string): Promise<number> {
  return pendingPointsForMember(database, memberId);
}

/**
 * Posts pending awards whose delay ran out by `now`, up to `limit` per call (the next call takes
 * the rest). Awards of an uninstalled shop stay pending: they are posted if the app comes back.
 */
export async function postDuePendingAwards(
  now = clock.now(),
  limit = 500,
): Promise<{ posted: number; checked: number }> {
  const due = await listDuePendingAwards(database, now, limit);
  let posted = 0;
  for (const award of due) {
    const result = await releasePendingOrderPoints(
      award.shopDomain,
      award.orderId,
      now,
    );
    if (result.pointsAwarded > 0) posted += 1;
  }
  return { posted, checked: due.length };
}

const PostPendingAwardPayloadSchema = z.object({ orderId: z.string().min(1) });

export async function runPostPendingAwardJob(
  shop: string,
  payload: unknown,
  now = clock.now(),
): Promise<void> {
  const { orderId } = PostPendingAwardPayloadSchema.parse(payload);
  await releasePendingOrderPoints(shop, orderId, now);
}

/** The shop's daily birthday sweep, queued again for the next midnight in the shop's time zone. */
export async function runBirthdaySweepJob(
  shop: string,
  now = clock.now(),
): Promise<void> {
  await awardDueBirthdays(shop, now);
  await scheduleBirthdaySweep(shop, now);
}

const DAY_MS = 24 * 60 * 60_000;

/**
 * The sweep after one at `now`: just after the shop's next midnight, while the shop has the app
 * and a birthday rule is on (saving or switching one on starts the sweep again).
 */
export async function nextBirthdaySweep(
  shop: string,
  now: Date,
): Promise<{ runAfter: Date; everyMs: number } | null> {
  const shopRow = await findShopTimeZone(database, shop);
  if (!shopRow || !(await findInstalledShop(database, shop))) return null;
  const { rules } = await loadEarningContext(database, shop);
  if (!rules.some((rule) => rule.type === "birthday" && rule.enabled))
    return null;
  // A few minutes past midnight: the day has surely turned wherever the worker's clock is.
  return {
    runAfter: new Date(
      startOfNext("day", now, shopRow.ianaTimezone).getTime() + 5 * 60_000,
    ),
    everyMs: DAY_MS,
  };
}

/** Queues the next birthday sweep (at most one waiting per shop, one per day) for just after the shop's next midnight. */
export async function scheduleBirthdaySweep(
  shop: string,
  now = clock.now(),
): Promise<void> {
  const next = await nextBirthdaySweep(shop, now);
  if (!next) return;
  await inTransaction((tx) =>
    enqueueRecurringJob(
      tx,
      { shopDomain: shop, kind: "award_birthdays", ...next },
      now,
    ),
  );
}
