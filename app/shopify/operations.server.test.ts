import { beforeAll, describe, expect, it } from "vitest";

import {
  createFakeAdminApi,
  graphqlData,
  storeOfflineSession,
} from "~/../test/fake-admin-api";
import { validateAgainstAdminSchema } from "~/../test/admin-schema";
import { ShopifyUserError } from "~/shopify/errors.server";
import { MetafieldDefinitionCreate } from "~/shopify/graphql/MetafieldDefinitionCreate";
import { MetafieldsDelete } from "~/shopify/graphql/MetafieldsDelete";
import { MetafieldsSet } from "~/shopify/graphql/MetafieldsSet";
import { ShopLocales } from "~/shopify/graphql/ShopLocales";
import { ShopProfile } from "~/shopify/graphql/ShopProfile";
import { ensureLoyaltyMetafieldDefinitions } from "~/shopify/metafield-definitions.server";
import { mirrorMemberBalance } from "~/shopify/metafields.server";
import { fetchShopProfile } from "~/shopify/shop.server";

const SHOP = "operations-test.myshopify.com";
const DOCUMENTS: Record<string, string> = {
  MetafieldsSet: MetafieldsSet.document,
  MetafieldsDelete: MetafieldsDelete.document,
  MetafieldDefinitionCreate: MetafieldDefinitionCreate.document,
  ShopProfile: ShopProfile.document,
  ShopLocales: ShopLocales.document,
};

/** Every request the fake received must be valid for Shopify's 2026-07 schema, variables included. */
function expectValidRequests(
  calls: { operationName: string | null; variables: Record<string, unknown> }[],
) {
  for (const call of calls) {
    const document = DOCUMENTS[call.operationName ?? ""];
    expect(document, `unknown operation ${call.operationName}`).toBeDefined();
    expect(validateAgainstAdminSchema(document, call.variables)).toEqual([]);
  }
}

beforeAll(async () => {
  await storeOfflineSession(SHOP);
});

describe("mirrorMemberBalance", () => {
  it("sets points and tier on the customer in one metafieldsSet", async () => {
    const api = createFakeAdminApi(() =>
      graphqlData({ metafieldsSet: { metafields: [], userErrors: [] } }),
    );

    await mirrorMemberBalance(
      SHOP,
      { customerId: "7390012345678", points: 1250, tier: "Gold" },
      { fetch: api.fetch },
    );

    expect(api.calls.map((c) => c.operationName)).toEqual(["MetafieldsSet"]);
    expect(api.calls[0].variables).toEqual({
      metafields: [
        {
          ownerId: "gid://shopify/Customer/7390012345678",
          namespace: "$app:loyalty",
          key: "points",
          type: "number_integer",
          value: "1250",
        },
        {
          ownerId: "gid://shopify/Customer/7390012345678",
          namespace: "$app:loyalty",
          key: "tier",
          type: "single_line_text_field",
          value: "Gold",
        },
      ],
    });
    expectValidRequests(api.calls);
  });

  it("deletes the tier metafield when the member has no tier (Shopify refuses a blank text value)", async () => {
    const api = createFakeAdminApi((call) =>
      call.operationName === "MetafieldsSet"
        ? graphqlData({ metafieldsSet: { metafields: [], userErrors: [] } })
        : graphqlData({
            metafieldsDelete: { deletedMetafields: [null], userErrors: [] },
          }),
    );

    await mirrorMemberBalance(
      SHOP,
      { customerId: "gid://shopify/Customer/42", points: 0, tier: null },
      { fetch: api.fetch },
    );

    expect(api.calls.map((c) => c.operationName)).toEqual([
      "MetafieldsSet",
      "MetafieldsDelete",
    ]);
    expect(api.calls[0].variables).toEqual({
      metafields: [
        {
          ownerId: "gid://shopify/Customer/42",
          namespace: "$app:loyalty",
          key: "points",
          type: "number_integer",
          value: "0",
        },
      ],
    });
    expect(api.calls[1].variables).toEqual({
      metafields: [
        {
          ownerId: "gid://shopify/Customer/42",
          namespace: "$app:loyalty",
          key: "tier",
        },
      ],
    });
    expectValidRequests(api.calls);
  });

  it("refuses fractional points before calling Shopify", async () => {
    const api = createFakeAdminApi(() => {
      throw new Error("Shopify must not be called");
    });
    await expect(
      mirrorMemberBalance(
        SHOP,
        { customerId: "1", points: 1.5, tier: null },
        { fetch: api.fetch },
      ),
    ).rejects.toThrow(/integer/);
    expect(api.calls).toHaveLength(0);
  });
});

