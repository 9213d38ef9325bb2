import { type MessageKey } from "~/i18n/messages/dictionary";
import {
  type EarningRule,
  type EarningRuleType,
} from "~/loyalty/earning-rules";
import { type LimitPeriod } from "~/loyalty/limits";

/**
 * The ways-to-earn editor's form values (strings and switches, as the fields hold them) and the
 * conversions to and from a rule's input. Shared by the page and its action; the action then
 * validates with EarningRuleInputSchema.
 */

export const EARNING_RULE_TYPES: readonly EarningRuleType[] = [
  "place_order",
  "create_account",
  "birthday",
  "newsletter_signup",
  "social",
  "content_mission",
  "product_review",
  "custom_action",
];

export const ruleTypeLabel = (type: EarningRuleType): MessageKey =>
  `earn.type.${type}`;

export const LIMIT_PERIODS = [
  "day",
  "week",
  "month",
  "lifetime",
] as const satisfies readonly LimitPeriod[];

export interface EarningRuleValues {
  name: string;
  /** Optional names shoppers read in English and French (ADR 0015); empty: `name`. */
  nameEn: string;
  nameFr: string;
  enabled: boolean;
  points: string;
  limits: Record<(typeof LIMIT_PERIODS)[number], string>;
  earnPoints: string;
  earnPerAmount: string;
  rounding: string;
  earnOnShipping: boolean;
  earnOnTaxes: boolean;
  earnBeforeDiscounts: boolean;
  earnOnGiftCards: boolean;
  minimumSubtotal: string;
  excludedProducts: string;
  excludedCollections: string;
  excludedTags: string;
  bonusProducts: string;
  bonusCollections: string;
  bonusPoints: string;
  timing: string;
  delay: string;
  delayUnit: string;
  network: string;
  socialAction: string;
  url: string;
  instructions: string;
  submission: string;
  actionKey: string;
}

export function defaultRuleValues(name: string): EarningRuleValues {
  return {
    name,
    nameEn: "",
    nameFr: "",
    enabled: true,
    points: "100",
    limits: { day: "", week: "", month: "", lifetime: "" },
    earnPoints: "1",
    earnPerAmount: "1",
    rounding: "down",
    earnOnShipping: false,
    earnOnTaxes: false,
    earnBeforeDiscounts: false,
    earnOnGiftCards: false,
    minimumSubtotal: "",
    excludedProducts: "",
    excludedCollections: "",
    excludedTags: "",
    bonusProducts: "",
    bonusCollections: "",
    bonusPoints: "",
    timing: "paid",
    delay: "14",
    delayUnit: "days",
    network: "instagram",
    socialAction: "follow",
    url: "",
    instructions: "",
    submission: "photo_link",
    actionKey: "",
  };
}

const list = (value: string) =>
  value
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
const joined = (items: readonly string[]) => items.join(", ");
/** An empty field is "not set"; anything else goes to the schema as a number (NaN fails it, with a message). */
const numberOrNull = (value: string) =>
  value.trim() === "" ? null : Number(value.replace(",", "."));

/** "12.50" in shop currency → 12500 thousandths; the schema refuses what is not a whole number of thousandths. */
function millisOrNull(value: string): number | null {
  const amount = numberOrNull(value);
  return amount === null ? null : Math.round(amount * 1000);
}

