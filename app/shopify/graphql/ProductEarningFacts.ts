import { defineOperation } from "~/shopify/admin-operation";

/**
 * Tags and collections of the products on an order: order webhooks carry neither, and the
 * "place an order" rules exclude or reward by them. Fetched before the award transaction, never
 * inside it. 250 collections per product is Shopify's page maximum; a product in more is rare
 * enough that the first page is what the rule sees.
 * https://shopify.dev/docs/api/admin-graphql/2026-07/queries/nodes
 */
export const ProductEarningFactsDocument = `#graphql
  query ProductEarningFacts($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on Product {
        id
        tags
        collections(first: 250) {
          nodes {
            id
          }
        }
      }
    }
  }
`;

export interface ProductEarningFactsVariables {
  ids: string[];
}

export interface ProductEarningFactsResult {
  nodes: (
    | { id: string; tags: string[]; collections: { nodes: { id: string }[] } }
    | Record<string, never>
    | null
  )[];
}

export const ProductEarningFacts = defineOperation<
  ProductEarningFactsResult,
  ProductEarningFactsVariables
>("ProductEarningFacts", ProductEarningFactsDocument);
