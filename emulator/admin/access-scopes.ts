import { readFileSync, statSync } from "node:fs";

import { GraphQLError } from "graphql";
import { parse } from "smol-toml";

import type { EmulatorConfig } from "../context";
import type { ShopState } from "../state";
import { type Args, parseGid } from "./resolvers/support";

/**
 * Access scopes, as Shopify enforces them: every root field of the Admin API needs a scope, the
 * merchant grants the app's required scopes at install and its optional ones on request
 * (`shopify.scopes.request`), and a field the granted scopes do not cover answers ACCESS_DENIED
 * with the scope it needs (https://shopify.dev/docs/api/usage/access-scopes).
 *
 * The vendored introspection carries no scope information, so ROOT_FIELD_SCOPES says what each root
 * field the emulator serves needs, from the field's reference page. A served root field without an
 * entry is refused as an emulator bug (access-scopes.test.ts checks every one has its entry).
 */

export interface AppScopes {
  /** `[access_scopes] scopes`: granted at install. */
  required: string[];
  /** `[access_scopes] optional_scopes`: granted only when the app requests them and the merchant accepts. */
  optional: string[];
}

const NO_SCOPES: AppScopes = { required: [], optional: [] };
const cache = new Map<string, { mtimeMs: number; scopes: AppScopes }>();

/** The app's declared scopes, re-read whenever shopify.app.toml changes. */
export function appScopes(config: Pick<EmulatorConfig, "appTomlPath">) {
  let mtimeMs: number;
  try {
    mtimeMs = statSync(config.appTomlPath).mtimeMs;
  } catch {
    // No toml (unit tests): declare nothing rather than invent scopes.
    return NO_SCOPES;
  }
  const cached = cache.get(config.appTomlPath);
  if (cached && cached.mtimeMs === mtimeMs) return cached.scopes;
  const toml = parse(readFileSync(config.appTomlPath, "utf8")) as {
    access_scopes?: { scopes?: unknown; optional_scopes?: unknown };
  };
  const scopes = {
    required: scopeList(toml.access_scopes?.scopes),
    optional: scopeList(toml.access_scopes?.optional_scopes),
  };
  cache.set(config.appTomlPath, { mtimeMs, scopes });
  return scopes;
}

function scopeList(value: unknown): string[] {
  const items =
    typeof value === "string"
      ? value.split(",")
      : Array.isArray(value)
        ? value.filter((item): item is string => typeof item === "string")
        : [];
  return [...new Set(items.map((scope) => scope.trim()).filter(Boolean))];
}

/** What the merchant granted this shop: the required scopes, plus optional ones accepted since. */
export function grantedScopesOf(
  config: Pick<EmulatorConfig, "appTomlPath">,
  shop: ShopState,
): string[] {
  return shop.shop.grantedScopes ?? appScopes(config).required;
}

/**
 * The merchant accepts optional scopes (the grant screen `shopify.scopes.request` opens). Only
 * scopes the app declares can be granted, as on Shopify; returns the scopes now granted.
 */
export function grantOptionalScopes(
  config: Pick<EmulatorConfig, "appTomlPath">,
  shop: ShopState,
  scopes: string[],
): { granted: string[]; undeclared: string[] } {
  const declared = appScopes(config);
  const known = new Set([...declared.required, ...declared.optional]);
  const undeclared = scopes.filter((scope) => !known.has(scope));
  if (undeclared.length > 0)
    return { granted: grantedScopesOf(config, shop), undeclared };
  const granted = [
    ...new Set([...grantedScopesOf(config, shop), ...scopes]),
  ].sort();
  shop.shop.grantedScopes = granted;
  return { granted, undeclared: [] };
}

/** `appRevokeAccessScopes`, or the merchant removing an optional scope: required scopes stay. */
export function revokeOptionalScopes(
  config: Pick<EmulatorConfig, "appTomlPath">,
  shop: ShopState,
  scopes: string[],
): string[] {
  const required = new Set(appScopes(config).required);
  const kept = grantedScopesOf(config, shop).filter(
    (scope) => required.has(scope) || !scopes.includes(scope),
  );
  shop.shop.grantedScopes = kept;
  return kept;
}

/** `write_x` implies `read_x` (https://shopify.dev/docs/api/usage/access-scopes). */
export function hasScope(granted: readonly string[], needed: string): boolean {
  if (granted.includes(needed)) return true;
  return (
    needed.startsWith("read_") &&
    granted.includes(`write_${needed.slice("read_".length)}`)
  );
}

/** The scope that reads (or writes) the resource a gid names, for fields that act on any owner. */
const RESOURCE_SCOPES: Record<string, string> = {
  Customer: "customers",
  Order: "orders",
  DraftOrder: "draft_orders",
  Product: "products",
  ProductVariant: "products",
  Collection: "products",
  DiscountCodeNode: "discounts",
  DiscountAutomaticNode: "discounts",
  GiftCard: "gift_cards",
  MetafieldDefinition: "",
  Shop: "",
  AppInstallation: "",
};

