import {
  runOperation,
  type AdminRequestOptions,
} from "~/shopify/admin-client.server";
import { ShopifyUserError } from "~/shopify/errors.server";
import {
  MetafieldDefinitionCreate,
  type MetafieldDefinitionInput,
} from "~/shopify/graphql/MetafieldDefinitionCreate";
import {
  LOYALTY_NAMESPACE,
  POINTS_KEY,
  TIER_KEY,
} from "~/shopify/metafields.server";

/**
 * Definitions make the mirror metafields readable outside the Admin API: by the storefront
 * (Liquid, Storefront API: PUBLIC_READ) and by customer-account extensions (READ). The merchant
 * may look at them in the admin but not edit them (MERCHANT_READ): the ledger is the truth.
 */
export const LOYALTY_METAFIELD_DEFINITIONS: MetafieldDefinitionInput[] = [
  {
    ownerType: "CUSTOMER",
    namespace: LOYALTY_NAMESPACE,
    key: POINTS_KEY,
    name: "Loyalty points",
    description:
      "Spendable loyalty points balance, kept in sync by the loyalty app.",
    type: "number_integer",
    access: {
      admin: "MERCHANT_READ",
      storefront: "PUBLIC_READ",
      customerAccount: "READ",
    },
  },
  {
    ownerType: "CUSTOMER",
    namespace: LOYALTY_NAMESPACE,
    key: TIER_KEY,
    name: "Loyalty tier",
    description: "Current loyalty tier, kept in sync by the loyalty app.",
    type: "single_line_text_field",
    access: {
      admin: "MERCHANT_READ",
      storefront: "PUBLIC_READ",
      customerAccount: "READ",
    },
  },
];

/** Creates the definitions; one that already exists (TAKEN) counts as done, so this can run on every install. */
export async function ensureLoyaltyMetafieldDefinitions(
  shop: string,
  options?: AdminRequestOptions,
): Promise<void> {
  for (const definition of LOYALTY_METAFIELD_DEFINITIONS) {
    try {
      await runOperation(
        shop,
        MetafieldDefinitionCreate,
        { definition },
        options,
      );
    } catch (error) {
      if (error instanceof ShopifyUserError && error.onlyCodes("TAKEN"))
        continue;
      throw error;
    }
  }
}
