import * as clock from "~/clock.server";
import { REFUND_NOTES } from "~/i18n/ledger-note";
import { findRedemption } from "~/models/redemption.server";
import { inTransaction } from "~/models/transaction.server";
import { type MintJobOptions } from "~/services/redemptions/mint-job.server";
import {
  isDeactivatable,
  refundPoints,
} from "~/services/redemptions/transitions.server";
import { ShopifyUserError } from "~/shopify/errors.server";

/**
 * The `deactivate_discount_code` handler for a cancelled or expired redemption: the code is made
 * unusable at Shopify first, then the points come back when due. An order that used the code in
 * between moves the redemption to `used` and no points come back.
 */
export async function runDeactivateJob(
  payload: unknown,
  options: MintJobOptions = {},
): Promise<void> {
  const now = options.now ?? clock.now;
  const redemptionId = (payload as { redemptionId?: unknown } | null)
    ?.redemptionId;
  if (typeof redemptionId !== "string")
    throw new Error("deactivate_discount_code needs a redemptionId");
  const redemption = await findRedemption(redemptionId);
  if (
    !redemption ||
    (redemption.state !== "cancelled" && redemption.state !== "expired")
  )
    return;
  // A gift card carries its own expiry date at Shopify (expiresOn); a pool code is the merchant's own.
  if (isDeactivatable(redemption)) {
    const { deactivateCode } = await import("~/shopify/discount-codes.server");
    try {
      await deactivateCode(
        redemption.shopDomain,
        redemption.shopifyId!,
        options.admin,
      );
    } catch (error) {
      // Already gone at Shopify (deleted by the merchant): nothing left to deactivate.
      if (!(error instanceof ShopifyUserError)) throw error;
    }
  }
  await inTransaction(async (tx) => {
    const current = await findRedemption(redemptionId, tx);
    if (!current) return;
    if (current.state === "cancelled")
      await refundPoints(tx, current, now(), REFUND_NOTES.cancelled);
    else if (
      current.state === "expired" &&
      current.refundPointsOnExpiry &&
      isDeactivatable(current)
    ) {
      await refundPoints(tx, current, now(), REFUND_NOTES.expired);
    }
  });
}
