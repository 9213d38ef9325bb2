import { GraphQLError, type GraphQLResolveInfo } from "graphql";

import type { EmulatorContext } from "../../context";
import type { Money, ShopState } from "../../state";

/** What every resolver gets: the emulator, the shop the request is for, and the request's clock. */
export interface AdminRequestContext {
  ctx: EmulatorContext;
  shop: ShopState;
  now: Date;
  /** The access scopes the shop granted the app (emulator/admin/access-scopes.ts). */
  grantedScopes: string[];
  /** Shopify reports ignored search terms in `extensions.search`; resolvers add them here. */
  searchWarnings: SearchReport[];
  /**
   * The object a global id names, as a view, or null (nodes.ts `viewNode`, bound by graphql.ts). A
   * resolver reaches another type through this, never by importing nodes.ts or a sibling that links
   * back: nodes.ts imports every view, so such an import would close a ring of modules.
   */
  viewNode(id: string): View | null;
}

export interface SearchReport {
  path: (string | number)[];
  query: string;
  parsed: Record<string, unknown>;
  warnings: { field: string; message: string; code: string }[];
}

// Resolvers receive GraphQL's untyped sources and args; each module narrows what it reads.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Args = Record<string, any>;
export type FieldResolver = (
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  source: any,
  args: Args,
  rc: AdminRequestContext,
  info: GraphQLResolveInfo,
) => unknown;
export type ResolverMap = Record<string, Record<string, FieldResolver>>;

/**
 * A view is what a resolver returns for an object type: plain values for argument-less fields and
 * functions `(args, rc, info)` for fields with arguments or worth computing lazily. A field the view
 * does not carry is reported as not implemented, never answered with a silent null.
 */
export type View = { __typename: string } & Record<string, unknown>;

export function gidOf(type: string, id: number | string): string {
  return `gid://shopify/${type}/${id}`;
}

/** Parses `gid://shopify/Type/123` (query strings such as `?cart=...` are ignored, as Shopify does). */
export function parseGid(value: unknown): { type: string; id: number } | null {
  if (typeof value !== "string") return null;
  const match = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)(?:\?.*)?$/.exec(value);
  return match ? { type: match[1], id: Number(match[2]) } : null;
}

export function requireGid(
  value: unknown,
  argumentName = "id",
): { type: string; id: number } {
  const parsed = parseGid(value);
  if (!parsed) {
    throw new GraphQLError(`Invalid global id '${String(value)}'`, {
      extensions: { code: "argumentLiteralsIncompatible", argumentName },
    });
  }
  return parsed;
}

export function notImplemented(what: string): GraphQLError {
  return new GraphQLError(
    `${what} is valid in Shopify's Admin API 2026-07 but not implemented by the local Shopify emulator. Add it in emulator/admin/resolvers/ if the app needs it.`,
    { extensions: { code: "NOT_IMPLEMENTED_IN_EMULATOR" } },
  );
}

// ---------------------------------------------------------------------------------------------
// Money. Amounts are decimal strings in state; arithmetic runs on integer ten-thousandths so that
// sums of prices and tax never pick up float noise.

const UNITS = 10_000;

export function toUnits(amount: Money | number | null | undefined): number {
  if (amount === null || amount === undefined || amount === "") return 0;
  if (typeof amount === "number") return Math.round(amount * UNITS);
  const match = /^(-)?(\d*)(?:\.(\d*))?$/.exec(amount.trim());
  if (!match) return Math.round(Number(amount) * UNITS);
  const whole = Number(match[2] || "0");
  const fraction = Number(((match[3] ?? "") + "0000").slice(0, 4));
  return (match[1] ? -1 : 1) * (whole * UNITS + fraction);
}

/** Shopify's Decimal output: no trailing zeros beyond one decimal ("10.0", "12.5", "29.99"). */
export function formatUnits(units: number): string {
  const negative = units < 0;
  const abs = Math.abs(Math.round(units));
  const whole = Math.floor(abs / UNITS);
  let fraction = String(abs % UNITS)
    .padStart(4, "0")
    .replace(/0+$/, "");
  if (fraction === "") fraction = "0";
  return `${negative && abs !== 0 ? "-" : ""}${whole}.${fraction}`;
}

export function formatDecimal(amount: Money | number): string {
  return formatUnits(toUnits(amount));
}

export function moneyV2(units: number, currencyCode: string): View {
  return { __typename: "MoneyV2", amount: formatUnits(units), currencyCode };
}

/** Shop money as stored; presentment money converted at the order's rate and rounded to cents. */
export function moneyBag(
  units: number,
  shopCurrency: string,
  presentmentCurrency = shopCurrency,
  rate = 1,
): View {
  const presentment =
    rate === 1 ? units : Math.round((units * rate) / 100) * 100;
  return {
    __typename: "MoneyBag",
    shopMoney: moneyV2(units, shopCurrency),
    presentmentMoney: moneyV2(presentment, presentmentCurrency),
  };
}

