import { createHash } from "node:crypto";

import { REFUND_NOTES } from "~/i18n/ledger-note";
import {
  type Member,
  Prisma,
  type Redemption,
  type Reward as RewardRow,
} from "@prisma/client";

import * as clock from "~/clock.server";
import prisma from "~/db.server";
import { getEnv } from "~/env.server";
import { buildMintRequest, deriveCode } from "~/loyalty/discount-code";
import {
  allowRedemption,
  type RateLimit,
  REDEMPTION_RATE_LIMITS,
  retryAfterSeconds,
} from "~/loyalty/rate-limit";
import {
  holdsUsableCode,
  type InvalidAmountReason,
  nextState,
  planRedemption,
  type RedeemedBenefit,
  type RedeemedDiscount,
  type RedemptionEvent,
  type RedemptionPlan,
  type RedemptionState,
} from "~/loyalty/redemption";
import { redeemedValueOf } from "~/loyalty/reward-value";
import {
  localizedText,
  type LocalizedText,
  type RewardLocale,
} from "~/loyalty/rewards";
import { newId } from "~/models/ids.server";
import { postLedgerEntry } from "~/models/ledger.server";
import { findProgramActive } from "~/models/program-identity.server";
import { type Actor, recordAudit } from "~/services/audit.server";
import {
  findMember,
  findMemberByCustomer,
  lockMember,
} from "~/models/member.server";
import { FOR_UPDATE_SKIP_LOCKED } from "~/models/row-locks.server";
import { enqueueOutboxJob } from "~/models/outbox.server";
import { inTransaction, type Tx } from "~/models/transaction.server";
import { createReward, rewardOf } from "~/services/rewards.server";
import { queueMemberEmail } from "~/services/emails/queue.server";
import { wakeBackgroundWorker } from "~/services/worker-wake.server";
import { type AdminRequestOptions } from "~/shopify/admin-client.server";
import { toGid } from "~/shopify/admin-operation";
import {
  ShopifyGraphqlError,
  ShopifyNotInstalledError,
  ShopifyThrottledError,
  ShopifyUserError,
} from "~/shopify/errors.server";

/**
 * Redemption: points for a reward, as the saga of DESIGN.md rule 7.
 *
 * 1. `redeemReward` reserves in ONE transaction: the guarded ledger debit, the stock and pool checks,
 *    the Redemption (state `reserved`, its code derived from its id and stored) and the outbox job
 *    `mint_discount_code`. The shopper gets the code at once (status `pending`).
 * 2. The worker runs `runMintJob`: it looks the code up at Shopify first (a retry after a lost
 *    answer adopts the discount an earlier attempt created), else mints it; then `minted` → `confirmed`.
 * 3. A refusal for good, or attempts exhausted: `failed` and the compensating `redemption_refund`
 *    (pointing at the debit) in one transaction, so the points always come back exactly once.
 *
 * Cancellation and expiry deactivate the code at Shopify first (outbox job `deactivate_discount_code`)
 * and only then give points back, so a code can never be both refunded and used.
 */

/** Mint attempts per redemption (across jobs) before it fails for good and the points come back. */
export const MINT_MAX_ATTEMPTS = 6;
/** Every code the app mints starts with this. */
export const CODE_PREFIX = "LOYAL";
/** A redemption still `reserved` this long after its creation with no live job is repaired by the sweeper. */
const STUCK_AFTER_MS = 5 * 60_000;

/** What the app froze at redemption: the storefront and the mint job read this, never the reward. */
export interface RewardSnapshot {
  discount: RedeemedDiscount;
  description: LocalizedText;
  refundPointsOnExpiry: boolean;
}

export type RedemptionStatus =
  "pending" | "active" | "used" | "expired" | "cancelled";

/** One redemption as the storefront shows it (extensions/loyalty-widget/README.md). */
export interface RedemptionView {
  id: string;
  rewardName: string;
  code: string | null;
  status: RedemptionStatus;
  expiresAt: string | null;
  points: number;
  gift: boolean;
  createdAt: string;
  /** The reward's type when redeemed: a gift card's code is not a discount code. */
  rewardType: string;
}

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

