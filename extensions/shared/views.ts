import {
  type CatalogueReward,
  type OrderPointsAnswer,
  type Outcome,
  type PointsName,
  type RedemptionAnswer,
  type RewardsPageAnswer,
  type ThankYouAnswer,
} from "./loyalty-client";

/**
 * What the extensions show, as plain data built from the app's answers: the Preact components
 * only lay it out with Shopify's `s-*` elements. `t` is `shopify.i18n.translate` (the extension's
 * locales, `{{name}}` placeholders); points read in the merchant's points name.
 */
export type Translate = (
  key: string,
  params?: Record<string, string | number>,
) => string;

export function formatPoints(
  points: number,
  name: PointsName,
  locale: string,
): string {
  const number = new Intl.NumberFormat(locale).format(points);
  const form = new Intl.PluralRules(locale).select(points);
  return `${number} ${form === "one" ? name.one : name.other}`;
}

export function formatDate(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, {
    dateStyle: "medium",
    timeZone: "UTC",
  }).format(new Date(iso));
}

const HISTORY_KINDS = new Set([
  "order_award",
  "refund_reversal",
  "cancellation_reversal",
  "manual_adjustment",
  "redemption",
  "redemption_refund",
  "expiry",
  "tier_bonus",
  "earning_award",
  "gift",
]);

const REFUSALS = new Set([
  "insufficient_points",
  "sold_out",
  "limit_reached",
  "not_available",
  "tier_locked",
]);

export interface RewardCardView {
  id: string;
  name: string;
  description: string;
  imageUrl: string | null;
  cost: string;
  /** The points a redemption spends (a slider reward: its minimum, until the customer chooses). */
  points: number;
  /**
   * A points slider the customer can redeem: the amount they choose, from `min` to `max` on
   * `step`s, `max` capped to what they hold (as the storefront launcher does); null otherwise.
   */
  slider: {
    min: number;
    max: number;
    step: number;
    label: string;
    /** What the field accepts, in words. */
    hint: string;
  } | null;
  canRedeem: boolean;
  /** Why it cannot be redeemed, in the customer's words; null when it can. */
  status: string | null;
  details: string[];
}

export interface RewardsPageView {
  title: string;
  /** The program is off: only this sentence is shown. */
  unavailable: string | null;
  balance: string;
  pending: string | null;
  tier: string | null;
  history: { id: string; label: string; points: string; date: string }[];
  rewards: RewardCardView[];
  codes: {
    id: string;
    rewardName: string;
    code: string | null;
    status: string;
    copyable: boolean;
  }[];
}

function rewardCard(
  reward: CatalogueReward,
  t: Translate,
  points: (n: number) => string,
  balance: number,
): RewardCardView {
  const reason =
    reward.reason && REFUSALS.has(reward.reason) ? reward.reason : null;
  const status = reward.available
    ? null
    : reason === "tier_locked"
      ? t("rewards.reason.tier_locked", {
          tiers: (reward.lockedTo ?? []).join(", "),
        })
      : t(`rewards.reason.${reason ?? "not_available"}`, {
          points: points(Math.max(1, reward.pointsCost - balance)),
        });
  const range = reward.slider;
  return {
    id: reward.id,
    name: reward.name,
    description: reward.description,
    imageUrl: reward.imageUrl,
    cost: range
      ? t("rewards.cost_range", {
          min: points(range.min),
          max: points(range.max),
        })
      : points(reward.pointsCost),
    points: reward.pointsCost,
    slider:
      range && reward.available
        ? {
            min: range.min,
            max: sliderTop(range, balance),
            step: range.step,
            label: t("rewards.slider_label"),
            hint: t("rewards.slider_hint", {
              min: points(range.min),
              max: points(sliderTop(range, balance)),
              step: points(range.step),
            }),
          }
        : null,
    canRedeem: reward.available,
    status,
    details: [
      ...(reward.minimumSubtotal
        ? [t("rewards.minimum", { amount: reward.minimumSubtotal })]
        : []),
      ...reward.conditions,
    ],
  };
}

/** The slider's top for this balance: its max, or the last step the customer can afford. */
function sliderTop(
  range: { min: number; max: number; step: number },
  balance: number,
): number {
  const affordable =
    range.min + Math.floor((balance - range.min) / range.step) * range.step;
  return Math.max(range.min, Math.min(range.max, affordable));
}

/**
 * The points to send for a reward card: its cost, or for a slider the amount the customer typed
 * when it is whole, within the range and on a step; null (nothing sent) otherwise.
 */
export function chosenPoints(
  card: RewardCardView,
  typed: number | string | null | undefined,
): number | null {
  if (!card.slider) return card.points;
  const amount =
    typed === null || typed === undefined || typed === ""
      ? card.slider.min
      : Number(typed);
  const { min, max, step } = card.slider;
  if (!Number.isInteger(amount) || amount < min || amount > max) return null;
  return (amount - min) % step === 0 ? amount : null;
}

