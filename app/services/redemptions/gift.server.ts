import { type Redemption, type Reward } from "@prisma/client";

import * as clock from "~/clock.server";
import { type InvalidAmountReason } from "~/loyalty/redemption";
import { findMember } from "~/models/member.server";
import {
  findGiftableReward,
  findGiftRecipient,
} from "~/models/redemption-reservation.server";
import { inTransaction } from "~/models/transaction.server";
import { type Actor, recordAudit } from "~/services/audit.server";
import {
  type Refusal,
  RefusedRedemption,
} from "~/services/redemptions/outcomes";
import { reserve } from "~/services/redemptions/reserve.server";
import { createReward } from "~/services/rewards.server";
import { wakeBackgroundWorker } from "~/services/worker-wake.server";

export type GiftRewardResult =
  | { outcome: "gifted"; redemption: Redemption }
  | { outcome: "unknown_member" }
  | { outcome: "unknown_reward" }
  | { outcome: "invalid"; errors: { path: string; key: string }[] }
  /** A points slider's amount missing, not whole, or outside the slider's range (on its steps). */
  | {
      outcome: "invalid_amount";
      reason: InvalidAmountReason;
      minPoints: number;
      maxPoints: number;
      step: number;
    }
  | { outcome: "sold_out" };

/**
 * "Add a reward" on a member's page: an existing reward or a new one-off one, given without points
 * (no ledger entry: the gift shows in the member's history from the Redemption, `gift: true`).
 */
export async function giftRewardToMember(input: {
  shop: string;
  memberId: string;
  rewardId?: string;
  oneOffReward?: unknown;
  /** For a points slider: the points the gift is worth (what a shopper would have spent); none is deducted. */
  points?: number;
  by: string;
  /** Who gave it, for the activity log (ADR 0013). */
  actor?: Actor;
  now?: Date;
}): Promise<GiftRewardResult> {
  const now = input.now ?? clock.now();
  const member = await findGiftRecipient(input.shop, input.memberId);
  if (!member) return { outcome: "unknown_member" };
  try {
    // One transaction: a refused gift (a slider amount off its range) leaves no one-off reward behind.
    const result = await inTransaction(
      async (tx): Promise<GiftRewardResult> => {
        let rewardRow: Reward | null;
        if (input.oneOffReward !== undefined) {
          const created = await createReward(
            input.shop,
            { ...(input.oneOffReward as object), active: true },
            { oneOff: true, db: tx },
          );
          if (created.outcome === "invalid")
            return { outcome: "invalid", errors: created.errors };
          if (created.outcome !== "saved") return { outcome: "unknown_reward" };
          rewardRow = created.reward;
        } else {
          rewardRow = input.rewardId
            ? await findGiftableReward(tx, input.shop, input.rewardId)
            : null;
        }
        if (!rewardRow) return { outcome: "unknown_reward" };
        const redemption = await reserve(tx, {
          shop: input.shop,
          member: (await findMember(tx, member.id))!,
          rewardRow,
          requestedPoints: input.points,
          idempotencyKey: null,
          fingerprint: null,
          gift: true,
          giftedBy: input.by,
          now,
        });
        await recordAudit(tx, {
          shopDomain: input.shop,
          actor: input.actor ?? { id: input.by, name: null },
          action: "reward.gifted",
          subjectType: "redemption",
          subjectId: redemption.id,
          memberId: member.id,
          details: { points: redemption.points },
          at: now,
        });
        return { outcome: "gifted", redemption };
      },
    );
    if (result.outcome === "gifted") wakeBackgroundWorker();
    return result;
  } catch (error) {
    if (error instanceof RefusedRedemption) return giftRefusalOf(error.result);
    throw error;
  }
}

/**
 * A gift skips points, tiers and per-customer limits, so only a slider amount or an empty shelf can
 * refuse it; anything else means the reward is not one the member can be given.
 */
function giftRefusalOf(refusal: Refusal): GiftRewardResult {
  if (refusal.outcome === "sold_out") return { outcome: "sold_out" };
  if (refusal.outcome === "invalid_points") {
    const detail = refusal.detail as {
      reason: InvalidAmountReason;
      min: number;
      max: number;
      step: number;
    };
    return {
      outcome: "invalid_amount",
      reason: detail.reason,
      minPoints: detail.min,
      maxPoints: detail.max,
      step: detail.step,
    };
  }
  return { outcome: "unknown_reward" };
}
