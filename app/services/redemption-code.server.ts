import { createHmac } from "node:crypto";

import {
  type DeriveCodeInput,
  deriveCode as deriveCodeWith,
  type SignMessage,
} from "~/loyalty/discount-code";

/**
 * The edge of the code derivation: node:crypto's HMAC-SHA-256 under the server-side secret, handed
 * to the pure core's `deriveCode`. The same redemption, prefix and secret give the same string as
 * ever (the derivation is stored with the reservation; tests pin codes computed before this module).
 */
export function signWithSecret(secret: string): SignMessage {
  if (!secret) throw new Error("deriveCode needs a secret");
  return (message) =>
    new Uint8Array(
      createHmac("sha256", secret).update(message, "utf8").digest(),
    );
}

export function deriveCode({
  secret,
  ...input
}: Omit<DeriveCodeInput, "sign"> & { secret: string }): string {
  return deriveCodeWith({ ...input, sign: signWithSecret(secret) });
}
