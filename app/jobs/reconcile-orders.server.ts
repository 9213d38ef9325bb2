import { defineJob, NoPayloadSchema } from "~/jobs/job";
import { findInstalledShop } from "~/models/shop.server";
import {
  nextPeriodicRun,
  recordPeriodicRun,
} from "~/services/periodic-jobs.server";
import { reconcileShop } from "~/services/reconciliation.server";
import { database } from "~/models/transaction.server";

/** Orders changed since the cursor, read from the Admin API and settled (every `reconcileEveryMinutes`). */
export const reconcileOrdersJob = defineJob({
  kind: "reconcile_orders",
  payload: NoPayloadSchema,
  next: (shopDomain, now) =>
    nextPeriodicRun(shopDomain, "reconcile_orders", now),
  async run({ shopDomain, now }) {
    if (!(await findInstalledShop(database, shopDomain))) return;
    await reconcileShop(shopDomain, { now });
    await recordPeriodicRun(shopDomain, "reconcile_orders", now);
  },
});
