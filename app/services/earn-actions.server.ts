import { type Member } from "@prisma/client";
import * as clock from "~/clock.server";
import { earningRuleName } from "~/i18n/earning-rule-name";
import { earningAwardNote } from "~/i18n/ledger-note";
import { textIn } from "~/loyalty/localized-text";
import { campaignNameIn } from "~/loyalty/campaigns";
import {
  countPendingSubmissions as countPendingSubmissionRows,
  createSubmission,
  decideSubmission,
  findLatestSubmission,
  findPendingSubmission,
  findSubmission,
  listSubmissions,
  type SubmissionWithMember,
} from "~/models/content-submission.server";
import { findShopLocales } from "~/models/shop.server";
import { type Locale } from "~/i18n/locale";
import { t } from "~/i18n/translate";
import {
  type Birthday,
  BirthdaySchema,
  BIRTHDAY_GRACE_DAYS,
  birthdayAwardDue,
  birthdaysCelebratedOn,
  nextBirthdayAward,
} from "~/loyalty/birthdays";
import {
  addDaysToLocalDate,
  formatLocalDate,
  toLocalDate,
} from "~/loyalty/calendar";
import {
  awardSourceFor,
  contentSubmissionSchema,
  CustomActionRequestSchema,
  type EarningEvent,
  type EarningRule,
  type FixedPointsRule,
  type ModerationDecision,
  pointsForAction,
  ProductReviewReportSchema,
  shopifyIdKey,
  SocialNetworkSchema,
} from "~/loyalty/earning-rules";
import { withinLimits } from "~/loyalty/limits";
import { type CustomerFacts } from "~/loyalty/types";
import { listRuleAwards, recordRuleAward } from "~/models/earning-rules.server";
import { findLedgerEntry, postLedgerEntry } from "~/models/ledger.server";
import {
  ensureMemberForOrder,
  findMemberByCustomer,
  saveMemberBirthday,
  listMembersWithBirthdayOn,
  loadMember,
  markBirthdayAwarded,
  findMemberBirthday,
} from "~/models/member.server";
import { findInstalledShop } from "~/models/shop.server";
import { inTransaction, type Tx, database } from "~/models/transaction.server";
import { queueCreditEmails } from "~/services/emails/queue.server";
import {
  type EarningContext,
  fieldErrors,
  type FieldErrors,
  loadEarningContext,
} from "~/services/earning-rules.server";

/**
 * Ways to earn other than orders: creating an account, a birthday, the newsletter, social
 * follows and shares (honour-based), content missions (moderated), product reviews and custom
 * actions (both through the authenticated API). Each award:
 * - is keyed by the event (earning-rules.ts `awardSourceFor`), so a replay, a second webhook or a
 *   retried API call earns once, even if the rule was deleted and created again;
 * - respects the rule's limits (limits.ts) counted from the per-rule award rows, in the shop's
 *   time zone, and the winning campaign (campaigns.ts) at the time of the event;
 * - is one ledger entry of kind `earning_award` posted with `postLedgerEntry`.
 */

export type EarnOutcome =
  | "awarded"
  /** This event already earned (its points are in the ledger). */
  | "duplicate"
  | "limit_reached"
  /** No enabled rule for this way to earn. */
  | "no_rule"
  | "unknown_shop"
  | "unknown_member"
  /** Nothing to award for these facts (e.g. not subscribed to the newsletter). */
  | "not_eligible"
  /** The program is switched off (ADR 0013): nothing awarded, nothing recorded as earned. */
  | "program_inactive";

export interface EarnSummary {
  outcome: EarnOutcome;
  points: number;
  /** The member's spendable balance after this call, when known. */
  balance: number | null;
  entryId: string | null;
  /** For `limit_reached`: when the rule's period ends (null: a lifetime limit). */
  resetsAt: Date | null;
}

const summary = (
  outcome: EarnOutcome,
  extra: Partial<EarnSummary> = {},
): EarnSummary => ({
  outcome,
  points: 0,
  balance: null,
  entryId: null,
  resetsAt: null,
  ...extra,
});

