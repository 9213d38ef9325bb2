import { catalogResolvers } from "./catalog";
import { customerResolvers } from "./customers";
import { discountResolvers } from "./discounts";
import { giftCardResolvers } from "./gift-cards";
import { metafieldResolvers } from "./metafields";
import { nodeResolvers } from "./nodes";
import { orderResolvers } from "./orders";
import { shopResolvers } from "./shop";
import type { ResolverMap } from "./support";

/** Root fields the emulator serves, by type; everything else in the schema answers "not implemented". */
export const rootResolvers: ResolverMap = mergeResolvers([
  shopResolvers,
  customerResolvers,
  orderResolvers,
  catalogResolvers,
  metafieldResolvers,
  discountResolvers,
  giftCardResolvers,
  nodeResolvers,
]);

function mergeResolvers(maps: ResolverMap[]): ResolverMap {
  const merged: ResolverMap = {};
  for (const map of maps) {
    for (const [type, fields] of Object.entries(map)) {
      for (const [field, resolver] of Object.entries(fields)) {
        if (merged[type]?.[field])
          throw new Error(`Two resolvers for ${type}.${field}`);
        merged[type] = { ...merged[type], [field]: resolver };
      }
    }
  }
  return merged;
}