export type RedeemRewardResult =
  | {
      status: 201;
      outcome: "redeemed";
      replay: boolean;
      redemption: RedemptionView;
      balance: number;
    }
  | { status: 404; outcome: "unknown_reward" }
  | {
      status: 409;
      outcome: "insufficient_points";
      points: number;
      balance: number;
      missing: number;
    }
  | { status: 410; outcome: "sold_out" }
  /** The program is switched off (ADR 0013): nothing is redeemed. */
  | { status: 403; outcome: "program_inactive" }
  | {
      status: 422;
      outcome:
        | "limit_reached"
        | "not_available"
        | "invalid_points"
        | "idempotency_key_reused";
      detail?: Record<string, unknown>;
    }
  | { status: 429; outcome: "rate_limited"; retryAfterSeconds: number };

type Refusal = Exclude<RedeemRewardResult, { status: 201 }>;

/** Thrown inside the reservation transaction to roll back every write made before the refusal. */
class RefusedRedemption extends Error {
  constructor(readonly result: Refusal) {
    super(result.outcome);
  }
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

/** Redemptions that count toward a reward's per-customer limit (a cancelled or failed one does not). */
const COUNTING_STATES: RedemptionState[] = [
  "reserved",
  "minted",
  "confirmed",
  "used",
  "expired",
];

export async function redeemReward(
  input: RedeemRewardInput,
): Promise<RedeemRewardResult> {
  const now = input.now ?? clock.now();
  const locale = input.locale ?? "en";
  const fingerprint = requestFingerprint(input.rewardId, input.points);
  const limits = input.rateLimits ?? REDEMPTION_RATE_LIMITS;

  const attempt = await inTransaction(async (tx) => {
    const member = await findMemberByCustomer(tx, input.shop, input.customerId);
    if (member) await lockMember(tx, member.id);

    // The same key again: the same answer, or 422 when the body changed.
    if (member) {
      // Raw SQL on this path: each Prisma model query costs about a millisecond of planning here.
      const earlierRows = await tx.$queryRaw<{ id: string }[]>`
        SELECT "id" FROM "Redemption"
        WHERE "shopDomain" = ${input.shop} AND "memberId" = ${member.id} AND "idempotencyKey" = ${input.idempotencyKey}`;
      const earlier = earlierRows[0]
        ? await tx.redemption.findUniqueOrThrow({
            where: { id: earlierRows[0].id },
          })
        : null;
      if (earlier) {
        if (earlier.requestFingerprint !== fingerprint) {
          return {
            result: {
              status: 422,
              outcome: "idempotency_key_reused",
            } as RedeemRewardResult,
          };
        }
        const balance = (await findMember(tx, member.id))!.balance;
        return {
          result: {
            status: 201,
            outcome: "redeemed",
            replay: true,
            redemption: redemptionView(earlier, locale),
            balance,
          } as RedeemRewardResult,
        };
      }
    }

    // A replay above still gets its answer; a new redemption waits for the program to be on.
    if (!(await findProgramActive(tx, input.shop)))
      return {
        result: {
          status: 403,
          outcome: "program_inactive",
        } as RedeemRewardResult,
      };

    // Another shop's reward, an archived one or a one-off gift is unknown here.
    const rewardRows = await tx.$queryRaw<RewardFacts[]>`
      SELECT "id", "config", "stock", "redeemedCount" FROM "Reward"
      WHERE "id" = ${input.rewardId} AND "shopDomain" = ${input.shop} AND "archivedAt" IS NULL AND "oneOff" = FALSE`;
    const rewardRow = rewardRows[0];
    if (!rewardRow)
      return {
        result: {
          status: 404,
          outcome: "unknown_reward",
        } as RedeemRewardResult,
      };

    if (member && limits.length > 0) {
      const since = new Date(
        now.getTime() - Math.max(...limits.map((l) => l.windowMs)),
      );
      const history = await tx.$queryRaw<{ at: Date | string | number }[]>`
        SELECT "at" FROM "RedemptionAttempt" WHERE "memberId" = ${member.id} AND "at" > ${since}`;
      const decision = allowRedemption(
        history.map((h) => new Date(h.at).getTime()),
        now,
        limits,
      );
      if (!decision.allowed) {
        return {
          result: {
            status: 429,
            outcome: "rate_limited",
            retryAfterSeconds: retryAfterSeconds(decision.retryAfterMs),
          } as RedeemRewardResult,
        };
      }
    }

    const reserved = await reserve(tx, {
      shop: input.shop,
      member,
      rewardRow,
      requestedPoints: input.points,
      idempotencyKey: input.idempotencyKey,
      fingerprint,
      gift: false,
      now,
    });
    const balance = member ? (await findMember(tx, member.id))!.balance : 0;
    if (member && limits.length > 0)
      await recordAttempt(tx, input.shop, member.id, now);
    return {
      result: {
        status: 201,
        outcome: "redeemed",
        replay: false,
        redemption: redemptionView(reserved, locale),
        balance,
      } as RedeemRewardResult,
    };
  }).catch((error: unknown) => {
    if (error instanceof RefusedRedemption)
      return { result: error.result as RedeemRewardResult };
    throw error;
  });

  // Every real attempt counts toward the rate limit, refused ones included (a script hammering the
  // button); replays, unknown rewards and malformed amounts do not. Written after the reservation
  // so a refusal rolls back nothing but what it must.
  const counts =
    attempt.result.status !== 201 &&
    [
      "insufficient_points",
      "sold_out",
      "limit_reached",
      "not_available",
    ].includes(attempt.result.outcome);
  // The code is minted now rather than at the worker's next tick.
  if (attempt.result.status === 201 && !attempt.result.replay)
    wakeBackgroundWorker();
  if (counts && limits.length > 0) {
    const member = await findMemberByCustomer(
      prisma,
      input.shop,
      input.customerId,
    );
    if (member) await recordAttempt(prisma, input.shop, member.id, now);
  }
  return attempt.result;
}

/** A redemption attempt for the rate limit (a successful one is written with its reservation). */
async function recordAttempt(
  db: Tx,
  shopDomain: string,
  memberId: string,
  at: Date,
) {
  await db.$executeRaw`
    INSERT INTO "RedemptionAttempt" ("id", "shopDomain", "memberId", "at") VALUES (${newId(at.getTime())}, ${shopDomain}, ${memberId}, ${at})`;
}

/** What the reservation reads of a reward. */
type RewardFacts = Pick<RewardRow, "id" | "config" | "stock" | "redeemedCount">;

interface ReserveInput {
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
 * The reservation, inside the caller's transaction. Every refusal throws RefusedRedemption so the
 * writes before it (the debit, the stock) roll back with it.
 */
async function reserve(tx: Tx, input: ReserveInput): Promise<Redemption> {
  const { rewardRow, member, now } = input;
  const reward = rewardOf(rewardRow);
  const memberTierId = member ? await tierIdOf(tx, member.id) : null;
  const redemptionsOfThisReward = member
    ? Number(
        (
          await tx.$queryRaw<{ n: number | bigint }[]>`
            SELECT COUNT(*) AS "n" FROM "Redemption"
            WHERE "memberId" = ${member.id} AND "rewardId" = ${rewardRow.id} AND "state" IN (${Prisma.join(COUNTING_STATES)})`
        )[0].n,
      )
    : 0;
  const poolRemaining =
    reward.type === "code_pool"
      ? await tx.poolCode.count({
          where: {
            shopDomain: input.shop,
            poolId: reward.poolId,
            assignedAt: null,
          },
        })
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

  // Stock: a guarded increment, so two redemptions of the last unit cannot both pass.
  const stocked = await tx.$executeRaw`
    UPDATE "Reward" SET "redeemedCount" = "redeemedCount" + 1
    WHERE "id" = ${rewardRow.id} AND ("stock" IS NULL OR "redeemedCount" < "stock")`;
  if (stocked !== 1)
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
  const r = redemption;
  await tx.$executeRaw`
    INSERT INTO "Redemption" ("id", "shopDomain", "memberId", "rewardId", "rewardType", "rewardSnapshot", "points", "state",
      "idempotencyKey", "requestFingerprint", "code", "codeExpiresAt", "refundPointsOnExpiry", "gift", "giftedBy", "debitEntryId",
      "attempts", "createdAt", "updatedAt")
    VALUES (${r.id}, ${r.shopDomain}, ${r.memberId}, ${r.rewardId}, ${r.rewardType}, ${r.rewardSnapshot}, ${r.points}, ${r.state},
      ${r.idempotencyKey}, ${r.requestFingerprint}, ${r.code}, ${r.codeExpiresAt}, ${r.refundPointsOnExpiry}, ${r.gift}, ${r.giftedBy},
      ${r.debitEntryId}, 0, ${r.createdAt}, ${r.updatedAt})`;

  if (isPool) {
    // An imported code exists at Shopify already: taking one unused code is the "mint". On
    // PostgreSQL a code another redemption is taking right now is skipped, not waited for (it
    // would be gone after the wait, and this one would report the pool sold out).
    const taken = await tx.$queryRaw<{ code: string }[]>`
      UPDATE "PoolCode" SET "redemptionId" = ${id}, "assignedAt" = ${now}
      WHERE "id" = (SELECT "id" FROM "PoolCode" WHERE "shopDomain" = ${input.shop} AND "poolId" = ${reward.poolId}
                    AND "assignedAt" IS NULL ORDER BY "createdAt", "id" LIMIT 1 ${FOR_UPDATE_SKIP_LOCKED})
        AND "assignedAt" IS NULL
      RETURNING "code"`;
    if (taken.length !== 1)
      throw new RefusedRedemption({ status: 410, outcome: "sold_out" });
    if (plan.codeExpiresAt)
      await scheduleRedemptionSweep(tx, input.shop, plan.codeExpiresAt, now);
    await tx.$executeRaw`
      UPDATE "Redemption" SET "code" = ${taken[0].code}, "state" = 'confirmed', "mintedAt" = ${now}, "confirmedAt" = ${now}
      WHERE "id" = ${id}`;
    await queueRedeemedEmail(
      tx,
      { ...redemption, code: taken[0].code },
      reward.name,
      plan.discount.benefit,
    );
    return {
      ...redemption,
      code: taken[0].code,
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

function refusalOf(plan: Exclude<RedemptionPlan, { kind: "ok" }>): Refusal {
  switch (plan.kind) {
    case "insufficient_points":
      return {
        status: 409,
        outcome: "insufficient_points",
        points: plan.points,
        balance: plan.balance,
        missing: plan.missing,
      };
    case "sold_out":
      return { status: 410, outcome: "sold_out" };
    case "limit_reached":
      return {
        status: 422,
        outcome: "limit_reached",
        detail: { limit: plan.limit },
      };
    case "not_available":
      return {
        status: 422,
        outcome: "not_available",
        detail: { reason: plan.reason },
      };
    case "invalid_amount":
      return {
        status: 422,
        outcome: "invalid_points",
        detail: {
          reason: plan.reason,
          min: plan.minPoints,
          max: plan.maxPoints,
          step: plan.step,
        },
      };
  }
}

/** The member's current VIP tier id (issue 3's MemberTier), or null. */
export async function tierIdOf(
  db: Tx,
  memberId: string,
): Promise<string | null> {
  const rows = await db.$queryRaw<
    { tierId: string | null }[]
  >`SELECT "tierId" FROM "MemberTier" WHERE "memberId" = ${memberId}`;
  return rows[0]?.tierId ?? null;
}

// ---------------------------------------------------------------------------------------------
// Gifts from the admin

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
  const member = await prisma.member.findFirst({
    where: { id: input.memberId, shopDomain: input.shop, redactedAt: null },
  });
  if (!member) return { outcome: "unknown_member" };
  try {
    // One transaction: a refused gift (a slider amount off its range) leaves no one-off reward behind.
    const result = await inTransaction(
      async (tx): Promise<GiftRewardResult> => {
        let rewardRow: RewardRow | null;
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
            ? await tx.reward.findFirst({
                where: {
                  id: input.rewardId,
                  shopDomain: input.shop,
                  archivedAt: null,
                },
              })
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

// ---------------------------------------------------------------------------------------------
// The worker's side: minting, failing, deactivating

/** Moves a redemption by an event of the state machine, or refuses (a replayed or late event). */
async function transition(
  tx: Tx,
  redemption: Pick<Redemption, "id" | "state">,
  event: RedemptionEvent,
  data: Partial<Redemption> = {},
): Promise<Redemption | null> {
  const next = nextState(redemption.state as RedemptionState, event);
  if (next.kind !== "ok") return null;
  const { count } = await tx.redemption.updateMany({
    where: { id: redemption.id, state: redemption.state },
    data: { ...data, state: next.state },
  });
  return count === 1
    ? tx.redemption.findUniqueOrThrow({ where: { id: redemption.id } })
    : null;
}

/**
 * Gives the points of a failed, cancelled or refundable expired redemption back, once: the
 * `redemption_refund` entry's key is derived from the redemption, and it points at the debit.
 */
async function refundPoints(
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
    const redemption = await tx.redemption.findUnique({
      where: { id: redemptionId },
    });
    if (!redemption || redemption.state !== "reserved") return null;
    const failed = await transition(tx, redemption, "mint_failed", {
      failedAt: now,
      lastError: reason.slice(0, 1000),
    });
    if (!failed) return null;
    // The stock unit goes back on the shelf.
    if (failed.rewardId) {
      await tx.$executeRaw`UPDATE "Reward" SET "redeemedCount" = CASE WHEN "redeemedCount" > 0 THEN "redeemedCount" - 1 ELSE 0 END WHERE "id" = ${failed.rewardId}`;
    }
    return refundPoints(tx, failed, now, REFUND_NOTES.issueFailed);
  });
}

// The saga's confirm step, reserved → minted → confirmed, as one conditional statement.
const MINTED = nextState("reserved", "code_minted");
const CONFIRMED =
  MINTED.kind === "ok" ? nextState(MINTED.state, "confirmed") : MINTED;
if (CONFIRMED.kind !== "ok")
  throw new Error("The redemption state machine lost its confirm step");
const CONFIRMED_STATE = CONFIRMED.state;

async function markMinted(
  redemptionId: string,
  shopifyId: string | null,
  now: Date,
): Promise<void> {
  await prisma.$executeRaw`
    UPDATE "Redemption" SET "state" = ${CONFIRMED_STATE}, "shopifyId" = ${shopifyId}, "mintedAt" = ${now}, "confirmedAt" = ${now},
      "lastError" = NULL, "updatedAt" = ${now}
    WHERE "id" = ${redemptionId} AND "state" = 'reserved'`;
}

export interface MintJobOptions {
  admin?: AdminRequestOptions;
  now?: () => Date;
}

/**
 * The `mint_discount_code` handler. Looks the code up before creating it, so however often this
 * runs (retries after timeouts, a crash between the mint and the write) one redemption gets one code.
 * Transient failures are rethrown for the worker to retry; a refusal, or the last attempt, fails the
 * redemption and gives the points back.
 */
export async function runMintJob(
  payload: unknown,
  options: MintJobOptions = {},
): Promise<void> {
  const now = options.now ?? clock.now;
  const redemptionId = (payload as { redemptionId?: unknown } | null)
    ?.redemptionId;
  if (typeof redemptionId !== "string")
    throw new Error("mint_discount_code needs a redemptionId");
  const redemption = await prisma.redemption.findUnique({
    where: { id: redemptionId },
  });
  if (!redemption || redemption.state !== "reserved" || !redemption.code)
    return;

  // Counted across jobs, so a redemption re-queued by the sweeper still ends.
  const counted = await prisma.$queryRaw<
    { attempts: number | bigint; customerId: string; currencyCode: string }[]
  >`
    UPDATE "Redemption" SET "attempts" = "attempts" + 1 WHERE "id" = ${redemptionId}
    RETURNING "attempts",
      (SELECT "customerId" FROM "Member" WHERE "id" = "Redemption"."memberId") AS "customerId",
      (SELECT "currencyCode" FROM "Shop" WHERE "domain" = "Redemption"."shopDomain") AS "currencyCode"`;
  const attempts = Number(counted[0].attempts);
  const { findCodeDiscountId, mintCode } =
    await import("~/shopify/discount-codes.server");
  const snapshot = JSON.parse(redemption.rewardSnapshot) as RewardSnapshot;
  let request: ReturnType<typeof buildMintRequest>;
  try {
    request = buildMintRequest({
      discount: snapshot.discount,
      code: redemption.code,
      customerGid: toGid("Customer", counted[0].customerId),
      startsAt: redemption.createdAt,
      codeExpiresAt: redemption.codeExpiresAt,
      currencyCode: counted[0].currencyCode ?? "USD",
      title: `${localizedText(snapshot.discount.name, "en")} (loyalty reward ${redemption.code})`,
    });
  } catch (error) {
    // A redemption that cannot be turned into a valid mutation will never mint: points back now.
    await failRedemption(
      redemptionId,
      error instanceof Error ? error.message : String(error),
      now(),
    );
    return;
  }
  if (!request) return;
  const isGiftCard = request.operation === "giftCardCreate";

  try {
    if (!isGiftCard) {
      const existing = await findCodeDiscountId(
        redemption.shopDomain,
        redemption.code,
        options.admin,
      );
      if (existing) return markMinted(redemptionId, existing, now());
    }
    const shopifyId = await mintCode(
      redemption.shopDomain,
      request,
      options.admin,
    );
    await markMinted(redemptionId, shopifyId, now());
  } catch (error) {
    const message =
      error instanceof Error
        ? `${error.name}: ${error.message}`
        : String(error);
    if (error instanceof ShopifyUserError) {
      // A gift card's code is unique at Shopify and known only to the app (derived with a secret):
      // TAKEN means an earlier attempt created it and its answer was lost.
      if (isGiftCard && error.onlyCodes("TAKEN"))
        return markMinted(redemptionId, null, now());
      // A discount code refused as taken: look again, an earlier attempt may have won meanwhile.
      if (!isGiftCard) {
        const existing = await findCodeDiscountId(
          redemption.shopDomain,
          redemption.code,
          options.admin,
        ).catch(() => null);
        if (existing) return markMinted(redemptionId, existing, now());
      }
      await failRedemption(redemptionId, message, now());
      return;
    }
    if (
      error instanceof ShopifyGraphqlError ||
      error instanceof ShopifyNotInstalledError
    ) {
      await failRedemption(redemptionId, message, now());
      return;
    }
    // Throttling never spends an attempt; outages do, up to the last one.
    if (
      !(error instanceof ShopifyThrottledError) &&
      attempts >= MINT_MAX_ATTEMPTS
    ) {
      await failRedemption(redemptionId, message, now());
      return;
    }
    const throttled = error instanceof ShopifyThrottledError;
    await prisma.redemption.update({
      where: { id: redemptionId },
      data: {
        lastError: message.slice(0, 1000),
        ...(throttled ? { attempts: { decrement: 1 } } : {}),
      },
    });
    throw error;
  }
}

/**
 * The `deactivate_discount_code` handler for a cancelled or expired redemption: the code is made
 * unusable at Shopify first, then the points come back when due. An order that used the code in
 * between moves the redemption to `used` and no points come back.
 */
export async function runDeactivateJob(
  payload: unknown,
  options: MintJobOptions = {},
): Promise<void> {
  const now = options.now ?? clock.now;
  const redemptionId = (payload as { redemptionId?: unknown } | null)
    ?.redemptionId;
  if (typeof redemptionId !== "string")
    throw new Error("deactivate_discount_code needs a redemptionId");
  const redemption = await prisma.redemption.findUnique({
    where: { id: redemptionId },
  });
  if (
    !redemption ||
    (redemption.state !== "cancelled" && redemption.state !== "expired")
  )
    return;
  // A gift card carries its own expiry date at Shopify (expiresOn); a pool code is the merchant's own.
  if (isDeactivatable(redemption)) {
    const { deactivateCode } = await import("~/shopify/discount-codes.server");
    try {
      await deactivateCode(
        redemption.shopDomain,
        redemption.shopifyId!,
        options.admin,
      );
    } catch (error) {
      // Already gone at Shopify (deleted by the merchant): nothing left to deactivate.
      if (!(error instanceof ShopifyUserError)) throw error;
    }
  }
  await inTransaction(async (tx) => {
    const current = await tx.redemption.findUnique({
      where: { id: redemptionId },
    });
    if (!current) return;
    if (current.state === "cancelled")
      await refundPoints(tx, current, now(), REFUND_NOTES.cancelled);
    else if (
      current.state === "expired" &&
      current.refundPointsOnExpiry &&
      isDeactivatable(current)
    ) {
      await refundPoints(tx, current, now(), REFUND_NOTES.expired);
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Shopper cancellation, codes used, expiry, repair

export type CancelRedemptionResult =
  | { status: 200; outcome: "cancelled"; redemption: RedemptionView }
  | { status: 404; outcome: "unknown_redemption" }
  | { status: 409; outcome: "not_cancellable"; state: string };

/** The shopper cancels an unused code: deactivated at Shopify, then the points back (worker). */
export async function cancelRedemption(input: {
  shop: string;
  customerId: string;
  redemptionId: string;
  now?: Date;
  locale?: RewardLocale;
}): Promise<CancelRedemptionResult> {
  const now = input.now ?? clock.now();
  const result = await inTransaction(
    async (tx): Promise<CancelRedemptionResult> => {
      const member = await findMemberByCustomer(
        tx,
        input.shop,
        input.customerId,
      );
      const redemption = member
        ? await tx.redemption.findFirst({
            where: {
              id: input.redemptionId,
              memberId: member.id,
              shopDomain: input.shop,
            },
          })
        : null;
      if (!redemption) return { status: 404, outcome: "unknown_redemption" };
      if (
        redemption.state === "cancelled" ||
        (redemption.state === "refunded" && redemption.cancelledAt)
      ) {
        return {
          status: 200,
          outcome: "cancelled",
          redemption: redemptionView(redemption, input.locale ?? "en"),
        };
      }
      // Only a discount the app minted can be switched off at Shopify. A gift card is money that may be
      // partly spent already, and an imported pool code cannot be deactivated by the app: giving points
      // back for either would let the shopper keep both.
      if (!isDeactivatable(redemption))
        return {
          status: 409,
          outcome: "not_cancellable",
          state: redemption.state,
        };
      const cancelled = await transition(tx, redemption, "cancelled", {
        cancelledAt: now,
      });
      if (!cancelled)
        return {
          status: 409,
          outcome: "not_cancellable",
          state: redemption.state,
        };
      await enqueueDeactivation(tx, cancelled, now);
      return {
        status: 200,
        outcome: "cancelled",
        redemption: redemptionView(cancelled, input.locale ?? "en"),
      };
    },
  );
  if (result.status === 200) wakeBackgroundWorker();
  return result;
}

/** A discount code the app minted and can switch off (not a gift card, not an imported pool code). */
function isDeactivatable(redemption: Pick<Redemption, "shopifyId">): boolean {
  return (
    redemption.shopifyId !== null &&
    redemption.shopifyId.startsWith("gid://shopify/DiscountCodeNode/")
  );
}

function enqueueDeactivation(tx: Tx, redemption: Redemption, now: Date) {
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

/**
 * orders/paid: the redemptions whose code the order carries become `used`. Codes match without
 * regard to case, as at Shopify's checkout.
 */
export async function markRedemptionCodesUsed(input: {
  shop: string;
  orderId: string;
  discountCodes: readonly string[];
  now?: Date;
}): Promise<{ used: number }> {
  if (input.discountCodes.length === 0) return { used: 0 };
  const now = input.now ?? clock.now();
  const wanted = new Set(input.discountCodes.map((code) => code.toUpperCase()));
  return inTransaction(async (tx) => {
    const candidates = await tx.$queryRaw<Redemption[]>`
      SELECT * FROM "Redemption" WHERE "shopDomain" = ${input.shop}
        AND UPPER("code") IN (${Prisma.join([...wanted])})`;
    let used = 0;
    for (const redemption of candidates) {
      if (
        await transition(tx, redemption, "code_used", {
          usedAt: now,
          usedOrderId: input.orderId,
        })
      )
        used += 1;
    }
    return { used };
  });
}

/** How often a shop's sweep runs while it has codes that can expire or reservations in flight. */
export const SWEEP_EVERY_MS = 10 * 60_000;

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
  const due = await prisma.redemption.findMany({
    where: {
      shopDomain,
      state: { in: ["minted", "confirmed"] },
      codeExpiresAt: { lte: now },
    },
    select: { id: true },
    take: 500,
  });
  for (const { id } of due) {
    const moved = await inTransaction(async (tx) => {
      const redemption = await tx.redemption.findUnique({ where: { id } });
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
  const stuck = await prisma.redemption.findMany({
    where: {
      shopDomain,
      state: "reserved",
      createdAt: { lte: new Date(now.getTime() - STUCK_AFTER_MS) },
    },
    select: { id: true },
    take: 500,
  });
  for (const redemption of stuck) {
    const live = await prisma.outboxJob.count({
      where: {
        shopDomain,
        kind: "mint_discount_code",
        status: { in: ["pending", "running"] },
        payload: JSON.stringify({ redemptionId: redemption.id }),
      },
    });
    if (live > 0) continue;
    await inTransaction((tx) =>
      enqueueOutboxJob(
        tx,
        {
          shopDomain,
          kind: "mint_discount_code",
          payload: { redemptionId: redemption.id },
          coalesceKey: `mint_discount_code:${redemption.id}`,
        },
        now,
      ),
    );
    requeued += 1;
  }
  // Attempts older than the longest rate-limit window can no longer refuse anything.
  const longest = Math.max(...REDEMPTION_RATE_LIMITS.map((l) => l.windowMs));
  await prisma.redemptionAttempt.deleteMany({
    where: { shopDomain, at: { lt: new Date(now.getTime() - longest) } },
  });
  return { expired, requeued };
}

/** The `sweep_redemptions` handler: sweeps, then queues the next sweep while there is anything to watch. */
export async function runSweepJob(
  shopDomain: string,
  now = clock.now(),
): Promise<void> {
  await sweepRedemptions(shopDomain, now);
  const watching = await prisma.redemption.count({
    where: {
      shopDomain,
      OR: [
        { state: "reserved" },
        {
          state: { in: ["minted", "confirmed"] },
          codeExpiresAt: { not: null },
        },
      ],
    },
  });
  if (watching > 0) {
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

// ---------------------------------------------------------------------------------------------
// What the storefront and the admin show

export function redemptionStatus(
  redemption: Pick<
    Redemption,
    "state" | "cancelledAt" | "expiredAt" | "failedAt"
  >,
): RedemptionStatus {
  const state = redemption.state as RedemptionState;
  if (state === "reserved") return "pending";
  if (holdsUsableCode(state)) return "active";
  if (state === "used") return "used";
  if (state === "expired") return "expired";
  if (state === "refunded" && redemption.expiredAt) return "expired";
  return "cancelled";
}

export function redemptionView(
  redemption: Redemption,
  locale: RewardLocale,
): RedemptionView {
  const snapshot = JSON.parse(redemption.rewardSnapshot) as RewardSnapshot;
  return {
    id: redemption.id,
    rewardName: localizedText(snapshot.discount.name, locale),
    code: redemption.code,
    status: redemptionStatus(redemption),
    expiresAt: redemption.codeExpiresAt?.toISOString() ?? null,
    points: redemption.points,
    gift: redemption.gift,
    createdAt: redemption.createdAt.toISOString(),
    rewardType: redemption.rewardType,
  };
}

/** A member's redemptions and gifts, newest first (the storefront's /api/me and the admin member page). */
export async function listMemberRedemptions(
  memberId: string,
  locale: RewardLocale,
  take = 50,
): Promise<RedemptionView[]> {
  const rows = await prisma.redemption.findMany({
    where: { memberId, NOT: { state: "refunded", failedAt: { not: null } } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
  });
  return rows.map((row) => redemptionView(row, locale));
}
