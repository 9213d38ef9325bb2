import {
  type PlaceOrderRule,
  type RuleAwardSnapshot,
} from "~/loyalty/earning-rules";
import { type AwardSnapshot, type OrderFacts } from "~/loyalty/types";

/**
 * One order's award by the shop's "place an order" rules, put together from each rule's own
 * snapshot: what the per-order path (app/services/orders.server.ts) and the batch of paid orders
 * (app/services/order-batch.server.ts) both store, so the two cannot drift apart.
 */

/** The stored snapshot of an award by rules: the first rule's as the AwardSnapshot, every rule's in `rules`. */
export type RulesAwardSnapshot = AwardSnapshot & { rules: RuleAwardSnapshot[] };

/** The rules that award an order, in their order: the first one decides when the points come. */
export function enabledOrderRules(
  orderRules: readonly PlaceOrderRule[],
): PlaceOrderRule[] {
  return orderRules.filter((rule) => rule.enabled);
}

/**
 * Every rule's snapshot (its points already within its limits) summed into one award. The
 * first rule's amounts and lines stand for the order (reversals read them when no rule
 * snapshot can be read).
 */
export function combineRuleAwards(
  order: Pick<OrderFacts, "currencyCode">,
  snapshots: RuleAwardSnapshot[],
): { points: number; snapshot: RulesAwardSnapshot } {
  const points = snapshots.reduce((sum, snapshot) => sum + snapshot.points, 0);
  const first = snapshots[0];
  return {
    points,
    snapshot: {
      version: 1,
      currencyCode: order.currencyCode,
      eligibleAmount: first?.eligibleAmount ?? 0,
      earnPoints: first?.earnPoints ?? 0,
      earnPerAmount: first?.earnPerAmount ?? 1,
      points,
      lines:
        first?.lines.map((line) => ({
          lineId: line.lineId,
          quantity: line.quantity,
          eligibleAmount: line.eligibleAmount,
        })) ?? [],
      rules: snapshots,
    },
  };
}

/** Whether a rule reads product tags or collections, which order payloads do not carry. */
export function needsProductFacts(rule: PlaceOrderRule): boolean {
  return (
    rule.exclusions.collectionIds.length > 0 ||
    rule.exclusions.productTags.length > 0 ||
    rule.bonuses.some((bonus) => bonus.collectionIds.length > 0)
  );
}
