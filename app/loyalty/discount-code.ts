import { z } from "zod";
import { type RedeemedDiscount } from "~/loyalty/redemption";

/**
 * Discount code strings. The Admin API inputs that mint them are Shopify's words and live in
 * app/shopify/mint-request.ts.
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

/**
 * The keyed digest of a message: HMAC-SHA-256 under a server-side secret (the app's API secret, say),
 * supplied by the edge (app/services/redemption-code.server.ts, with node:crypto) so the core does no
 * cryptography and never holds the secret. Redemption ids travel to the storefront, and a gift card
 * code is money to whoever knows it: without the secret anyone could compute it.
 */
export type SignMessage = (message: string) => Uint8Array;

export interface DeriveCodeInput {
  redemptionId: string;
  /** Already validated with DiscountCodePrefixSchema; "" for none. */
  prefix: string;
  sign: SignMessage;
  /** Gift card codes allow no separator; discount codes get dashes for reading aloud. */
  format: "discount" | "gift_card";
}

/** What is signed for a redemption's code; "v1" so that a new scheme never reproduces an old code. */
export function redemptionCodeMessage(redemptionId: string): string {
  return `loyalty-redemption-code:v1:${redemptionId}`;
}

/** "LOYAL-7KXQ-M2PD-R9TA" for a discount, "LOYAL7KXQM2PDR9TA" for a gift card; same input, same code. */
export function deriveCode({
  redemptionId,
  prefix,
  sign,
  format,
}: DeriveCodeInput): string {
  if (!/^[A-Z0-9]{0,8}$/.test(prefix))
    throw new Error(`Invalid discount code prefix: ${JSON.stringify(prefix)}`);
  const digest = sign(redemptionCodeMessage(redemptionId));
  // 12 symbols of 5 bits need 60 bits; a shorter digest would repeat codes.
  if (digest.length * 8 < BODY_LENGTH * 5)
    throw new Error("deriveCode needs a digest of at least 60 bits");
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
