import { accessEn } from "~/i18n/messages/access-en";
import { earnEn } from "~/i18n/messages/earn-en";
import { programEn } from "~/i18n/messages/program-en";
import { memberPointsEn } from "~/i18n/messages/member-points-en";
import { adminUiEn } from "~/i18n/messages/admin-ui-en";
import { attentionEn } from "~/i18n/messages/attention-en";
import { emailsEn } from "~/i18n/messages/emails-en";
import { tiersEn } from "~/i18n/messages/tiers-en";
import { rewardErrorsEn } from "~/i18n/messages/reward-errors-en";
import { rewardsEn } from "~/i18n/messages/rewards-en";
import { scopesEn } from "~/i18n/messages/scopes-en";
import { importEn } from "~/i18n/messages/import-en";
import { pickersEn } from "~/i18n/messages/pickers-en";
import { shopperEn } from "~/i18n/messages/shopper-en";
import { reportsEn } from "~/i18n/messages/reports-en";
import { validationEn } from "~/i18n/messages/validation-en";
import type { Message } from "~/i18n/messages/types";

/**
 * English, the reference dictionary: every other language has exactly these keys
 * (app/i18n/messages/fr.ts is typed against it, and i18n.test.ts checks placeholders too).
 * `{name}` is replaced by a parameter; numbers are formatted for the language.
 */
export const en = {
  "nav.home": "Home",
  "nav.members": "Members",

  points: { one: "{count} point", other: "{count} points" },

  "program.title": "Program",
  "program.status.active": "Active",
  "program.status.paused": "Paused",
  "program.status.notSetUp": "Not set up",
  "program.earnRate": "Customers earn {points} for every {amount} spent.",
  "program.earnBase":
    "Points are calculated on the order subtotal after discounts, excluding shipping, taxes and gift cards.",
  "program.pausedHelp": "Orders don’t earn points while the program is paused.",
  "program.notSetUpHelp":
    "Your program is being set up. Reload this page in a moment.",

  "home.title": "Loyalty program",
  "home.stats.members": "Members",
  "home.stats.pointsOutstanding": "Points outstanding",
  "home.stats.pointsOutstandingHelp": "Points your members can still spend",
  "home.stats.pointsIssued": "Points issued in the last 30 days",
  "home.activity.title": "Recent activity",
  "home.activity.empty": "No points have been earned or spent yet.",
  "home.topMembers.title": "Highest balances",
  "home.topMembers.viewAll": "View all members",
  "home.empty.heading": "No members yet",
  "home.empty.body":
    "Customers join the program when they create an account in your store. Their points show up here after their first order.",

  "activity.resource.singular": "points movement",
  "activity.resource.plural": "points movements",
  "activity.column.customer": "Customer",
  "activity.column.activity": "Activity",
  "activity.column.points": "Points",
  "activity.column.balanceAfter": "Balance after",
  "activity.column.date": "Date",

  "ledger.kind.order_award": "Earned on an order",
  "ledger.kind.refund_reversal": "Removed after a refund",
  "ledger.kind.cancellation_reversal": "Removed after a cancellation",
  "ledger.kind.manual_adjustment": "Manual adjustment",
  "ledger.kind.redemption": "Redeemed for a reward",
  "ledger.kind.redemption_refund": "Returned (reward not issued)",
  "ledger.kind.expiry": "Expired",
  "ledger.kind.other": "Other change",
  // Notes the app itself wrote on a ledger entry, shown in the reader's language.
  "ledger.note.issueFailed": "Reward could not be issued: points returned",
  "ledger.note.cancelled": "Reward cancelled: points returned",
  "ledger.note.expired": "Reward expired unused: points returned",

  // Form errors: a validation rule's own words, or this when the value is simply not valid.
  "form.error.invalid": "Enter a valid value.",
  "form.error.httpAddress": "Use an http(s) address.",
  "form.error.productOrCollection":
    "Choose at least one product or collection.",
  "form.error.actionKey": "Lowercase letters, digits, - and _ (up to 64).",
  "form.error.twoDecimals": "At most two decimals.",
  "form.error.campaignEnd": "A campaign must end after it starts.",
  "form.error.limitAmount":
    "A limit needs a number of awards or a number of points.",
  "form.error.limitPerPeriod": "One limit per period.",

  "earn.notFound.heading": "Way to earn not found",
  "earn.notFound.body": "This way to earn doesn’t exist or has been deleted.",

  // Storefront API errors a shopper may read (the `message` beside the `code`), in the storefront's language.
  "proxy.error.not_logged_in": "Sign in to see your points.",
  "proxy.error.not_a_member": "Your account is not in the program yet.",
  "proxy.error.unknown_rule": "This way to earn is not available.",
  "proxy.error.limit_reached":
    "You have reached the limit for this way to earn.",
  "proxy.error.already_pending":
    "Your previous submission is still being reviewed.",
  "proxy.error.invalid_content":
    "Check what you entered: it could not be accepted.",
  "proxy.error.invalid_date": "This date does not exist.",

  "member.customerFallback": "Customer #{id}",
  "member.redacted": "Personal data erased at the customer’s request",
  "member.balance": "Balance",
  "member.memberSince": "Member since {date}",
  "member.details.title": "Details",
  "member.email": "Email",
  "member.noEmail": "No email address",
  "member.customerId": "Shopify customer ID",
  "member.history.title": "Points history",
  "member.history.empty": "No points have been earned or spent yet.",
  "member.notFound.heading": "Member not found",
  "member.notFound.body":
    "This member doesn’t exist or has been removed from the program.",

  "members.title": "Members",
  "members.resource.singular": "member",
  "members.resource.plural": "members",
  "members.count": { one: "{count} member", other: "{count} members" },
  "members.search.label": "Search members",
  "members.search.placeholder": "Search by name or email",
  "members.sort.label": "Sort by",
  "members.sort.balanceDesc": "Highest balance",
  "members.sort.balanceAsc": "Lowest balance",
  "members.sort.joinedDesc": "Newest members",
  "members.sort.joinedAsc": "Oldest members",
  "members.column.member": "Member",
  "members.column.email": "Email",
  "members.column.balance": "Balance",
  "members.column.joined": "Joined",
  "members.empty.heading": "No members found",
  "members.empty.search": "Try another name or email address.",
  "members.empty.none": "Customers show up here once they join the program.",

  "pagination.label": "Page {page} of {pages}",
  "pagination.previous": "Previous page",
  "pagination.next": "Next page",

  ...rewardsEn,
  ...rewardErrorsEn,
  ...earnEn,
  ...tiersEn,
  ...scopesEn,
  ...programEn,
  ...memberPointsEn,
  ...adminUiEn,
  ...attentionEn,
  ...shopperEn,
  ...reportsEn,
  ...emailsEn,
  ...accessEn,
  ...importEn,
  ...pickersEn,
  ...validationEn,
} satisfies Record<string, Message>;
