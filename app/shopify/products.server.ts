import { type ProductCatalog, shopifyIdKey } from "~/loyalty/earning-rules";
import {
  type AdminRequestOptions,
  runOperation,
} from "~/shopify/admin-client.server";
import { toGid } from "~/shopify/admin-operation";
import { ProductEarningFacts } from "~/shopify/graphql/ProductEarningFacts";
import { ResourceTitles } from "~/shopify/graphql/ResourceTitles";

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

/** Which resource a bare numeric id in a form field names. */
export type PickedResource = "Product" | "ProductVariant" | "Collection";

/**
 * Titles of the products, variants and collections a form refers to (gids, or numeric ids of
 * `resource`), keyed by the id as written. Best effort: the form still works with ids alone, so an
 * outage or a missing scope gives an empty map rather than a failed page.
 */
export async function fetchResourceTitles(
  shop: string,
  ids: readonly { id: string; resource: PickedResource }[],
  options?: AdminRequestOptions,
): Promise<Record<string, string>> {
  const gidOf = new Map<string, string[]>();
  for (const { id, resource } of ids) {
    const gid = toGid(resource, shopifyIdKey(id));
    gidOf.set(gid, [...(gidOf.get(gid) ?? []), id]);
  }
  const gids = [...gidOf.keys()];
  const titles: Record<string, string> = {};
  try {
    for (let start = 0; start < gids.length; start += PAGE) {
      const data = await runOperation(
        shop,
        ResourceTitles,
        { ids: gids.slice(start, start + PAGE) },
        options,
      );
      for (const node of data.nodes) {
        if (!node || !("id" in node) || !node.id) continue;
        const title =
          "displayName" in node
            ? node.displayName
            : "title" in node
              ? node.title
              : null;
        if (title)
          for (const written of gidOf.get(node.id) ?? [])
            titles[written] = title;
      }
    }
  } catch {
    return titles;
  }
  return titles;
}
