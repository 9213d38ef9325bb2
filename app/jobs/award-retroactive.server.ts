import { defineJob, NoPayloadSchema } from "~/jobs/job";
import { runPendingRetroactiveRuns } from "~/services/reconciliation.server";

/** Retroactive points the merchant asked for: the shop's pending RetroactiveRuns, in order. */
export const awardRetroactiveJob = defineJob({
  kind: "award_retroactive",
  payload: NoPayloadSchema,
  async run({ shopDomain, now }) {
    await runPendingRetroactiveRuns(shopDomain, { now });
  },
});
