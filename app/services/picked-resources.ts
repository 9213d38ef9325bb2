import { type RewardFormValues } from "~/services/reward-form";
import { type PickedResource } from "~/shopify/products.server";

const ids = (text: string) => text.split(/[\s,;]+/).filter((id) => id !== "");

const itemsResource = (kind: string): PickedResource =>
  kind === "collections" ? "Collection" : "Product";

/** Which resource a stored id names (a gid says it itself). */
function resourceOf(id: string, fallback: PickedResource): PickedResource {
  const match = /^gid:\/\/shopify\/(Product|ProductVariant|Collection)\//.exec(
    id,
  );
  return match ? (match[1] as PickedResource) : fallback;
}

/** The products, variants and collections a reward form names, for their titles. */
export function rewardFormResources(
  values: RewardFormValues,
): { id: string; resource: PickedResource }[] {
  const named: [string, PickedResource][] = [
    ...ids(values.productId).map(
      (id) => [id, "Product"] as [string, PickedResource],
    ),
    ...ids(values.variantId).map(
      (id) => [id, "ProductVariant"] as [string, PickedResource],
    ),
    ...ids(values.appliesToIds).map(
      (id) =>
        [id, itemsResource(values.appliesToKind)] as [string, PickedResource],
    ),
    ...ids(values.buysIds).map(
      (id) => [id, itemsResource(values.buysKind)] as [string, PickedResource],
    ),
    ...ids(values.getsIds).map(
      (id) => [id, itemsResource(values.getsKind)] as [string, PickedResource],
    ),
  ];
  return named.map(([id, fallback]) => ({
    id,
    resource: resourceOf(id, fallback),
  }));
}

/** The same for a way to earn's exclusions and bonus items. */
export function earningRuleResources(values: {
  excludedProducts: string;
  excludedCollections: string;
  bonusProducts: string;
  bonusCollections: string;
}): { id: string; resource: PickedResource }[] {
  const of = (text: string, fallback: PickedResource) =>
    ids(text).map((id) => ({ id, resource: resourceOf(id, fallback) }));
  return [
    ...of(values.excludedProducts, "Product"),
    ...of(values.excludedCollections, "Collection"),
    ...of(values.bonusProducts, "Product"),
    ...of(values.bonusCollections, "Collection"),
  ];
}
