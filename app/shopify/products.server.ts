import { type ProductCatalog, shopifyIdKey } from "~/loyalty/earning-rules";
import {
  type AdminRequestOptions,
  runOperation,
} from "~/shopify/admin-client.server";
import { toGid } from "~/shopify/admin-operation";
import { ProductEarningFacts } from "~/shopify/graphql/ProductEarningFacts";

/** Shopify's limit on ids per `nodes` query. */
const PAGE = 250;

/** Tags and collections of these products, keyed by product id; a deleted product is simply absent. */
export async function fetchProductCatalog(
  shop: string,
  productIds: readonly string[],
  options?: AdminRequestOptions,
): Promise<ProductCatalog> {
  const ids = [
    ...new Set(productIds.map((id) => toGid("Product", shopifyIdKey(id)))),
  ];
  const catalog: Record<string, { tags: string[]; collectionIds: string[] }> =
    {};
  for (let start = 0; start < ids.length; start += PAGE) {
    const data = await runOperation(
      shop,
      ProductEarningFacts,
      { ids: ids.slice(start, start + PAGE) },
      options,
    );
    for (const node of data.nodes) {
      if (!node || !("id" in node)) continue;
      catalog[node.id] = {
        tags: node.tags,
        collectionIds: node.collections.nodes.map((c) => c.id),
      };
    }
  }
  return catalog;
}
