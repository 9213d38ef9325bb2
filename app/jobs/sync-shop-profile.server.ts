import { defineJob, NoPayloadSchema } from "~/jobs/job";
import { findInstalledShop, updateShopProfile } from "~/models/shop.server";
import { startPeriodicJobs } from "~/services/periodic-jobs.server";
import { fetchShopProfile } from "~/shopify/shop.server";
import { database } from "~/models/transaction.server";

/** The shop's name, currency, time zone and languages (queued at install). */
export const syncShopProfileJob = defineJob({
  kind: "sync_shop_profile",
  payload: NoPayloadSchema,
  async run({ shopDomain, now }) {
    if (!(await findInstalledShop(database, shopDomain))) return;
    const profile = await fetchShopProfile(shopDomain);
    await updateShopProfile(database, shopDomain, profile);
    // The shop's time zone is known now: start its periodic jobs (reconciliation, expiry, tiers).
    await startPeriodicJobs(shopDomain, now);
  },
});
