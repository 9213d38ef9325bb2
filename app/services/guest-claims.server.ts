import * as clock from "~/clock.server";
import { postLedgerEntry } from "~/models/ledger.server";
import { ensureMemberForOrder } from "~/models/member.server";
import {
  markOrderAwarded,
  readAwardSnapshot,
  listHeldGuestOrders,
  listHeldGuestPoints,
} from "~/models/order-record.server";
import { guestClaimDaysOf, saveProgramSettings } from "~/models/program.server";
import { listRefundsForOrder } from "~/models/refund-record.server";
import { findInstalledShop } from "~/models/shop.server";
import { inTransaction, database } from "~/models/transaction.server";
import { reversePointsForRefund } from "~/services/orders.server";
import { refreshMemberTierAfterChange } from "~/services/tiers.server";

/**
 * Guest orders earn nothing when paid (no customer), but the order path keeps them as
 * `skipped_guest` with their email and the award snapshot of the rules in force then: the points
 * are held against the email. When a customer whose email Shopify has VERIFIED appears with that
 * email (customers/create or customers/update), the guest orders of the claim window become theirs:
 * the award is posted under the order's usual ledger key (so it happens once, whoever asks twice),
 * and refunds that came meanwhile are then reversed from the snapshot as for any order. An
 * unverified email claims nothing: anyone can type an address at checkout.
 */

export interface GuestClaimInput {
  customerId: string;
  email: string | null;
  verifiedEmail: boolean;
}

export interface GuestClaimSummary {
  outcome: "claimed" | "nothing_to_claim" | "not_verified" | "unknown_shop";
  orderIds: string[];
  pointsAwarded: number;
  pointsReversed: number;
}

const DAY_MS = 86_400_000;

function sameEmail(a: string | null, b: string): boolean {
  return a !== null && a.trim().toLowerCase() === b;
}

export async function claimGuestOrders(
  shop: string,
  customer: GuestClaimInput,
  now = clock.now(),
): Promise<GuestClaimSummary> {
  const empty = (outcome: GuestClaimSummary["outcome"]): GuestClaimSummary => ({
    outcome,
    orderIds: [],
    pointsAwarded: 0,
    pointsReversed: 0,
  });
  const email = customer.email?.trim().toLowerCase() ?? "";
  if (!customer.verifiedEmail || email === "") return empty("not_verified");

  const claimed = await inTransaction(async (tx) => {
    if (!(await findInstalledShop(tx, shop))) return null;
    const since = new Date(
      now.getTime() - (await guestClaimDaysOf(tx, shop)) * DAY_MS,
    );
    const guests = (await listHeldGuestOrders(tx, shop, since)).filter(
      (record) => sameEmail(record.email, email),
    );
    if (guests.length === 0)
      return {
        orderIds: [] as string[],
        points: 0,
        memberId: null as string | null,
      };

    const member = await ensureMemberForOrder(
      tx,
      shop,
      customer.customerId,
      customer.email,
      now,
    );
    let points = 0;
    const orderIds: string[] = [];
    for (const record of guests) {
      const snapshot = readAwardSnapshot(record);
      if (!snapshot) continue;
      if (snapshot.points > 0) {
        const result = await postLedgerEntry(tx, {
          shopDomain: shop,
          memberId: member.id,
          kind: "order_award",
          points: snapshot.points,
          sourceType: "order",
          sourceId: record.orderId,
          description: record.orderName,
          recordedAt: now,
          // As on the order path: the points count from the payment.
          effectiveAt: record.paidAt ?? now,
        });
        if (result.outcome === "rejected")
          throw new Error(
            `Guest claim of order ${record.orderId} rejected: ${result.reason}`,
          );
        if (result.outcome === "posted") points += snapshot.points;
      }
      await markOrderAwarded(
        tx,
        record,
        { memberId: member.id, snapshot, paidAt: record.paidAt ?? now },
        now,
      );
      orderIds.push(record.orderId);
    }
    await refreshMemberTierAfterChange(tx, shop, member.id, now);
    return { orderIds, points, memberId: member.id };
  });
  if (claimed === null) return empty("unknown_shop");
  if (claimed.orderIds.length === 0) return empty("nothing_to_claim");

  // Refunds recorded while the order waited are reversed now, through the order path.
  let reversed = 0;
  for (const orderId of claimed.orderIds) {
    for (const refund of await listRefundsForOrder(database, shop, orderId)) {
      reversed += (await reversePointsForRefund(shop, refund, { now }))
        .pointsReversed;
    }
  }
  return {
    outcome: "claimed",
    orderIds: claimed.orderIds,
    pointsAwarded: claimed.points,
    pointsReversed: reversed,
  };
}

/** Points waiting for a guest's email (the admin shows them; nothing is spendable). */
export async function heldGuestPoints(shop: string, now = clock.now()) {
  const since = new Date(
    now.getTime() - (await guestClaimDaysOf(database, shop)) * DAY_MS,
  );
  return listHeldGuestPoints(database, shop, since);
}

export async function saveGuestClaimDays(
  shop: string,
  days: number,
): Promise<void> {
  if (!Number.isInteger(days) || days < 1 || days > 3650)
    throw new RangeError("days must be a whole number from 1 to 3650");
  await saveProgramSettings(database, shop, { guestClaimDays: days });
}
