/**
 * Emails to members (issue 9), the pure part: which emails exist, which are on by default, the
 * business event each is keyed by, the rewards a credit unlocks, the language an email goes out in
 * and how many a shop may still send this hour. No I/O, no clock.
 */

import { retryDelayMs, type RetryPolicy } from "~/loyalty/retry-policy";

export const EMAIL_KINDS = [
  "welcome",
  "points_earned",
  "balance_adjusted",
  "reward_unlocked",
  "reward_redeemed",
  "expiring_soon",
  "new_tier",
] as const;
export type EmailKind = (typeof EMAIL_KINDS)[number];

export function isEmailKind(value: string): value is EmailKind {
  return (EMAIL_KINDS as readonly string[]).includes(value);
}

/** A fresh install: the emails a member expects on, the chattier ones off. */
export const DEFAULT_EMAIL_SWITCHES: Readonly<Record<EmailKind, boolean>> = {
  welcome: true,
  points_earned: true,
  balance_adjusted: true,
  reward_unlocked: true,
  reward_redeemed: false,
  expiring_soon: true,
  new_tier: false,
};

export type EmailSwitches = Record<EmailKind, boolean>;

/** The stored overrides (JSON `{kind: boolean}`) over the defaults; anything malformed is ignored. */
export function emailSwitches(
  stored: string | null | undefined,
): EmailSwitches {
  const switches: EmailSwitches = { ...DEFAULT_EMAIL_SWITCHES };
  let parsed: unknown = {};
  try {
    parsed = JSON.parse(stored ?? "{}");
  } catch {
    parsed = {};
  }
  if (parsed && typeof parsed === "object")
    for (const [kind, on] of Object.entries(parsed))
      if (isEmailKind(kind) && typeof on === "boolean") switches[kind] = on;
  return switches;
}

/**
 * One email per business event, ever: the event's id (a ledger entry, a member, a notice, a
 * redemption) and the kind. Duplicate webhooks post no second entry, so they find this key taken.
 */
export function emailKey(kind: EmailKind, eventId: string): string {
  return `${kind}:${eventId}`;
}

export interface UnlockableReward {
  id: string;
  pointsCost: number;
}

/**
 * The rewards a credit made affordable: those whose cost the balance crossed, from below to at or
 * above. Crossing again after spending unlocks again (a new entry, a new email); a gift from the
 * admin is not a credit, so it never unlocks anything.
 */
export function rewardsUnlockedBy(
  balanceBefore: number,
  balanceAfter: number,
  rewards: readonly UnlockableReward[],
): UnlockableReward[] {
  if (balanceAfter <= balanceBefore) return [];
  return rewards.filter(
    (reward) =>
      reward.pointsCost > 0 &&
      reward.pointsCost > balanceBefore &&
      reward.pointsCost <= balanceAfter,
  );
}

/** The language subtag of a Shopify locale: "fr-CA" → "fr". */
export function languageOf(tag: string | null | undefined): string | null {
  if (!tag) return null;
  const language = tag.trim().toLowerCase().split(/[-_]/)[0];
  return /^[a-z]{2,3}$/.test(language) ? language : null;
}

/**
 * The member's language when there is a template for it (shipped or the merchant's), else the
 * shop's email language, else English.
 */
export function emailLocaleFor(
  memberLocale: string | null | undefined,
  available: readonly string[],
  shopLocale: string,
): string {
  const language = languageOf(memberLocale);
  if (language && available.includes(language)) return language;
  const fallback = languageOf(shopLocale);
  if (fallback && available.includes(fallback)) return fallback;
  return "en";
}

/** How many more emails the shop may send in the hour that ends now. */
export function sendingAllowance(hourlyLimit: number, sentLastHour: number) {
  return Math.max(0, hourlyLimit - sentLastHour);
}

/**
 * Emails that fail for temporary reasons: 30 s, 1 min, 2 min… capped at one hour, with equal
 * jitter, given up after 6 attempts (the one retry policy, retry-policy.ts).
 */
export const EMAIL_RETRY_POLICY: RetryPolicy = {
  baseDelayMs: 30_000,
  maxDelayMs: 60 * 60_000,
  maxAttempts: 6,
};

/** Attempts before an email that keeps failing for temporary reasons is given up. */
export const MAX_EMAIL_ATTEMPTS = EMAIL_RETRY_POLICY.maxAttempts;

/** The wait before an email's next attempt, by EMAIL_RETRY_POLICY. */
export function emailRetryDelayMs(attempts: number, random: number): number {
  return retryDelayMs(EMAIL_RETRY_POLICY, attempts, random);
}
