import * as clock from "~/clock.server";
import { type CustomerFacts } from "~/loyalty/types";
import { upsertMemberFromCustomer } from "~/models/member.server";
import { findInstalledShop } from "~/models/shop.server";
import { inTransaction } from "~/models/transaction.server";
import { queueMemberEmail } from "~/services/emails/queue.server";

/** A member made by their first order just before customers/create still gets the welcome email. */
const WELCOME_WINDOW_MS = 24 * 60 * 60_000;

export type MemberOutcome = "enrolled" | "updated" | "unknown_shop";

export interface MemberSummary {
  outcome: MemberOutcome;
  memberId: string | null;
}

/**
 * customers/create: every customer of the shop is a member. Idempotent: a replay, or a member
 * already created on the fly by their first order, only refreshes the details.
 */
export function enrollCustomer(
  shop: string,
  customer: CustomerFacts,
  now = clock.now(),
): Promise<MemberSummary> {
  return saveCustomer(shop, customer, now);
}

/** customers/update: refreshes the member's details; enrols them when the create webhook has not arrived yet. */
export function updateCustomerDetails(
  shop: string,
  customer: CustomerFacts,
  now = clock.now(),
): Promise<MemberSummary> {
  return saveCustomer(shop, customer, now);
}

function saveCustomer(
  shop: string,
  customer: CustomerFacts,
  now: Date,
): Promise<MemberSummary> {
  return inTransaction(async (tx) => {
    if (!(await findInstalledShop(tx, shop)))
      return { outcome: "unknown_shop", memberId: null };
    const { member, created } = await upsertMemberFromCustomer(
      tx,
      shop,
      customer,
      now,
    );
    if (
      created ||
      now.getTime() - member.createdAt.getTime() < WELCOME_WINDOW_MS
    )
      await queueMemberEmail(tx, {
        shopDomain: shop,
        memberId: member.id,
        kind: "welcome",
        eventId: member.id,
        payload: { balance: member.balance },
        now,
      });
    return { outcome: created ? "enrolled" : "updated", memberId: member.id };
  });
}