/** The enabled rule of a type, the first in the merchant's order (conflicts are shown in the admin). */
function ruleOfType<T extends FixedPointsRule["type"]>(
  context: EarningContext,
  type: T,
  match: (rule: Extract<EarningRule, { type: T }>) => boolean = () => true,
): Extract<EarningRule, { type: T }> | null {
  for (const rule of context.rules) {
    if (
      rule.type === type &&
      rule.enabled &&
      match(rule as Extract<EarningRule, { type: T }>)
    ) {
      return rule as Extract<EarningRule, { type: T }>;
    }
  }
  return null;
}

/**
 * Awards one event under one rule, inside the caller's transaction. Checks the event first (a
 * duplicate is a duplicate even when the limit is now reached), then the limits, then posts.
 */
export async function awardEarningEvent(
  tx: Tx,
  shop: string,
  context: EarningContext,
  member: Pick<Member, "id">,
  rule: FixedPointsRule,
  event: EarningEvent,
  now: Date,
): Promise<EarnSummary> {
  if (!context.programActive) return summary("program_inactive");
  const source = awardSourceFor(event);
  const existing = await findLedgerEntry(
    tx,
    shop,
    source.sourceType,
    source.sourceId,
    "earning_award",
  );
  if (existing)
    return summary("duplicate", {
      entryId: existing.id,
      balance: existing.balanceAfter,
    });
  const { points } = pointsForAction(rule, context.campaigns, now);
  if (points <= 0) return summary("no_rule");
  const check = withinLimits(
    await listRuleAwards(tx, rule.id, member.id),
    rule.limits,
    now,
    context.timeZone,
    { points },
  );
  if (!check.allowed)
    return summary("limit_reached", { resetsAt: check.resetsAt });

  const result = await postLedgerEntry(tx, {
    shopDomain: shop,
    memberId: member.id,
    kind: "earning_award",
    points: check.points,
    sourceType: source.sourceType,
    sourceId: source.sourceId,
    // A code when the rule is named after its type: put in words for each reader (ADR 0015).
    description: earningAwardNote(rule),
    recordedAt: now,
  });
  if (result.outcome === "rejected")
    throw new Error(
      `Award for ${source.sourceType} ${source.sourceId} rejected: ${result.reason}`,
    );
  if (result.outcome === "duplicate")
    return summary("duplicate", {
      entryId: result.entry.id,
      balance: result.entry.balanceAfter,
    });
  await recordRuleAward(tx, {
    shopDomain: shop,
    ruleId: rule.id,
    memberId: member.id,
    points: check.points,
    sourceType: source.sourceType,
    sourceId: source.sourceId,
    awardedAt: now,
  });
  await queueCreditEmails(tx, result, { now });
  return summary("awarded", {
    points: check.points,
    entryId: result.entry.id,
    balance: result.entry.balanceAfter,
  });
}

type EarnWork = (tx: Tx, context: EarningContext) => Promise<EarnSummary>;

function withShop(shop: string, work: EarnWork): Promise<EarnSummary> {
  return inTransaction(async (tx) => {
    if (!(await findInstalledShop(tx, shop))) return summary("unknown_shop");
    return work(tx, await loadEarningContext(tx, shop));
  });
}

// ---------------------------------------------------------------------------------------------
// Customer webhooks: account creation and newsletter

/** Shopify's REST payload says "subscribed"; GraphQL says "SUBSCRIBED". */
export function isSubscribed(state: string | null): boolean {
  return state !== null && state.toLowerCase() === "subscribed";
}

