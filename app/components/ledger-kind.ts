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
  import: "ledger.kind.import",
};

/** What a ledger entry was, e.g. "Earned on an order"; a kind added later reads "Other change". */
export function describeLedgerKind(t: Translator["t"], kind: string): string {
  return t(isLedgerEntryKind(kind) ? kindMessages[kind] : "ledger.kind.other");
}

// Re-exported for the admin tables; the storefront's history can use it from app/i18n directly.
export { describeLedgerNote } from "~/i18n/ledger-note";
