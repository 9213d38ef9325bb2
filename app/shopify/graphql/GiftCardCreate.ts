import { type GiftCardCreateInput } from "~/shopify/mint-request";
import { defineOperation } from "~/shopify/admin-operation";

/**
 * Issues a gift card reward with the code derived from the redemption.
 * https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/giftCardCreate
 */
export const GiftCardCreateDocument = `#graphql
  mutation GiftCardCreate($input: GiftCardCreateInput!) {
    giftCardCreate(input: $input) {
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

export interface GiftCardCreateResult {
  giftCardCreate: {
    giftCard: { id: string } | null;
    userErrors: {
      field: string[] | null;
      message: string;
      code: string | null;
    }[];
  } | null;
}

export const GiftCardCreate = defineOperation<
  GiftCardCreateResult,
  { input: GiftCardCreateInput }
>("GiftCardCreate", GiftCardCreateDocument);
