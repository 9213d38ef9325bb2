// Only this test reads the vendored schema.
import { existsSync, readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";

import {
  type GraphQLInputType,
  type GraphQLSchema,
  type IntrospectionQuery,
  buildClientSchema,
  coerceInputValue,
  getNamedType,
  getNullableType,
  isInputObjectType,
  isListType,
  isScalarType,
} from "graphql";
import { describe, expect, it } from "vitest";

import { codeFormatFor } from "~/loyalty/discount-code";
import { type RedemptionPlan, planRedemption } from "~/loyalty/redemption";
import { validateReward } from "~/loyalty/rewards";
import {
  type MintInput,
  type MintRequest,
  buildMintRequest,
} from "~/shopify/mint-request";

const NOW = new Date("2026-03-01T12:00:00.000Z");
const CUSTOMER = "gid://shopify/Customer/9001";
const PRODUCT = "gid://shopify/Product/101";
const VARIANT = "gid://shopify/ProductVariant/202";
const COLLECTION = "gid://shopify/Collection/303";

function okPlan(
  input: Record<string, unknown>,
  requestedPoints?: number,
): Extract<RedemptionPlan, { kind: "ok" }> {
  const validated = validateReward({ name: { en: "Reward" }, ...input });
  if (!validated.ok)
    throw new Error(`fixture: ${JSON.stringify(validated.errors)}`);
  const plan = planRedemption({
    reward: validated.reward,
    member: { balance: 1_000_000, tierId: null, redemptionsOfThisReward: 0 },
    requestedPoints,
    stockRemaining: null,
    poolRemaining: 5,
    now: NOW,
  });
  if (plan.kind !== "ok") throw new Error(`fixture: ${plan.kind}`);
  return plan;
}

function mint(
  input: Record<string, unknown>,
  requestedPoints?: number,
): MintRequest {
  const plan = okPlan(input, requestedPoints);
  const request = buildMintRequest({
    discount: plan.discount,
    code:
      codeFormatFor(plan.discount) === "gift_card"
        ? "LOYALABCDEFGHJKLM"
        : "LOYAL-ABCD-EFGH-JKLM",
    customerGid: CUSTOMER,
    startsAt: NOW,
    codeExpiresAt: plan.codeExpiresAt,
    currencyCode: "EUR",
    title: "Loyalty reward",
  } satisfies MintInput);
  if (!request) throw new Error("no mint request");
  return request;
}

const REWARD_INPUTS: Record<
  string,
  { input: Record<string, unknown>; requestedPoints?: number }
> = {
  "percentage off, on collections, with a minimum and combinations": {
    input: {
      type: "percentage_off",
      pointsCost: 500,
      percentage: 15,
      appliesTo: { kind: "collections", collectionIds: [COLLECTION] },
      minimumSubtotal: 50000,
      combinesWith: { shippingDiscounts: true },
      codeValidityDays: 30,
    },
  },
  "fixed amount off, on products and variants": {
    input: {
      type: "fixed_amount_off",
      pointsCost: 500,
      amount: 5000,
      appliesTo: {
        kind: "products",
        productIds: [PRODUCT],
        variantIds: [VARIANT],
      },
    },
  },
  "free shipping with a maximum rate": {
    input: {
      type: "free_shipping",
      pointsCost: 300,
      maxShippingRate: 12500,
      minimumSubtotal: 20000,
      codeValidityDays: 7,
    },
  },
  "free shipping on any rate": {
    input: { type: "free_shipping", pointsCost: 300 },
  },
  "free product (variant, capped)": {
    input: {
      type: "free_product",
      pointsCost: 800,
      productId: PRODUCT,
      variantId: VARIANT,
      maxDiscountAmount: 25000,
    },
  },
  "free product (any variant)": {
    input: { type: "free_product", pointsCost: 800, productId: PRODUCT },
  },
  "buy 2 get 1 free": {
    input: {
      type: "buy_x_get_y",
      pointsCost: 400,
      buys: {
        items: { kind: "collections", collectionIds: [COLLECTION] },
        quantity: 2,
      },
      gets: {
        items: { kind: "products", productIds: [PRODUCT] },
        quantity: 1,
        percentage: 100,
      },
      usesPerOrderLimit: 1,
      codeValidityDays: 14,
    },
  },
  "spend 30 get 50 % off one": {
    input: {
      type: "buy_x_get_y",
      pointsCost: 400,
      buys: {
        items: { kind: "products", variantIds: [VARIANT] },
        amount: 30000,
      },
      gets: {
        items: { kind: "collections", collectionIds: [COLLECTION] },
        quantity: 1,
        percentage: 50,
      },
    },
  },
  "gift card with expiry": {
    input: {
      type: "gift_card",
      pointsCost: 2000,
      amount: 20000,
      codeValidityDays: 365,
    },
  },
  "points slider": {
    input: {
      type: "points_slider",
      pointsStep: 100,
      valuePerStep: 1000,
      minPoints: 100,
      maxPoints: 5000,
    },
    requestedPoints: 750,
  },
};

describe("buildMintRequest", () => {
  it("mints a percentage reward as a basic code for that customer only, once", () => {
    expect(
      mint(
        REWARD_INPUTS[
          "percentage off, on collections, with a minimum and combinations"
        ].input,
      ),
    ).toEqual({
      operation: "discountCodeBasicCreate",
      variables: {
        basicCodeDiscount: {
          title: "Loyalty reward",
          code: "LOYAL-ABCD-EFGH-JKLM",
          startsAt: "2026-03-01T12:00:00.000Z",
          endsAt: "2026-03-31T12:00:00.000Z",
          context: { customers: { add: [CUSTOMER] } },
          usageLimit: 1,
          appliesOncePerCustomer: true,
          combinesWith: {
            orderDiscounts: false,
            productDiscounts: false,
            shippingDiscounts: true,
          },
          minimumRequirement: {
            subtotal: { greaterThanOrEqualToSubtotal: "50.00" },
          },
          customerGets: {
            items: { collections: { add: [COLLECTION] } },
            value: { percentage: 0.15 },
          },
        },
      },
    });
  });

  it("mints a fixed amount split across the items, not per item", () => {
    const request = mint(
      REWARD_INPUTS["fixed amount off, on products and variants"].input,
    );
    expect(
      request.operation === "discountCodeBasicCreate" &&
        request.variables.basicCodeDiscount.customerGets,
    ).toEqual({
      items: {
        products: { productsToAdd: [PRODUCT], productVariantsToAdd: [VARIANT] },
      },
      value: { discountAmount: { amount: "5.00", appliesOnEachItem: false } },
    });
    expect(
      request.operation === "discountCodeBasicCreate" &&
        "endsAt" in request.variables.basicCodeDiscount,
    ).toBe(false);
  });

  it("mints a slider as the fixed amount the shopper chose", () => {
    const request = mint(REWARD_INPUTS["points slider"].input, 750);
    expect(
      request.operation === "discountCodeBasicCreate" &&
        request.variables.basicCodeDiscount.customerGets.value,
    ).toEqual({
      discountAmount: { amount: "7.00", appliesOnEachItem: false },
    });
  });

  it("mints free shipping with the maximum rate when there is one", () => {
    const capped = mint(
      REWARD_INPUTS["free shipping with a maximum rate"].input,
    );
    expect(capped).toMatchObject({
      operation: "discountCodeFreeShippingCreate",
      variables: {
        freeShippingCodeDiscount: {
          destination: { all: true },
          maximumShippingPrice: "12.50",
          minimumRequirement: {
            subtotal: { greaterThanOrEqualToSubtotal: "20.00" },
          },
          context: { customers: { add: [CUSTOMER] } },
          usageLimit: 1,
        },
      },
    });
    const any = mint(REWARD_INPUTS["free shipping on any rate"].input);
    expect(
      any.operation === "discountCodeFreeShippingCreate" &&
        "maximumShippingPrice" in any.variables.freeShippingCodeDiscount,
    ).toBe(false);
  });

  it("mints a free product on the variant, capped by amount or as 100 % off", () => {
    const capped = mint(REWARD_INPUTS["free product (variant, capped)"].input);
    expect(
      capped.operation === "discountCodeBasicCreate" &&
        capped.variables.basicCodeDiscount.customerGets,
    ).toEqual({
      items: { products: { productVariantsToAdd: [VARIANT] } },
      value: { discountAmount: { amount: "25.00", appliesOnEachItem: false } },
    });
    const whole = mint(REWARD_INPUTS["free product (any variant)"].input);
    expect(
      whole.operation === "discountCodeBasicCreate" &&
        whole.variables.basicCodeDiscount.customerGets,
    ).toEqual({
      items: { products: { productsToAdd: [PRODUCT] } },
      value: { percentage: 1 },
    });
  });

  it("mints buy X get Y with what to buy and what is given", () => {
    expect(mint(REWARD_INPUTS["buy 2 get 1 free"].input)).toMatchObject({
      operation: "discountCodeBxgyCreate",
      variables: {
        bxgyCodeDiscount: {
          customerBuys: {
            items: { collections: { add: [COLLECTION] } },
            value: { quantity: "2" },
          },
          customerGets: {
            items: { products: { productsToAdd: [PRODUCT] } },
            value: {
              discountOnQuantity: { quantity: "1", effect: { percentage: 1 } },
            },
          },
          usesPerOrderLimit: 1,
          context: { customers: { add: [CUSTOMER] } },
          usageLimit: 1,
          appliesOncePerCustomer: true,
        },
      },
    });
    expect(
      mint(REWARD_INPUTS["spend 30 get 50 % off one"].input),
    ).toMatchObject({
      variables: {
        bxgyCodeDiscount: { customerBuys: { value: { amount: "30.00" } } },
      },
    });
  });

  it("mints a gift card for the customer, in shop currency, expiring on the validity's last day", () => {
    expect(mint(REWARD_INPUTS["gift card with expiry"].input)).toEqual({
      operation: "giftCardCreate",
      variables: {
        input: {
          code: "LOYALABCDEFGHJKLM",
          customerId: CUSTOMER,
          initialAmount: { amount: "20.00", currencyCode: "EUR" },
          expiresOn: "2027-03-01",
          note: "Loyalty reward",
        },
      },
    });
  });

  it("refuses a gift card code Shopify would refuse, and a GID that is not a customer's", () => {
    const plan = okPlan(REWARD_INPUTS["gift card with expiry"].input);
    const base = {
      discount: plan.discount,
      customerGid: CUSTOMER,
      startsAt: NOW,
      codeExpiresAt: null,
      currencyCode: "EUR",
      title: "t",
    };
    expect(codeFormatFor(plan.discount)).toBe("gift_card");
    expect(() =>
      buildMintRequest({ ...base, code: "LOYAL-ABCD-EFGH" }),
    ).toThrow(/8 to 20/);
    expect(() => buildMintRequest({ ...base, code: "SHORT" })).toThrow(
      /8 to 20/,
    );
    // What deriveCode gives a gift card with the longest prefix (redemption-code.server.test.ts).
    const derived = "ABCDEFGH9N6P9BZ5AMDK";
    expect(buildMintRequest({ ...base, code: derived })).toMatchObject({
      variables: { input: { code: derived } },
    });
    expect(() =>
      buildMintRequest({ ...base, code: derived, customerGid: "9001" }),
    ).toThrow(/customer GID/);
  });

  it("mints nothing for a pool reward: its code already exists at Shopify", () => {
    const plan = okPlan({ type: "code_pool", pointsCost: 100, poolId: "p1" });
    const request = buildMintRequest({
      discount: plan.discount,
      code: "PARTNER10",
      customerGid: CUSTOMER,
      startsAt: NOW,
      codeExpiresAt: null,
      currencyCode: "EUR",
      title: "t",
    });
    expect(request).toBeNull();
  });
});

const SCHEMA_FILE = new URL(
  "../../emulator/schema/admin_2026-07.json.gz",
  import.meta.url,
);

describe.skipIf(!existsSync(SCHEMA_FILE))(
  "mint inputs against Shopify's Admin schema 2026-07",
  () => {
    const loadSchema = (): GraphQLSchema => {
      const introspection = JSON.parse(
        gunzipSync(readFileSync(SCHEMA_FILE)).toString("utf8"),
      ) as { data: IntrospectionQuery };
      return buildClientSchema(introspection.data);
    };
    const schema = loadSchema();

    /** Custom scalars are opaque to graphql-js; check the formats Shopify documents for them. */
    const SCALAR_FORMATS: Record<string, RegExp> = {
      Decimal: /^-?\d+(\.\d+)?$/,
      UnsignedInt64: /^\d+$/,
      DateTime: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/,
      Date: /^\d{4}-\d{2}-\d{2}$/,
      ID: /^gid:\/\/shopify\/\w+\/\d+$/,
    };

    /** Problems graphql-js would not report: deprecated fields and malformed custom scalars. */
    function lint(
      value: unknown,
      type: GraphQLInputType,
      path: string,
      problems: string[],
    ) {
      const nullable = getNullableType(type);
      if (value === null || value === undefined) return;
      if (isListType(nullable)) {
        (value as unknown[]).forEach((item, i) =>
          lint(item, nullable.ofType, `${path}[${i}]`, problems),
        );
        return;
      }
      if (isInputObjectType(nullable)) {
        const fields = nullable.getFields();
        for (const [name, fieldValue] of Object.entries(
          value as Record<string, unknown>,
        )) {
          const field = fields[name];
          if (!field) continue; // coerceInputValue reports unknown fields
          if (field.deprecationReason)
            problems.push(
              `${path}.${name} is deprecated: ${field.deprecationReason}`,
            );
          lint(fieldValue, field.type, `${path}.${name}`, problems);
        }
        return;
      }
      const named = getNamedType(nullable);
      const format = isScalarType(named)
        ? SCALAR_FORMATS[named.name]
        : undefined;
      if (format && !(typeof value === "string" && format.test(value))) {
        problems.push(
          `${path}: ${JSON.stringify(value)} is not a valid ${named.name}`,
        );
      }
    }

    function schemaProblems(request: MintRequest): string[] {
      const field = schema.getMutationType()!.getFields()[request.operation];
      expect(field, request.operation).toBeDefined();
      const problems: string[] = [];
      const [argName, value] = Object.entries(request.variables)[0];
      const arg = field.args.find((a) => a.name === argName);
      if (!arg) return [`${request.operation} has no argument ${argName}`];
      coerceInputValue(value, arg.type, (path, _invalid, error) => {
        problems.push(`${[argName, ...path].join(".")}: ${error.message}`);
      });
      lint(value, arg.type, argName, problems);
      return problems;
    }

    it.each(Object.keys(REWARD_INPUTS))(
      "%s: the mutation input coerces against the schema",
      (name) => {
        const { input, requestedPoints } = REWARD_INPUTS[name];
        expect(schemaProblems(mint(input, requestedPoints))).toEqual([]);
      },
    );

    it("the check can fail: a deprecated or misspelt field, a numeric Decimal, a missing required field", () => {
      const request = mint(
        REWARD_INPUTS["fixed amount off, on products and variants"].input,
      ) as Extract<MintRequest, { operation: "discountCodeBasicCreate" }>;
      const broken = {
        ...request.variables.basicCodeDiscount,
        customerSelection: { customers: { add: [CUSTOMER] } },
        usageLimt: 1,
        minimumRequirement: { subtotal: { greaterThanOrEqualToSubtotal: 50 } },
      };
      const problems = schemaProblems({
        operation: "discountCodeBasicCreate",
        variables: { basicCodeDiscount: broken as never },
      });
      expect(problems.join("\n")).toMatch(/usageLimt/);
      expect(problems.join("\n")).toMatch(/customerSelection is deprecated/);
      expect(problems.join("\n")).toMatch(/50 is not a valid Decimal/);
      const giftCard = schemaProblems({
        operation: "giftCardCreate",
        variables: {
          input: {
            code: "X",
            customerId: CUSTOMER,
            initialAmount: { amount: "1.00" },
            note: "",
          } as never,
        },
      });
      expect(giftCard.join("\n")).toMatch(/currencyCode/);
    });
  },
);
