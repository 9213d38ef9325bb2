import {
  runOperation,
  type AdminRequestOptions,
} from "~/shopify/admin-client.server";
import { toGid } from "~/shopify/admin-operation";
import { TagsAdd } from "~/shopify/graphql/TagsAdd";
import { TagsRemove } from "~/shopify/graphql/TagsRemove";

/**
 * The VIP tier as a customer tag (for Shopify segments, Flow and discounts): the new tier's tag is
 * added before the old one is removed, so a customer is never briefly without a tier tag. Both
 * calls are idempotent at Shopify, so a retried job is harmless.
 */
export async function syncCustomerTierTag(
  shop: string,
  input: { customerId: string; add: string | null; remove: string | null },
  options?: AdminRequestOptions,
): Promise<void> {
  const id = toGid("Customer", input.customerId);
  if (input.add)
    await runOperation(shop, TagsAdd, { id, tags: [input.add] }, options);
  if (input.remove && input.remove !== input.add)
    await runOperation(shop, TagsRemove, { id, tags: [input.remove] }, options);
}
