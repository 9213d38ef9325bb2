import { formatMillis } from "~/loyalty/money";
import { type RedeemedDiscount } from "~/loyalty/redemption";
import { type AppliesTo, type ItemSelection } from "~/loyalty/rewards";

/**
 * The Admin API mutation that mints a redemption's code (Admin GraphQL 2026-07): the pure core decides
 * what the shopper gets (`RedeemedDiscount`), this module says it in Shopify's input types. Field
 * names and nesting follow the 2026-07 schema; the tests coerce every input against the vendored
 * schema (emulator/schema/admin_2026-07.json.gz).
 */

type Decimal = string;
type DateTimeString = string;

export interface DiscountItemsInput {
  all?: boolean;
  products?: { productsToAdd?: string[]; productVariantsToAdd?: string[] };
  collections?: { add: string[] };
}

export interface DiscountCombinesWithInput {
  orderDiscounts: boolean;
  productDiscounts: boolean;
  shippingDiscounts: boolean;
}

export interface DiscountContextInput {
  customers: { add: string[] };
}

export interface DiscountMinimumRequirementInput {
  subtotal: { greaterThanOrEqualToSubtotal: Decimal };
}

interface CodeDiscountCommon {
  title: string;
  code: string;
  startsAt: DateTimeString;
  endsAt?: DateTimeString;
  context: DiscountContextInput;
  usageLimit: 1;
  appliesOncePerCustomer: true;
  combinesWith: DiscountCombinesWithInput;
}

export interface DiscountCodeBasicInput extends CodeDiscountCommon {
  minimumRequirement?: DiscountMinimumRequirementInput;
  customerGets: {
    items: DiscountItemsInput;
    value:
      | { percentage: number }
      | { discountAmount: { amount: Decimal; appliesOnEachItem: boolean } };
  };
}

export interface DiscountCodeFreeShippingInput extends CodeDiscountCommon {
  minimumRequirement?: DiscountMinimumRequirementInput;
  destination: { all: true };
  maximumShippingPrice?: Decimal;
}

export interface DiscountCodeBxgyInput extends CodeDiscountCommon {
  customerBuys: {
    items: DiscountItemsInput;
    value: { quantity: string } | { amount: Decimal };
  };
  customerGets: {
    items: DiscountItemsInput;
    value: {
      discountOnQuantity: { quantity: string; effect: { percentage: number } };
    };
  };
  usesPerOrderLimit?: number;
}

export interface GiftCardCreateInput {
  code: string;
  customerId: string;
  initialAmount: { amount: Decimal; currencyCode: string };
  expiresOn?: string;
  note: string;
}

/** One mutation with its variables, ready for the Admin API module to send. */
export type MintRequest =
  | {
      operation: "discountCodeBasicCreate";
      variables: { basicCodeDiscount: DiscountCodeBasicInput };
    }
  | {
      operation: "discountCodeFreeShippingCreate";
      variables: { freeShippingCodeDiscount: DiscountCodeFreeShippingInput };
    }
  | {
      operation: "discountCodeBxgyCreate";
      variables: { bxgyCodeDiscount: DiscountCodeBxgyInput };
    }
  | { operation: "giftCardCreate"; variables: { input: GiftCardCreateInput } };

export interface MintInput {
  discount: RedeemedDiscount;
  code: string;
  /** gid://shopify/Customer/… of the redeeming member: nobody else can use the code. */
  customerGid: string;
  /** The redemption time; the code works from then. */
  startsAt: Date;
  codeExpiresAt: Date | null;
  /** The shop's currency, for a gift card's amount. */
  currencyCode: string;
  /** Shown in the Shopify admin's discount list. */
  title: string;
}

/**
 * The mutation that mints this redemption's code at Shopify, or null for a pool reward (its code
 * already exists at Shopify; the service assigns one from the pool instead).
 */
