/**
 * The Reports page speaks in the merchant's words (issue 8): each ledger kind
 * (app/loyalty/README.md) falls under one report kind. Reward gifts carry no points, so they have
 * no ledger entry; "gifts" are the points the program gives without an action (a tier's entry
 * bonus). `import` entries come from a balance import from another app.
 */
export const REPORT_KINDS = [
  "earned",
  "redeemed",
  "adjusted",
  "expired",
  "reversed",
  "gifts",
  "import",
] as const;

export type ReportKind = (typeof REPORT_KINDS)[number];

const LEDGER_KINDS_BY_REPORT_KIND: Record<ReportKind, readonly string[]> = {
  earned: ["order_award", "earning_award"],
  // A redemption refund gives back the points of a redemption whose code could not be minted.
  redeemed: ["redemption", "redemption_refund"],
  adjusted: ["manual_adjustment"],
  expired: ["expiry"],
  reversed: ["refund_reversal", "cancellation_reversal"],
  gifts: ["tier_bonus"],
  import: ["import"],
};

export function isReportKind(value: string): value is ReportKind {
  return (REPORT_KINDS as readonly string[]).includes(value);
}

/** The ledger kinds a report kind covers. */
export function ledgerKindsOf(kinds: readonly ReportKind[]): string[] {
  return kinds.flatMap((kind) => LEDGER_KINDS_BY_REPORT_KIND[kind]);
}

/** The report kind of a ledger entry; null for a kind added later (shown as "other"). */
export function reportKindOf(ledgerKind: string): ReportKind | null {
  for (const kind of REPORT_KINDS)
    if (LEDGER_KINDS_BY_REPORT_KIND[kind].includes(ledgerKind)) return kind;
  return null;
}

/**
 * The totals of a report: what was issued (credits, a redemption's refund aside: it only undoes a
 * spend), spent (redemptions net of their refunds), expired, and the net change of every entry.
 */
export interface ReportTotals {
  issued: number;
  spent: number;
  expired: number;
  net: number;
}
