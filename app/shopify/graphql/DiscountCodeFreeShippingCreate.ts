import { type DiscountCodeFreeShippingInput } from "~/shopify/mint-request";
import { defineOperation } from "~/shopify/admin-operation";

/**
 * Mints a redemption's discount code, restricted to the redeeming customer, usable once
 * (inputs from buildMintRequest in app/shopify/mint-request.ts).
 * https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/discountCodeFreeShippingCreate
 */
export const DiscountCodeFreeShippingCreateDocument = `#graphql
  mutation DiscountCodeFreeShippingCreate($freeShippingCodeDiscount: DiscountCodeFreeShippingInput!) {
    discountCodeFreeShippingCreate(freeShippingCodeDiscount: $freeShippingCodeDiscount) {
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

export interface DiscountCodeFreeShippingCreateResult {
  discountCodeFreeShippingCreate: {
    codeDiscountNode: { id: string } | null;
    userErrors: {
      field: string[] | null;
      message: string;
      code: string | null;
    }[];
  } | null;
}

export const DiscountCodeFreeShippingCreate = defineOperation<
  DiscountCodeFreeShippingCreateResult,
  { freeShippingCodeDiscount: DiscountCodeFreeShippingInput }
>("DiscountCodeFreeShippingCreate", DiscountCodeFreeShippingCreateDocument);
