import { describe, expect, it } from "vitest";

import { grantOptionalScopes } from "./access-scopes";
import { appNumericId } from "./app-identity";
import { handleAdminGraphql } from "./graphql";
import { createAdminHarness } from "./testing";

const METAFIELDS_SET = `mutation SetBalance($metafields: [MetafieldsSetInput!]!) {
  metafieldsSet(metafields: $metafields) {
    metafields { id namespace key type value compareDigest }
    userErrors { field message code elementIndex }
  }
}`;

const CUSTOMER_POINTS = `query CustomerPoints($id: ID!) {
  customer(id: $id) {
    id
    points: metafield(namespace: "$app:loyalty", key: "points") { value type jsonValue compareDigest }
    tier: metafield(namespace: "$app:loyalty", key: "tier") { value }
  }
}`;

const customerGid = (id: number) => `gid://shopify/Customer/${id}`;

describe("request handling", () => {
  it("refuses a field the schema does not have, in graphql-ruby's shape, and runs nothing", async () => {
    const admin = createAdminHarness();
    const customer = admin.addCustomer();
    const query = `mutation Tag($id: ID!) { tagsAdd(id: $id, tags: ["vip"]) { node { id } userErrors { field message } bogus } }`;
    const answer = await admin.graphql(query, { id: customerGid(customer.id) });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      errors: [
        {
          message: "Field 'bogus' doesn't exist on type 'TagsAddPayload'",
          locations: [{ line: 1, column: query.indexOf("bogus") + 1 }],
          path: ["mutation Tag", "tagsAdd", "bogus"],
          extensions: {
            code: "undefinedField",
            typeName: "TagsAddPayload",
            fieldName: "bogus",
          },
        },
      ],
    });
    expect(customer.tags).toEqual([]);
  });

  it("refuses missing and mistyped variables with their problems, and changes nothing", async () => {
    const admin = createAdminHarness();
    const customer = admin.addCustomer();
    const answer = await admin.graphql(METAFIELDS_SET, {
      metafields: [
        {
          ownerId: customerGid(customer.id),
          namespace: "$app:loyalty",
          key: "points",
          type: "number_integer",
          value: 120,
          colour: "red",
        },
      ],
    });
    expect(answer.status).toBe(200);
    expect(answer.body.data).toBeUndefined();
    expect(answer.body.errors).toHaveLength(1);
    const [error] = answer.body.errors;
    expect(error.message).toMatch(
      /^Variable \$metafields of type \[MetafieldsSetInput!\]! was provided invalid value for /,
    );
    expect(error.locations).toEqual([
      { line: 1, column: METAFIELDS_SET.indexOf("$metafields") + 1 },
    ]);
    expect(error.extensions.code).toBe("INVALID_VARIABLE");
    expect(error.extensions.problems).toEqual([
      {
        path: [0, "value"],
        explanation: "Could not coerce value 120 to String",
      },
      {
        path: [0, "colour"],
        explanation: "Field is not defined on MetafieldsSetInput",
      },
    ]);
    expect(admin.shop.metafields.size).toBe(0);

    const missing = await admin.graphql(CUSTOMER_POINTS, {});
    expect(missing.body.errors[0]).toMatchObject({
      message: "Variable $id of type ID! was provided invalid value",
      extensions: {
        code: "INVALID_VARIABLE",
        problems: [{ path: [], explanation: "Expected value to not be null" }],
      },
    });
  });

  it("refuses malformed Shopify scalars such as DateTime before running", async () => {
    const admin = createAdminHarness();
    const answer = await admin.graphql(
      `mutation D($d: DiscountCodeBasicInput!) { discountCodeBasicCreate(basicCodeDiscount: $d) { userErrors { message } } }`,
      {
        d: {
          title: "Reward",
          code: "R1",
          startsAt: "tomorrow",
          customerGets: { value: { percentage: 0.1 }, items: { all: true } },
        },
      },
    );
    expect(answer.body.errors[0].extensions.problems).toEqual([
      {
        path: ["startsAt"],
        explanation: 'Could not coerce value "tomorrow" to DateTime',
      },
    ]);
    expect(admin.shop.discounts.size).toBe(0);
  });

  it("names a schema-valid field the emulator does not serve instead of answering null", async () => {
    const admin = createAdminHarness();
    const customer = admin.addCustomer();
    const answer = await admin.graphql(
      `query { customer(id: "${customerGid(customer.id)}") { id paymentMethods(first: 1) { nodes { id } } } }`,
    );
    expect(answer.body.errors[0]).toMatchObject({
      path: ["customer", "paymentMethods"],
      extensions: { code: "NOT_IMPLEMENTED_IN_EMULATOR" },
    });
    expect(answer.body.errors[0].message).toContain("Customer.paymentMethods");
  });

  it("answers 401 with Shopify's body for an unknown token, 404 for another API version, 400 without a query", async () => {
    const admin = createAdminHarness();
    const unauthorized = await admin.graphql(
      `{ shop { name } }`,
      {},
      { token: "shpat_not-issued" },
    );
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.body).toEqual({
      errors:
        "[API] Invalid API key or access token (unrecognized login or wrong password)",
    });

    const oldVersion = await admin.graphql(
      `{ shop { name } }`,
      {},
      { apiVersion: "2024-01" },
    );
    expect(oldVersion.status).toBe(404);

    const response = await handleAdminGraphql(admin.ctx, {
      shop: admin.domain,
      apiVersion: "2026-07",
      headers: {
        "x-shopify-access-token": admin.accessToken,
        "content-type": "application/json",
      },
      body: "{not json",
    });
    expect(response).toMatchObject({ kind: "respond", status: 400 });
    expect(response.kind === "respond" && JSON.parse(response.body)).toEqual({
      errors: { query: "Required parameter missing or invalid" },
    });
  });

  it("logs every call with its variables, refused ones included", async () => {
    const admin = createAdminHarness();
    const customer = admin.addCustomer();
    await admin.graphql(CUSTOMER_POINTS, { id: customerGid(customer.id) });
    await admin.graphql(
      CUSTOMER_POINTS,
      { id: customerGid(customer.id) },
      { token: "shpat_wrong" },
    );
    await admin.graphql(METAFIELDS_SET, {
      metafields: [
        {
          ownerId: customerGid(customer.id),
          key: "points",
          type: "number_integer",
          value: "abc",
        },
      ],
    });

    expect(
      admin.ctx.adminCalls.map((call) => [
        call.seq,
        call.operationName,
        call.operationType,
        call.status,
      ]),
    ).toEqual([
      [1, "CustomerPoints", "query", 200],
      [2, "CustomerPoints", "query", 401],
      [3, "SetBalance", "mutation", 200],
    ]);
    expect(admin.ctx.adminCalls[0].variables).toEqual({
      id: customerGid(customer.id),
    });
    expect(admin.ctx.adminCalls[1].errors).toEqual(["UNAUTHORIZED"]);
    expect(admin.ctx.adminCalls[2].variables).toEqual({
      metafields: [
        {
          ownerId: customerGid(customer.id),
          key: "points",
          type: "number_integer",
          value: "abc",
        },
      ],
    });
    expect(admin.ctx.adminCalls[2].userErrors).toEqual([
      {
        field: ["metafields", "0", "value"],
        message: "Value must be an integer.",
        code: "INVALID_VALUE",
        elementIndex: 0,
      },
    ]);
  });
});

