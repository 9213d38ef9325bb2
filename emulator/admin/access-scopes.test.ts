import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { describe, expect, it } from "vitest";

import {
  grantOptionalScopes,
  revokeOptionalScopes,
  ROOT_FIELD_SCOPES,
} from "./access-scopes";
import { rootResolvers } from "./resolvers";
import { createAdminHarness } from "./testing";

const DAY_MS = 86_400_000;

const GIFT_CARD_CREATE = `mutation GiftCardCreate($input: GiftCardCreateInput!) {
  giftCardCreate(input: $input) { giftCard { id enabled } userErrors { field code } }
}`;
const GIFT_CARD_DEACTIVATE = `mutation GiftCardDeactivate($id: ID!) {
  giftCardDeactivate(id: $id) { giftCard { id enabled deactivatedAt } userErrors { field code message } }
}`;
const SCOPES = `query FetchAccessScopes { app { requestedAccessScopes { handle } optionalAccessScopes { handle } installation { accessScopes { handle } } } }`;

function tomlWith(accessScopes: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "emulator-scopes-"));
  const file = path.join(dir, "shopify.app.toml");
  fs.writeFileSync(file, `client_id = "x"\n[access_scopes]\n${accessScopes}\n`);
  return file;
}

describe("access scopes on every Admin API operation", () => {
  it("knows the scope of every root field it serves", () => {
    for (const [type, fields] of Object.entries(rootResolvers))
      for (const field of Object.keys(fields))
        expect(ROOT_FIELD_SCOPES[type]?.[field], `${type}.${field}`).toBeTypeOf(
          "function",
        );
  });

  it("refuses giftCardCreate without write_gift_cards with Shopify's ACCESS_DENIED, and creates nothing", async () => {
    const admin = createAdminHarness();
    const answer = await admin.graphql(GIFT_CARD_CREATE, {
      input: { initialAmount: { amount: "10.00", currencyCode: "EUR" } },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.data).toEqual({ giftCardCreate: null });
    expect(answer.body.errors).toEqual([
      {
        message:
          "Access denied for giftCardCreate field. Required access: `write_gift_cards` access scope.",
        locations: [{ line: 2, column: 3 }],
        path: ["giftCardCreate"],
        extensions: {
          code: "ACCESS_DENIED",
          documentation: "https://shopify.dev/api/usage/access-scopes",
          requiredAccess: "`write_gift_cards` access scope.",
        },
      },
    ]);
    expect(admin.shop.giftCards.size).toBe(0);
    expect(admin.ctx.adminCalls.at(-1)?.errors).toEqual(["ACCESS_DENIED"]);
  });

  it("grants an optional scope on request; giftCardDeactivate then switches the card off for good", async () => {
    const admin = createAdminHarness();
    expect(
      grantOptionalScopes(admin.ctx.config, admin.shop, ["write_everything"])
        .undeclared,
    ).toEqual(["write_everything"]);
    grantOptionalScopes(admin.ctx.config, admin.shop, ["write_gift_cards"]);
    const scopes = await admin.graphql(SCOPES);
    const handles = (list: { handle: string }[]) => list.map((s) => s.handle);
    expect(handles(scopes.body.data.app.optionalAccessScopes)).toEqual([
      "write_gift_cards",
      "read_all_orders",
    ]);
    expect(handles(scopes.body.data.app.installation.accessScopes)).toContain(
      "write_gift_cards",
    );
    expect(handles(scopes.body.data.app.requestedAccessScopes)).not.toContain(
      "write_gift_cards",
    );

    const created = await admin.graphql(GIFT_CARD_CREATE, {
      input: { initialAmount: { amount: "10.00", currencyCode: "EUR" } },
    });
    const id = created.body.data.giftCardCreate.giftCard.id;
    admin.advance(60_000);
    const off = await admin.graphql(GIFT_CARD_DEACTIVATE, { id });
    expect(off.body.data.giftCardDeactivate).toEqual({
      giftCard: {
        id,
        enabled: false,
        deactivatedAt: admin
          .now()
          .toISOString()
          .replace(/\.\d{3}Z$/, "Z"),
      },
      userErrors: [],
    });
    const again = await admin.graphql(GIFT_CARD_DEACTIVATE, { id });
    expect(again.body.data.giftCardDeactivate.giftCard.enabled).toBe(false);
    const missing = await admin.graphql(GIFT_CARD_DEACTIVATE, {
      id: "gid://shopify/GiftCard/1",
    });
    expect(missing.body.data.giftCardDeactivate.userErrors).toEqual([
      {
        field: ["id"],
        code: "GIFT_CARD_NOT_FOUND",
        message: "Gift card does not exist",
      },
    ]);

    // The merchant takes the scope back: the next call is refused again.
    revokeOptionalScopes(admin.ctx.config, admin.shop, ["write_gift_cards"]);
    const refused = await admin.graphql(GIFT_CARD_DEACTIVATE, { id });
    expect(refused.body.errors[0].extensions.code).toBe("ACCESS_DENIED");
  });

  it("checks queries and owner-dependent mutations too, against the toml's scopes", async () => {
    const admin = createAdminHarness({
      config: { appTomlPath: tomlWith(`scopes = "read_orders"`) },
    });
    const customer = admin.addCustomer();
    const read = await admin.graphql(
      `query Customers { customers(first: 1) { nodes { id } } }`,
    );
    expect(read.body.data).toBeNull();
    expect(read.body.errors[0]).toMatchObject({
      message:
        "Access denied for customers field. Required access: `read_customers` access scope.",
      extensions: { code: "ACCESS_DENIED" },
    });
    const write = await admin.graphql(
      `mutation Tag($id: ID!) { tagsAdd(id: $id, tags: ["vip"]) { userErrors { message } } }`,
      { id: `gid://shopify/Customer/${customer.id}` },
    );
    expect(write.body.errors[0].extensions.requiredAccess).toBe(
      "`write_customers` access scope.",
    );
    expect(customer.tags).toEqual([]);
    const shop = await admin.graphql(`query Shop { shop { name } }`);
    expect(shop.body.errors).toBeUndefined();
  });
});

describe("shopLocales", () => {
  const SHOP_LOCALES = `query ShopLocales { shopLocales { locale primary published } }`;

  it("answers the primary locale first, then the published ones, with read_locales", async () => {
    const admin = createAdminHarness({
      config: { appTomlPath: tomlWith(`scopes = "read_locales"`) },
    });
    const answer = await admin.graphql(SHOP_LOCALES);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.shopLocales).toEqual([
      { locale: "fr", primary: true, published: true },
      { locale: "en", primary: false, published: true },
    ]);
  });

  it("accepts read_markets_home instead, as Shopify does", async () => {
    const admin = createAdminHarness({
      config: { appTomlPath: tomlWith(`scopes = "read_markets_home"`) },
    });
    const answer = await admin.graphql(SHOP_LOCALES);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.shopLocales[0].locale).toBe("fr");
  });

  it("is refused with ACCESS_DENIED without read_locales", async () => {
    const admin = createAdminHarness({
      config: { appTomlPath: tomlWith(`scopes = "read_orders"`) },
    });
    const answer = await admin.graphql(SHOP_LOCALES);
    expect(answer.body.data).toBeNull();
    expect(answer.body.errors[0]).toMatchObject({
      message:
        "Access denied for shopLocales field. Required access: `read_locales` access scope.",
      extensions: { code: "ACCESS_DENIED" },
    });
  });
});

