import {
  runOperation,
  type AdminRequestOptions,
} from "~/shopify/admin-client.server";
import { ShopifyGraphqlError } from "~/shopify/errors.server";
import { ShopLocales } from "~/shopify/graphql/ShopLocales";
import { ShopProfile } from "~/shopify/graphql/ShopProfile";

export interface ShopLocaleFacts {
  /** The shop's default language: members whose own locale is unknown read this one. */
  primaryLocale: string;
  /** Every published locale, the primary one first. */
  publishedLocales: string[];
}

export interface ShopProfileFacts {
  name: string;
  /** ISO 4217: the shop currency, in which every amount the app stores is expressed. */
  currencyCode: string;
  ianaTimezone: string;
  /** Absent when Shopify refused `shopLocales` (a shop that has not granted read_locales yet). */
  locales?: ShopLocaleFacts;
}

export async function fetchShopProfile(
  shop: string,
  options?: AdminRequestOptions,
): Promise<ShopProfileFacts> {
  const data = await runOperation(shop, ShopProfile, {}, options);
  const locales = await fetchShopLocales(shop, options);
  return {
    name: data.shop.name,
    currencyCode: data.shop.currencyCode,
    ianaTimezone: data.shop.ianaTimezone,
    ...(locales ? { locales } : {}),
  };
}

/**
 * The shop's primary and published locales; null when the token lacks read_locales (Shopify answers
 * ACCESS_DENIED): an install from before the scope keeps what it had until the merchant grants it.
 */
export async function fetchShopLocales(
  shop: string,
  options?: AdminRequestOptions,
): Promise<ShopLocaleFacts | null> {
  let data;
  try {
    data = await runOperation(shop, ShopLocales, {}, options);
  } catch (error) {
    if (
      error instanceof ShopifyGraphqlError &&
      error.errors.some((e) => e.code === "ACCESS_DENIED")
    )
      return null;
    throw error;
  }
  const primary = data.shopLocales.find((l) => l.primary)?.locale ?? "en";
  const published = data.shopLocales
    .filter((l) => l.published && !l.primary)
    .map((l) => l.locale);
  return { primaryLocale: primary, publishedLocales: [primary, ...published] };
}
