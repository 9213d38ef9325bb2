/**
 * Pending points and reversals clamped to the balance (ADR 0003), on the member page and the
 * members list, in English. Spread into en.ts; member-points-fr.ts has exactly these keys.
 */
export const memberPointsEn = {
  "members.column.pending": "Pending",
  "member.pending.title": "Pending points",
  "member.pending.none": "No pending points.",
  "member.pending.total": "Not spendable yet: {points} in total.",
  "member.pending.onDate": "{points} from order {order}, spendable on {date}",
  "member.pending.onFulfilment":
    "{points} from order {order}, spendable when the order is fulfilled",
  "member.owed.title": "Points owed by orders",
  "member.owed.help":
    "These orders were refunded or cancelled after their points were spent, so the balance could not give them all back. The next refund or cancellation of the same order takes them back as far as the balance allows; you can also adjust the balance.",
  "member.owed.line": "Order {order}: {points} to take back",
  "member.history.notTaken":
    "could not be taken back (balance too low): {points}",
  "member.history.stillOwed": "order {order} still owes {points}",
} as const;
