import { type Member, type Redemption } from "@prisma/client";

import { getEnv } from "~/env.server";
import { deriveCode } from "~/services/redemption-code.server";
import {
  planRedemption,
  type RedeemedBenefit,
  type RedemptionState,
} from "~/loyalty/redemption";
import { redeemedValueOf } from "~/loyalty/reward-value";
import { localizedText } from "~/loyalty/rewards";
import { newId } from "~/models/ids.server";
import { postLedgerEntry } from "~/models/ledger.server";
import { findMember } from "~/models/member.server";
import { enqueueOutboxJob } from "~/models/outbox.server";
import {
  confirmWithPoolCode,
  countMemberRedemptionsOf,
  insertRedemption,
} from "~/models/redemption.server";
import {
  countUnusedPoolCodes,
  findMemberTierId,
  type RewardFacts,
  takePoolCode,
  takeStockUnit,
} from "~/models/redemption-reservation.server";
import { type Tx } from "~/models/transaction.server";
import { queueMemberEmail } from "~/services/emails/queue.server";
import { refusalOf, RefusedRedemption } from "~/services/redemptions/outcomes";
import { type RewardSnapshot } from "~/services/redemptions/snapshot";
import {
  scheduleRedemptionSweep,
  STUCK_AFTER_MS,
} from "~/services/redemptions/sweep.server";
import { rewardOf } from "~/services/rewards.server";

/** Every code the app mints starts with this. */
export const CODE_PREFIX = "LOYAL";

/** Redemptions that count toward a reward's per-customer limit (a cancelled or failed one does not). */
const COUNTING_STATES: RedemptionState[] = [
  "reserved",
  "minted",
  "confirmed",
  "used",
  "expired",
];

export interface ReserveInput {
  shop: string;
  member: Member | null;
  rewardRow: RewardFacts;
  requestedPoints?: number;
  idempotencyKey: string | null;
  fingerprint: string | null;
  gift: boolean;
  giftedBy?: string | null;
  now: Date;
}

/**
 * The saga's first step, inside the caller's transaction: the guarded debit, the stock and pool
 * checks, the Redemption (state `reserved`, its code derived from its id and stored) and the outbox
 * job `mint_discount_code`. Every refusal throws RefusedRedemption so the writes before it (the
 * debit, the stock) roll back with it.
 */