export function rewardsPageView(
  answer: RewardsPageAnswer,
  t: Translate,
  locale: string,
): RewardsPageView {
  const points = (n: number) =>
    formatPoints(n, answer.program.pointsName, locale);
  const title = answer.program.name || t("page.title");
  if (!answer.program.active || !answer.me)
    return {
      title,
      unavailable: answer.program.comingSoon ?? t("page.unavailable"),
      balance: "",
      pending: null,
      tier: null,
      history: [],
      rewards: [],
      codes: [],
    };
  const me = answer.me;
  return {
    title,
    unavailable: null,
    balance: t("page.balance", { points: points(me.balance) }),
    pending:
      me.pending > 0 ? t("page.pending", { points: points(me.pending) }) : null,
    tier: me.tier ? t("page.tier", { tier: me.tier.name }) : null,
    history: me.history.map((row) => {
      const kind = HISTORY_KINDS.has(row.kind)
        ? t(`history.kind.${row.kind}`)
        : "";
      const label = [kind, row.description].filter(Boolean).join(" · ");
      const signed = `${row.points > 0 ? "+" : row.points < 0 ? "−" : ""}${points(Math.abs(row.points))}`;
      return {
        id: row.id,
        label: label || t("history.kind.other"),
        points: signed,
        date: formatDate(row.createdAt, locale),
      };
    }),
    rewards: answer.rewards.map((reward) =>
      rewardCard(reward, t, points, me.balance),
    ),
    codes: me.redemptions.map((code) => ({
      id: code.id,
      rewardName: code.rewardName,
      code: code.code,
      status: t(
        `codes.status.${["pending", "active", "used", "expired", "cancelled"].includes(code.status) ? code.status : "pending"}`,
      ),
      copyable:
        code.code !== null &&
        (code.status === "pending" || code.status === "active"),
    })),
  };
}

/** After Redeem: the code, or the refusal in the customer's words. */
export function redemptionMessage(
  outcome: Outcome<RedemptionAnswer>,
  t: Translate,
  pointsName: PointsName,
): { tone: "success" | "critical"; text: string; code: string | null } {
  if (outcome.ok)
    return {
      tone: "success",
      text: t("redeem.done", { reward: outcome.data.redemption.rewardName }),
      code: outcome.data.redemption.code,
    };
  const known = [
    "insufficient_points",
    "sold_out",
    "limit_reached",
    "invalid_points",
    "network",
  ];
  return {
    tone: "critical",
    text: t(
      `redeem.error.${known.includes(outcome.code) ? outcome.code : "other"}`,
      { pointsName: pointsName.other },
    ),
    code: null,
  };
}

/** The order-status block's sentence; null shows nothing (no points for this order). */
export function orderStatusMessage(
  answer: OrderPointsAnswer,
  t: Translate,
  locale: string,
): string | null {
  if (!answer.program.active) return null;
  const points = formatPoints(answer.points, answer.program.pointsName, locale);
  if (answer.state === "posted") return t("order.posted", { points });
  if (answer.state === "pending") return t("order.pending", { points });
  if (answer.state === "processing") return t("order.processing");
  return null;
}

/**
 * The Rewards page (extension handle `customer-account-rewards`, target
 * `customer-account.page.render`) as another customer-account extension links to it: Shopify's
 * `extension://<handle>` protocol (Navigation API, customer-account UI extensions 2025-10 and later;
 * ADR 0019).
 */
export const REWARDS_PAGE_HREF = "extension://customer-account-rewards";

/** The profile block: the balance and tier, or nothing while the program is off. */
export function profileBalanceMessage(
  answer: RewardsPageAnswer,
  t: Translate,
  locale: string,
): {
  heading: string;
  balance: string;
  tier: string | null;
  link: { label: string; href: string };
} | null {
  if (!answer.program.active || !answer.me) return null;
  return {
    heading: answer.program.name || t("profile.heading"),
    balance: t("profile.balance", {
      points: formatPoints(
        answer.me.balance,
        answer.program.pointsName,
        locale,
      ),
    }),
    tier: answer.me.tier
      ? t("profile.tier", { tier: answer.me.tier.name })
      : null,
    link: { label: t("profile.link"), href: REWARDS_PAGE_HREF },
  };
}

export interface ThankYouView {
  heading: string;
  body: string;
  balance: string | null;
  /** For a guest: the invitation to create an account. */
  join: { label: string; url: string } | null;
}

/** The thank-you block; null shows nothing (program off, nothing to earn). */
export function thankYouView(
  answer: ThankYouAnswer,
  t: Translate,
  locale: string,
  storefrontUrl: string | null,
): ThankYouView | null {
  if (!answer.program.active || answer.points <= 0) return null;
  const name = answer.program.pointsName;
  const points = formatPoints(answer.points, name, locale);
  const heading = answer.program.name || t("thanks.heading");
  if (answer.customer === "guest")
    return {
      heading: t("thanks.guest.heading", { program: heading }),
      body: t("thanks.guest.body", { points }),
      balance: null,
      join: storefrontUrl
        ? {
            label: t("thanks.guest.join"),
            url: `${storefrontUrl.replace(/\/$/, "")}/account/register`,
          }
        : null,
    };
  const body =
    answer.state === "posted"
      ? t("thanks.posted", { points })
      : answer.state === "pending"
        ? t("thanks.pending", { points })
        : t("thanks.estimate", { points });
  return {
    heading,
    body,
    balance:
      answer.balance === null
        ? null
        : t("thanks.balance", {
            points: formatPoints(answer.balance, name, locale),
          }),
    join: null,
  };
}

/** `shopify.i18n.translate`'s rules for a locale file, for tests and the emulator: `{{name}}` placeholders. */
export function translatorFor(messages: Record<string, unknown>): Translate {
  return (key, params = {}) => {
    const value = key
      .split(".")
      .reduce<unknown>(
        (node, part) =>
          node && typeof node === "object"
            ? (node as Record<string, unknown>)[part]
            : undefined,
        messages,
      );
    if (typeof value !== "string") return key;
    return value.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) =>
      name in params ? String(params[name]) : whole,
    );
  };
}
