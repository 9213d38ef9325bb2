import { defineOperation } from "~/shopify/admin-operation";

/**
 * The titles of products, variants and collections a form already refers to, so the resource
 * pickers show names, not ids. Ids the shop no longer has come back null. Needs read_products.
 * https://shopify.dev/docs/api/admin-graphql/2026-07/queries/nodes
 */
export const ResourceTitlesDocument = `#graphql
  query ResourceTitles($ids: [ID!]!) {
    nodes(ids: $ids) {
      __typename
      ... on Product {
        id
        title
      }
      ... on ProductVariant {
        id
        displayName
      }
      ... on Collection {
        id
        title
      }
    }
  }
`;

export interface ResourceTitlesVariables {
  ids: string[];
}

export interface ResourceTitlesResult {
  nodes: (
    | { __typename: "Product" | "Collection"; id: string; title: string }
    | { __typename: "ProductVariant"; id: string; displayName: string }
    | { __typename: string; id?: string }
    | null
  )[];
}

export const ResourceTitles = defineOperation<
  ResourceTitlesResult,
  ResourceTitlesVariables
>("ResourceTitles", ResourceTitlesDocument);
