/**
 * Refund order adjustments as Shopify describes them, for both edges (webhook bodies and the Admin
 * API's OrderAdjustment), so a refund counts the same money whichever way it arrives.
 */

const normalise = (value: string) =>
  value
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_");

/** Reasons that are not money given back beyond the lines: shipping, and a refund still pending. */
const NOT_REFUNDED_SPEND = new Set([
  "shipping_refund",
  "pending_refund_discrepancy",
]);

/**
 * Whether an adjustment is money given back beyond the refunded lines. Older payloads say so in
 * `kind` ("refund_discrepancy", with `reason` in words); 2026-07 drops `kind` and names the
 * discrepancy in `reason` (OrderAdjustmentDiscrepancyReason: REFUND_DISCREPANCY, DAMAGE, …), a
 * shipping refund having none. https://shopify.dev/docs/api/admin-graphql/2026-07/objects/OrderAdjustment
 */
export function isRefundDiscrepancy(adjustment: {
  kind?: string | null;
  reason?: string | null;
}): boolean {
  if (adjustment.kind)
    return normalise(adjustment.kind) === "refund_discrepancy";
  if (!adjustment.reason) return false;
  return !NOT_REFUNDED_SPEND.has(normalise(adjustment.reason));
}
