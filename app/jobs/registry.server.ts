import { awardBirthdaysJob } from "~/jobs/award-birthdays.server";
import { awardRetroactiveJob } from "~/jobs/award-retroactive.server";
import { deactivateDiscountCodeJob } from "~/jobs/deactivate-discount-code.server";
import { ensureMetafieldDefinitionsJob } from "~/jobs/ensure-metafield-definitions.server";
import { type RegisteredJob } from "~/jobs/job";
import { mintDiscountCodeJob } from "~/jobs/mint-discount-code.server";
import { mirrorMemberJob } from "~/jobs/mirror-member.server";
import { mirrorProgramJob } from "~/jobs/mirror-program.server";
import { postPendingAwardJob } from "~/jobs/post-pending-award.server";
import { reconcileOrdersJob } from "~/jobs/reconcile-orders.server";
import { rereadOrderJob } from "~/jobs/reread-order.server";
import { reviewTiersJob } from "~/jobs/review-tiers.server";
import { sweepExpiryJob } from "~/jobs/sweep-expiry.server";
import { sweepRedemptionsJob } from "~/jobs/sweep-redemptions.server";
import { syncMemberTierTagJob } from "~/jobs/sync-member-tier-tag.server";
import { syncShopProfileJob } from "~/jobs/sync-shop-profile.server";
import { type OutboxJobKind } from "~/models/outbox.server";

/**
 * Every kind of outbox job the app runs, in one place (docs/decisions/0021-jobs.md). The worker
 * looks a job up here by its kind; the job modules import the services they call, so nothing
 * below the worker imports the worker back. A kind missing here fails typechecking.
 */
export const JOBS: { readonly [Kind in OutboxJobKind]: RegisteredJob } = {
  mirror_member: mirrorMemberJob,
  ensure_metafield_definitions: ensureMetafieldDefinitionsJob,
  sync_shop_profile: syncShopProfileJob,
  post_pending_award: postPendingAwardJob,
  award_birthdays: awardBirthdaysJob,
  mint_discount_code: mintDiscountCodeJob,
  deactivate_discount_code: deactivateDiscountCodeJob,
  sweep_redemptions: sweepRedemptionsJob,
  sync_member_tier_tag: syncMemberTierTagJob,
  reconcile_orders: reconcileOrdersJob,
  sweep_expiry: sweepExpiryJob,
  review_tiers: reviewTiersJob,
  award_retroactive: awardRetroactiveJob,
  mirror_program: mirrorProgramJob,
  reread_order: rereadOrderJob,
};

/** The job of a kind read from a row (null for a kind this version of the app does not know). */
export function findJob(kind: string): RegisteredJob | null {
  return Object.hasOwn(JOBS, kind) ? JOBS[kind as OutboxJobKind] : null;
}
