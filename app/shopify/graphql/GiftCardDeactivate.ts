import { defineOperation } from "~/shopify/admin-operation";

/**
 * Deactivates an unused gift card reward (expired or cancelled redemption).
 * https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/giftCardDeactivate
 */
export const GiftCardDeactivateDocument = `#graphql
  mutation GiftCardDeactivate($id: ID!) {
    giftCardDeactivate(id: $id) {
      giftCard {
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

export interface GiftCardDeactivateResult {
  giftCardDeactivate: {
    giftCard: { id: string } | null;
    userErrors: {
      field: string[] | null;
      message: string;
      code: string | null;
    }[];
  } | null;
}

export const GiftCardDeactivate = defineOperation<
  GiftCardDeactivateResult,
  { id: string }
>("GiftCardDeactivate", GiftCardDeactivateDocument);
