import { z } from "zod";

import { defineJob } from "~/jobs/job";
import { runDeactivateJob } from "~/services/redemptions/deactivate-job.server";

/** An unused code switched off at Shopify (cancelled, expired), then the points back when due. */
export const deactivateDiscountCodeJob = defineJob({
  kind: "deactivate_discount_code",
  payload: z.object({ redemptionId: z.string().min(1) }),
  async run({ payload, now }) {
    await runDeactivateJob(payload, { now: () => now });
  },
});
