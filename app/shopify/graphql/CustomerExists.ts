import { defineOperation } from "~/shopify/admin-operation";

/**
 * Whether a customer id belongs to the shop (the earning API credits only the shop's customers).
 * `customer` is null for an id the shop does not have. Needs read_customers.
 * https://shopify.dev/docs/api/admin-graphql/2026-07/queries/customer
 */
export const CustomerExistsDocument = `#graphql
  query CustomerExists($id: ID!) {
    customer(id: $id) {
      id
    }
  }
`;

export interface CustomerExistsVariables {
  id: string;
}

export interface CustomerExistsResult {
  customer: { id: string } | null;
}

export const CustomerExists = defineOperation<
  CustomerExistsResult,
  CustomerExistsVariables
>("CustomerExists", CustomerExistsDocument);
