/**
 * Refusals of the pure core's rules that no form had words for yet (app/loyalty/validation-codes.ts;
 * the others reuse `form.error.*` and `earn.birthday.invalid`).
 */
export const validationEn = {
  "form.error.tierIdsRepeat": "Each tier needs its own id.",
  "form.error.tierThresholdsRepeat":
    "Two tiers cannot have the same threshold.",
  "form.error.timeZone": "Choose a known time zone.",
  "form.error.customerId": "Enter a Shopify customer ID.",
} as const;
