import { matchLocale } from "~/i18n/locale";
import { t } from "~/i18n/translate";
import { type EmailKind } from "~/loyalty/emails";
import { type RewardValue } from "~/loyalty/reward-value";
import {
  type ProgramIdentityInput,
  pointsNameFor,
} from "~/loyalty/program-identity";

/**
 * The Liquid variables of an email. Facts come from the event (frozen in the outbox row) and from
 * the member and shop when sending; this turns them into the words a template uses, in the
 * email's language and the shop's time zone.
 */

/** What the event itself says, stored with the email when it is queued (no personal data). */
export interface EmailEventFacts {
  /** The points of the event (signed for an adjustment). */
  points?: number;
  /** The balance right after the event. */
  balance?: number;
  description?: string | null;
  rewardName?: string | null;
  /** Legacy: a value already in words (rows queued before `rewardBenefit`). */
  rewardValue?: string | null;
  /** What the reward is worth, as a code and parameters, put in words when sending. */
  rewardBenefit?: RewardValue | null;
  rewardCost?: number | null;
  code?: string | null;
  codeExpiresAt?: string | null;
  expiresAt?: string | null;
  tierName?: string | null;
}

/** What is read when sending. */
export interface EmailSendFacts {
  firstName: string | null;
  pendingPoints: number;
  pendingUntil: Date | null;
  shopName: string;
  timeZone: string;
  /** ISO 4217, for amounts; absent: the value is left out. */
  currencyCode?: string;
  programUrl: string;
  unsubscribeUrl: string;
  /** The program's name and points names (ADR 0013); absent: the shop's name and the app's words. */
  program?: EmailProgram;
}

export type EmailProgram = Pick<ProgramIdentityInput, "name" | "pointsNames">;

/** Only what an email uses of the program's identity. */
export function emailProgram(identity: EmailProgram): EmailProgram {
  return { name: identity.name, pointsNames: identity.pointsNames };
}

export interface ProgramWording {
  programName: string;
  pointsSingular: string;
  pointsPlural: string;
}

const pointsWords: Record<string, { one: string; other: string }> = {
  en: { one: "point", other: "points" },
  fr: { one: "point", other: "points" },
};

/**
 * The program's name and what its points are called in the email's language: the merchant's
 * program identity (getProgramIdentity), else the shop's name and the app's wording.
 */
export function programWording(
  shopName: string,
  locale: string,
  program?: EmailProgram,
): ProgramWording {
  const words = program
    ? pointsNameFor(program, locale)
    : (pointsWords[locale] ?? pointsWords.en);
  return {
    programName: program?.name || shopName,
    pointsSingular: words.one,
    pointsPlural: words.other,
  };
}

function formatNumber(locale: string, value: number) {
  return new Intl.NumberFormat(locale).format(value);
}

function pointsWord(locale: string, count: number, wording: ProgramWording) {
  return new Intl.PluralRules(locale).select(Math.abs(count)) === "one"
    ? wording.pointsSingular
    : wording.pointsPlural;
}

function label(locale: string, count: number, wording: ProgramWording) {
  return `${formatNumber(locale, count)} ${pointsWord(locale, count, wording)}`;
}

function formatDate(locale: string, timeZone: string, value: Date | string) {
  const date = typeof value === "string" ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return "";
  try {
    return new Intl.DateTimeFormat(locale, {
      dateStyle: "long",
      timeZone,
    }).format(date);
  } catch {
    return new Intl.DateTimeFormat(locale, {
      dateStyle: "long",
      timeZone: "UTC",
    }).format(date);
  }
}

/**
 * A reward's value in the email's language and the shop's currency: "5,00 €", "10 %",
 * "Livraison offerte". Words come from the app's dictionary (English for a language it lacks);
 * numbers and money from Intl in the email's own language.
 */