describe("metafieldsSet", () => {
  it("writes the balance mirror under the app namespace and reads it back through customer.metafield", async () => {
    const admin = createAdminHarness();
    const customer = admin.addCustomer();
    const set = await admin.graphql(METAFIELDS_SET, {
      metafields: [
        {
          ownerId: customerGid(customer.id),
          namespace: "$app:loyalty",
          key: "points",
          type: "number_integer",
          value: "120",
        },
        {
          ownerId: customerGid(customer.id),
          namespace: "$app:loyalty",
          key: "tier",
          type: "single_line_text_field",
          value: "Gold",
        },
      ],
    });
    const namespace = `app--${appNumericId("test-api-key")}--loyalty`;
    expect(set.body.data.metafieldsSet.userErrors).toEqual([]);
    expect(
      set.body.data.metafieldsSet.metafields.map(
        (metafield: { namespace: string; key: string }) => [
          metafield.namespace,
          metafield.key,
        ],
      ),
    ).toEqual([
      [namespace, "points"],
      [namespace, "tier"],
    ]);

    const read = await admin.graphql(CUSTOMER_POINTS, {
      id: customerGid(customer.id),
    });
    expect(read.body.data.customer.points).toMatchObject({
      value: "120",
      type: "number_integer",
      jsonValue: 120,
    });
    expect(read.body.data.customer.tier).toEqual({ value: "Gold" });

    // Setting again updates in place: one metafield per owner, namespace and key.
    await admin.graphql(METAFIELDS_SET, {
      metafields: [
        {
          ownerId: customerGid(customer.id),
          namespace: "$app:loyalty",
          key: "points",
          value: "90",
        },
      ],
    });
    const again = await admin.graphql(CUSTOMER_POINTS, {
      id: customerGid(customer.id),
    });
    expect(again.body.data.customer.points.value).toBe("90");
    expect(admin.shop.metafields.size).toBe(2);
  });

  it("deletes metafields by owner, namespace and key; a missing one answers null", async () => {
    const admin = createAdminHarness();
    const customer = admin.addCustomer();
    await admin.graphql(METAFIELDS_SET, {
      metafields: [
        {
          ownerId: customerGid(customer.id),
          namespace: "$app:loyalty",
          key: "points",
          type: "number_integer",
          value: "5",
        },
      ],
    });
    const remove = `mutation MetafieldsDelete($metafields: [MetafieldIdentifierInput!]!) { metafieldsDelete(metafields: $metafields) { deletedMetafields { ownerId namespace key } userErrors { field message } } }`;
    const identifiers = [
      {
        ownerId: customerGid(customer.id),
        namespace: "$app:loyalty",
        key: "points",
      },
      {
        ownerId: customerGid(customer.id),
        namespace: "$app:loyalty",
        key: "tier",
      },
    ];
    const answer = await admin.graphql(remove, { metafields: identifiers });
    expect(answer.body.data.metafieldsDelete).toEqual({
      deletedMetafields: [
        {
          ownerId: customerGid(customer.id),
          namespace: `app--${appNumericId("test-api-key")}--loyalty`,
          key: "points",
        },
        null,
      ],
      userErrors: [],
    });
    expect(admin.shop.metafields.size).toBe(0);
    expect(
      (await admin.graphql(remove, { metafields: identifiers })).body.data
        .metafieldsDelete.deletedMetafields,
    ).toEqual([null, null]);
  });

  it("is atomic: one invalid value refuses the whole call with Shopify's userErrors", async () => {
    const admin = createAdminHarness();
    const customer = admin.addCustomer();
    const answer = await admin.graphql(METAFIELDS_SET, {
      metafields: [
        {
          ownerId: customerGid(customer.id),
          namespace: "$app:loyalty",
          key: "points",
          type: "number_integer",
          value: "120",
        },
        {
          ownerId: customerGid(customer.id),
          namespace: "$app:loyalty",
          key: "tier",
          type: "single_line_text_field",
          value: "Gold\nPlus",
        },
        {
          ownerId: "gid://shopify/Customer/999999",
          namespace: "$app:loyalty",
          key: "points",
          type: "number_integer",
          value: "1",
        },
      ],
    });
    expect(answer.body.data.metafieldsSet).toEqual({
      metafields: null,
      userErrors: [
        {
          field: ["metafields", "1", "value"],
          message: "Value must be a single line text string.",
          code: "INVALID_VALUE",
          elementIndex: 1,
        },
        {
          field: ["metafields", "2", "ownerId"],
          message: "Owner does not exist.",
          code: "INVALID",
          elementIndex: 2,
        },
      ],
    });
    expect(admin.shop.metafields.size).toBe(0);
  });

  it("refuses more than 25 metafields in one call", async () => {
    const admin = createAdminHarness();
    const customers = Array.from({ length: 26 }, () => admin.addCustomer());
    const answer = await admin.graphql(METAFIELDS_SET, {
      metafields: customers.map((customer) => ({
        ownerId: customerGid(customer.id),
        namespace: "$app:loyalty",
        key: "points",
        type: "number_integer",
        value: "1",
      })),
    });
    expect(answer.body.data.metafieldsSet.userErrors).toEqual([
      {
        field: ["metafields"],
        message: "Exceeded the maximum metafields input limit of 25.",
        code: "LESS_THAN_OR_EQUAL_TO",
        elementIndex: null,
      },
    ]);
    expect(admin.shop.metafields.size).toBe(0);
  });

  it("honours compareDigest: null means create-only, a stale digest is refused", async () => {
    const admin = createAdminHarness();
    const customer = admin.addCustomer();
    const input = {
      ownerId: customerGid(customer.id),
      namespace: "$app:loyalty",
      key: "points",
      type: "number_integer",
    };
    const created = await admin.graphql(METAFIELDS_SET, {
      metafields: [{ ...input, value: "10", compareDigest: null }],
    });
    const digest = created.body.data.metafieldsSet.metafields[0].compareDigest;

    const createOnlyAgain = await admin.graphql(METAFIELDS_SET, {
      metafields: [{ ...input, value: "20", compareDigest: null }],
    });
    expect(createOnlyAgain.body.data.metafieldsSet.userErrors[0].code).toBe(
      "STALE_OBJECT",
    );

    const fresh = await admin.graphql(METAFIELDS_SET, {
      metafields: [{ ...input, value: "30", compareDigest: digest }],
    });
    expect(fresh.body.data.metafieldsSet.userErrors).toEqual([]);
    const stale = await admin.graphql(METAFIELDS_SET, {
      metafields: [{ ...input, value: "40", compareDigest: digest }],
    });
    expect(stale.body.data.metafieldsSet.userErrors[0].code).toBe(
      "STALE_OBJECT",
    );
    expect([...admin.shop.metafields.values()][0].value).toBe("30");
  });

  it("enforces a metafield definition's type and refuses a duplicate definition with TAKEN", async () => {
    const admin = createAdminHarness();
    const customer = admin.addCustomer();
    const create = `mutation Define($definition: MetafieldDefinitionInput!) {
      metafieldDefinitionCreate(definition: $definition) { createdDefinition { id namespace key type { name } ownerType } userErrors { field message code } }
    }`;
    const definition = {
      name: "Loyalty points",
      namespace: "$app:loyalty",
      key: "points",
      type: "number_integer",
      ownerType: "CUSTOMER",
      access: { storefront: "PUBLIC_READ" },
    };
    const first = await admin.graphql(create, { definition });
    expect(first.body.data.metafieldDefinitionCreate.userErrors).toEqual([]);
    expect(
      first.body.data.metafieldDefinitionCreate.createdDefinition,
    ).toMatchObject({
      key: "points",
      type: { name: "number_integer" },
      ownerType: "CUSTOMER",
    });

    const duplicate = await admin.graphql(create, { definition });
    expect(
      duplicate.body.data.metafieldDefinitionCreate.createdDefinition,
    ).toBeNull();
    expect(duplicate.body.data.metafieldDefinitionCreate.userErrors).toEqual([
      {
        field: ["definition", "key"],
        message: expect.stringContaining("Key is in use"),
        code: "TAKEN",
      },
    ]);

    const wrongType = await admin.graphql(METAFIELDS_SET, {
      metafields: [
        {
          ownerId: customerGid(customer.id),
          namespace: "$app:loyalty",
          key: "points",
          type: "single_line_text_field",
          value: "12",
        },
      ],
    });
    expect(wrongType.body.data.metafieldsSet.userErrors[0].code).toBe(
      "INVALID_TYPE",
    );

    const listed = await admin.graphql(
      `{ metafieldDefinitions(first: 5, ownerType: CUSTOMER, namespace: "$app:loyalty") { nodes { key access { storefront } } } }`,
    );
    expect(listed.body.data.metafieldDefinitions.nodes).toEqual([
      { key: "points", access: { storefront: "PUBLIC_READ" } },
    ]);
  });
});

