import { defineJob, NoPayloadSchema } from "~/jobs/job";
import { awardDueBirthdays } from "~/services/earn-actions.server";
import { nextBirthdaySweep } from "~/services/pending-awards.server";

/** The shop's daily birthday sweep, while a birthday rule is on. */
export const awardBirthdaysJob = defineJob({
  kind: "award_birthdays",
  payload: NoPayloadSchema,
  next: nextBirthdaySweep,
  async run({ shopDomain, now }) {
    await awardDueBirthdays(shopDomain, now);
  },
});
