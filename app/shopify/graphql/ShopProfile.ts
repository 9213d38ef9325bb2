import { defineOperation } from "~/shopify/admin-operation";

/**
 * What the app keeps about a shop: its name, its currency (every amount the app stores is in
 * it: shop money) and its time zone (for "last 30 days" and expiry dates).
 * https://shopify.dev/docs/api/admin-graphql/2026-07/objects/Shop
 */
export const ShopProfileDocument = `#graphql
  query ShopProfile {
    shop {
      name
      currencyCode
      ianaTimezone
      myshopifyDomain
    }
  }
`;

export type ShopProfileVariables = Record<string, never>;

export interface ShopProfileResult {
  shop: {
    name: string;
    currencyCode: string;
    ianaTimezone: string;
    myshopifyDomain: string;
  };
}

export const ShopProfile = defineOperation<
  ShopProfileResult,
  ShopProfileVariables
>("ShopProfile", ShopProfileDocument);