const BASIC_CREATE = `mutation MintReward($discount: DiscountCodeBasicInput!) {
  discountCodeBasicCreate(basicCodeDiscount: $discount) {
    codeDiscountNode {
      id
      codeDiscount {
        ... on DiscountCodeBasic {
          title status usageLimit appliesOncePerCustomer
          codes(first: 1) { nodes { code } }
          context { ... on DiscountCustomers { customers { id } } }
          customerGets { value { ... on DiscountAmount { amount { amount currencyCode } } } items { ... on AllDiscountItems { allItems } } }
        }
      }
    }
    userErrors { field message code }
  }
}`;

describe("code discounts", () => {
  const rewardInput = (customerId: number, code = "LOYAL-5EUR-1") => ({
    title: "Loyalty reward: 5 EUR off",
    code,
    startsAt: "2026-03-01T12:00:00Z",
    usageLimit: 1,
    appliesOncePerCustomer: true,
    context: { customers: { add: [customerGid(customerId)] } },
    customerGets: {
      value: { discountAmount: { amount: "5.00", appliesOnEachItem: false } },
      items: { all: true },
    },
  });

  it("mints a code restricted to the customer, finds it by code, and refuses the same code twice", async () => {
    const admin = createAdminHarness();
    const customer = admin.addCustomer();
    const created = await admin.graphql(BASIC_CREATE, {
      discount: rewardInput(customer.id),
    });
    expect(created.body.data.discountCodeBasicCreate.userErrors).toEqual([]);
    expect(
      created.body.data.discountCodeBasicCreate.codeDiscountNode.codeDiscount,
    ).toEqual({
      title: "Loyalty reward: 5 EUR off",
      status: "ACTIVE",
      usageLimit: 1,
      appliesOncePerCustomer: true,
      codes: { nodes: [{ code: "LOYAL-5EUR-1" }] },
      context: { customers: [{ id: customerGid(customer.id) }] },
      customerGets: {
        value: { amount: { amount: "5.0", currencyCode: "EUR" } },
        items: { allItems: true },
      },
    });

    const found = await admin.graphql(
      `query ByCode($code: String!) { codeDiscountNodeByCode(code: $code) { id } }`,
      { code: "loyal-5eur-1" },
    );
    expect(found.body.data.codeDiscountNodeByCode.id).toBe(
      created.body.data.discountCodeBasicCreate.codeDiscountNode.id,
    );

    const duplicate = await admin.graphql(BASIC_CREATE, {
      discount: rewardInput(customer.id, "loyal-5eur-1"),
    });
    expect(duplicate.body.data.discountCodeBasicCreate).toEqual({
      codeDiscountNode: null,
      userErrors: [
        {
          field: ["basicCodeDiscount", "code"],
          message: "Code must be unique. Please try a different code.",
          code: "TAKEN",
        },
      ],
    });
    expect(admin.shop.discounts.size).toBe(1);
  });

  it("refuses an unknown customer in the context and a percentage above 100%", async () => {
    const admin = createAdminHarness();
    const input = {
      ...rewardInput(424242),
      customerGets: { value: { percentage: 1.5 }, items: { all: true } },
    };
    const answer = await admin.graphql(BASIC_CREATE, { discount: input });
    expect(
      answer.body.data.discountCodeBasicCreate.userErrors.map(
        (error: { code: string; field: string[] }) => [
          error.code,
          error.field.join("."),
        ],
      ),
    ).toEqual([
      ["INVALID", "basicCodeDiscount.context.customers.add.0"],
      [
        "VALUE_OUTSIDE_RANGE",
        "basicCodeDiscount.customerGets.value.percentage",
      ],
    ]);
    expect(admin.shop.discounts.size).toBe(0);
  });

  it("creates free-shipping and buy-x-get-y codes, deactivates and deletes them", async () => {
    const admin = createAdminHarness();
    const customer = admin.addCustomer();
    const freeShipping = await admin.graphql(
      `mutation F($d: DiscountCodeFreeShippingInput!) { discountCodeFreeShippingCreate(freeShippingCodeDiscount: $d) { codeDiscountNode { id codeDiscount { ... on DiscountCodeFreeShipping { destinationSelection { ... on DiscountCountryAll { allCountries } } } } } userErrors { code } } }`,
      {
        d: {
          title: "Free shipping",
          code: "SHIP-1",
          startsAt: "2026-03-01T00:00:00Z",
          usageLimit: 1,
          context: { customers: { add: [customerGid(customer.id)] } },
          destination: { all: true },
        },
      },
    );
    expect(
      freeShipping.body.data.discountCodeFreeShippingCreate.codeDiscountNode
        .codeDiscount.destinationSelection,
    ).toEqual({ allCountries: true });

    const bxgy = await admin.graphql(
      `mutation B($d: DiscountCodeBxgyInput!) { discountCodeBxgyCreate(bxgyCodeDiscount: $d) { codeDiscountNode { id } userErrors { field code } } }`,
      {
        d: {
          title: "Free mug",
          code: "MUG-1",
          startsAt: "2026-03-01T00:00:00Z",
          customerBuys: { value: { quantity: "1" }, items: { all: true } },
          customerGets: {
            value: {
              discountOnQuantity: { quantity: "1", effect: { percentage: 1 } },
            },
            items: { all: true },
          },
        },
      },
    );
    expect(bxgy.body.data.discountCodeBxgyCreate.userErrors).toEqual([]);

    const id =
      freeShipping.body.data.discountCodeFreeShippingCreate.codeDiscountNode.id;
    admin.advance(60_000);
    const deactivated = await admin.graphql(
      `mutation D($id: ID!) { discountCodeDeactivate(id: $id) { codeDiscountNode { codeDiscount { ... on DiscountCodeFreeShipping { status endsAt } } } userErrors { code } } }`,
      { id },
    );
    expect(
      deactivated.body.data.discountCodeDeactivate.codeDiscountNode
        .codeDiscount,
    ).toEqual({ status: "EXPIRED", endsAt: "2026-03-01T12:01:00Z" });

    const deleted = await admin.graphql(
      `mutation X($id: ID!) { discountCodeDelete(id: $id) { deletedCodeDiscountId userErrors { code } } }`,
      { id },
    );
    expect(deleted.body.data.discountCodeDelete).toEqual({
      deletedCodeDiscountId: id,
      userErrors: [],
    });
    const gone = await admin.graphql(
      `{ codeDiscountNodeByCode(code: "SHIP-1") { id } }`,
    );
    expect(gone.body.data.codeDiscountNodeByCode).toBeNull();
  });
});