const OWNER_TYPE_RESOURCES: Record<string, string> = {
  CUSTOMER: "customers",
  ORDER: "orders",
  PRODUCT: "products",
  PRODUCTVARIANT: "products",
  COLLECTION: "products",
  SHOP: "",
};

function scopesForGids(action: "read" | "write", ids: unknown[]): string[] {
  const needed = new Set<string>();
  for (const id of ids) {
    const type = parseGid(id)?.type;
    const resource = type === undefined ? undefined : RESOURCE_SCOPES[type];
    if (resource) needed.add(`${action}_${resource}`);
  }
  return [...needed];
}

function scopeForOwnerType(action: "read" | "write", ownerType: unknown) {
  const resource =
    typeof ownerType === "string" ? OWNER_TYPE_RESOURCES[ownerType] : undefined;
  return resource ? [`${action}_${resource}`] : [];
}

type ScopeRule = (args: Args, granted: readonly string[]) => string[];
const needs =
  (...scopes: string[]): ScopeRule =>
  () =>
    scopes;

/** What each served root field needs. Every listed scope is required. */
export const ROOT_FIELD_SCOPES: Record<string, Record<string, ScopeRule>> = {
  QueryRoot: {
    shop: needs(),
    app: needs(),
    currentAppInstallation: needs(),
    customer: needs("read_customers"),
    customers: needs("read_customers"),
    // Orders older than 60 days also need read_all_orders; without it they are simply not there
    // (resolvers/orders.ts), as on Shopify.
    order: needs("read_orders"),
    orders: needs("read_orders"),
    product: needs("read_products"),
    products: needs("read_products"),
    collection: needs("read_products"),
    metafieldDefinitions: (args) => scopeForOwnerType("read", args.ownerType),
    metafieldDefinition: (args) =>
      scopeForOwnerType("read", args.identifier?.ownerType),
    codeDiscountNodeByCode: needs("read_discounts"),
    codeDiscountNode: needs("read_discounts"),
    giftCard: needs("read_gift_cards"),
    // Shopify: "Requires read_locales access scope or read_markets_home access scope".
    shopLocales: (_args, granted) =>
      hasScope(granted, "read_markets_home") ? [] : ["read_locales"],
    node: (args) => scopesForGids("read", [args.id]),
    nodes: (args) =>
      scopesForGids("read", Array.isArray(args.ids) ? args.ids : []),
  },
  Mutation: {
    tagsAdd: (args) => scopesForGids("write", [args.id]),
    tagsRemove: (args) => scopesForGids("write", [args.id]),
    metafieldsSet: (args) =>
      scopesForGids(
        "write",
        (Array.isArray(args.metafields) ? args.metafields : []).map(
          (metafield: { ownerId?: unknown }) => metafield.ownerId,
        ),
      ),
    metafieldsDelete: (args) =>
      scopesForGids(
        "write",
        (Array.isArray(args.metafields) ? args.metafields : []).map(
          (metafield: { ownerId?: unknown }) => metafield.ownerId,
        ),
      ),
    metafieldDefinitionCreate: (args) =>
      scopeForOwnerType("write", args.definition?.ownerType),
    discountCodeBasicCreate: needs("write_discounts"),
    discountCodeFreeShippingCreate: needs("write_discounts"),
    discountCodeBxgyCreate: needs("write_discounts"),
    discountCodeDeactivate: needs("write_discounts"),
    discountCodeDelete: needs("write_discounts"),
    giftCardCreate: needs("write_gift_cards"),
    giftCardDeactivate: needs("write_gift_cards"),
  },
};

export const ACCESS_SCOPES_DOC = "https://shopify.dev/api/usage/access-scopes";

/**
 * Throws Shopify's ACCESS_DENIED for a root field the granted scopes do not cover. graphql-js adds
 * `locations` and `path` and nulls the field, as Shopify's answer has them:
 * `Access denied for giftCardCreate field. Required access: \`write_gift_cards\` access scope.`
 */
export function assertRootFieldAllowed(
  parentType: string,
  fieldName: string,
  args: Args,
  granted: readonly string[],
): void {
  const rule = ROOT_FIELD_SCOPES[parentType]?.[fieldName];
  if (!rule)
    throw new GraphQLError(
      `The local Shopify emulator does not know which access scope ${parentType}.${fieldName} needs: add it to ROOT_FIELD_SCOPES in emulator/admin/access-scopes.ts.`,
      { extensions: { code: "NOT_IMPLEMENTED_IN_EMULATOR" } },
    );
  const missing = rule(args, granted).filter(
    (scope) => !hasScope(granted, scope),
  );
  if (missing.length === 0) return;
  const requiredAccess = `${missing.map((scope) => `\`${scope}\``).join(", ")} access scope${missing.length > 1 ? "s" : ""}.`;
  throw new GraphQLError(
    `Access denied for ${fieldName} field. Required access: ${requiredAccess}`,
    {
      extensions: {
        code: "ACCESS_DENIED",
        documentation: ACCESS_SCOPES_DOC,
        requiredAccess,
      },
    },
  );
}
