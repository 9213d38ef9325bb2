import { z } from "zod";

import { defineJob } from "~/jobs/job";
import { rereadOrderForAttention } from "~/services/webhook-attention.server";

/** A webhook the app could not read: its order read again from the Admin API and settled (ADR 0009). */
export const rereadOrderJob = defineJob({
  kind: "reread_order",
  payload: z.object({ attentionId: z.string().min(1) }),
  async run({ shopDomain, payload, now }) {
    await rereadOrderForAttention(shopDomain, payload.attentionId, { now });
  },
});