describe("gift cards and tags", () => {
  it("creates a gift card with the 2026-07 initialAmount input and returns its code once", async () => {
    const admin = createAdminHarness();
    grantOptionalScopes(admin.ctx.config, admin.shop, ["write_gift_cards"]);
    const customer = admin.addCustomer();
    const answer = await admin.graphql(
      `mutation G($input: GiftCardCreateInput!) { giftCardCreate(input: $input) { giftCard { id initialValue { amount currencyCode } balance { amount } lastCharacters customer { id } } giftCardCode userErrors { field code } } }`,
      {
        input: {
          initialAmount: { amount: "10.00", currencyCode: "EUR" },
          customerId: customerGid(customer.id),
          note: "Loyalty reward",
        },
      },
    );
    const payload = answer.body.data.giftCardCreate;
    expect(payload.userErrors).toEqual([]);
    expect(payload.giftCard).toMatchObject({
      initialValue: { amount: "10.0", currencyCode: "EUR" },
      balance: { amount: "10.0" },
      customer: { id: customerGid(customer.id) },
    });
    expect(payload.giftCardCode).toHaveLength(16);
    expect(payload.giftCard.lastCharacters).toBe(
      payload.giftCardCode.slice(-4),
    );

    const wrongCurrency = await admin.graphql(
      `mutation G($input: GiftCardCreateInput!) { giftCardCreate(input: $input) { giftCard { id } userErrors { field code } } }`,
      {
        input: { initialAmount: { amount: "10.00", currencyCode: "USD" } },
      },
    );
    expect(wrongCurrency.body.data.giftCardCreate.userErrors).toEqual([
      { field: ["input", "initialAmount", "currencyCode"], code: "INVALID" },
    ]);
    expect(admin.shop.giftCards.size).toBe(1);
  });

  it("adds and removes customer tags case-insensitively", async () => {
    const admin = createAdminHarness();
    const customer = admin.addCustomer({ tags: ["VIP"] });
    const add = await admin.graphql(
      `mutation A($id: ID!, $tags: [String!]!) { tagsAdd(id: $id, tags: $tags) { node { ... on Customer { tags } } userErrors { message } } }`,
      {
        id: customerGid(customer.id),
        tags: ["vip", "loyalty-gold, newsletter"],
      },
    );
    expect(add.body.data.tagsAdd).toEqual({
      node: { tags: ["VIP", "loyalty-gold", "newsletter"] },
      userErrors: [],
    });
    const remove = await admin.graphql(
      `mutation R($id: ID!) { tagsRemove(id: $id, tags: ["LOYALTY-GOLD"]) { node { ... on Customer { tags } } userErrors { message } } }`,
      {
        id: customerGid(customer.id),
      },
    );
    expect(remove.body.data.tagsRemove.node.tags).toEqual([
      "VIP",
      "newsletter",
    ]);
  });
});