describe("orders older than 60 days", () => {
  it("are absent without read_all_orders, by the emulator's clock, and present with it", async () => {
    const admin = createAdminHarness();
    const recent = admin.addOrder({
      createdAt: new Date(admin.now().getTime() - 59 * DAY_MS).toISOString(),
    });
    const old = admin.addOrder({
      createdAt: new Date(admin.now().getTime() - 61 * DAY_MS).toISOString(),
    });
    const ids = async () => {
      const answer = await admin.graphql(
        `query Orders { orders(first: 10) { nodes { id } } }`,
      );
      return answer.body.data.orders.nodes.map(
        (node: { id: string }) => node.id,
      );
    };
    const gidOf = (id: number) => `gid://shopify/Order/${id}`;
    expect(await ids()).toEqual([gidOf(recent.id)]);
    const one = await admin.graphql(
      `query O($id: ID!) { order(id: $id) { id } }`,
      {
        id: gidOf(old.id),
      },
    );
    expect(one.body).toMatchObject({ data: { order: null } });
    expect(one.body.errors).toBeUndefined();

    admin.advance(2 * DAY_MS);
    expect(await ids()).toEqual([]);

    grantOptionalScopes(admin.ctx.config, admin.shop, ["read_all_orders"]);
    expect((await ids()).sort()).toEqual(
      [gidOf(recent.id), gidOf(old.id)].sort(),
    );
  });
});
