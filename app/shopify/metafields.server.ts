import {
  runOperation,
  type AdminRequestOptions,
} from "~/shopify/admin-client.server";
import { toGid } from "~/shopify/admin-operation";
import { MetafieldsDelete } from "~/shopify/graphql/MetafieldsDelete";
import { MetafieldsSet } from "~/shopify/graphql/MetafieldsSet";

/**
 * The balance mirror (DESIGN.md): customer metafields that Liquid and customer-account
 * extensions read without a request to the app. The app's ledger stays the truth; these are
 * a copy the worker rewrites after each change, so every write sets the absolute value and
 * repeating one is harmless.
 */
export const LOYALTY_NAMESPACE = "$app:loyalty";
export const POINTS_KEY = "points";
export const TIER_KEY = "tier";

export interface MemberBalanceMirror {
  /** Shopify customer id: REST numeric id (as in webhooks) or a Customer gid. */
  customerId: string;
  points: number;
  tier: string | null;
}

export async function mirrorMemberBalance(
  shop: string,
  input: MemberBalanceMirror,
  options?: AdminRequestOptions,
): Promise<void> {
  if (!Number.isSafeInteger(input.points))
    throw new Error(`Points must be an integer, got ${input.points}`);
  const ownerId = toGid("Customer", input.customerId);
  const hasTier = input.tier !== null && input.tier.trim() !== "";

  await runOperation(
    shop,
    MetafieldsSet,
    {
      metafields: [
        {
          ownerId,
          namespace: LOYALTY_NAMESPACE,
          key: POINTS_KEY,
          type: "number_integer",
          value: String(input.points),
        },
        ...(hasTier
          ? [
              {
                ownerId,
                namespace: LOYALTY_NAMESPACE,
                key: TIER_KEY,
                type: "single_line_text_field",
                value: input.tier!,
              },
            ]
          : []),
      ],
    },
    options,
  );

  // Shopify refuses a blank single_line_text_field ("can't be blank"), so "no tier" is the
  // absence of the metafield. Deleting one that does not exist succeeds.
  if (!hasTier) {
    await runOperation(
      shop,
      MetafieldsDelete,
      {
        metafields: [{ ownerId, namespace: LOYALTY_NAMESPACE, key: TIER_KEY }],
      },
      options,
    );
  }
}
