import { describe, expect, it } from "vitest";

import { LEDGER_ENTRY_KINDS } from "~/loyalty/ledger";
import {
  isReportKind,
  ledgerKindsOf,
  REPORT_KINDS,
  reportKindOf,
} from "~/loyalty/report-kinds";

describe("report kinds", () => {
  it("puts every ledger kind under exactly one report kind", () => {
    for (const kind of LEDGER_ENTRY_KINDS) {
      const reportKind = reportKindOf(kind);
      expect(reportKind, kind).not.toBeNull();
      const owners = REPORT_KINDS.filter((k) =>
        ledgerKindsOf([k]).includes(kind),
      );
      expect(owners, kind).toEqual([reportKind]);
    }
  });

  it("maps the merchant's words to ledger kinds", () => {
    expect(ledgerKindsOf(["reversed"])).toEqual([
      "refund_reversal",
      "cancellation_reversal",
    ]);
    expect(ledgerKindsOf(["earned", "expired"])).toEqual([
      "order_award",
      "earning_award",
      "expiry",
    ]);
    expect(reportKindOf("import")).toBe("import");
    expect(reportKindOf("something_new")).toBeNull();
  });

  it("recognises only its own words", () => {
    expect(isReportKind("gifts")).toBe(true);
    expect(isReportKind("order_award")).toBe(false);
  });
});
