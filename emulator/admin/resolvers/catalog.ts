import type { EmuCollection, EmuProduct } from "../../state";
import { metafieldFields } from "./metafields";
import { applySearch, type SearchSpec } from "./search";
import {
  type AdminRequestContext,
  type Args,
  connection,
  formatDecimal,
  gidOf,
  type ResolverMap,
  sortByKey,
  type View,
} from "./support";

function handleOf(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

export function productView(
  rc: AdminRequestContext,
  product: EmuProduct,
): View {
  const id = gidOf("Product", product.id);
  return {
    __typename: "Product",
    id,
    legacyResourceId: String(product.id),
    title: product.title,
    handle: handleOf(product.title),
    vendor: product.vendor,
    productType: product.productType,
    tags: product.tags,
    isGiftCard: product.giftCard,
    status: "ACTIVE",
    collections: (args: Args) =>
      connection(
        product.collectionIds
          .map((collectionId) => rc.shop.collections.get(collectionId))
          .filter((collection): collection is EmuCollection => !!collection),
        args,
        (collection) => ({ id: collection.id }),
        (collection) => collectionView(rc, collection),
        "Collection",
      ),
    variants: (args: Args) =>
      connection(
        product.variants,
        args,
        (variant) => ({ id: variant.id }),
        (variant) => variantView(rc, product, variant),
        "ProductVariant",
      ),
    ...metafieldFields(rc, id),
  };
}

export function variantView(
  rc: AdminRequestContext,
  product: EmuProduct,
  variant: EmuProduct["variants"][number],
): View {
  const id = gidOf("ProductVariant", variant.id);
  return {
    __typename: "ProductVariant",
    id,
    legacyResourceId: String(variant.id),
    title: variant.title,
    displayName: `${product.title} - ${variant.title}`,
    price: formatDecimal(variant.price),
    sku: variant.sku,
    product: () => productView(rc, product),
    ...metafieldFields(rc, id),
  };
}

export function collectionView(
  rc: AdminRequestContext,
  collection: EmuCollection,
): View {
  const id = gidOf("Collection", collection.id);
  return {
    __typename: "Collection",
    id,
    legacyResourceId: String(collection.id),
    title: collection.title,
    handle: collection.handle,
    ...metafieldFields(rc, id),
  };
}

const productSearch: SearchSpec<EmuProduct> = {
  fields: {
    id: { kind: "number", get: (product) => product.id },
    title: { kind: "string", get: (product) => product.title },
    vendor: { kind: "string", get: (product) => product.vendor },
    product_type: { kind: "string", get: (product) => product.productType },
    tag: { kind: "string", get: (product) => product.tags },
    collection_id: { kind: "number", get: (product) => product.collectionIds },
    gift_card: { kind: "boolean", get: (product) => product.giftCard },
  },
  freeText: (product, text) => product.title.toLowerCase().includes(text),
};

export const catalogResolvers: ResolverMap = {
  QueryRoot: {
    product: (_root: unknown, args: Args, rc: AdminRequestContext) => {
      const match = /\/(\d+)$/.exec(String(args.id));
      const product = match
        ? rc.shop.products.get(Number(match[1]))
        : undefined;
      return product ? productView(rc, product) : null;
    },
    products: (_root: unknown, args: Args, rc: AdminRequestContext) => {
      const sorted = sortByKey(
        [...rc.shop.products.values()],
        args.sortKey,
        {
          ID: (product) => product.id,
          TITLE: (product) => product.title.toLowerCase(),
          RELEVANCE: (product) => product.id,
        },
        "products",
      );
      const list = applySearch(sorted.items, args.query, productSearch, rc, [
        "products",
      ]);
      return connection(
        list,
        args,
        (product) => ({ id: product.id, sortValue: sorted.valueOf(product) }),
        (product) => productView(rc, product),
        "Product",
      );
    },
    collection: (_root: unknown, args: Args, rc: AdminRequestContext) => {
      const match = /\/(\d+)$/.exec(String(args.id));
      const collection = match
        ? rc.shop.collections.get(Number(match[1]))
        : undefined;
      return collection ? collectionView(rc, collection) : null;
    },
  },
};
