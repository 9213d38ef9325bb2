import { type MintRequest } from "~/shopify/mint-request";
import {
  type AdminRequestOptions,
  runOperation,
} from "~/shopify/admin-client.server";
import { CodeDiscountNodeByCode } from "~/shopify/graphql/CodeDiscountNodeByCode";
import { DiscountCodeBasicCreate } from "~/shopify/graphql/DiscountCodeBasicCreate";
import { DiscountCodeBxgyCreate } from "~/shopify/graphql/DiscountCodeBxgyCreate";
import { DiscountCodeDeactivate } from "~/shopify/graphql/DiscountCodeDeactivate";
import { DiscountCodeFreeShippingCreate } from "~/shopify/graphql/DiscountCodeFreeShippingCreate";
import { GiftCardCreate } from "~/shopify/graphql/GiftCardCreate";
import { GiftCardDeactivate } from "~/shopify/graphql/GiftCardDeactivate";

/**
 * Redemption codes at Shopify: look one up, mint one, deactivate one. Every call here is safe to
 * repeat: the caller looks a code up before minting it, and deactivating twice changes nothing.
 */

/** The code discount that already carries `code`, if any (a retry after a lost answer finds it). */
export async function findCodeDiscountId(
  shop: string,
  code: string,
  options?: AdminRequestOptions,
): Promise<string | null> {
  const data = await runOperation(
    shop,
    CodeDiscountNodeByCode,
    { code },
    options,
  );
  return data.codeDiscountNodeByCode?.id ?? null;
}

/** Sends the mint mutation; returns the gid of the discount node or gift card Shopify created. */
export async function mintCode(
  shop: string,
  request: MintRequest,
  options?: AdminRequestOptions,
): Promise<string> {
  switch (request.operation) {
    case "discountCodeBasicCreate": {
      const data = await runOperation(
        shop,
        DiscountCodeBasicCreate,
        request.variables,
        options,
      );
      return requireId(
        data.discountCodeBasicCreate?.codeDiscountNode?.id,
        request.operation,
      );
    }
    case "discountCodeFreeShippingCreate": {
      const data = await runOperation(
        shop,
        DiscountCodeFreeShippingCreate,
        request.variables,
        options,
      );
      return requireId(
        data.discountCodeFreeShippingCreate?.codeDiscountNode?.id,
        request.operation,
      );
    }
    case "discountCodeBxgyCreate": {
      const data = await runOperation(
        shop,
        DiscountCodeBxgyCreate,
        request.variables,
        options,
      );
      return requireId(
        data.discountCodeBxgyCreate?.codeDiscountNode?.id,
        request.operation,
      );
    }
    case "giftCardCreate": {
      const data = await runOperation(
        shop,
        GiftCardCreate,
        request.variables,
        options,
      );
      return requireId(data.giftCardCreate?.giftCard?.id, request.operation);
    }
  }
}

/** Makes an unused code unusable: a discount is deactivated, a gift card disabled. */
export async function deactivateCode(
  shop: string,
  shopifyId: string,
  options?: AdminRequestOptions,
): Promise<void> {
  if (shopifyId.startsWith("gid://shopify/GiftCard/")) {
    await runOperation(shop, GiftCardDeactivate, { id: shopifyId }, options);
  } else {
    await runOperation(
      shop,
      DiscountCodeDeactivate,
      { id: shopifyId },
      options,
    );
  }
}

function requireId(id: string | undefined, operation: string): string {
  // No userErrors yet no object: Shopify's side failed; the caller retries (and looks the code up first).
  if (!id) throw new Error(`${operation} returned no id`);
  return id;
}