/** customers/create: the account bonus (once per customer), and the newsletter bonus if they signed up with it. */
export async function awardAccountCreation(
  shop: string,
  customer: CustomerFacts,
  now = clock.now(),
): Promise<EarnSummary> {
  const account = await withShop(shop, async (tx, context) => {
    const member = await findMemberByCustomer(tx, shop, customer.customerId);
    if (!member || member.redactedAt !== null) return summary("unknown_member");
    const rule = ruleOfType(context, "create_account");
    if (!rule) return summary("no_rule");
    return awardEarningEvent(
      tx,
      shop,
      context,
      member,
      rule,
      { type: "create_account", customerId: customer.customerId },
      now,
    );
  });
  if (isSubscribed(customer.emailMarketingState))
    await awardNewsletterSignup(shop, customer, now);
  return account;
}

/** customers/update (and create): points when email marketing consent is subscribed, once ever. */
export function awardNewsletterSignup(
  shop: string,
  customer: CustomerFacts,
  now = clock.now(),
): Promise<EarnSummary> {
  return withShop(shop, async (tx, context) => {
    if (!isSubscribed(customer.emailMarketingState))
      return summary("not_eligible");
    const member = await findMemberByCustomer(tx, shop, customer.customerId);
    if (!member || member.redactedAt !== null) return summary("unknown_member");
    const rule = ruleOfType(context, "newsletter_signup");
    if (!rule) return summary("no_rule");
    return awardEarningEvent(
      tx,
      shop,
      context,
      member,
      rule,
      { type: "newsletter_signup", customerId: customer.customerId },
      now,
    );
  });
}

// ---------------------------------------------------------------------------------------------
// Birthdays

export type BirthdayResult =
  | { ok: true; birthday: Birthday; nextAwardOn: string | null }
  | { ok: false; errors: FieldErrors }
  | { ok: false; reason: "unknown_shop" | "unknown_member" };

/**
 * Sets a member's birthday (from the storefront or the admin). Less than 30 days ahead counts
 * from next year (birthdays.ts); `birthdayLastAwardedYear` stays, so changing it after this
 * year's award does not earn twice.
 */
export async function setMemberBirthday(
  shop: string,
  customerId: string,
  raw: unknown,
  now = clock.now(),
): Promise<BirthdayResult> {
  const parsed = BirthdaySchema.safeParse(raw);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
  return inTransaction(async (tx) => {
    if (!(await findInstalledShop(tx, shop)))
      return { ok: false, reason: "unknown_shop" } as const;
    const member = await findMemberByCustomer(
      tx,
      shop,
      shopifyIdKey(customerId),
    );
    if (!member || member.redactedAt !== null)
      return { ok: false, reason: "unknown_member" } as const;
    await saveMemberBirthday(tx, member.id, parsed.data, now);
    const context = await loadEarningContext(tx, shop);
    const next = ruleOfType(context, "birthday")
      ? nextBirthdayAward(
          {
            birthday: parsed.data,
            setAt: now,
            lastAwardedYear: member.birthdayLastAwardedYear,
          },
          now,
          context.timeZone,
        )
      : null;
    return {
      ok: true,
      birthday: parsed.data,
      nextAwardOn: next ? formatLocalDate(next.date) : null,
    } as const;
  });
}

/**
 * The daily sweep: awards every birthday due today in each shop's time zone, or missed within
 * the grace period (a sweep that did not run). Idempotent: the year is in the award's key.
 */
