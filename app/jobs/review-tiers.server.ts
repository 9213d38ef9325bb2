import { defineJob, NoPayloadSchema } from "~/jobs/job";
import { findInstalledShop } from "~/models/shop.server";
import {
  nextPeriodicRun,
  recordPeriodicRun,
} from "~/services/periodic-jobs.server";
import { reviewTiers } from "~/services/tiers.server";
import { database } from "~/models/transaction.server";

/** VIP tiers reviewed: downgrades when a tier's window ends (hourly). */
export const reviewTiersJob = defineJob({
  kind: "review_tiers",
  payload: NoPayloadSchema,
  next: (shopDomain, now) => nextPeriodicRun(shopDomain, "review_tiers", now),
  async run({ shopDomain, now }) {
    if (!(await findInstalledShop(database, shopDomain))) return;
    await reviewTiers(shopDomain, now);
    await recordPeriodicRun(shopDomain, "review_tiers", now);
  },
});
