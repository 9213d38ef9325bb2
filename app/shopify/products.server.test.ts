import { beforeAll, describe, expect, it } from "vitest";

import { validateAgainstAdminSchema } from "~/../test/admin-schema";
import {
  createFakeAdminApi,
  graphqlData,
  storeOfflineSession,
} from "~/../test/fake-admin-api";
import { ProductEarningFacts } from "~/shopify/graphql/ProductEarningFacts";
import { fetchProductCatalog } from "~/shopify/products.server";

const SHOP = "products-test.myshopify.com";

beforeAll(async () => {
  await storeOfflineSession(SHOP);
});

describe("fetchProductCatalog", () => {
  it("asks once for the distinct products as gids and keys tags and collections by product", async () => {
    const api = createFakeAdminApi(() =>
      graphqlData({
        nodes: [
          {
            id: "gid://shopify/Product/1",
            tags: ["Gift-Wrap"],
            collections: { nodes: [{ id: "gid://shopify/Collection/9" }] },
          },
          // A product deleted since the order: Shopify answers null.
          null,
        ],
      }),
    );
    const catalog = await fetchProductCatalog(
      SHOP,
      ["1", "gid://shopify/Product/1", "2"],
      { fetch: api.fetch },
    );

    expect(api.calls).toHaveLength(1);
    expect(api.calls[0]).toMatchObject({
      operationName: "ProductEarningFacts",
      variables: {
        ids: ["gid://shopify/Product/1", "gid://shopify/Product/2"],
      },
    });
    expect(
      validateAgainstAdminSchema(
        ProductEarningFacts.document,
        api.calls[0].variables,
      ),
    ).toEqual([]);
    expect(catalog).toEqual({
      "gid://shopify/Product/1": {
        tags: ["Gift-Wrap"],
        collectionIds: ["gid://shopify/Collection/9"],
      },
    });
  });
});
