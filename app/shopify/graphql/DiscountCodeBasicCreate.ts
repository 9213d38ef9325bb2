import { type DiscountCodeBasicInput } from "~/shopify/mint-request";
import { defineOperation } from "~/shopify/admin-operation";

/**
 * Mints a redemption's discount code, restricted to the redeeming customer, usable once
 * (inputs from buildMintRequest in app/shopify/mint-request.ts).
 * https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/discountCodeBasicCreate
 */
export const DiscountCodeBasicCreateDocument = `#graphql
  mutation DiscountCodeBasicCreate($basicCodeDiscount: DiscountCodeBasicInput!) {
    discountCodeBasicCreate(basicCodeDiscount: $basicCodeDiscount) {
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

export interface DiscountCodeBasicCreateResult {
  discountCodeBasicCreate: {
    codeDiscountNode: { id: string } | null;
    userErrors: {
      field: string[] | null;
      message: string;
      code: string | null;
    }[];
  } | null;
}

export const DiscountCodeBasicCreate = defineOperation<
  DiscountCodeBasicCreateResult,
  { basicCodeDiscount: DiscountCodeBasicInput }
>("DiscountCodeBasicCreate", DiscountCodeBasicCreateDocument);
