import { z } from "zod";
import { formatMillis } from "~/loyalty/money";
import { type RedeemedDiscount } from "~/loyalty/redemption";
import { type AppliesTo, type ItemSelection } from "~/loyalty/rewards";

/**
 * Discount code strings and the Admin API inputs that mint them (Admin GraphQL 2026-07).
 *
 * The code is a function of the redemption: a retry after a timeout derives the same string, finds it
 * with `codeDiscountNodeByCode`, and never mints a second code. The service stores the code with the
 * reservation, so even a changed prefix or secret cannot produce a second one for the same redemption.
 */

/** Without 0/O and 1/I, which shoppers misread when typing a code: 32 symbols, 5 bits each. */
export const CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
/** 12 symbols = 60 bits: among a million codes, the chance of any collision is below one in a million. */
const BODY_LENGTH = 12;

/**
 * The shop's prefix ("LOYAL", "VIP"). Letters and digits only and at most 8, so that a gift card code
 * (8 to 20 letters or digits, Shopify's rule) still fits prefix and body.
 */
export const DiscountCodePrefixSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9]{0,8}$/, { message: "discountCode.prefix.invalid" });

export interface DeriveCodeInput {
  redemptionId: string;
  /** Already validated with DiscountCodePrefixSchema; "" for none. */
  prefix: string;
  /**
   * A server-side secret (the app's API secret, say). Redemption ids travel to the storefront, and a
   * gift card code is money to whoever knows it: without the secret anyone could compute it.
   */
  secret: string;
  /** Gift card codes allow no separator; discount codes get dashes for reading aloud. */
  format: "discount" | "gift_card";
}

/** "LOYAL-7KXQ-M2PD-R9TA" for a discount, "LOYAL7KXQM2PDR9TA" for a gift card; same input, same code. */
export function deriveCode({
  redemptionId,
  prefix,
  secret,
  format,
}: DeriveCodeInput): string {
  if (!/^[A-Z0-9]{0,8}$/.test(prefix))
    throw new Error(`Invalid discount code prefix: ${JSON.stringify(prefix)}`);
  if (!secret) throw new Error("deriveCode needs a secret");
  const digest = hmacSha256(
    utf8(secret),
    utf8(`loyalty-redemption-code:v1:${redemptionId}`),
  );
  let body = "";
  // Read the digest as a bit string, 5 bits per symbol.
  let buffer = 0;
  let bits = 0;
  for (const byte of digest) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5 && body.length < BODY_LENGTH) {
      bits -= 5;
      body += CODE_ALPHABET[(buffer >>> bits) & 31];
    }
    buffer &= (1 << bits) - 1;
    if (body.length === BODY_LENGTH) break;
  }
  if (format === "gift_card") return prefix + body;
  const grouped = body.match(/.{4}/g)!.join("-");
  return prefix ? `${prefix}-${grouped}` : grouped;
}

/** Which code shape a redemption needs: a gift card code allows no dashes. */
export function codeFormatFor(
  discount: Pick<RedeemedDiscount, "benefit">,
): DeriveCodeInput["format"] {
  return discount.benefit.kind === "gift_card" ? "gift_card" : "discount";
}

// ---------------------------------------------------------------------------------------------
// Admin API inputs. Field names and nesting follow the 2026-07 schema; the tests coerce every input
// against the vendored schema (emulator/schema/admin_2026-07.json.gz).

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

// ---------------------------------------------------------------------------------------------
// SHA-256 and HMAC (FIPS 180-4, RFC 2104). The pure core may not import node:crypto, and Web Crypto is
// asynchronous; a code derivation is a few hundred bytes, so a plain implementation is enough.

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
  0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
  0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
  0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
  0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

export function sha256(message: Uint8Array): Uint8Array {
  const bitLength = message.length * 8;
  const padded = new Uint8Array(Math.ceil((message.length + 9) / 64) * 64);
  padded.set(message);
  padded[message.length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(bitLength / 2 ** 32));
  view.setUint32(padded.length - 4, bitLength >>> 0);

  const h = new Uint32Array([
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c,
    0x1f83d9ab, 0x5be0cd19,
  ]);
  const w = new Uint32Array(64);
  const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));
  for (let offset = 0; offset < padded.length; offset += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(offset + i * 4);
    for (let i = 16; i < 64; i++) {
      const s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >>> 3);
      const s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >>> 10);
      w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    let [a, b, c, d, e, f, g, hh] = h;
    for (let i = 0; i < 64; i++) {
      const s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
      const ch = (e & f) ^ (~e & g);
      const t1 = (hh + s1 + ch + K[i] + w[i]) >>> 0;
      const s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = (s0 + maj) >>> 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) >>> 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) >>> 0;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
    h[5] += f;
    h[6] += g;
    h[7] += hh;
  }
  const out = new Uint8Array(32);
  const outView = new DataView(out.buffer);
  h.forEach((word, i) => outView.setUint32(i * 4, word));
  return out;
}

export function hmacSha256(
  keyBytes: Uint8Array,
  message: Uint8Array,
): Uint8Array {
  const block = new Uint8Array(64);
  block.set(keyBytes.length > 64 ? sha256(keyBytes) : keyBytes);
  const inner = new Uint8Array(64 + message.length);
  const outer = new Uint8Array(64 + 32);
  for (let i = 0; i < 64; i++) {
    inner[i] = block[i] ^ 0x36;
    outer[i] = block[i] ^ 0x5c;
  }
  inner.set(message, 64);
  outer.set(sha256(inner), 64);
  return sha256(outer);
}