export async function awardDueBirthdays(
  shop: string,
  now = clock.now(),
): Promise<{ checked: number; awarded: number }> {
  const context = await loadEarningContext(database, shop);
  if (
    !ruleOfType(context, "birthday") ||
    !(await findInstalledShop(database, shop))
  )
    return { checked: 0, awarded: 0 };
  const today = toLocalDate(now, context.timeZone);
  const days: { month: number; day: number }[] = [];
  for (let back = 0; back <= BIRTHDAY_GRACE_DAYS; back += 1)
    days.push(...birthdaysCelebratedOn(addDaysToLocalDate(today, -back)));
  const candidates = await listMembersWithBirthdayOn(database, shop, days);
  let awarded = 0;
  for (const { id } of candidates) {
    const result = await withShop(shop, async (tx, ctx) => {
      const member = await loadMember(tx, id);
      const rule = ruleOfType(ctx, "birthday");
      if (
        !member ||
        !rule ||
        member.birthdayMonth === null ||
        member.birthdayDay === null ||
        !member.birthdaySetAt
      ) {
        return summary("not_eligible");
      }
      const due = birthdayAwardDue(
        {
          birthday: { month: member.birthdayMonth, day: member.birthdayDay },
          setAt: member.birthdaySetAt,
          lastAwardedYear: member.birthdayLastAwardedYear,
        },
        now,
        ctx.timeZone,
      );
      if (!due) return summary("not_eligible");
      const earned = await awardEarningEvent(
        tx,
        shop,
        ctx,
        member,
        rule,
        { type: "birthday", customerId: member.customerId, year: due.year },
        now,
      );
      if (
        earned.outcome === "awarded" ||
        earned.outcome === "duplicate" ||
        earned.outcome === "limit_reached"
      ) {
        await markBirthdayAwarded(tx, id, due.year);
      }
      return earned;
    });
    if (result.outcome === "awarded") awarded += 1;
  }
  return { checked: candidates.length, awarded };
}

// ---------------------------------------------------------------------------------------------
// Social (honour-based) and content missions (moderated): from the storefront

/** A shopper says they followed or shared: honour-based, once per network and action. */
export function claimSocialAction(
  shop: string,
  customerId: string,
  ruleId: string,
  now = clock.now(),
): Promise<EarnSummary> {
  return withShop(shop, async (tx, context) => {
    const rule = ruleOfType(context, "social", (r) => r.id === ruleId);
    if (!rule) return summary("no_rule");
    const member = await findMemberByCustomer(
      tx,
      shop,
      shopifyIdKey(customerId),
    );
    if (!member || member.redactedAt !== null) return summary("unknown_member");
    const network = SocialNetworkSchema.parse(rule.network);
    return awardEarningEvent(
      tx,
      shop,
      context,
      member,
      rule,
      {
        type: "social",
        customerId: member.customerId,
        network,
        action: rule.action,
      },
      now,
    );
  });
}

export type SubmissionResult =
  | { ok: true; submissionId: string }
  | {
      ok: false;
      reason: "unknown_shop" | "no_rule" | "unknown_member" | "already_pending";
    }
  | { ok: false; errors: FieldErrors };

/** A shopper's content for a mission: waits in the moderation queue; one pending submission per mission. */
export async function submitContent(
  shop: string,
  customerId: string,
  ruleId: string,
  content: unknown,
  now = clock.now(),
): Promise<SubmissionResult> {
  return inTransaction(async (tx) => {
    if (!(await findInstalledShop(tx, shop)))
      return { ok: false, reason: "unknown_shop" } as const;
    const context = await loadEarningContext(tx, shop);
    const rule = ruleOfType(context, "content_mission", (r) => r.id === ruleId);
    if (!rule) return { ok: false, reason: "no_rule" } as const;
    const parsed = contentSubmissionSchema(rule.submission).safeParse(content);
    if (!parsed.success)
      return {
        ok: false,
        errors: { content: parsed.error.issues[0]?.message ?? "Invalid" },
      } as const;
    const member = await findMemberByCustomer(
      tx,
      shop,
      shopifyIdKey(customerId),
    );
    if (!member || member.redactedAt !== null)
      return { ok: false, reason: "unknown_member" } as const;
    const pending = await findPendingSubmission(tx, shop, ruleId, member.id);
    if (pending) return { ok: false, reason: "already_pending" } as const;
    const row = await createSubmission(tx, {
      shopDomain: shop,
      ruleId,
      memberId: member.id,
      content: parsed.data,
      now,
    });
    return { ok: true, submissionId: row.id } as const;
  });
}

export type { SubmissionWithMember };

export function listContentSubmissions(
  shop: string,
  state: "pending" | "approved" | "rejected" = "pending",
): Promise<SubmissionWithMember[]> {
  return listSubmissions(database, shop, state);
}

export function countPendingSubmissions(shop: string): Promise<number> {
  return countPendingSubmissionRows(database, shop);
}

