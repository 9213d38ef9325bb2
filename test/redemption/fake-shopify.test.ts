import { describe, expect, it } from "vitest";

import { createFakeShopify } from "test/redemption-support";

const post = (operationName: string, variables: Record<string, unknown>) =>
  ({
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      operationName,
      query: `mutation ${operationName} { x }`,
      variables,
    }),
  }) satisfies RequestInit;

const URL = "https://shop.myshopify.com/admin/api/2026-07/graphql.json";

describe("the redemption tests' fake Shopify", () => {
  it("answers the operations it knows", async () => {
    const shopify = createFakeShopify();
    const response = await shopify.fetch(
      URL,
      post("DiscountCodeBasicCreate", { basicCodeDiscount: { code: "A-B" } }),
    );
    expect(await response.json()).toMatchObject({
      data: {
        discountCodeBasicCreate: {
          codeDiscountNode: { id: "gid://shopify/DiscountCodeNode/1" },
          userErrors: [],
        },
      },
    });
    expect(shopify.codes.get("A-B")).toBe("gid://shopify/DiscountCodeNode/1");
  });

  it("fails an operation it does not know instead of answering an empty success", async () => {
    const shopify = createFakeShopify();
    await expect(
      shopify.fetch(URL, post("DiscountAutomaticBasicCreate", {})),
    ).rejects.toThrow(
      /no answer for the operation "DiscountAutomaticBasicCreate"/,
    );
    expect(shopify.unknownOperations).toEqual(["DiscountAutomaticBasicCreate"]);
  });
});
