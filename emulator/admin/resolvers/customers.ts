import type { EmuCustomer, EmuOrder } from "../../state";
import {
  notApprovedForCustomerData,
  protectedFieldsGranted,
} from "../protected-data";
import { metafieldFields } from "./metafields";
import { visibleOrders } from "./order-window";
import { orderTotals, orderView, ordersConnection } from "./orders";
import { applySearch, type SearchSpec } from "./search";
import {
  type AdminRequestContext,
  type Args,
  connection,
  gidOf,
  moneyV2,
  nowIso,
  parseGid,
  type ResolverMap,
  sortByKey,
  toIsoSeconds,
  userError,
  type View,
} from "./support";

function ordersOf(rc: AdminRequestContext, customer: EmuCustomer): EmuOrder[] {
  return visibleOrders(rc)
    .filter((order) => order.customerId === customer.id)
    .sort((a, b) => a.id - b.id);
}

function displayNameOf(customer: EmuCustomer): string {
  const name = [customer.firstName, customer.lastName]
    .filter(Boolean)
    .join(" ");
  return name || customer.email || customer.phone || "";
}

export function customerView(
  rc: AdminRequestContext,
  customer: EmuCustomer,
): View {
  const id = gidOf("Customer", customer.id);
  const marketingState = customer.emailMarketingState;
  const optInLevel = marketingState === "SUBSCRIBED" ? "SINGLE_OPT_IN" : null;
  // Without the protected fields, each one answers null with Shopify's error (protected-data.ts).
  const granted = protectedFieldsGranted(rc.ctx.config);
  const guarded = <T>(value: T) =>
    granted
      ? value
      : () => {
          throw notApprovedForCustomerData(rc.ctx.config);
        };
  return {
    __typename: "Customer",
    id,
    legacyResourceId: String(customer.id),
    email: guarded(customer.email),
    firstName: guarded(customer.firstName),
    lastName: guarded(customer.lastName),
    displayName: guarded(displayNameOf(customer)),
    phone: guarded(customer.phone),
    tags: customer.tags,
    verifiedEmail: customer.verifiedEmail,
    validEmailAddress:
      customer.email !== null && /^[^@\s]+@[^@\s]+$/.test(customer.email),
    state: customer.verifiedEmail ? "ENABLED" : "DISABLED",
    note: null,
    locale: rc.shop.shop.primaryLocale,
    taxExempt: false,
    taxExemptions: [],
    createdAt: toIsoSeconds(customer.createdAt),
    updatedAt: toIsoSeconds(customer.updatedAt),
    canDelete: () => ordersOf(rc, customer).length === 0,
    numberOfOrders: () => String(ordersOf(rc, customer).length),
    amountSpent: () =>
      moneyV2(
        ordersOf(rc, customer)
          .filter((order) => order.cancelledAt === null)
          .reduce(
            (sum, order) =>
              sum +
              orderTotals(order).totalPrice -
              orderTotals(order).totalRefunded,
            0,
          ),
        rc.shop.shop.currencyCode,
      ),
    defaultEmailAddress: guarded(
      customer.email
        ? {
            __typename: "CustomerEmailAddress",
            emailAddress: customer.email,
            marketingState,
            marketingOptInLevel: optInLevel,
            marketingUpdatedAt: null,
            validFormat: /^[^@\s]+@[^@\s]+$/.test(customer.email),
          }
        : null,
    ),
    emailMarketingConsent: customer.email
      ? {
          __typename: "CustomerEmailMarketingConsentState",
          marketingState,
          marketingOptInLevel: optInLevel,
          consentUpdatedAt: null,
        }
      : null,
    lastOrder: () => {
      const orders = ordersOf(rc, customer);
      return orders.length > 0
        ? orderView(rc, orders[orders.length - 1])
        : null;
    },
    orders: (args: Args) =>
      ordersConnection(rc, ordersOf(rc, customer), args, [
        "customer",
        "orders",
      ]),
    ...metafieldFields(rc, id),
  };
}

const customerSearch: SearchSpec<EmuCustomer> = {
  fields: {
    id: { kind: "number", get: (customer) => customer.id },
    email: { kind: "string", get: (customer) => customer.email },
    first_name: { kind: "string", get: (customer) => customer.firstName },
    last_name: { kind: "string", get: (customer) => customer.lastName },
    phone: { kind: "string", get: (customer) => customer.phone },
    tag: { kind: "string", get: (customer) => customer.tags },
    created_at: { kind: "date", get: (customer) => customer.createdAt },
    updated_at: { kind: "date", get: (customer) => customer.updatedAt },
    email_marketing_state: {
      kind: "string",
      get: (customer) => customer.emailMarketingState,
    },
    accepts_marketing: {
      kind: "boolean",
      get: (customer) => customer.emailMarketingState === "SUBSCRIBED",
    },
  },
  freeText: (customer, text) =>
    [
      customer.email,
      customer.firstName,
      customer.lastName,
      customer.phone,
    ].some((value) => value?.toLowerCase().includes(text)),
};

