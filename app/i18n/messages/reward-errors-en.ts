/**
 * Why the admin refused a reward (app/loyalty/rewards.ts names each by its key), in English.
 * Spread into en.ts; reward-errors-fr.ts has exactly these keys.
 */
export const rewardErrorsEn = {
  "reward.required": "This field is required.",
  "reward.invalidValue": "This value is not valid.",
  "reward.type.unknown": "Choose a reward type.",
  "reward.type.giftCardsNotGranted":
    "Gift card rewards need the “write gift cards” permission from Shopify.",
  "reward.name.required": "Give the reward a name in at least one language.",
  "reward.text.tooLong": "This text is too long.",
  "reward.image.invalidUrl": "The image must be an https:// address.",
  "reward.pointsCost.notWhole": "The points cost must be a whole number.",
  "reward.pointsCost.notPositive": "The points cost must be at least 1 point.",
  "reward.pointsCost.tooLarge": "The points cost is too large.",
  "reward.amount.notPositive": "The amount must be greater than zero.",
  "reward.amount.invalid": "The amount is not valid.",
  "reward.percentage.outOfRange":
    "The percentage must be a whole number between 1 and 100.",
  "reward.quantity.notPositive":
    "The quantity must be a whole number of at least 1.",
  "reward.validityDays.outOfRange":
    "Code validity must be between 1 and 3650 days.",
  "reward.limitPerCustomer.notPositive":
    "The limit per customer must be a whole number of at least 1.",
  "reward.stock.negative": "Stock must be a whole number, zero or more.",
  "reward.id.invalid": "This Shopify item is not recognised.",
  "reward.items.empty": "Choose at least one product or collection.",
  "reward.appliesTo.unsupported":
    "This reward type always applies to the whole order.",
  "reward.minimumSubtotal.unsupported":
    "This reward type cannot have a minimum order subtotal.",
  "reward.slider.stepNotPositive":
    "Points per step must be a whole number of at least 1.",
  "reward.slider.minAboveMax":
    "The minimum points must not exceed the maximum.",
  "reward.slider.noStepInRange":
    "No multiple of the points step lies between the minimum and the maximum.",
  "reward.slider.valueTooLarge":
    "The maximum discount of this slider is too large.",
  "reward.tiers.noneVisible":
    "Choose at least one tier, or make the reward visible to every member.",
  "reward.tiers.duplicate": "This tier is listed twice.",
  "reward.tiers.costForHiddenTier":
    "This tier has a points cost but cannot see the reward.",
  "reward.bxgy.buysMinimum":
    "Set either a minimum quantity or a minimum amount for the items to buy.",
} as const;
