import { z } from "zod";

import { defineJob } from "~/jobs/job";
import { findInstalledShop } from "~/models/shop.server";
import { markTierTagMirrored, memberTierTag } from "~/services/tiers.server";
import { syncCustomerTierTag } from "~/shopify/customer-tags.server";
import { database } from "~/models/transaction.server";

/** The VIP tier as a customer tag (loyalty-tier-gold), the previous tier's tag removed. */
export const syncMemberTierTagJob = defineJob({
  kind: "sync_member_tier_tag",
  payload: z.object({ memberId: z.string().min(1) }),
  async run({ shopDomain, payload }) {
    if (!(await findInstalledShop(database, shopDomain))) return;
    const { tag, mirroredTag, customerId } = await memberTierTag(
      database,
      payload.memberId,
    );
    if (customerId === null || tag === mirroredTag) return;
    await syncCustomerTierTag(shopDomain, {
      customerId,
      add: tag,
      remove: mirroredTag,
    });
    await markTierTagMirrored(database, payload.memberId, tag);
  },
});