describe("ensureLoyaltyMetafieldDefinitions", () => {
  it("creates customer definitions for points and tier, readable by the storefront and customer accounts", async () => {
    const api = createFakeAdminApi(() =>
      graphqlData({
        metafieldDefinitionCreate: {
          createdDefinition: { id: "gid://shopify/MetafieldDefinition/1" },
          userErrors: [],
        },
      }),
    );

    await ensureLoyaltyMetafieldDefinitions(SHOP, { fetch: api.fetch });

    const definitions = api.calls.map(
      (c) => c.variables.definition as Record<string, unknown>,
    );
    expect(
      definitions.map((d) => [d.ownerType, d.namespace, d.key, d.type]),
    ).toEqual([
      ["CUSTOMER", "$app:loyalty", "points", "number_integer"],
      ["CUSTOMER", "$app:loyalty", "tier", "single_line_text_field"],
    ]);
    for (const definition of definitions) {
      expect(definition.access).toEqual({
        admin: "MERCHANT_READ",
        storefront: "PUBLIC_READ",
        customerAccount: "READ",
      });
    }
    expectValidRequests(api.calls);
  });

  it("treats an existing definition (TAKEN) as success", async () => {
    const api = createFakeAdminApi(() =>
      graphqlData({
        metafieldDefinitionCreate: {
          createdDefinition: null,
          userErrors: [
            {
              field: ["definition", "key"],
              message:
                "Key is in use for Customer metafields on the '$app:loyalty' namespace.",
              code: "TAKEN",
            },
          ],
        },
      }),
    );
    await expect(
      ensureLoyaltyMetafieldDefinitions(SHOP, { fetch: api.fetch }),
    ).resolves.toBeUndefined();
    expect(api.calls).toHaveLength(2);
  });

  it("fails on any other userError", async () => {
    const api = createFakeAdminApi(() =>
      graphqlData({
        metafieldDefinitionCreate: {
          createdDefinition: null,
          userErrors: [
            {
              field: ["definition"],
              message: "Limit exceeded",
              code: "RESOURCE_TYPE_LIMIT_EXCEEDED",
            },
          ],
        },
      }),
    );
    await expect(
      ensureLoyaltyMetafieldDefinitions(SHOP, { fetch: api.fetch }),
    ).rejects.toBeInstanceOf(ShopifyUserError);
  });
});

describe("fetchShopProfile", () => {
  const profile = graphqlData({
    shop: {
      name: "Maison Lumière",
      currencyCode: "EUR",
      ianaTimezone: "Europe/Paris",
      myshopifyDomain: SHOP,
    },
  });

  it("returns the name, currency, time zone and the shop's languages (primary first)", async () => {
    const api = createFakeAdminApi((call) =>
      call.operationName === "ShopLocales"
        ? graphqlData({
            shopLocales: [
              { locale: "en", primary: false, published: true },
              { locale: "de", primary: false, published: false },
              { locale: "fr", primary: true, published: true },
            ],
          })
        : profile,
    );
    await expect(fetchShopProfile(SHOP, { fetch: api.fetch })).resolves.toEqual(
      {
        name: "Maison Lumière",
        currencyCode: "EUR",
        ianaTimezone: "Europe/Paris",
        locales: { primaryLocale: "fr", publishedLocales: ["fr", "en"] },
      },
    );
    expect(api.calls.map((c) => c.operationName)).toEqual([
      "ShopProfile",
      "ShopLocales",
    ]);
    expectValidRequests(api.calls);
  });

  it("leaves the languages out when Shopify refuses shopLocales (read_locales not granted yet)", async () => {
    const api = createFakeAdminApi((call) =>
      call.operationName === "ShopLocales"
        ? {
            body: {
              data: null,
              errors: [
                {
                  message:
                    "Access denied for shopLocales field. Required access: `read_locales` access scope.",
                  extensions: { code: "ACCESS_DENIED" },
                },
              ],
            },
          }
        : profile,
    );
    const facts = await fetchShopProfile(SHOP, { fetch: api.fetch });
    expect(facts.currencyCode).toBe("EUR");
    expect(facts.locales).toBeUndefined();
  });
});
