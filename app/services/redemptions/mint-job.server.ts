import * as clock from "~/clock.server";
import { nextState } from "~/loyalty/redemption";
import { localizedText } from "~/loyalty/rewards";
import {
  countMintAttempt,
  findRedemption,
  recordCodeMinted,
  recordMintError,
} from "~/models/redemption.server";
import { readSnapshot } from "~/services/redemptions/snapshot";
import { failRedemption } from "~/services/redemptions/transitions.server";
import { type AdminRequestOptions } from "~/shopify/admin-client.server";
import { toGid } from "~/shopify/admin-operation";
import { buildMintRequest } from "~/shopify/mint-request";
import {
  ShopifyGraphqlError,
  ShopifyNotInstalledError,
  ShopifyThrottledError,
  ShopifyUserError,
} from "~/shopify/errors.server";

/** Mint attempts per redemption (across jobs) before it fails for good and the points come back. */
export const MINT_MAX_ATTEMPTS = 6;

// The saga's confirm step, reserved → minted → confirmed, as one conditional statement.
const MINTED = nextState("reserved", "code_minted");
const CONFIRMED =
  MINTED.kind === "ok" ? nextState(MINTED.state, "confirmed") : MINTED;
if (CONFIRMED.kind !== "ok")
  throw new Error("The redemption state machine lost its confirm step");
const CONFIRMED_STATE = CONFIRMED.state;

function markMinted(
  redemptionId: string,
  shopifyId: string | null,
  now: Date,
): Promise<void> {
  return recordCodeMinted(redemptionId, CONFIRMED_STATE, shopifyId, now);
}

/** What the worker's redemption handlers take: the Admin API client and the worker's clock. */
export interface MintJobOptions {
  admin?: AdminRequestOptions;
  now?: () => Date;
}

/**
 * The `mint_discount_code` handler. Looks the code up before creating it, so however often this
 * runs (retries after timeouts, a crash between the mint and the write) one redemption gets one code.
 * Transient failures are rethrown for the worker to retry; a refusal, or the last attempt, fails the
 * redemption and gives the points back.
 */
export async function runMintJob(
  payload: unknown,
  options: MintJobOptions = {},
): Promise<void> {
  const now = options.now ?? clock.now;
  const redemptionId = (payload as { redemptionId?: unknown } | null)
    ?.redemptionId;
  if (typeof redemptionId !== "string")
    throw new Error("mint_discount_code needs a redemptionId");
  const redemption = await findRedemption(redemptionId);
  if (!redemption || redemption.state !== "reserved" || !redemption.code)
    return;

  // Counted across jobs, so a redemption re-queued by the sweeper still ends.
  const counted = await countMintAttempt(redemptionId);
  const attempts = counted.attempts;
  const { findCodeDiscountId, mintCode } =
    await import("~/shopify/discount-codes.server");
  const snapshot = readSnapshot(redemption);
  let request: ReturnType<typeof buildMintRequest>;
  try {
    request = buildMintRequest({
      discount: snapshot.discount,
      code: redemption.code,
      customerGid: toGid("Customer", counted.customerId),
      startsAt: redemption.createdAt,
      codeExpiresAt: redemption.codeExpiresAt,
      currencyCode: counted.currencyCode ?? "USD",
      title: `${localizedText(snapshot.discount.name, "en")} (loyalty reward ${redemption.code})`,
    });
  } catch (error) {
    // A redemption that cannot be turned into a valid mutation will never mint: points back now.
    await failRedemption(
      redemptionId,
      error instanceof Error ? error.message : String(error),
      now(),
    );
    return;
  }
  if (!request) return;
  const isGiftCard = request.operation === "giftCardCreate";

  try {
    if (!isGiftCard) {
      const existing = await findCodeDiscountId(
        redemption.shopDomain,
        redemption.code,
        options.admin,
      );
      if (existing) return markMinted(redemptionId, existing, now());
    }
    const shopifyId = await mintCode(
      redemption.shopDomain,
      request,
      options.admin,
    );
    await markMinted(redemptionId, shopifyId, now());
  } catch (error) {
    const message =
      error instanceof Error
        ? `${error.name}: ${error.message}`
        : String(error);
    if (error instanceof ShopifyUserError) {
      // A gift card's code is unique at Shopify and known only to the app (derived with a secret):
      // TAKEN means an earlier attempt created it and its answer was lost.
      if (isGiftCard && error.onlyCodes("TAKEN"))
        return markMinted(redemptionId, null, now());
      // A discount code refused as taken: look again, an earlier attempt may have won meanwhile.
      if (!isGiftCard) {
        const existing = await findCodeDiscountId(
          redemption.shopDomain,
          redemption.code,
          options.admin,
        ).catch(() => null);
        if (existing) return markMinted(redemptionId, existing, now());
      }
      await failRedemption(redemptionId, message, now());
      return;
    }
    if (
      error instanceof ShopifyGraphqlError ||
      error instanceof ShopifyNotInstalledError
    ) {
      await failRedemption(redemptionId, message, now());
      return;
    }
    // Throttling never spends an attempt; outages do, up to the last one.
    const throttled = error instanceof ShopifyThrottledError;
    if (!throttled && attempts >= MINT_MAX_ATTEMPTS) {
      await failRedemption(redemptionId, message, now());
      return;
    }
    await recordMintError(redemptionId, message, { throttled });
    throw error;
  }
}
