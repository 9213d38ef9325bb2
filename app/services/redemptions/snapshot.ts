import { type Redemption } from "@prisma/client";

import { type RedeemedDiscount } from "~/loyalty/redemption";
import { type LocalizedText } from "~/loyalty/rewards";

/** What the app froze at redemption: the storefront and the mint job read this, never the reward. */
export interface RewardSnapshot {
  discount: RedeemedDiscount;
  description: LocalizedText;
  refundPointsOnExpiry: boolean;
}

export function readSnapshot(
  redemption: Pick<Redemption, "rewardSnapshot">,
): RewardSnapshot {
  return JSON.parse(redemption.rewardSnapshot) as RewardSnapshot;
}