export function valuesFromRule(rule: EarningRule): EarningRuleValues {
  const values = defaultRuleValues(rule.name);
  values.nameEn = rule.nameTranslations?.en ?? "";
  values.nameFr = rule.nameTranslations?.fr ?? "";
  values.enabled = rule.enabled;
  for (const limit of rule.limits) {
    if (limit.per !== "year" && limit.maxAwards !== null)
      values.limits[limit.per] = String(limit.maxAwards);
  }
  switch (rule.type) {
    case "place_order": {
      const bonus = rule.bonuses[0];
      return {
        ...values,
        earnPoints: String(rule.earnPoints),
        earnPerAmount: String(rule.earnPerAmount),
        rounding: rule.rounding,
        earnOnShipping: rule.earnOnShipping,
        earnOnTaxes: rule.earnOnTaxes,
        earnBeforeDiscounts: rule.earnBeforeDiscounts,
        earnOnGiftCards: rule.earnOnGiftCards,
        minimumSubtotal:
          rule.minimumSubtotal === null
            ? ""
            : String(rule.minimumSubtotal / 1000),
        excludedProducts: joined(rule.exclusions.productIds),
        excludedCollections: joined(rule.exclusions.collectionIds),
        excludedTags: joined(rule.exclusions.productTags),
        bonusProducts: bonus ? joined(bonus.productIds) : "",
        bonusCollections: bonus ? joined(bonus.collectionIds) : "",
        bonusPoints: bonus ? String(bonus.pointsPerItem) : "",
        timing: rule.timing.when,
        delay:
          rule.timing.when === "after_payment"
            ? String(rule.timing.delay)
            : values.delay,
        delayUnit:
          rule.timing.when === "after_payment"
            ? rule.timing.unit
            : values.delayUnit,
      };
    }
    case "social":
      return {
        ...values,
        points: String(rule.points),
        network: rule.network,
        socialAction: rule.action,
        url: rule.url,
      };
    case "content_mission":
      return {
        ...values,
        points: String(rule.points),
        instructions: rule.instructions,
        submission: rule.submission,
      };
    case "custom_action":
      return {
        ...values,
        points: String(rule.points),
        actionKey: rule.actionKey,
      };
    default:
      return { ...values, points: String(rule.points) };
  }
}

/** The raw input for EarningRuleInputSchema (not validated here). */
export function ruleInputFromValues(
  type: EarningRuleType,
  values: EarningRuleValues,
): Record<string, unknown> {
  const limits = LIMIT_PERIODS.filter(
    (per) => values.limits[per].trim() !== "",
  ).map((per) => ({
    per,
    maxAwards: numberOrNull(values.limits[per]),
  }));
  const translations = Object.fromEntries(
    Object.entries({ en: values.nameEn, fr: values.nameFr }).filter(
      ([, text]) => text.trim() !== "",
    ),
  );
  const base = {
    type,
    name: values.name,
    ...(Object.keys(translations).length > 0
      ? { nameTranslations: translations }
      : {}),
    enabled: values.enabled,
    limits,
  };
  switch (type) {
    case "place_order": {
      const bonusPoints = numberOrNull(values.bonusPoints);
      return {
        ...base,
        earnPoints: numberOrNull(values.earnPoints),
        earnPerAmount: numberOrNull(values.earnPerAmount),
        rounding: values.rounding,
        earnOnShipping: values.earnOnShipping,
        earnOnTaxes: values.earnOnTaxes,
        earnBeforeDiscounts: values.earnBeforeDiscounts,
        earnOnGiftCards: values.earnOnGiftCards,
        minimumSubtotal: millisOrNull(values.minimumSubtotal),
        exclusions: {
          productIds: list(values.excludedProducts),
          collectionIds: list(values.excludedCollections),
          productTags: list(values.excludedTags),
        },
        bonuses:
          bonusPoints === null
            ? []
            : [
                {
                  productIds: list(values.bonusProducts),
                  collectionIds: list(values.bonusCollections),
                  pointsPerItem: bonusPoints,
                },
              ],
        timing:
          values.timing === "after_payment"
            ? {
                when: "after_payment",
                delay: numberOrNull(values.delay),
                unit: values.delayUnit,
              }
            : { when: values.timing },
      };
    }
    case "social":
      return {
        ...base,
        points: numberOrNull(values.points),
        network: values.network,
        action: values.socialAction,
        url: values.url,
      };
    case "content_mission":
      return {
        ...base,
        points: numberOrNull(values.points),
        instructions: values.instructions,
        submission: values.submission,
      };
    case "custom_action":
      return {
        ...base,
        points: numberOrNull(values.points),
        actionKey: values.actionKey,
      };
    default:
      return { ...base, points: numberOrNull(values.points) };
  }
}

/** Where a schema error shows in the form: the field that holds the value. */
export function fieldForErrorPath(path: string): string {
  if (path.startsWith("exclusions.productIds")) return "excludedProducts";
  if (path.startsWith("exclusions.collectionIds")) return "excludedCollections";
  if (path.startsWith("exclusions.productTags")) return "excludedTags";
  if (path.startsWith("bonuses")) return "bonusPoints";
  if (path.startsWith("timing.delay")) return "delay";
  if (path.startsWith("timing")) return "timing";
  if (path.startsWith("limits")) return "limits";
  if (path === "action") return "socialAction";
  return path;
}
