import { defineJob, NoPayloadSchema } from "~/jobs/job";
import { countWatchedRedemptions } from "~/models/redemption.server";
import { findInstalledShop } from "~/models/shop.server";
import {
  runSweepJob,
  SWEEP_EVERY_MS,
} from "~/services/redemptions/sweep.server";
import { database } from "~/models/transaction.server";

/** The shop's redemption sweep (codes that expire, reservations whose mint job was lost). */
export const sweepRedemptionsJob = defineJob({
  kind: "sweep_redemptions",
  payload: NoPayloadSchema,
  // Again in ten minutes while there is anything to watch; a reservation or a code with an end
  // date starts the sweep again.
  async next(shopDomain, now) {
    if (!(await findInstalledShop(database, shopDomain))) return null;
    if ((await countWatchedRedemptions(shopDomain)) === 0) return null;
    return {
      runAfter: new Date(now.getTime() + SWEEP_EVERY_MS),
      everyMs: SWEEP_EVERY_MS,
    };
  },
  async run({ shopDomain, now }) {
    await runSweepJob(shopDomain, now);
  },
});