// ---------------------------------------------------------------------------------------------
// Connections (Relay-style, as Shopify serves them).

export interface PageArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
  reverse?: boolean | null;
}

/** Shopify's ceiling on `first`/`last` for every Admin connection. */
export const MAX_PAGE_SIZE = 250;

export function encodeCursor(id: number, value: unknown): string {
  return Buffer.from(
    JSON.stringify({ last_id: id, last_value: value ?? id }),
  ).toString("base64");
}

function decodeCursor(cursor: string): number | null {
  try {
    const parsed = JSON.parse(
      Buffer.from(cursor, "base64").toString("utf8"),
    ) as { last_id?: unknown };
    return typeof parsed.last_id === "number" ? parsed.last_id : null;
  } catch {
    return null;
  }
}

export function requirePageSize(args: PageArgs): void {
  if (args.first == null && args.last == null) {
    throw new GraphQLError("you must provide one of first or last", {
      extensions: { code: "BAD_REQUEST" },
    });
  }
  for (const name of ["first", "last"] as const) {
    const size = args[name];
    if (size != null && (size < 0 || size > MAX_PAGE_SIZE)) {
      throw new GraphQLError(
        `The value of \`${name}\` must be between 0 and ${MAX_PAGE_SIZE} (got ${size}).`,
        {
          extensions: { code: "BAD_REQUEST" },
        },
      );
    }
  }
}

/**
 * Slices already-sorted items the way Relay connections do. `id` identifies an item for cursors;
 * `sortValue` is what the cursor carries besides it (Shopify's cursors hold both).
 */
export function connection<T>(
  items: T[],
  args: PageArgs,
  key: (item: T) => { id: number; sortValue?: unknown },
  toNode: (item: T) => View,
  typeName: string,
): View {
  requirePageSize(args);
  const all = args.reverse ? [...items].reverse() : items;
  const indexOf = (cursor: string) => {
    const id = decodeCursor(cursor);
    if (id === null)
      throw new GraphQLError(`Invalid cursor '${cursor}'`, {
        extensions: { code: "BAD_REQUEST" },
      });
    return all.findIndex((item) => key(item).id === id);
  };
  let start = 0;
  let end = all.length;
  if (args.after) {
    const index = indexOf(args.after);
    start = index === -1 ? all.length : index + 1;
  }
  if (args.before) {
    const index = indexOf(args.before);
    if (index !== -1) end = Math.max(start, index);
  }
  const window = all.slice(start, end);
  let list = window;
  let hasNextPage = end < all.length;
  let hasPreviousPage = start > 0;
  if (args.first != null) {
    list = window.slice(0, args.first);
    hasNextPage = hasNextPage || window.length > args.first;
  } else if (args.last != null) {
    list = window.slice(Math.max(0, window.length - args.last));
    hasPreviousPage = hasPreviousPage || window.length > args.last;
  }
  const edges = list.map((item) => {
    const k = key(item);
    return {
      __typename: `${typeName}Edge`,
      cursor: encodeCursor(k.id, k.sortValue),
      node: toNode(item),
    };
  });
  return {
    __typename: `${typeName}Connection`,
    edges,
    nodes: edges.map((edge) => edge.node),
    pageInfo: {
      __typename: "PageInfo",
      hasNextPage,
      hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}

/** Fields such as `Order.refunds(first:)` are plain lists with an optional cap. */
export function firstOf<T>(items: T[], first: number | null | undefined): T[] {
  return first == null ? items : items.slice(0, first);
}

export function userError(
  field: (string | number)[] | null,
  message: string,
  code?: string | null,
  extra: Record<string, unknown> = {},
): View {
  return {
    __typename: "UserError",
    field: field ? field.map(String) : null,
    message,
    ...(code !== undefined ? { code } : {}),
    ...extra,
  };
}

export function nowIso(rc: AdminRequestContext): string {
  return rc.now.toISOString().replace(/\.\d{3}Z$/, "Z");
}

export function toIsoSeconds(value: string | null): string | null {
  if (value === null) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime())
    ? value
    : date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * Orders items by a `sortKey` argument. A sort key the emulator does not know is refused rather
 * than silently answered in another order.
 */
export function sortByKey<T>(
  items: T[],
  sortKey: string | null | undefined,
  keys: Record<string, (item: T) => string | number | null>,
  what: string,
): { items: T[]; valueOf: (item: T) => unknown } {
  const key = sortKey ?? "ID";
  const get = keys[key];
  if (!get) throw notImplemented(`Sorting ${what} by ${key}`);
  const sorted = [...items].sort((a, b) => {
    const left = get(a);
    const right = get(b);
    if (left === right) return 0;
    if (left === null) return 1;
    if (right === null) return -1;
    return left < right ? -1 : 1;
  });
  return { items: sorted, valueOf: get };
}
