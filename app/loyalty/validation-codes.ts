/**
 * Why a rule of the core refuses a value, as codes carried in zod's issue `message`: the core says
 * what is wrong, never how to say it. The words, in each language, come from the dictionaries
 * through `translateFieldErrors` (app/i18n/field-errors.ts). Rewards have their own codes
 * (`REWARD_ERROR_KEYS` in rewards.ts).
 */
export const VALIDATION_CODES = [
  "invalid.httpAddress",
  "invalid.productOrCollection",
  "invalid.actionKey",
  "invalid.twoDecimals",
  "invalid.campaignEnd",
  "invalid.limitAmount",
  "invalid.limitPerPeriod",
  "invalid.tierIdsRepeat",
  "invalid.tierThresholdsRepeat",
  "invalid.timeZone",
  "invalid.birthday",
  "invalid.customerId",
] as const;

export type ValidationCode = (typeof VALIDATION_CODES)[number];

export function isValidationCode(value: string): value is ValidationCode {
  return (VALIDATION_CODES as readonly string[]).includes(value);
}
