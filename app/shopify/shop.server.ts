import {
  runOperation,
  type AdminRequestOptions,
} from "~/shopify/admin-client.server";
import { ShopProfile } from "~/shopify/graphql/ShopProfile";

export interface ShopProfileFacts {
  name: string;
  /** ISO 4217: the shop currency, in which every amount the app stores is expressed. */
  currencyCode: string;
  ianaTimezone: string;
}

export async function fetchShopProfile(
  shop: string,
  options?: AdminRequestOptions,
): Promise<ShopProfileFacts> {
  const data = await runOperation(shop, ShopProfile, {}, options);
  return {
    name: data.shop.name,
    currencyCode: data.shop.currencyCode,
    ianaTimezone: data.shop.ianaTimezone,
  };
}
