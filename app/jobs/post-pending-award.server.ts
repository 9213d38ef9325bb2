import { z } from "zod";

import { defineJob } from "~/jobs/job";
import { releasePendingOrderPoints } from "~/services/orders.server";

/** A pending order award whose delay ran out (app/services/pending-awards.server.ts). */
export const postPendingAwardJob = defineJob({
  kind: "post_pending_award",
  payload: z.object({ orderId: z.string().min(1) }),
  async run({ shopDomain, payload, now }) {
    await releasePendingOrderPoints(shopDomain, payload.orderId, now);
  },
});
