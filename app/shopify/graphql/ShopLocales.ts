import { defineOperation } from "~/shopify/admin-operation";

/**
 * The shop's languages: the primary one (the language of a member whose own is unknown) and the
 * published ones (those a merchant may write emails and names in). Needs `read_locales`.
 * https://shopify.dev/docs/api/admin-graphql/2026-07/queries/shopLocales
 */
export const ShopLocalesDocument = `#graphql
  query ShopLocales {
    shopLocales {
      locale
      primary
      published
    }
  }
`;

export type ShopLocalesVariables = Record<string, never>;

export interface ShopLocalesResult {
  shopLocales: { locale: string; primary: boolean; published: boolean }[];
}

export const ShopLocales = defineOperation<
  ShopLocalesResult,
  ShopLocalesVariables
>("ShopLocales", ShopLocalesDocument);
