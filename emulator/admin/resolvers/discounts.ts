import type { EmuCodeDiscount } from "../../state";
import { collectionView, productView, variantView } from "./catalog";
import { metafieldFields } from "./metafields";
import {
  type AdminRequestContext,
  type Args,
  connection,
  formatDecimal,
  gidOf,
  moneyV2,
  notImplemented,
  nowIso,
  parseGid,
  type ResolverMap,
  toUnits,
  userError,
  type View,
} from "./support";

type Kind = EmuCodeDiscount["kind"];

const MUTATIONS: Record<Kind, { inputName: string; payload: string }> = {
  DiscountCodeBasic: {
    inputName: "basicCodeDiscount",
    payload: "DiscountCodeBasicCreatePayload",
  },
  DiscountCodeFreeShipping: {
    inputName: "freeShippingCodeDiscount",
    payload: "DiscountCodeFreeShippingCreatePayload",
  },
  DiscountCodeBxgy: {
    inputName: "bxgyCodeDiscount",
    payload: "DiscountCodeBxgyCreatePayload",
  },
};

/** Active, scheduled or expired as of the request's clock; deactivation is stored as EXPIRED. */
function statusOf(discount: EmuCodeDiscount, now: Date): string {
  if (discount.status === "EXPIRED") return "EXPIRED";
  if (Date.parse(discount.startsAt) > now.getTime()) return "SCHEDULED";
  if (discount.endsAt && Date.parse(discount.endsAt) <= now.getTime())
    return "EXPIRED";
  return "ACTIVE";
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Input = Record<string, any>;

function itemsView(
  rc: AdminRequestContext,
  items: Input | null | undefined,
): View {
  if (!items || items.all)
    return { __typename: "AllDiscountItems", allItems: true };
  const byIds = <T>(
    ids: string[] | null | undefined,
    lookup: (id: number) => T | undefined,
  ) =>
    (ids ?? [])
      .map((id) => parseGid(id))
      .filter(
        (parsed): parsed is { type: string; id: number } => parsed !== null,
      )
      .map((parsed) => lookup(parsed.id))
      .filter((found): found is T => found !== undefined);
  if (items.collections) {
    const collections = byIds(items.collections.add, (id) =>
      rc.shop.collections.get(id),
    );
    return {
      __typename: "DiscountCollections",
      collections: (args: Args) =>
        connection(
          collections,
          args,
          (collection) => ({ id: collection.id }),
          (collection) => collectionView(rc, collection),
          "Collection",
        ),
    };
  }
  const products = byIds(items.products?.productsToAdd, (id) =>
    rc.shop.products.get(id),
  );
  const variants = byIds(items.products?.productVariantsToAdd, (id) => {
    for (const product of rc.shop.products.values()) {
      const variant = product.variants.find((candidate) => candidate.id === id);
      if (variant) return { product, variant };
    }
    return undefined;
  });
  return {
    __typename: "DiscountProducts",
    products: (args: Args) =>
      connection(
        products,
        args,
        (product) => ({ id: product.id }),
        (product) => productView(rc, product),
        "Product",
      ),
    productVariants: (args: Args) =>
      connection(
        variants,
        args,
        (entry) => ({ id: entry.variant.id }),
        (entry) => variantView(rc, entry.product, entry.variant),
        "ProductVariant",
      ),
  };
}

function effectView(rc: AdminRequestContext, value: Input): View {
  if (value.percentage != null)
    return { __typename: "DiscountPercentage", percentage: value.percentage };
  return {
    __typename: "DiscountAmount",
    amount: moneyV2(toUnits(value.amount), rc.shop.shop.currencyCode),
    appliesOnEachItem: false,
  };
}

function customerGetsView(rc: AdminRequestContext, gets: Input): View {
  const value = gets.value ?? {};
  let valueView: View;
  if (value.discountOnQuantity) {
    valueView = {
      __typename: "DiscountOnQuantity",
      quantity: {
        __typename: "DiscountQuantity",
        quantity: String(value.discountOnQuantity.quantity ?? "1"),
      },
      effect: effectView(rc, value.discountOnQuantity.effect ?? {}),
    };
  } else if (value.discountAmount) {
    valueView = {
      __typename: "DiscountAmount",
      amount: moneyV2(
        toUnits(value.discountAmount.amount),
        rc.shop.shop.currencyCode,
      ),
      appliesOnEachItem: Boolean(value.discountAmount.appliesOnEachItem),
    };
  } else {
    valueView = {
      __typename: "DiscountPercentage",
      percentage: value.percentage ?? 0,
    };
  }
  return {
    __typename: "DiscountCustomerGets",
    value: valueView,
    items: itemsView(rc, gets.items),
    appliesOnOneTimePurchase: gets.appliesOnOneTimePurchase ?? true,
    appliesOnSubscription: gets.appliesOnSubscription ?? false,
  };
}

function minimumRequirementView(
  rc: AdminRequestContext,
  minimum: Input | null | undefined,
): View | null {
  if (minimum?.quantity?.greaterThanOrEqualToQuantity != null) {
    return {
      __typename: "DiscountMinimumQuantity",
      greaterThanOrEqualToQuantity: String(
        minimum.quantity.greaterThanOrEqualToQuantity,
      ),
    };
  }
  if (minimum?.subtotal?.greaterThanOrEqualToSubtotal != null) {
    return {
      __typename: "DiscountMinimumSubtotal",
      greaterThanOrEqualToSubtotal: moneyV2(
        toUnits(minimum.subtotal.greaterThanOrEqualToSubtotal),
        rc.shop.shop.currencyCode,
      ),
    };
  }
  return null;
}

function summaryOf(discount: EmuCodeDiscount, currency: string): string {
  const input = discount.input as Input;
  const parts: string[] = [];
  if (discount.kind === "DiscountCodeFreeShipping") parts.push("Free shipping");
  else if (discount.kind === "DiscountCodeBxgy") parts.push("Buy X get Y");
  else {
    const value = input.customerGets?.value ?? {};
    if (value.percentage != null)
      parts.push(`${Math.round(value.percentage * 10000) / 100}% off`);
    else if (value.discountAmount)
      parts.push(
        `${formatDecimal(value.discountAmount.amount)} ${currency} off`,
      );
    parts.push(
      input.customerGets?.items?.all ? "entire order" : "specific items",
    );
  }
  if (discount.customerGids.length > 0)
    parts.push(
      `for ${discount.customerGids.length} customer${discount.customerGids.length === 1 ? "" : "s"}`,
    );
  if (discount.usageLimit !== null)
    parts.push(
      `limit of ${discount.usageLimit} use${discount.usageLimit === 1 ? "" : "s"}`,
    );
  if (discount.appliesOncePerCustomer) parts.push("one use per customer");
  return parts.join(" • ");
}

function codeDiscountView(
  rc: AdminRequestContext,
  discount: EmuCodeDiscount,
): View {
  const input = discount.input as Input;
  const customers = () =>
    discount.customerGids
      .map((customerGid) => rc.viewNode(customerGid))
      .filter((view): view is View => view !== null);
  const combines = input.combinesWith ?? {};
  const summary = summaryOf(discount, rc.shop.shop.currencyCode);
  const common: View = {
    __typename: discount.kind,
    title: discount.title,
    status: statusOf(discount, rc.now),
    startsAt: discount.startsAt,
    endsAt: discount.endsAt,
    createdAt: discount.createdAt,
    updatedAt: discount.updatedAt,
    usageLimit: discount.usageLimit,
    appliesOncePerCustomer: discount.appliesOncePerCustomer,
    asyncUsageCount: discount.codes.reduce(
      (total, code) => total + code.asyncUsageCount,
      0,
    ),
    codesCount: {
      __typename: "Count",
      count: discount.codes.length,
      precision: "EXACT",
    },
    codes: (args: Args) =>
      connection(
        discount.codes,
        args,
        (code) => ({ id: code.id }),
        (code) => ({
          __typename: "DiscountRedeemCode",
          id: gidOf("DiscountRedeemCode", code.id),
          code: code.code,
          asyncUsageCount: code.asyncUsageCount,
        }),
        "DiscountRedeemCode",
      ),
    context: () =>
      discount.customerGids.length > 0
        ? { __typename: "DiscountCustomers", customers: customers() }
        : { __typename: "DiscountBuyerSelectionAll", all: "ALL" },
    customerSelection: () =>
      discount.customerGids.length > 0
        ? { __typename: "DiscountCustomers", customers: customers() }
        : { __typename: "DiscountCustomerAll", allCustomers: true },
    combinesWith: {
      __typename: "DiscountCombinesWith",
      orderDiscounts: Boolean(combines.orderDiscounts),
      productDiscounts: Boolean(combines.productDiscounts),
      shippingDiscounts: Boolean(combines.shippingDiscounts),
      productDiscountsWithTagsOnSameCartLine: null,
    },
    tags: input.tags ?? [],
    summary,
    shortSummary: summary,
    hasTimelineComment: false,
    totalSales: null,
  };
  if (discount.kind === "DiscountCodeFreeShipping") {
    const destination = input.destination ?? { all: true };
    return {
      ...common,
      appliesOnOneTimePurchase: input.appliesOnOneTimePurchase ?? true,
      appliesOnSubscription: input.appliesOnSubscription ?? false,
      recurringCycleLimit: input.recurringCycleLimit ?? null,
      discountClass: "SHIPPING",
      discountClasses: ["SHIPPING"],
      minimumRequirement: minimumRequirementView(rc, input.minimumRequirement),
      maximumShippingPrice:
        input.maximumShippingPrice != null
          ? moneyV2(
              toUnits(input.maximumShippingPrice),
              rc.shop.shop.currencyCode,
            )
          : null,
      destinationSelection: destination.countries
        ? {
            __typename: "DiscountCountries",
            countries: destination.countries.add ?? [],
            includeRestOfWorld: Boolean(
              destination.countries.includeRestOfWorld,
            ),
          }
        : { __typename: "DiscountCountryAll", allCountries: true },
    };
  }
  const discountClass = input.customerGets?.items?.all ? "ORDER" : "PRODUCT";
  if (discount.kind === "DiscountCodeBxgy") {
    const buys = input.customerBuys ?? {};
    return {
      ...common,
      discountClass: "PRODUCT",
      discountClasses: ["PRODUCT"],
      usesPerOrderLimit: input.usesPerOrderLimit ?? null,
      customerGets: customerGetsView(rc, input.customerGets ?? {}),
      customerBuys: {
        __typename: "DiscountCustomerBuys",
        isOneTimePurchase: buys.isOneTimePurchase ?? true,
        isSubscription: buys.isSubscription ?? false,
        items: itemsView(rc, buys.items),
        value:
          buys.value?.amount != null
            ? {
                __typename: "DiscountPurchaseAmount",
                amount: formatDecimal(buys.value.amount),
              }
            : {
                __typename: "DiscountQuantity",
                quantity: String(buys.value?.quantity ?? "1"),
              },
      },
    };
  }
  return {
    ...common,
    discountClass,
    discountClasses: [discountClass],
    recurringCycleLimit: input.recurringCycleLimit ?? null,
    minimumRequirement: minimumRequirementView(rc, input.minimumRequirement),
    customerGets: customerGetsView(rc, input.customerGets ?? {}),
  };
}

export function discountCodeNodeView(
  rc: AdminRequestContext,
  discount: EmuCodeDiscount,
): View {
  const id = gidOf("DiscountCodeNode", discount.id);
  return {
    __typename: "DiscountCodeNode",
    id,
    codeDiscount: () => codeDiscountView(rc, discount),
    ...metafieldFields(rc, id),
  };
}

function findByCode(
  rc: AdminRequestContext,
  code: string,
): EmuCodeDiscount | null {
  const wanted = code.trim().toLowerCase();
  for (const discount of rc.shop.discounts.values()) {
    if (
      discount.codes.some(
        (candidate) => candidate.code.toLowerCase() === wanted,
      )
    )
      return discount;
  }
  return null;
}

/** `context` (2024-04+) or the deprecated `customerSelection`, both still accepted in 2026-07. */
function customerGidsOf(input: Input): string[] {
  return (
    input.context?.customers?.add ??
    input.customerSelection?.customers?.add ??
    []
  );
}

/** The checks Shopify applies to a code discount input; field paths are rooted at the argument name. */
function validateInput(
  rc: AdminRequestContext,
  kind: Kind,
  input: Input,
  inputName: string,
): View[] {
  const errors: View[] = [];
  const error = (field: (string | number)[], message: string, code: string) =>
    errors.push(
      userError([inputName, ...field], message, code, {
        __typename: "DiscountUserError",
        extraInfo: null,
      }),
    );

  const code = typeof input.code === "string" ? input.code.trim() : "";
  if (!code) error(["code"], "Code can't be blank", "BLANK");
  else if (code.length > 255)
    error(["code"], "Code is too long (maximum is 255 characters)", "TOO_LONG");
  else if (/[\r\n]/.test(code))
    error(["code"], "Code cannot contain newline characters.", "INVALID");
  else if (findByCode(rc, code))
    error(
      ["code"],
      "Code must be unique. Please try a different code.",
      "TAKEN",
    );

  if (!input.title || !String(input.title).trim())
    error(["title"], "Title can't be blank", "BLANK");
  if (!input.startsAt) error(["startsAt"], "Starts at can't be blank", "BLANK");
  if (
    input.startsAt &&
    input.endsAt &&
    Date.parse(input.endsAt) <= Date.parse(input.startsAt)
  ) {
    error(
      ["endsAt"],
      "Ends at needs to be after starts_at",
      "END_DATE_BEFORE_START_DATE",
    );
  }
  if (input.usageLimit != null && input.usageLimit <= 0)
    error(["usageLimit"], "Usage limit must be greater than 0", "GREATER_THAN");
  if (input.context && input.customerSelection) {
    error(
      ["context"],
      "Only one of context or customerSelection can be provided.",
      "TOO_MANY_ARGUMENTS",
    );
  }
  if (
    input.customerSelection?.customerSegments ||
    input.context?.customerSegments ||
    input.context?.markets
  ) {
    // Segments and markets are not modelled: refuse rather than mint a code open to everyone.
    throw notImplemented("Discount eligibility by customer segment or market");
  }
  const selectionField = input.context ? "context" : "customerSelection";
  customerGidsOf(input).forEach((customerGid, index) => {
    const parsed = parseGid(customerGid);
    if (parsed?.type !== "Customer" || !rc.shop.customers.has(parsed.id)) {
      error(
        [selectionField, "customers", "add", index],
        `Customer with id ${customerGid} does not exist`,
        "INVALID",
      );
    }
  });

  if (kind !== "DiscountCodeFreeShipping") {
    const gets = input.customerGets;
    if (!gets) error(["customerGets"], "Customer gets can't be blank", "BLANK");
    else {
      if (!gets.items)
        error(["customerGets", "items"], "Items can't be blank", "BLANK");
      const value = gets.value;
      if (!value)
        error(["customerGets", "value"], "Value can't be blank", "BLANK");
      else {
        const given = [
          "percentage",
          "discountAmount",
          "discountOnQuantity",
        ].filter((name) => value[name] != null);
        if (given.length !== 1)
          error(
            ["customerGets", "value"],
            "Exactly one of percentage, discountAmount or discountOnQuantity is required",
            "INVALID",
          );
        if (
          value.percentage != null &&
          (value.percentage <= 0 || value.percentage > 1)
        ) {
          error(
            ["customerGets", "value", "percentage"],
            "Value must be between 0.0 and 1.0",
            "VALUE_OUTSIDE_RANGE",
          );
        }
        if (value.discountAmount && toUnits(value.discountAmount.amount) <= 0) {
          error(
            ["customerGets", "value", "discountAmount", "amount"],
            "Value must be greater than 0",
            "GREATER_THAN",
          );
        }
        if (kind === "DiscountCodeBasic" && value.discountOnQuantity) {
          error(
            ["customerGets", "value", "discountOnQuantity"],
            "Discount on quantity is only valid for Buy X get Y discounts",
            "INVALID",
          );
        }
        if (kind === "DiscountCodeBxgy" && !value.discountOnQuantity) {
          error(
            ["customerGets", "value", "discountOnQuantity"],
            "Discount on quantity can't be blank",
            "BLANK",
          );
        }
      }
    }
  }
  if (kind === "DiscountCodeBxgy" && !input.customerBuys)
    error(["customerBuys"], "Customer buys can't be blank", "BLANK");
  return errors;
}

function createCodeDiscount(kind: Kind) {
  const { inputName, payload } = MUTATIONS[kind];
  return (_root: unknown, args: Args, rc: AdminRequestContext): View => {
    const input = args[inputName] as Input;
    const errors = validateInput(rc, kind, input, inputName);
    if (errors.length > 0)
      return {
        __typename: payload,
        codeDiscountNode: null,
        userErrors: errors,
      };
    const at = nowIso(rc);
    const discount: EmuCodeDiscount = {
      id: rc.ctx.state.nextId(),
      kind,
      title: String(input.title),
      codes: [
        {
          id: rc.ctx.state.nextId(),
          code: String(input.code).trim(),
          asyncUsageCount: 0,
        },
      ],
      status: "ACTIVE",
      startsAt: new Date(input.startsAt)
        .toISOString()
        .replace(/\.\d{3}Z$/, "Z"),
      endsAt: input.endsAt
        ? new Date(input.endsAt).toISOString().replace(/\.\d{3}Z$/, "Z")
        : null,
      usageLimit: input.usageLimit ?? null,
      appliesOncePerCustomer: Boolean(input.appliesOncePerCustomer),
      customerGids: [...new Set(customerGidsOf(input))],
      input,
      createdAt: at,
      updatedAt: at,
    };
    rc.shop.discounts.set(discount.id, discount);
    return {
      __typename: payload,
      codeDiscountNode: discountCodeNodeView(rc, discount),
      userErrors: [],
    };
  };
}

function discountById(
  rc: AdminRequestContext,
  id: unknown,
): EmuCodeDiscount | null {
  const parsed = parseGid(id);
  return parsed?.type === "DiscountCodeNode"
    ? (rc.shop.discounts.get(parsed.id) ?? null)
    : null;
}

const missingDiscount = () =>
  userError(["id"], "Discount does not exist", "INVALID", {
    __typename: "DiscountUserError",
    extraInfo: null,
  });

export const discountResolvers: ResolverMap = {
  QueryRoot: {
    codeDiscountNodeByCode: (
      _root: unknown,
      args: Args,
      rc: AdminRequestContext,
    ) => {
      const discount = findByCode(rc, args.code);
      return discount ? discountCodeNodeView(rc, discount) : null;
    },
    codeDiscountNode: (_root: unknown, args: Args, rc: AdminRequestContext) => {
      const discount = discountById(rc, args.id);
      return discount ? discountCodeNodeView(rc, discount) : null;
    },
  },
  Mutation: {
    discountCodeBasicCreate: createCodeDiscount("DiscountCodeBasic"),
    discountCodeFreeShippingCreate: createCodeDiscount(
      "DiscountCodeFreeShipping",
    ),
    discountCodeBxgyCreate: createCodeDiscount("DiscountCodeBxgy"),
    discountCodeDeactivate: (
      _root: unknown,
      args: Args,
      rc: AdminRequestContext,
    ) => {
      const discount = discountById(rc, args.id);
      if (!discount)
        return {
          __typename: "DiscountCodeDeactivatePayload",
          codeDiscountNode: null,
          userErrors: [missingDiscount()],
        };
      if (discount.status !== "EXPIRED") {
        // Shopify deactivates by ending the discount now.
        const at = nowIso(rc);
        discount.status = "EXPIRED";
        discount.endsAt = at;
        discount.updatedAt = at;
      }
      return {
        __typename: "DiscountCodeDeactivatePayload",
        codeDiscountNode: discountCodeNodeView(rc, discount),
        userErrors: [],
      };
    },
    discountCodeDelete: (
      _root: unknown,
      args: Args,
      rc: AdminRequestContext,
    ) => {
      const discount = discountById(rc, args.id);
      if (!discount)
        return {
          __typename: "DiscountCodeDeletePayload",
          deletedCodeDiscountId: null,
          userErrors: [missingDiscount()],
        };
      rc.shop.discounts.delete(discount.id);
      return {
        __typename: "DiscountCodeDeletePayload",
        deletedCodeDiscountId: gidOf("DiscountCodeNode", discount.id),
        userErrors: [],
      };
    },
  },
};
