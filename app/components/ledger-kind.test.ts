import { describe, expect, it } from "vitest";

import {
  describeLedgerKind,
  describeLedgerNote,
} from "~/components/ledger-kind";
import { earningAwardNote, REFUND_NOTES } from "~/i18n/ledger-note";
import { createTranslator } from "~/i18n/translate";
import { LEDGER_ENTRY_KINDS } from "~/loyalty/ledger";

const en = createTranslator("en").t;
const fr = createTranslator("fr").t;

describe("describeLedgerKind", () => {
  it("has words for every entry kind, in both languages", () => {
    for (const kind of LEDGER_ENTRY_KINDS) {
      expect(describeLedgerKind(en, kind)).not.toBe(en("ledger.kind.other"));
      expect(describeLedgerKind(fr, kind)).not.toBe(fr("ledger.kind.other"));
    }
    expect(describeLedgerKind(fr, "tier_bonus")).toBe(
      fr("ledger.kind.tier_bonus"),
    );
    expect(describeLedgerKind(fr, "something_new")).toBe("Autre mouvement");
  });
});

describe("describeLedgerNote", () => {
  it("translates the notes the app writes when it returns points", () => {
    expect(
      describeLedgerNote(
        fr,
        "redemption_refund",
        "Reward cancelled: points returned",
      ),
    ).toBe("Récompense annulée\u00a0: points restitués");
    expect(
      describeLedgerNote(
        en,
        "redemption_refund",
        "Reward cancelled: points returned",
      ),
    ).toBe("Reward cancelled: points returned");
    expect(
      describeLedgerNote(
        fr,
        "redemption_refund",
        "Reward expired unused: points returned",
      ),
    ).toContain("expirée");
    expect(
      describeLedgerNote(
        fr,
        "redemption_refund",
        "Reward could not be issued: points returned",
      ),
    ).toContain("n’a pas pu être émise");
  });

  it("puts the codes the app writes in the reader's words", () => {
    expect(
      describeLedgerNote(fr, "redemption_refund", REFUND_NOTES.cancelled),
    ).toBe("Récompense annulée\u00a0: points restitués");
    expect(
      describeLedgerNote(en, "redemption_refund", REFUND_NOTES.expired),
    ).toContain("expired");
    const note = earningAwardNote({ type: "birthday", name: "" });
    expect(note).toBe("earn.type.birthday");
    expect(describeLedgerNote(fr, "earning_award", note)).toBe("Anniversaire");
    expect(describeLedgerNote(en, "earning_award", note)).toBe("Birthday");
    // A code is only read as one where the app writes it.
    expect(describeLedgerNote(fr, "manual_adjustment", note)).toBe(note);
  });

  it("stores the name a merchant typed as typed, and an old type label as a code", () => {
    expect(earningAwardNote({ type: "birthday", name: " My day " })).toBe(
      "My day",
    );
    expect(earningAwardNote({ type: "birthday", name: "Anniversaire" })).toBe(
      "earn.type.birthday",
    );
  });

  it("shows a way to earn still named after its type in the reader's language", () => {
    expect(describeLedgerNote(fr, "earning_award", "Birthday")).toBe(
      "Anniversaire",
    );
    expect(describeLedgerNote(en, "earning_award", "Anniversaire")).toBe(
      "Birthday",
    );
  });

  it("keeps what people typed: adjustment reasons, renamed rules, order names", () => {
    expect(describeLedgerNote(fr, "manual_adjustment", "Birthday")).toBe(
      "Birthday",
    );
    expect(describeLedgerNote(fr, "earning_award", "Our anniversary")).toBe(
      "Our anniversary",
    );
    expect(describeLedgerNote(fr, "order_award", "#1001")).toBe("#1001");
    expect(describeLedgerNote(fr, "expiry", null)).toBeNull();
  });
});
