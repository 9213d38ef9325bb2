import { describe, expect, it } from "vitest";

import {
  checkLedgerEntry,
  clampDebit,
  findLedgerViolations,
  LEDGER_ENTRY_KINDS,
  LEDGER_ENTRY_SIGNS,
  type LedgerEntryFacts,
  ledgerKey,
} from "~/loyalty/ledger";

describe("ledgerKey", () => {
  it("is derived from the business event only", () => {
    expect(ledgerKey("a.myshopify.com", "order", "1001", "order_award")).toBe(
      "a.myshopify.com:order:1001:order_award",
    );
    expect(ledgerKey("a.myshopify.com", "order", "1001", "order_award")).toBe(
      ledgerKey("a.myshopify.com", "order", "1001", "order_award"),
    );
  });

  it("keeps ids containing the separator from colliding", () => {
    const a = ledgerKey("s", "order", "gid://shopify/Order/1:x", "order_award");
    const b = ledgerKey(
      "s",
      "order",
      "gid://shopify/Order/1",
      "x:order_award" as never,
    );
    expect(a).not.toBe(b);
  });

  it("differs between kinds, sources and shops", () => {
    const keys = new Set([
      ledgerKey("s", "order", "1", "order_award"),
      ledgerKey("s", "order", "1", "cancellation_reversal"),
      ledgerKey("s", "refund", "1", "refund_reversal"),
      ledgerKey("t", "order", "1", "order_award"),
    ]);
    expect(keys.size).toBe(4);
  });
});

describe("checkLedgerEntry", () => {
  it("accepts a credit and returns the balance after it", () => {
    expect(checkLedgerEntry("order_award", 50, 10)).toEqual({
      ok: true,
      balanceAfter: 60,
    });
  });

  it("accepts a debit the balance covers, down to exactly zero", () => {
    expect(checkLedgerEntry("refund_reversal", -60, 60)).toEqual({
      ok: true,
      balanceAfter: 0,
    });
  });

  it("refuses a debit that would take the balance below zero", () => {
    expect(checkLedgerEntry("redemption", -61, 60)).toEqual({
      ok: false,
      reason: "insufficient_balance",
    });
  });

  it("refuses zero and fractional points", () => {
    expect(checkLedgerEntry("order_award", 0, 10)).toEqual({
      ok: false,
      reason: "zero",
    });
    expect(checkLedgerEntry("order_award", 1.5, 10)).toEqual({
      ok: false,
      reason: "not_integer",
    });
  });

  it("enforces each kind's sign; manual adjustments go either way", () => {
    expect(checkLedgerEntry("order_award", -5, 10)).toEqual({
      ok: false,
      reason: "wrong_sign",
    });
    expect(checkLedgerEntry("cancellation_reversal", 5, 10)).toEqual({
      ok: false,
      reason: "wrong_sign",
    });
    expect(checkLedgerEntry("manual_adjustment", -5, 10)).toEqual({
      ok: true,
      balanceAfter: 5,
    });
    expect(checkLedgerEntry("manual_adjustment", 5, 10)).toEqual({
      ok: true,
      balanceAfter: 15,
    });
  });

  it("has a sign rule for every kind", () => {
    for (const kind of LEDGER_ENTRY_KINDS)
      expect(LEDGER_ENTRY_SIGNS[kind]).toBeDefined();
  });
});

describe("clampDebit", () => {
  it("takes at most the spendable balance, never a negative amount", () => {
    expect(clampDebit(40, 15)).toBe(15);
    expect(clampDebit(10, 15)).toBe(10);
    expect(clampDebit(10, 0)).toBe(0);
    expect(clampDebit(-3, 10)).toBe(0);
  });
});

describe("findLedgerViolations", () => {
  const award: LedgerEntryFacts = {
    id: "e1",
    kind: "order_award",
    points: 70,
    balanceAfter: 70,
    correctsEntryId: null,
  };
  const reversal: LedgerEntryFacts = {
    id: "e2",
    kind: "refund_reversal",
    points: -40,
    balanceAfter: 30,
    correctsEntryId: "e1",
  };

  it("finds nothing wrong in a consistent history", () => {
    expect(findLedgerViolations([award, reversal], 30)).toEqual([]);
  });

  it("spots a cached balance that drifted from the entries", () => {
    expect(findLedgerViolations([award, reversal], 31)).toEqual([
      { rule: "cached_balance", expected: 30, actual: 31 },
    ]);
  });

  it("spots a broken balanceAfter chain", () => {
    expect(
      findLedgerViolations([award, { ...reversal, balanceAfter: 29 }], 30),
    ).toContainEqual({
      rule: "balance_chain",
      entryId: "e2",
      expected: 30,
      actual: 29,
    });
  });

  it("spots reversals that take back more than the award gave", () => {
    const second: LedgerEntryFacts = {
      id: "e3",
      kind: "cancellation_reversal",
      points: -40,
      balanceAfter: -10,
      correctsEntryId: "e1",
    };
    expect(findLedgerViolations([award, reversal, second], -10)).toEqual(
      expect.arrayContaining([
        { rule: "non_negative", entryId: "e3", balanceAfter: -10 },
        {
          rule: "reversal_exceeds_award",
          entryId: "e1",
          reversed: 80,
          awarded: 70,
        },
      ]),
    );
  });

  it("spots zero entries, wrong signs and unknown kinds", () => {
    const violations = findLedgerViolations(
      [
        {
          id: "z",
          kind: "order_award",
          points: 0,
          balanceAfter: 0,
          correctsEntryId: null,
        },
        {
          id: "s",
          kind: "expiry",
          points: 5,
          balanceAfter: 5,
          correctsEntryId: null,
        },
        {
          id: "u",
          kind: "bonus",
          points: 1,
          balanceAfter: 6,
          correctsEntryId: null,
        },
      ],
      6,
    );
    expect(violations).toEqual([
      { rule: "non_zero", entryId: "z" },
      { rule: "sign", entryId: "s" },
      { rule: "sign", entryId: "u" },
    ]);
  });
});