function customer(
  _root: unknown,
  args: Args,
  rc: AdminRequestContext,
): View | null {
  const parsed = parseGid(args.id);
  const found =
    parsed?.type === "Customer" ? rc.shop.customers.get(parsed.id) : undefined;
  return found ? customerView(rc, found) : null;
}

function customers(_root: unknown, args: Args, rc: AdminRequestContext): View {
  const sorted = sortByKey(
    [...rc.shop.customers.values()],
    args.sortKey,
    {
      ID: (customer) => customer.id,
      RELEVANCE: (customer) => customer.id,
      CREATED_AT: (customer) => customer.createdAt,
      UPDATED_AT: (customer) => customer.updatedAt,
      NAME: (customer) => displayNameOf(customer).toLowerCase(),
    },
    "customers",
  );
  const list = applySearch(sorted.items, args.query, customerSearch, rc, [
    "customers",
  ]);
  return connection(
    list,
    args,
    (item) => ({ id: item.id, sortValue: sorted.valueOf(item) }),
    (item) => customerView(rc, item),
    "Customer",
  );
}

/** Shopify splits comma-separated tags and treats tags case-insensitively. */
function normalizeTags(tags: string[]): string[] {
  return tags
    .flatMap((tag) => tag.split(","))
    .map((tag) => tag.trim())
    .filter(Boolean);
}

function taggable(
  rc: AdminRequestContext,
  id: string,
): { tags: string[]; touch: (at: string) => void } | null {
  const parsed = parseGid(id);
  if (parsed?.type === "Customer") {
    const found = rc.shop.customers.get(parsed.id);
    return found
      ? { tags: found.tags, touch: (at) => (found.updatedAt = at) }
      : null;
  }
  if (parsed?.type === "Order") {
    const found = rc.shop.orders.get(parsed.id);
    return found
      ? { tags: found.tags, touch: (at) => (found.updatedAt = at) }
      : null;
  }
  if (parsed?.type === "Product") {
    const found = rc.shop.products.get(parsed.id);
    return found ? { tags: found.tags, touch: () => undefined } : null;
  }
  return null;
}

function changeTags(
  rc: AdminRequestContext,
  args: Args,
  payloadType: string,
  apply: (current: string[], tags: string[]) => string[],
): View {
  const target = taggable(rc, args.id);
  if (!target) {
    return {
      __typename: payloadType,
      node: null,
      userErrors: [
        userError(["id"], "Resource does not exist or cannot be tagged."),
      ],
    };
  }
  const tags = normalizeTags(args.tags as string[]);
  const tooLong = tags.findIndex((tag) => tag.length > 255);
  if (tooLong !== -1) {
    return {
      __typename: payloadType,
      node: null,
      userErrors: [
        userError(
          ["tags", tooLong],
          "Tag is too long (maximum is 255 characters)",
        ),
      ],
    };
  }
  const next = apply(target.tags, tags);
  if (next.join("\u0000") !== target.tags.join("\u0000")) {
    target.tags.splice(0, target.tags.length, ...next);
    target.touch(nowIso(rc));
  }
  return {
    __typename: payloadType,
    node: rc.viewNode(args.id),
    userErrors: [],
  };
}

export const customerResolvers: ResolverMap = {
  QueryRoot: { customer, customers },
  Mutation: {
    tagsAdd: (_root: unknown, args: Args, rc: AdminRequestContext) =>
      changeTags(rc, args, "TagsAddPayload", (current, tags) => {
        const next = [...current];
        for (const tag of tags)
          if (
            !next.some(
              (existing) => existing.toLowerCase() === tag.toLowerCase(),
            )
          )
            next.push(tag);
        return next;
      }),
    tagsRemove: (_root: unknown, args: Args, rc: AdminRequestContext) =>
      changeTags(rc, args, "TagsRemovePayload", (current, tags) =>
        current.filter(
          (existing) =>
            !tags.some((tag) => tag.toLowerCase() === existing.toLowerCase()),
        ),
      ),
  },
};