export type ModerationResult =
  | { ok: true; state: "approved" | "rejected"; points: number }
  | {
      ok: false;
      reason: "not_found" | "already_decided" | "no_rule" | "limit_reached";
    };

/**
 * Approve: awards the mission's points (as the rule says now, with the campaign running now);
 * reject: nothing is awarded, and the message is kept for the shopper. A decision is final.
 */
export async function moderateContentSubmission(
  shop: string,
  submissionId: string,
  decision: ModerationDecision,
  now = clock.now(),
): Promise<ModerationResult> {
  return inTransaction(async (tx) => {
    const submission = await findSubmission(tx, shop, submissionId);
    if (!submission) return { ok: false, reason: "not_found" } as const;
    if (submission.state !== "pending")
      return { ok: false, reason: "already_decided" } as const;
    if (decision.decision === "reject") {
      await decideSubmission(tx, submission.id, {
        state: "rejected",
        message: decision.message || null,
        points: 0,
        now,
      });
      return { ok: true, state: "rejected", points: 0 } as const;
    }
    const context = await loadEarningContext(tx, shop);
    const rule = ruleOfType(
      context,
      "content_mission",
      (r) => r.id === submission.ruleId,
    );
    if (!rule) return { ok: false, reason: "no_rule" } as const;
    const member = await loadMember(tx, submission.memberId);
    if (!member) return { ok: false, reason: "not_found" } as const;
    const earned = await awardEarningEvent(
      tx,
      shop,
      context,
      member,
      rule,
      {
        type: "content_mission",
        customerId: member.customerId,
        submissionId: submission.id,
      },
      now,
    );
    if (earned.outcome === "limit_reached")
      return { ok: false, reason: "limit_reached" } as const;
    await decideSubmission(tx, submission.id, {
      state: "approved",
      points: earned.points,
      now,
    });
    return { ok: true, state: "approved", points: earned.points } as const;
  });
}

// ---------------------------------------------------------------------------------------------
// The authenticated API: product reviews and custom actions

export type ApiEarnResult =
  { ok: true; result: EarnSummary } | { ok: false; errors: FieldErrors };

/** A review app reports a review: points once per product per customer. */
export async function awardProductReview(
  shop: string,
  raw: unknown,
  now = clock.now(),
): Promise<ApiEarnResult> {
  const parsed = ProductReviewReportSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
  const report = parsed.data;
  const result = await withShop(shop, async (tx, context) => {
    const rule = ruleOfType(context, "product_review");
    if (!rule) return summary("no_rule");
    const member = await ensureMemberForOrder(
      tx,
      shop,
      shopifyIdKey(report.customerId),
      null,
      now,
    );
    if (member.redactedAt !== null) return summary("unknown_member");
    return awardEarningEvent(
      tx,
      shop,
      context,
      member,
      rule,
      {
        type: "product_review",
        customerId: member.customerId,
        productId: report.productId,
      },
      now,
    );
  });
  return { ok: true, result };
}

/** A custom action from the merchant's automation; the idempotency key makes retries safe. */
export async function awardCustomAction(
  shop: string,
  raw: unknown,
  now = clock.now(),
): Promise<ApiEarnResult> {
  const parsed = CustomActionRequestSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
  const request = parsed.data;
  const result = await withShop(shop, async (tx, context) => {
    const rule = ruleOfType(
      context,
      "custom_action",
      (r) => r.actionKey === request.actionKey,
    );
    if (!rule) return summary("no_rule");
    const member = await ensureMemberForOrder(
      tx,
      shop,
      shopifyIdKey(request.customerId),
      null,
      now,
    );
    if (member.redactedAt !== null) return summary("unknown_member");
    return awardEarningEvent(
      tx,
      shop,
      context,
      member,
      rule,
      {
        type: "custom_action",
        customerId: member.customerId,
        actionKey: request.actionKey,
        idempotencyKey: request.idempotencyKey,
      },
      now,
    );
  });
  return { ok: true, result };
}

