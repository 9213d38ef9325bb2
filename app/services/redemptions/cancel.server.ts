import * as clock from "~/clock.server";
import { type RewardLocale } from "~/loyalty/rewards";
import { findMemberByCustomer } from "~/models/member.server";
import { findMemberRedemption } from "~/models/redemption.server";
import { inTransaction } from "~/models/transaction.server";
import {
  enqueueDeactivation,
  isDeactivatable,
  transition,
} from "~/services/redemptions/transitions.server";
import {
  type RedemptionView,
  redemptionView,
} from "~/services/redemptions/views.server";
import { wakeBackgroundWorker } from "~/services/worker-wake.server";

export type CancelRedemptionResult =
  | { status: 200; outcome: "cancelled"; redemption: RedemptionView }
  | { status: 404; outcome: "unknown_redemption" }
  | { status: 409; outcome: "not_cancellable"; state: string };

/** The shopper cancels an unused code: deactivated at Shopify, then the points back (worker). */
export async function cancelRedemption(input: {
  shop: string;
  customerId: string;
  redemptionId: string;
  now?: Date;
  locale?: RewardLocale;
}): Promise<CancelRedemptionResult> {
  const now = input.now ?? clock.now();
  const result = await inTransaction(
    async (tx): Promise<CancelRedemptionResult> => {
      const member = await findMemberByCustomer(
        tx,
        input.shop,
        input.customerId,
      );
      const redemption = member
        ? await findMemberRedemption(
            tx,
            input.shop,
            member.id,
            input.redemptionId,
          )
        : null;
      if (!redemption) return { status: 404, outcome: "unknown_redemption" };
      if (
        redemption.state === "cancelled" ||
        (redemption.state === "refunded" && redemption.cancelledAt)
      ) {
        return {
          status: 200,
          outcome: "cancelled",
          redemption: redemptionView(redemption, input.locale ?? "en"),
        };
      }
      // Only a discount the app minted can be switched off at Shopify. A gift card is money that may be
      // partly spent already, and an imported pool code cannot be deactivated by the app: giving points
      // back for either would let the shopper keep both.
      if (!isDeactivatable(redemption))
        return {
          status: 409,
          outcome: "not_cancellable",
          state: redemption.state,
        };
      const cancelled = await transition(tx, redemption, "cancelled", {
        cancelledAt: now,
      });
      if (!cancelled)
        return {
          status: 409,
          outcome: "not_cancellable",
          state: redemption.state,
        };
      await enqueueDeactivation(tx, cancelled, now);
      return {
        status: 200,
        outcome: "cancelled",
        redemption: redemptionView(cancelled, input.locale ?? "en"),
      };
    },
  );
  if (result.status === 200) wakeBackgroundWorker();
  return result;
}
