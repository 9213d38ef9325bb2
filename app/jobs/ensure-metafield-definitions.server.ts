import { defineJob, NoPayloadSchema } from "~/jobs/job";
import {
  findInstalledShop,
  markMetafieldDefinitionsCreated,
} from "~/models/shop.server";
import { ensureLoyaltyMetafieldDefinitions } from "~/shopify/metafield-definitions.server";
import { database } from "~/models/transaction.server";

/** The `$app:loyalty` metafield definitions, created once per shop (queued at install). */
export const ensureMetafieldDefinitionsJob = defineJob({
  kind: "ensure_metafield_definitions",
  payload: NoPayloadSchema,
  async run({ shopDomain, now }) {
    if (!(await findInstalledShop(database, shopDomain))) return;
    await ensureLoyaltyMetafieldDefinitions(shopDomain);
    await markMetafieldDefinitionsCreated(database, shopDomain, now);
  },
});