describe("orders", () => {
  it("filters by updated_at, pages with cursors and answers money as MoneyBags", async () => {
    const admin = createAdminHarness();
    const customer = admin.addCustomer();
    const old = admin.addOrder({ updatedAt: "2026-01-10T00:00:00Z" });
    const line = {
      id: 1,
      productId: null,
      variantId: null,
      title: "Mug",
      variantTitle: "Blue",
      sku: "MUG-B",
      quantity: 2,
      price: "12.50",
      giftCard: false,
      taxable: true,
      taxLines: [{ title: "TVA", rate: 0.2, price: "4.17" }],
      discountAllocations: [{ amount: "5.00", discountApplicationIndex: 0 }],
    };
    const orders = [1, 2, 3].map((n) =>
      admin.addOrder({
        customerId: customer.id,
        updatedAt: `2026-02-0${n}T00:00:00Z`,
        presentmentCurrency: "USD",
        presentmentRate: 1.1,
        lineItems: [{ ...line, id: 100 + n }],
        discountApplications: [
          {
            type: "discount_code",
            code: "LOYAL-1",
            title: "LOYAL-1",
            valueType: "fixed_amount",
            value: "5.0",
            allocationMethod: "across",
            targetSelection: "all",
            targetType: "line_item",
          },
        ],
        discountCodes: [
          { code: "LOYAL-1", amount: "5.00", type: "fixed_amount" },
        ],
        shippingLines: [
          { id: 200 + n, title: "Standard", price: "4.90", taxLines: [] },
        ],
        transactions: [
          {
            id: 300 + n,
            kind: "sale",
            status: "success",
            amount: "24.90",
            gateway: "bogus",
            createdAt: "2026-02-01T00:00:00Z",
          },
        ],
      }),
    );
    const query = `query Recent($after: String) {
      orders(first: 2, after: $after, sortKey: UPDATED_AT, query: "updated_at:>'2026-02-01T00:00:00Z' OR updated_at:'2026-02-01'") {
        edges { cursor node { id name discountCodes customer { id } totalPriceSet { shopMoney { amount currencyCode } presentmentMoney { amount currencyCode } }
          subtotalPriceSet { shopMoney { amount } } totalDiscountsSet { shopMoney { amount } }
          lineItems(first: 5) { nodes { name quantity originalUnitPriceSet { shopMoney { amount } } discountAllocations { allocatedAmountSet { shopMoney { amount } } discountApplication { ... on DiscountCodeApplication { code } } } } } } }
        pageInfo { hasNextPage endCursor }
      }
    }`;
    const first = await admin.graphql(query);
    const page1 = first.body.data.orders;
    expect(
      page1.edges.map((edge: { node: { id: string } }) => edge.node.id),
    ).toEqual(
      [orders[0].id, orders[1].id].map((id) => `gid://shopify/Order/${id}`),
    );
    expect(page1.pageInfo.hasNextPage).toBe(true);
    expect(page1.edges[0].node).toMatchObject({
      discountCodes: ["LOYAL-1"],
      customer: { id: customerGid(customer.id) },
      totalPriceSet: {
        shopMoney: { amount: "24.9", currencyCode: "EUR" },
        presentmentMoney: { amount: "27.39", currencyCode: "USD" },
      },
      subtotalPriceSet: { shopMoney: { amount: "20.0" } },
      totalDiscountsSet: { shopMoney: { amount: "5.0" } },
      lineItems: {
        nodes: [
          {
            name: "Mug - Blue",
            quantity: 2,
            originalUnitPriceSet: { shopMoney: { amount: "12.5" } },
            discountAllocations: [
              {
                allocatedAmountSet: { shopMoney: { amount: "5.0" } },
                discountApplication: { code: "LOYAL-1" },
              },
            ],
          },
        ],
      },
    });

    const second = await admin.graphql(query, {
      after: page1.pageInfo.endCursor,
    });
    expect(
      second.body.data.orders.edges.map(
        (edge: { node: { id: string } }) => edge.node.id,
      ),
    ).toEqual([`gid://shopify/Order/${orders[2].id}`]);
    expect(second.body.data.orders.pageInfo.hasNextPage).toBe(false);
    expect(JSON.stringify(second.body)).not.toContain(`Order/${old.id}"`);
  });
});
