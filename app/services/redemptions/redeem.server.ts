import { createHash } from "node:crypto";

import * as clock from "~/clock.server";
import {
  allowRedemption,
  type RateLimit,
  REDEMPTION_RATE_LIMITS,
  retryAfterSeconds,
} from "~/loyalty/rate-limit";
import { type RewardLocale } from "~/loyalty/rewards";
import {
  findMember,
  findMemberByCustomer,
  lockMember,
} from "~/models/member.server";
import { findProgramActive } from "~/models/program-identity.server";
import { findRedemptionByKey } from "~/models/redemption.server";
import {
  listRedemptionAttemptTimes,
  recordRedemptionAttempt,
} from "~/models/redemption-attempt.server";
import { findRedeemableReward } from "~/models/redemption-reservation.server";
import { undoIfThrows } from "~/models/savepoint.server";
import { inTransaction } from "~/models/transaction.server";
import {
  countsAsAttempt,
  type RedeemRewardResult,
  RefusedRedemption,
} from "~/services/redemptions/outcomes";
import { reserve } from "~/services/redemptions/reserve.server";
import { redemptionView } from "~/services/redemptions/views.server";
import { wakeBackgroundWorker } from "~/services/worker-wake.server";

export type { RedeemRewardResult };

export interface RedeemRewardInput {
  shop: string;
  /** The verified Shopify customer id (the app proxy's `logged_in_customer_id`). */
  customerId: string;
  rewardId: string;
  idempotencyKey: string;
  /** For a points slider: the points the shopper chose. */
  points?: number;
  now?: Date;
  locale?: RewardLocale;
  /** Overrides the per-customer limits (tests of concurrency pass []). */
  rateLimits?: readonly RateLimit[];
}

/** The request body a key was first used with: the same key with another body is refused (422). */
export function requestFingerprint(
  rewardId: string,
  points: number | undefined,
): string {
  return createHash("sha256")
    .update(JSON.stringify({ rewardId, points: points ?? null }))
    .digest("hex");
}

/**
 * A shopper redeems points for a reward: the reservation, the saga's first step (reserve.server.ts),
 * answered with the code at once; the worker mints it (mint-job.server.ts).
 *
 * The member's row lock, taken first, makes one member's attempts take turns until each commits,
 * on every instance: the idempotency key, the per-reward limit and the rate limit are read and
 * written under it. A refusal undoes the reservation's writes (a savepoint) but keeps the attempt
 * it records, so the rate limit's count and its record are one step (docs/decisions/0025-…).
 */
export async function redeemReward(
  input: RedeemRewardInput,
): Promise<RedeemRewardResult> {
  const now = input.now ?? clock.now();
  const locale = input.locale ?? "en";
  const fingerprint = requestFingerprint(input.rewardId, input.points);
  const limits = input.rateLimits ?? REDEMPTION_RATE_LIMITS;

  const result = await inTransaction(
    async (tx): Promise<RedeemRewardResult> => {
      const member = await findMemberByCustomer(
        tx,
        input.shop,
        input.customerId,
      );
      if (member) await lockMember(tx, member.id);

      // The same key again: the same answer, or 422 when the body changed.
      if (member) {
        const earlier = await findRedemptionByKey(
          tx,
          input.shop,
          member.id,
          input.idempotencyKey,
        );
        if (earlier) {
          if (earlier.requestFingerprint !== fingerprint)
            return { status: 422, outcome: "idempotency_key_reused" };
          const balance = (await findMember(tx, member.id))!.balance;
          return {
            status: 201,
            outcome: "redeemed",
            replay: true,
            redemption: redemptionView(earlier, locale),
            balance,
          };
        }
      }

      // A replay above still gets its answer; a new redemption waits for the program to be on.
      if (!(await findProgramActive(tx, input.shop)))
        return { status: 403, outcome: "program_inactive" };

      // Another shop's reward, an archived one or a one-off gift is unknown here.
      const rewardRow = await findRedeemableReward(
        tx,
        input.shop,
        input.rewardId,
      );
      if (!rewardRow) return { status: 404, outcome: "unknown_reward" };

      // Whose attempts the rate limit counts: a customer who is not a member has nothing to spend.
      const limited = limits.length > 0 ? member : null;
      if (limited) {
        const since = new Date(
          now.getTime() - Math.max(...limits.map((l) => l.windowMs)),
        );
        const decision = allowRedemption(
          await listRedemptionAttemptTimes(tx, limited.id, since),
          now,
          limits,
        );
        if (!decision.allowed)
          return {
            status: 429,
            outcome: "rate_limited",
            retryAfterSeconds: retryAfterSeconds(decision.retryAfterMs),
          };
      }

      let answer: RedeemRewardResult;
      try {
        const reserved = await undoIfThrows(tx, () =>
          reserve(tx, {
            shop: input.shop,
            member,
            rewardRow,
            requestedPoints: input.points,
            idempotencyKey: input.idempotencyKey,
            fingerprint,
            gift: false,
            now,
          }),
        );
        answer = {
          status: 201,
          outcome: "redeemed",
          replay: false,
          redemption: redemptionView(reserved, locale),
          balance: member ? (await findMember(tx, member.id))!.balance : 0,
        };
      } catch (error) {
        if (!(error instanceof RefusedRedemption)) throw error;
        answer = error.result;
      }
      // Every real attempt counts, refused ones included (a script hammering the button), in the
      // transaction that counted the earlier ones.
      if (limited && countsAsAttempt(answer))
        await recordRedemptionAttempt(tx, input.shop, limited.id, now);
      return answer;
    },
  );

  // The code is minted now rather than at the worker's next tick.
  if (result.status === 201 && !result.replay) wakeBackgroundWorker();
  return result;
}