export async function reserve(
  tx: Tx,
  input: ReserveInput,
): Promise<Redemption> {
  const { rewardRow, member, now } = input;
  const reward = rewardOf(rewardRow);
  const memberTierId = member ? await findMemberTierId(tx, member.id) : null;
  const redemptionsOfThisReward = member
    ? await countMemberRedemptionsOf(
        tx,
        member.id,
        rewardRow.id,
        COUNTING_STATES,
      )
    : 0;
  const poolRemaining =
    reward.type === "code_pool"
      ? await countUnusedPoolCodes(tx, input.shop, reward.poolId)
      : null;
  const plan = planRedemption({
    reward,
    member: {
      balance: member?.balance ?? 0,
      tierId: memberTierId,
      redemptionsOfThisReward,
    },
    requestedPoints: input.requestedPoints,
    stockRemaining:
      rewardRow.stock === null
        ? null
        : rewardRow.stock - rewardRow.redeemedCount,
    poolRemaining,
    gift: input.gift,
    now,
  });
  if (plan.kind !== "ok") throw new RefusedRedemption(refusalOf(plan));
  if (!member)
    throw new RefusedRedemption({
      status: 409,
      outcome: "insufficient_points",
      points: 0,
      balance: 0,
      missing: 0,
    });

  const id = newId(now.getTime());

  // The guarded debit: of concurrent redemptions on a balance that covers one, one gets through.
  let debitEntryId: string | null = null;
  if (plan.points > 0) {
    const debit = await postLedgerEntry(tx, {
      shopDomain: input.shop,
      memberId: member.id,
      kind: "redemption",
      points: -plan.points,
      sourceType: "redemption",
      sourceId: id,
      description: localizedText(reward.name, "en"),
      recordedAt: now,
    });
    if (debit.outcome === "rejected") {
      const balance = (await findMember(tx, member.id))?.balance ?? 0;
      throw new RefusedRedemption({
        status: 409,
        outcome: "insufficient_points",
        points: plan.points,
        balance,
        missing: Math.max(0, plan.points - balance),
      });
    }
    debitEntryId = debit.entry.id;
  }

  if (!(await takeStockUnit(tx, rewardRow.id)))
    throw new RefusedRedemption({ status: 410, outcome: "sold_out" });

  const isPool = reward.type === "code_pool";
  const code = isPool
    ? null
    : deriveCode({
        redemptionId: id,
        prefix: CODE_PREFIX,
        secret: getEnv().SHOPIFY_API_SECRET,
        format: reward.type === "gift_card" ? "gift_card" : "discount",
      });
  const snapshot: RewardSnapshot = {
    discount: plan.discount,
    description: reward.description,
    refundPointsOnExpiry: plan.refundPointsOnExpiry,
  };
  const redemption: Redemption = {
    id,
    shopDomain: input.shop,
    memberId: member.id,
    rewardId: rewardRow.id,
    rewardType: reward.type,
    rewardSnapshot: JSON.stringify(snapshot),
    points: plan.points,
    state: "reserved",
    idempotencyKey: input.idempotencyKey,
    requestFingerprint: input.fingerprint,
    code,
    shopifyId: null,
    codeExpiresAt: plan.codeExpiresAt,
    refundPointsOnExpiry: plan.refundPointsOnExpiry,
    gift: input.gift,
    giftedBy: input.giftedBy ?? null,
    debitEntryId,
    refundEntryId: null,
    attempts: 0,
    lastError: null,
    usedOrderId: null,
    mintedAt: null,
    confirmedAt: null,
    failedAt: null,
    cancelledAt: null,
    expiredAt: null,
    usedAt: null,
    refundedAt: null,
    createdAt: now,
    updatedAt: now,
  };
  await insertRedemption(tx, redemption);

  if (isPool) {
    // An imported code exists at Shopify already: taking one unused code is the "mint".
    const taken = await takePoolCode(tx, {
      shopDomain: input.shop,
      poolId: reward.poolId,
      redemptionId: id,
      now,
    });
    if (taken === null)
      throw new RefusedRedemption({ status: 410, outcome: "sold_out" });
    if (plan.codeExpiresAt)
      await scheduleRedemptionSweep(tx, input.shop, plan.codeExpiresAt, now);
    await confirmWithPoolCode(tx, id, taken, now);
    await queueRedeemedEmail(
      tx,
      { ...redemption, code: taken },
      reward.name,
      plan.discount.benefit,
    );
    return {
      ...redemption,
      code: taken,
      state: "confirmed",
      mintedAt: now,
      confirmedAt: now,
    };
  }

  await enqueueOutboxJob(
    tx,
    {
      shopDomain: input.shop,
      kind: "mint_discount_code",
      payload: { redemptionId: id },
      coalesceKey: `mint_discount_code:${id}`,
      // Ahead of the balance mirror queued by the debit: the shopper waits for the code, not the mirror.
      runAfter: new Date(now.getTime() - 1),
    },
    now,
  );
  // The sweep repairs this reservation if its job is ever lost, and later expires the code.
  await scheduleRedemptionSweep(
    tx,
    input.shop,
    new Date(now.getTime() + STUCK_AFTER_MS),
    now,
  );
  await queueRedeemedEmail(tx, redemption, reward.name, plan.discount.benefit);
  return redemption;
}

/** "Reward redeemed": the code and its expiry, queued with the reservation (one per redemption). */
async function queueRedeemedEmail(
  tx: Tx,
  redemption: Redemption,
  names: Record<string, string | undefined>,
  benefit: RedeemedBenefit,
) {
  const balance = (await findMember(tx, redemption.memberId))?.balance ?? 0;
  await queueMemberEmail(tx, {
    shopDomain: redemption.shopDomain,
    memberId: redemption.memberId,
    kind: "reward_redeemed",
    eventId: redemption.id,
    payload: {
      points: redemption.points,
      balance,
      code: redemption.code,
      codeExpiresAt: redemption.codeExpiresAt?.toISOString() ?? null,
      rewardBenefit: redeemedValueOf(benefit),
      rewardNames: Object.fromEntries(
        Object.entries(names).filter(
          (pair): pair is [string, string] => typeof pair[1] === "string",
        ),
      ),
    },
    now: redemption.createdAt,
  });
}