export function buildMintRequest(input: MintInput): MintRequest | null {
  const { discount, code } = input;
  if (!/^gid:\/\/shopify\/Customer\/\d+$/.test(input.customerGid)) {
    throw new Error(`Not a customer GID: ${JSON.stringify(input.customerGid)}`);
  }
  // GiftCardCreateInput.code: 8 to 20 letters or digits. A wrong shape here is a bug, not an outcome.
  if (
    discount.benefit.kind === "gift_card" &&
    !/^[A-Za-z0-9]{8,20}$/.test(code)
  ) {
    throw new Error(
      `A gift card code must be 8 to 20 letters or digits: ${JSON.stringify(code)}`,
    );
  }
  const common: CodeDiscountCommon = {
    title: input.title,
    code,
    startsAt: input.startsAt.toISOString(),
    ...(input.codeExpiresAt
      ? { endsAt: input.codeExpiresAt.toISOString() }
      : {}),
    // `customerSelection` is deprecated in 2026-07; `context` is its replacement.
    context: { customers: { add: [input.customerGid] } },
    usageLimit: 1,
    appliesOncePerCustomer: true,
    combinesWith: { ...discount.combinesWith },
  };
  const minimumRequirement: {
    minimumRequirement?: DiscountMinimumRequirementInput;
  } =
    discount.minimumSubtotal === null
      ? {}
      : {
          minimumRequirement: {
            subtotal: {
              greaterThanOrEqualToSubtotal: formatMillis(
                discount.minimumSubtotal,
              ),
            },
          },
        };

  const benefit = discount.benefit;
  switch (benefit.kind) {
    case "percentage_off":
      return basic({
        ...common,
        ...minimumRequirement,
        // Shopify takes a fraction between 0 and 1.
        customerGets: {
          items: itemsOf(discount.appliesTo),
          value: { percentage: benefit.percentage / 100 },
        },
      });
    case "amount_off":
      return basic({
        ...common,
        ...minimumRequirement,
        customerGets: {
          items: itemsOf(discount.appliesTo),
          // Split across the entitled items, so "€5 off" is €5 however many items the cart holds.
          value: {
            discountAmount: {
              amount: formatMillis(benefit.amount),
              appliesOnEachItem: false,
            },
          },
        },
      });
    case "free_product": {
      const items: DiscountItemsInput = benefit.variantId
        ? { products: { productVariantsToAdd: [benefit.variantId] } }
        : { products: { productsToAdd: [benefit.productId] } };
      return basic({
        ...common,
        ...minimumRequirement,
        customerGets: {
          items,
          value:
            benefit.maxDiscountAmount === null
              ? { percentage: 1 }
              : {
                  discountAmount: {
                    amount: formatMillis(benefit.maxDiscountAmount),
                    appliesOnEachItem: false,
                  },
                },
        },
      });
    }
    case "free_shipping":
      return {
        operation: "discountCodeFreeShippingCreate",
        variables: {
          freeShippingCodeDiscount: {
            ...common,
            ...minimumRequirement,
            destination: { all: true },
            ...(benefit.maxShippingRate === null
              ? {}
              : {
                  maximumShippingPrice: formatMillis(benefit.maxShippingRate),
                }),
          },
        },
      };
    case "buy_x_get_y":
      return {
        operation: "discountCodeBxgyCreate",
        variables: {
          bxgyCodeDiscount: {
            ...common,
            customerBuys: {
              items: itemsOf(benefit.buys.items),
              // UnsignedInt64 travels as a string of digits.
              value:
                benefit.buys.quantity !== null
                  ? { quantity: String(benefit.buys.quantity) }
                  : { amount: formatMillis(benefit.buys.amount ?? 0) },
            },
            customerGets: {
              items: itemsOf(benefit.gets.items),
              value: {
                discountOnQuantity: {
                  quantity: String(benefit.gets.quantity),
                  effect: { percentage: benefit.gets.percentage / 100 },
                },
              },
            },
            ...(benefit.usesPerOrderLimit === null
              ? {}
              : { usesPerOrderLimit: benefit.usesPerOrderLimit }),
          },
        },
      };
    case "gift_card":
      return {
        operation: "giftCardCreate",
        variables: {
          input: {
            code,
            customerId: input.customerGid,
            initialAmount: {
              amount: formatMillis(benefit.amount),
              currencyCode: input.currencyCode,
            },
            // GiftCardCreateInput.expiresOn is a Date: the card works through the day the validity ends (UTC).
            ...(input.codeExpiresAt
              ? { expiresOn: input.codeExpiresAt.toISOString().slice(0, 10) }
              : {}),
            note: input.title,
          },
        },
      };
    case "pool_code":
      return null;
  }
}

function basic(basicCodeDiscount: DiscountCodeBasicInput): MintRequest {
  return {
    operation: "discountCodeBasicCreate",
    variables: { basicCodeDiscount },
  };
}

function itemsOf(selection: AppliesTo | ItemSelection): DiscountItemsInput {
  switch (selection.kind) {
    case "all":
      return { all: true };
    case "collections":
      return { collections: { add: [...selection.collectionIds] } };
    case "products":
      return {
        products: {
          ...(selection.productIds.length
            ? { productsToAdd: [...selection.productIds] }
            : {}),
          ...(selection.variantIds.length
            ? { productVariantsToAdd: [...selection.variantIds] }
            : {}),
        },
      };
  }
}
