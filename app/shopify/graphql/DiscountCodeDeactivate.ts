import { defineOperation } from "~/shopify/admin-operation";

/**
 * Deactivates an unused code (expired or cancelled redemption). Deactivating twice is harmless.
 * https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/discountCodeDeactivate
 */
export const DiscountCodeDeactivateDocument = `#graphql
  mutation DiscountCodeDeactivate($id: ID!) {
    discountCodeDeactivate(id: $id) {
      codeDiscountNode {
        id
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

export interface DiscountCodeDeactivateResult {
  discountCodeDeactivate: {
    codeDiscountNode: { id: string } | null;
    userErrors: {
      field: string[] | null;
      message: string;
      code: string | null;
    }[];
  } | null;
}

export const DiscountCodeDeactivate = defineOperation<
  DiscountCodeDeactivateResult,
  { id: string }
>("DiscountCodeDeactivate", DiscountCodeDeactivateDocument);
