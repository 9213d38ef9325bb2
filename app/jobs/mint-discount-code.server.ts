import { z } from "zod";

import { defineJob } from "~/jobs/job";
import { runMintJob } from "~/services/redemptions/mint-job.server";

/** A redemption's code minted at Shopify, once however often it runs (DESIGN.md rule 7). */
export const mintDiscountCodeJob = defineJob({
  kind: "mint_discount_code",
  payload: z.object({ redemptionId: z.string().min(1) }),
  async run({ payload, now }) {
    await runMintJob(payload, { now: () => now });
  },
});
