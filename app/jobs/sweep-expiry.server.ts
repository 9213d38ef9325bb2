import { defineJob, NoPayloadSchema } from "~/jobs/job";
import { findInstalledShop } from "~/models/shop.server";
import { runExpirySweep } from "~/services/expiry.server";
import {
  nextPeriodicRun,
  recordPeriodicRun,
} from "~/services/periodic-jobs.server";
import { database } from "~/models/transaction.server";

/** Points past their expiry debited, and "expiring soon" notices stored (hourly). */
export const sweepExpiryJob = defineJob({
  kind: "sweep_expiry",
  payload: NoPayloadSchema,
  next: (shopDomain, now) => nextPeriodicRun(shopDomain, "sweep_expiry", now),
  async run({ shopDomain, now }) {
    if (!(await findInstalledShop(database, shopDomain))) return;
    await runExpirySweep(shopDomain, now);
    await recordPeriodicRun(shopDomain, "sweep_expiry", now);
  },
});
