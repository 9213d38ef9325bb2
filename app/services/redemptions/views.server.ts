import { type Redemption } from "@prisma/client";

import { holdsUsableCode, type RedemptionState } from "~/loyalty/redemption";
import { localizedText, type RewardLocale } from "~/loyalty/rewards";
import { listMemberRedemptionRows } from "~/models/redemption.server";
import { readSnapshot } from "~/services/redemptions/snapshot";

/** What the storefront and the admin show of redemptions. */

export type RedemptionStatus =
  "pending" | "active" | "used" | "expired" | "cancelled";

/** One redemption as the storefront shows it (extensions/loyalty-widget/README.md). */
export interface RedemptionView {
  id: string;
  rewardName: string;
  code: string | null;
  status: RedemptionStatus;
  expiresAt: string | null;
  points: number;
  gift: boolean;
  createdAt: string;
  /** The reward's type when redeemed: a gift card's code is not a discount code. */
  rewardType: string;
}

export function redemptionStatus(
  redemption: Pick<
    Redemption,
    "state" | "cancelledAt" | "expiredAt" | "failedAt"
  >,
): RedemptionStatus {
  const state = redemption.state as RedemptionState;
  if (state === "reserved") return "pending";
  if (holdsUsableCode(state)) return "active";
  if (state === "used") return "used";
  if (state === "expired") return "expired";
  if (state === "refunded" && redemption.expiredAt) return "expired";
  return "cancelled";
}

export function redemptionView(
  redemption: Redemption,
  locale: RewardLocale,
): RedemptionView {
  const snapshot = readSnapshot(redemption);
  return {
    id: redemption.id,
    rewardName: localizedText(snapshot.discount.name, locale),
    code: redemption.code,
    status: redemptionStatus(redemption),
    expiresAt: redemption.codeExpiresAt?.toISOString() ?? null,
    points: redemption.points,
    gift: redemption.gift,
    createdAt: redemption.createdAt.toISOString(),
    rewardType: redemption.rewardType,
  };
}

/** A member's redemptions and gifts, newest first (the storefront's /api/me and the admin member page). */
export async function listMemberRedemptions(
  memberId: string,
  locale: RewardLocale,
  take = 50,
): Promise<RedemptionView[]> {
  const rows = await listMemberRedemptionRows(memberId, take);
  return rows.map((row) => redemptionView(row, locale));
}
