import { type PlaceOrderRule, roundMulDiv } from "~/loyalty/earning-rules";
import { type Millis } from "~/loyalty/types";

/**
 * What an order will earn, as the thank-you page can know it before Shopify's `orders/paid`
 * arrives: the enabled order rules' rates on the subtotal the checkout shows, each with its
 * rounding and minimum. Exclusions, bonuses, multipliers and campaigns need the order's lines and
 * the member's tier, so the posted award may differ; the page calls it an estimate.
 */
export function estimateOrderPoints(
  subtotal: Millis,
  rules: readonly PlaceOrderRule[],
): number {
  if (subtotal <= 0) return 0;
  return rules
    .filter((rule) => rule.enabled)
    .filter(
      (rule) =>
        rule.minimumSubtotal === null || subtotal >= rule.minimumSubtotal,
    )
    .reduce(
      (sum, rule) =>
        sum +
        roundMulDiv(
          subtotal,
          rule.earnPoints,
          rule.earnPerAmount * 1000,
          rule.rounding,
        ),
      0,
    );
}
