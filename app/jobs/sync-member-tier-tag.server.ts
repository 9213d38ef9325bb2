import { z } from "zod";

import prisma from "~/db.server";
import { defineJob } from "~/jobs/job";
import { findInstalledShop } from "~/models/shop.server";
import { markTierTagMirrored, memberTierTag } from "~/services/tiers.server";
import { syncCustomerTierTag } from "~/shopify/customer-tags.server";

/** The VIP tier as a customer tag (loyalty-tier-gold), the previous tier's tag removed. */
export const syncMemberTierTagJob = defineJob({
  kind: "sync_member_tier_tag",
  payload: z.object({ memberId: z.string().min(1) }),
  async run({ shopDomain, payload }) {
    if (!(await findInstalledShop(prisma, shopDomain))) return;
    const { tag, mirroredTag, customerId } = await memberTierTag(
      prisma,
      payload.memberId,
    );
    if (customerId === null || tag === mirroredTag) return;
    await syncCustomerTierTag(shopDomain, {
      customerId,
      add: tag,
      remove: mirroredTag,
    });
    await markTierTagMirrored(prisma, payload.memberId, tag);
  },
});