export function formatRewardValue(
  locale: string,
  currencyCode: string | undefined,
  value: RewardValue | null | undefined,
): string {
  if (!value) return "";
  const words = matchLocale(locale) ?? "en";
  const money = (millis: number) => {
    if (!currencyCode) return "";
    try {
      return new Intl.NumberFormat(locale, {
        style: "currency",
        currency: currencyCode,
      }).format(millis / 1000);
    } catch {
      return "";
    }
  };
  const percent = (percentage: number) =>
    new Intl.NumberFormat(locale, {
      style: "percent",
      maximumFractionDigits: 2,
    }).format(percentage / 100);
  switch (value.kind) {
    case "amount_off":
      return money(value.amount);
    case "percentage_off":
      return percent(value.percentage);
    case "free_shipping":
      return t(words, "emails.value.freeShipping");
    case "free_product":
      return t(words, "emails.value.freeProduct");
    case "buy_x_get_y":
      return value.percentage >= 100
        ? t(words, "emails.value.freeItems", { count: value.quantity })
        : t(words, "emails.value.itemsOff", {
            count: value.quantity,
            percentage: percent(value.percentage),
          });
    case "gift_card": {
      const amount = money(value.amount);
      return amount ? t(words, "emails.value.giftCard", { amount }) : "";
    }
  }
}

export type EmailVariables = Record<string, string | number>;

export function emailVariables(
  locale: string,
  event: EmailEventFacts,
  send: EmailSendFacts,
): EmailVariables {
  const wording = programWording(send.shopName, locale, send.program);
  const points = event.points ?? 0;
  const balance = event.balance ?? 0;
  const date = (value: string | Date | null | undefined) =>
    value ? formatDate(locale, send.timeZone, value) : "";
  return {
    first_name: send.firstName ?? "",
    shop_name: send.shopName,
    program_name: wording.programName,
    points_name: wording.pointsSingular,
    points_name_plural: wording.pointsPlural,
    points: Math.abs(points),
    points_word: pointsWord(locale, points, wording),
    points_label: label(locale, Math.abs(points), wording),
    points_change: new Intl.NumberFormat(locale, {
      signDisplay: "exceptZero",
    }).format(points),
    balance,
    balance_label: label(locale, balance, wording),
    pending_points: send.pendingPoints,
    pending_label: label(locale, send.pendingPoints, wording),
    pending_until: date(send.pendingUntil),
    description: event.description ?? "",
    reward_name: event.rewardName ?? "",
    reward_value: event.rewardBenefit
      ? formatRewardValue(locale, send.currencyCode, event.rewardBenefit)
      : (event.rewardValue ?? ""),
    reward_cost: event.rewardCost ?? 0,
    reward_cost_label: event.rewardCost
      ? label(locale, event.rewardCost, wording)
      : "",
    code: event.code ?? "",
    code_expires_on: date(event.codeExpiresAt),
    expires_on: date(event.expiresAt),
    tier_name: event.tierName ?? "",
    program_url: send.programUrl,
    unsubscribe_url: send.unsubscribeUrl,
  };
}

/** The variables a template may use, for the admin's help text (app/emails/README.md lists them). */
export const EMAIL_VARIABLE_NAMES = [
  "first_name",
  "shop_name",
  "program_name",
  "points_name",
  "points_name_plural",
  "points",
  "points_word",
  "points_label",
  "points_change",
  "balance",
  "balance_label",
  "pending_points",
  "pending_label",
  "pending_until",
  "description",
  "reward_name",
  "reward_value",
  "reward_cost_label",
  "code",
  "code_expires_on",
  "expires_on",
  "tier_name",
  "program_url",
  "unsubscribe_url",
] as const;

/** Sample data for the admin's live preview (a fixed date: the preview must not depend on today). */
export function sampleEmailFacts(
  kind: EmailKind,
  shopName: string,
  timeZone: string,
  program?: EmailProgram,
  currencyCode = "USD",
): { event: EmailEventFacts; send: EmailSendFacts } {
  return {
    event: {
      points: kind === "balance_adjusted" ? 50 : 120,
      balance: 620,
      description:
        kind === "balance_adjusted" ? "Sorry for the late parcel" : "#1001",
      rewardName: "$5 off",
      rewardBenefit: { kind: "amount_off", amount: 5_000 },
      rewardCost: 500,
      code: "LOYAL-7K2Q-9XPM",
      codeExpiresAt: "2030-06-30T12:00:00.000Z",
      expiresAt: "2030-06-30T12:00:00.000Z",
      tierName: "Gold",
    },
    send: {
      firstName: "Camille",
      pendingPoints: 40,
      pendingUntil: new Date("2030-06-14T12:00:00.000Z"),
      shopName,
      timeZone,
      currencyCode,
      programUrl: "https://example.com/pages/rewards",
      unsubscribeUrl: "https://example.com/unsubscribe",
      program,
    },
  };
}
