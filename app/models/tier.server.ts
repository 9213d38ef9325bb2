import { type Tx } from "~/models/transaction.server";

/** VIP tiers and each member's last tier decision (`Tier`, `MemberTier`). */

/** The member's tier as last decided (MemberTier), which prices rewards as redemption does. */
export async function findMemberTierId(
  tx: Tx,
  memberId: string,
): Promise<string | null> {
  const rows = await tx.$queryRaw<{ tierId: string | null }[]>`
    SELECT "tierId" FROM "MemberTier" WHERE "memberId" = ${memberId}`;
  return rows[0]?.tierId ?? null;
}
