import { defineOperation } from "~/shopify/admin-operation";

/**
 * Finds a code discount by its code: before minting, the worker looks for the redemption's code,
 * so a retry after a timeout adopts the discount an earlier attempt created instead of making a second.
 * https://shopify.dev/docs/api/admin-graphql/2026-07/queries/codeDiscountNodeByCode
 */
export const CodeDiscountNodeByCodeDocument = `#graphql
  query CodeDiscountNodeByCode($code: String!) {
    codeDiscountNodeByCode(code: $code) {
      id
    }
  }
`;

export interface CodeDiscountNodeByCodeResult {
  codeDiscountNodeByCode: { id: string } | null;
}

export const CodeDiscountNodeByCode = defineOperation<
  CodeDiscountNodeByCodeResult,
  { code: string }
>("CodeDiscountNodeByCode", CodeDiscountNodeByCodeDocument);