// ---------------------------------------------------------------------------------------------
// The storefront's list

export interface StorefrontWayToEarn {
  id: string;
  type: EarningRule["type"];
  name: string;
  /** Fixed points, or for orders the points per `perAmount` units of shop currency. */
  points: number;
  perAmount?: number;
  network?: string;
  action?: "follow" | "share";
  url?: string;
  instructions?: string;
  submission?: "photo_link" | "text" | "url";
  /** For social rules: already claimed by this customer. For missions: a submission awaits review. */
  done?: boolean;
  /** For missions: this customer's latest submission and the shop's answer. */
  lastSubmission?: {
    state: "pending" | "approved" | "rejected";
    message: string | null;
  } | null;
}

/** GET /apps/loyalty/api/earn: the shop's enabled ways to earn, the running campaigns, and the customer's state. */
export async function listStorefrontWaysToEarn(
  shop: string,
  customerId: string | null,
  locale: Locale = "en",
  now = clock.now(),
) {
  const context = await loadEarningContext(database, shop);
  const member = customerId
    ? await findMemberByCustomer(database, shop, customerId)
    : null;
  const { primaryLocale } = await findShopLocales(database, shop);
  const ways: StorefrontWayToEarn[] = [];
  for (const rule of context.rules) {
    if (!rule.enabled) continue;
    const base = {
      id: rule.id,
      type: rule.type,
      // The merchant's name in the shopper's language (else the primary one), else the rule's own.
      name:
        textIn(rule.nameTranslations ?? {}, locale, primaryLocale) ||
        earningRuleName(rule, (key) => t(locale, key)),
    };
    switch (rule.type) {
      case "place_order":
        ways.push({
          ...base,
          points: rule.earnPoints,
          perAmount: rule.earnPerAmount,
        });
        break;
      case "social": {
        const source = member
          ? awardSourceFor({
              type: "social",
              customerId: member.customerId,
              network: rule.network,
              action: rule.action,
            })
          : null;
        const done = source
          ? (await findLedgerEntry(
              database,
              shop,
              source.sourceType,
              source.sourceId,
              "earning_award",
            )) !== null
          : false;
        ways.push({
          ...base,
          points: rule.points,
          network: rule.network,
          action: rule.action,
          url: rule.url,
          done,
        });
        break;
      }
      case "content_mission": {
        const last = member
          ? await findLatestSubmission(database, shop, rule.id, member.id)
          : null;
        ways.push({
          ...base,
          points: rule.points,
          instructions: rule.instructions,
          submission: rule.submission,
          done: last?.state === "pending",
          lastSubmission: last
            ? {
                state: last.state as "pending" | "approved" | "rejected",
                message: last.message,
              }
            : null,
        });
        break;
      }
      default:
        ways.push({ ...base, points: rule.points });
    }
  }
  const campaigns = context.campaigns
    .filter((c) => c.enabled && c.startsAt <= now && now < c.endsAt)
    .map((c) => ({
      id: c.id,
      name: campaignNameIn(c, locale, primaryLocale),
      multiplier: c.multiplier,
      endsAt: c.endsAt.toISOString(),
    }));
  const birthday =
    member && member.birthdayMonth !== null && member.birthdayDay !== null
      ? { month: member.birthdayMonth, day: member.birthdayDay }
      : null;
  return { waysToEarn: ways, campaigns, birthday };
}

/** The admin's birthday page: the member as the merchant knows them, and their birthday if given. */
export async function getMemberBirthday(shop: string, memberId: string) {
  const member = await findMemberBirthday(database, shop, memberId);
  if (!member) return null;
  const { birthdayMonth, birthdayDay, firstName, lastName, ...rest } = member;
  return {
    ...rest,
    name: [firstName, lastName].filter(Boolean).join(" ") || null,
    birthday:
      birthdayMonth !== null && birthdayDay !== null
        ? { month: birthdayMonth, day: birthdayDay }
        : null,
  };
}
