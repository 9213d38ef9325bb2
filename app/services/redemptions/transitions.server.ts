import { type Redemption } from "@prisma/client";

import * as clock from "~/clock.server";
import { REFUND_NOTES } from "~/i18n/ledger-note";
import {
  nextState,
  type RedemptionEvent,
  type RedemptionState,
} from "~/loyalty/redemption";
import { postLedgerEntry } from "~/models/ledger.server";
import { enqueueOutboxJob } from "~/models/outbox.server";
import { findRedemption, moveRedemption } from "~/models/redemption.server";
import { returnStockUnit } from "~/models/redemption-reservation.server";
import { inTransaction, type Tx } from "~/models/transaction.server";

/** The saga's steps after the reservation: state moves, the compensating refund, deactivation. */

/** Moves a redemption by an event of the state machine, or refuses (a replayed or late event). */
export async function transition(
  tx: Tx,
  redemption: Pick<Redemption, "id" | "state">,
  event: RedemptionEvent,
  data: Partial<Redemption> = {},
): Promise<Redemption | null> {
  const next = nextState(redemption.state as RedemptionState, event);
  if (next.kind !== "ok") return null;
  return moveRedemption(tx, redemption.id, redemption.state, next.state, data);
}

/**
 * Gives the points of a failed, cancelled or refundable expired redemption back, once: the
 * `redemption_refund` entry's key is derived from the redemption, and it points at the debit.
 */
export async function refundPoints(
  tx: Tx,
  redemption: Redemption,
  now: Date,
  description: string,
): Promise<Redemption | null> {
  let refundEntryId: string | null = null;
  if (redemption.points > 0) {
    const credit = await postLedgerEntry(tx, {
      shopDomain: redemption.shopDomain,
      memberId: redemption.memberId,
      kind: "redemption_refund",
      points: redemption.points,
      sourceType: "redemption",
      sourceId: redemption.id,
      correctsEntryId: redemption.debitEntryId,
      description,
      recordedAt: now,
    });
    if (credit.outcome === "rejected")
      throw new Error(
        `Refund of redemption ${redemption.id} rejected: ${credit.reason}`,
      );
    refundEntryId = credit.entry.id;
  }
  return transition(tx, redemption, "points_refunded", {
    refundEntryId,
    refundedAt: now,
  });
}

/** Shopify refused the code for good, or every attempt failed: failed, and the points back, in one transaction. */
export async function failRedemption(
  redemptionId: string,
  reason: string,
  now = clock.now(),
): Promise<Redemption | null> {
  return inTransaction(async (tx) => {
    const redemption = await findRedemption(redemptionId, tx);
    if (!redemption || redemption.state !== "reserved") return null;
    const failed = await transition(tx, redemption, "mint_failed", {
      failedAt: now,
      lastError: reason.slice(0, 1000),
    });
    if (!failed) return null;
    // The stock unit goes back on the shelf.
    if (failed.rewardId) await returnStockUnit(tx, failed.rewardId);
    return refundPoints(tx, failed, now, REFUND_NOTES.issueFailed);
  });
}

/** A discount code the app minted and can switch off (not a gift card, not an imported pool code). */
export function isDeactivatable(
  redemption: Pick<Redemption, "shopifyId">,
): boolean {
  return (
    redemption.shopifyId !== null &&
    redemption.shopifyId.startsWith("gid://shopify/DiscountCodeNode/")
  );
}

export function enqueueDeactivation(tx: Tx, redemption: Redemption, now: Date) {
  return enqueueOutboxJob(
    tx,
    {
      shopDomain: redemption.shopDomain,
      kind: "deactivate_discount_code",
      payload: { redemptionId: redemption.id },
      coalesceKey: `deactivate_discount_code:${redemption.id}`,
    },
    now,
  );
}
