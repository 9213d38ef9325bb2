import { z } from "zod";

import { defineJob } from "~/jobs/job";
import { findMember } from "~/models/member.server";
import { findInstalledShop } from "~/models/shop.server";
import { memberTierName } from "~/services/tiers.server";
import { mirrorMemberBalance } from "~/shopify/metafields.server";
import { database } from "~/models/transaction.server";

/** The member's balance and tier as customer metafields (DESIGN.md, "Balance mirror"). */
export const mirrorMemberJob = defineJob({
  kind: "mirror_member",
  payload: z.object({ memberId: z.string().min(1) }),
  async run({ shopDomain, payload }) {
    const member = await findMember(database, payload.memberId);
    // Gone with shop/redact, erased by customers/redact, or the shop left: nothing to show.
    if (!member || member.redactedAt !== null) return;
    if (!(await findInstalledShop(database, shopDomain))) return;
    // The balance as it is now, not as it was when the job was queued: coalesced changes land in one write.
    const tier = await memberTierName(database, member.id);
    await mirrorMemberBalance(shopDomain, {
      customerId: member.customerId,
      points: member.balance,
      tier,
    });
  },
});
