import { type PlaceOrderRule } from "~/loyalty/earning-rules";
import { database } from "~/models/transaction.server";
import { estimateOrderPoints } from "~/loyalty/order-estimate";
import { parseMillis } from "~/loyalty/money";
import { type RewardLocale } from "~/loyalty/rewards";
import { listEarningRules } from "~/models/earning-rules.server";
import { findMemberByCustomer } from "~/models/member.server";
import { findOrderRecord } from "~/models/order-record.server";
import { findPendingAward } from "~/models/pending-awards.server";
import {
  getProgramIdentity,
  storefrontProgram,
  type StorefrontProgram,
} from "~/services/program-identity.server";
import {
  type StorefrontMe,
  storefrontMe,
  type StorefrontReward,
  storefrontRewards,
} from "~/services/storefront.server";

/**
 * What the customer-account and checkout UI extensions read (extensions/README.md): the Rewards
 * page, the order-status and profile blocks, and the thank-you block. The customer comes only
 * from the verified session token's `sub`, the shop from its `dest`.
 */

export interface RewardsPageAnswer {
  program: StorefrontProgram;
  me: StorefrontMe | null;
  rewards: StorefrontReward[];
}

/** The Rewards page and the profile block: the customer's standing, history, codes and the catalogue. */
export async function customerRewardsPage(
  shop: string,
  customerId: string,
  locale: RewardLocale,
  now: Date,
): Promise<RewardsPageAnswer> {
  const program = storefrontProgram(await getProgramIdentity(shop), locale);
  if (!program.active) return { program, me: null, rewards: [] };
  const [me, catalogue] = await Promise.all([
    storefrontMe(shop, customerId, locale),
    storefrontRewards(shop, customerId, locale, { includeLocked: true, now }),
  ]);
  return { program, me, rewards: catalogue.rewards };
}

/**
 * What an order earned: `posted` (in the balance), `pending` (visible, not yet spendable),
 * `processing` (Shopify has not told the app the order is paid yet) or `none` (nothing to earn:
 * a test order, the program off, or not this customer's order).
 */
export type OrderPointsState = "posted" | "pending" | "processing" | "none";

export interface OrderPointsAnswer {
  program: StorefrontProgram;
  state: OrderPointsState;
  points: number;
}

export async function customerOrderPoints(
  shop: string,
  customerId: string,
  orderId: string,
  locale: RewardLocale,
): Promise<OrderPointsAnswer> {
  const program = storefrontProgram(await getProgramIdentity(shop), locale);
  const record = await findOrderRecord(database, shop, orderId);
  if (!record) return { program, state: "processing", points: 0 };
  if (record.customerId !== customerId)
    return { program, state: "none", points: 0 };
  if (record.status === "awaiting_payment")
    return { program, state: "processing", points: 0 };
  if (record.status !== "awarded" || !record.points)
    return { program, state: "none", points: 0 };
  const pending = await findPendingAward(database, shop, orderId);
  if (pending && pending.state === "pending")
    return { program, state: "pending", points: pending.points };
  if (pending && pending.state === "cancelled")
    return { program, state: "none", points: 0 };
  return { program, state: "posted", points: record.points };
}

export interface ThankYouAnswer {
  program: StorefrontProgram;
  /** `guest`: no customer signed in (the block invites them to join). */
  customer: "member" | "customer" | "guest";
  /** `estimate`: computed from the checkout's subtotal before Shopify confirmed the payment. */
  state: OrderPointsState | "estimate";
  points: number;
  balance: number | null;
}

/**
 * The thank-you block: the points this order will earn. Once the app has the order (the
 * `orders/paid` webhook may arrive before the buyer reads the page) the real figure, otherwise an
 * estimate from the enabled order rules on the subtotal the checkout showed.
 */
export async function thankYouPoints(
  shop: string,
  input: {
    customerId: string | null;
    orderId: string | null;
    subtotal: string | null;
    locale: RewardLocale;
  },
): Promise<ThankYouAnswer> {
  const program = storefrontProgram(
    await getProgramIdentity(shop),
    input.locale,
  );
  const member = input.customerId
    ? await findMemberByCustomer(database, shop, input.customerId)
    : null;
  const customer = !input.customerId
    ? "guest"
    : member && !member.redactedAt
      ? "member"
      : "customer";
  const balance = customer === "member" ? member!.balance : null;
  if (!program.active)
    return { program, customer, state: "none", points: 0, balance };

  if (input.customerId && input.orderId) {
    const known = await customerOrderPoints(
      shop,
      input.customerId,
      input.orderId,
      input.locale,
    );
    if (known.state !== "processing") return { ...known, customer, balance };
  }
  const parsed = input.subtotal === null ? null : parseMillis(input.subtotal);
  const rules = (await listEarningRules(database, shop))
    .map((stored) => stored.rule)
    .filter((rule): rule is PlaceOrderRule => rule.type === "place_order");
  const points =
    parsed && parsed.ok ? estimateOrderPoints(parsed.millis, rules) : 0;
  return {
    program,
    customer,
    state: points > 0 ? "estimate" : "none",
    points,
    balance,
  };
}
