import { defaultRuleNameKey } from "~/i18n/earning-rule-name";
import type { MessageKey } from "~/i18n/messages/dictionary";
import type { Translator } from "~/i18n/translate";
import { isLedgerEntryKind, type LedgerEntryKind } from "~/loyalty/ledger";

// Entry kinds as app/loyalty/README.md defines them, in the merchant's words. Typed by the kind
// list so that a new kind without words is a type error rather than "Other change".
const kindMessages: Record<LedgerEntryKind, MessageKey> = {
  order_award: "ledger.kind.order_award",
  refund_reversal: "ledger.kind.refund_reversal",
  cancellation_reversal: "ledger.kind.cancellation_reversal",
  manual_adjustment: "ledger.kind.manual_adjustment",
  redemption: "ledger.kind.redemption",
  redemption_refund: "ledger.kind.redemption_refund",
  expiry: "ledger.kind.expiry",
  tier_bonus: "ledger.kind.tier_bonus",
  earning_award: "ledger.kind.earning_award",
};

/** What a ledger entry was, e.g. "Earned on an order"; a kind added later reads "Other change". */
export function describeLedgerKind(t: Translator["t"], kind: string): string {
  return t(isLedgerEntryKind(kind) ? kindMessages[kind] : "ledger.kind.other");
}

// The notes the redemption service writes, in English, when it gives points back
// (app/services/redemptions.server.ts). The ledger is append-only, so they are translated when read.
const appNotes: Record<string, MessageKey> = {
  "Reward could not be issued: points returned": "ledger.note.issueFailed",
  "Reward cancelled: points returned": "ledger.note.cancelled",
  "Reward expired unused: points returned": "ledger.note.expired",
};

/**
 * An entry's stored description in the reader's language when the app wrote it: a refund note, or
 * a way to earn still named after its type ("Place an order", "Anniversaire"). What a merchant
 * typed (an adjustment's reason, a rule they renamed, an order's name) is shown as stored.
 */
export function describeLedgerNote(t: Translator["t"], kind: string, description: string | null | undefined): string | null {
  if (!description) return null;
  if (kind === "redemption_refund" && Object.hasOwn(appNotes, description)) return t(appNotes[description]);
  if (kind === "earning_award") {
    const key = defaultRuleNameKey(description);
    if (key) return t(key);
  }
  return description;
}
