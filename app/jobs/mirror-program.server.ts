import { defineJob, NoPayloadSchema } from "~/jobs/job";
import { findInstalledShop } from "~/models/shop.server";
import { programMirrorValue } from "~/services/program-identity.server";
import { mirrorProgram } from "~/shopify/program-mirror.server";
import { database } from "~/models/transaction.server";

/** The program's identity and switch as the app-data metafield the theme extension reads (ADR 0013). */
export const mirrorProgramJob = defineJob({
  kind: "mirror_program",
  payload: NoPayloadSchema,
  async run({ shopDomain }) {
    if (!(await findInstalledShop(database, shopDomain))) return;
    await mirrorProgram(shopDomain, await programMirrorValue(shopDomain));
  },
});
