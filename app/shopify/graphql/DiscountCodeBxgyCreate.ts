import { type DiscountCodeBxgyInput } from "~/shopify/mint-request";
import { defineOperation } from "~/shopify/admin-operation";

/**
 * Mints a redemption's discount code, restricted to the redeeming customer, usable once
 * (inputs from buildMintRequest in app/shopify/mint-request.ts).
 * https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/discountCodeBxgyCreate
 */
export const DiscountCodeBxgyCreateDocument = `#graphql
  mutation DiscountCodeBxgyCreate($bxgyCodeDiscount: DiscountCodeBxgyInput!) {
    discountCodeBxgyCreate(bxgyCodeDiscount: $bxgyCodeDiscount) {
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

export interface DiscountCodeBxgyCreateResult {
  discountCodeBxgyCreate: {
    codeDiscountNode: { id: string } | null;
    userErrors: {
      field: string[] | null;
      message: string;
      code: string | null;
    }[];
  } | null;
}

export const DiscountCodeBxgyCreate = defineOperation<
  DiscountCodeBxgyCreateResult,
  { bxgyCodeDiscount: DiscountCodeBxgyInput }
>("DiscountCodeBxgyCreate", DiscountCodeBxgyCreateDocument);
