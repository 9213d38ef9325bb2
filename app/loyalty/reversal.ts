import { floorMulDiv } from "~/loyalty/money";
import {
  type AwardSnapshot,
  type Millis,
  type RefundFacts,
} from "~/loyalty/types";

/**
 * Reversal maths: a refund takes back points in proportion to the refunded eligible amount,
 * measured against the award snapshot (the rules in force when the points were awarded).
 *
 * Everything is cumulative: the target after a set of refunds is computed from the whole set,
 * and each new reversal entry is "target now − already reversed". So partial refunds add up to
 * exactly what one refund of the same total would reverse, in whatever order they arrive, and
 * rounding never drifts (three refunds of one unit of a three-unit line reverse the whole line).
 */

/**
 * How much of the award's eligible amount a set of refunds gave back. Only lines that were
 * eligible at award time count, each unit for its share of the line's eligible amount, plus
 * amounts refunded outside any line (`otherAmount`); capped at the eligible amount.
 */
export function refundedEligibleAmount(
  snapshot: AwardSnapshot,
  refunds: readonly RefundFacts[],
): Millis {
  const refundedUnits = new Map<string, number>();
  let other = 0;
  for (const refund of refunds) {
    for (const line of refund.lines) {
      if (line.giftCard || line.quantity <= 0) continue;
      refundedUnits.set(
        line.lineId,
        (refundedUnits.get(line.lineId) ?? 0) + line.quantity,
      );
    }
    other += Math.max(0, refund.otherAmount);
  }
  let refunded = other;
  for (const line of snapshot.lines) {
    const units = Math.min(refundedUnits.get(line.lineId) ?? 0, line.quantity);
    if (units === 0) continue;
    // Cumulative units, so the last unit refunded picks up the rounding remainder.
    refunded += floorMulDiv(line.eligibleAmount, units, line.quantity);
  }
  return Math.min(refunded, snapshot.eligibleAmount);
}

/**
 * Points that should have been taken back once these refunds are known: floor(points ×
 * refunded / eligible). After a cancellation, everything that was awarded.
 */
export function reversalTarget(
  snapshot: AwardSnapshot,
  refundedEligible: Millis,
  cancelled: boolean,
): number {
  if (cancelled) return snapshot.points;
  if (snapshot.eligibleAmount <= 0 || refundedEligible <= 0) return 0;
  return floorMulDiv(
    snapshot.points,
    Math.min(refundedEligible, snapshot.eligibleAmount),
    snapshot.eligibleAmount,
  );
}

export interface KnownRefund {
  refund: RefundFacts;
  /** Points already reversed for this refund, or null when no entry has been posted for it yet. */
  reversed: number | null;
}

export interface OrderReversalState {
  snapshot: AwardSnapshot;
  /** Every refund known for the order, in any order. */
  refunds: readonly KnownRefund[];
  /** Null while the order is not cancelled; otherwise what its cancellation entry reversed (null: not posted yet). */
  cancellation: { reversed: number | null } | null;
  /** The member's spendable balance now: a reversal never takes it below zero. */
  spendable: number;
  /**
   * Points that should have been taken back once these refunds are known (cumulative, never more
   * than the award). Defaults to the proportional rule of this file; awards made by earning rules
   * pass `ruleReversalTarget` (earning-rules.ts), which also takes back per-item bonuses.
   */
  target?: (refunds: readonly RefundFacts[], cancelled: boolean) => number;
}

export type PlannedReversal =
  | { kind: "refund_reversal"; refundId: string; points: number }
  | { kind: "cancellation_reversal"; points: number };

/**
 * One reversal the facts call for, as planned: what it wanted (its own share plus anything the
 * order still owed), what the balance let it take, and what the order owes after it.
 */
export type ReversalStep = (
  | { kind: "refund_reversal"; refundId: string }
  | { kind: "cancellation_reversal" }
) & { wanted: number; taken: number; owedAfter: number };

export interface OrderReversalPlan {
  /** Entries to post, each a positive number of points to take back, in posting order. */
  reversals: PlannedReversal[];
  /** Points the facts call for that the balance could not cover (points already spent). */
  shortfall: number;
  /** Every planned reversal that wanted points, clamped or not, in posting order (the history's trace). */
  steps: ReversalStep[];
}

/**
 * The reversal entries still missing for an order. Refunds without an entry are taken in a
 * stable order (createdAt, then id) and each gets "target with it − already reversed". A
 * reversal is clamped to the spendable balance; what it could not take stays owed and is
 * collected by the next reversal of the same order (the next refund, or the cancellation),
 * because targets are cumulative. Once the cancellation is posted, any later refund aims at
 * the whole award, so it also collects what the cancellation could not.
 */
export function planOrderReversals(
  state: OrderReversalState,
): OrderReversalPlan {
  const { snapshot, cancellation } = state;
  const targetFor =
    state.target ??
    ((refunds: readonly RefundFacts[], cancelled: boolean) =>
      reversalTarget(
        snapshot,
        refundedEligibleAmount(snapshot, refunds),
        cancelled,
      ));
  const known: RefundFacts[] = [];
  let reversed = 0;
  for (const entry of state.refunds) {
    if (entry.reversed === null) continue;
    known.push(entry.refund);
    reversed += entry.reversed;
  }
  if (cancellation?.reversed != null) reversed += cancellation.reversed;

  let spendable = Math.max(0, state.spendable);
  const reversals: PlannedReversal[] = [];
  const steps: ReversalStep[] = [];
  const take = (
    target: number,
    step:
      | { kind: "refund_reversal"; refundId: string }
      | { kind: "cancellation_reversal" },
  ): number => {
    const capped = Math.min(target, snapshot.points);
    const wanted = Math.max(0, capped - reversed);
    const points = Math.min(wanted, spendable);
    reversed += points;
    spendable -= points;
    if (wanted > 0)
      steps.push({
        ...step,
        wanted,
        taken: points,
        owedAfter: Math.max(0, capped - reversed),
      });
    return points;
  };

  const cancellationPosted =
    cancellation != null && cancellation.reversed !== null;
  const missing = state.refunds
    .filter((entry) => entry.reversed === null)
    .map((entry) => entry.refund)
    .sort(compareRefunds);
  for (const refund of missing) {
    known.push(refund);
    const target = targetFor(known, cancellationPosted);
    const points = take(target, {
      kind: "refund_reversal",
      refundId: refund.refundId,
    });
    if (points > 0)
      reversals.push({
        kind: "refund_reversal",
        refundId: refund.refundId,
        points,
      });
  }
  if (cancellation != null && cancellation.reversed === null) {
    const points = take(snapshot.points, { kind: "cancellation_reversal" });
    if (points > 0) reversals.push({ kind: "cancellation_reversal", points });
  }

  const finalTarget = targetFor(known, cancellation != null);
  return {
    reversals,
    shortfall: Math.max(0, finalTarget - reversed),
    steps,
  };
}

function compareRefunds(a: RefundFacts, b: RefundFacts): number {
  const byTime = a.createdAt.getTime() - b.createdAt.getTime();
  if (byTime !== 0) return byTime;
  return a.refundId < b.refundId ? -1 : a.refundId > b.refundId ? 1 : 0;
}
