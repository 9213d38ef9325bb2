import type { MessageKey } from "~/i18n/messages/dictionary";
import type { Translator } from "~/i18n/translate";

// Entry kinds as app/loyalty/README.md defines them, in the merchant's words.
const kindMessages: Record<string, MessageKey> = {
  order_award: "ledger.kind.order_award",
  refund_reversal: "ledger.kind.refund_reversal",
  cancellation_reversal: "ledger.kind.cancellation_reversal",
  manual_adjustment: "ledger.kind.manual_adjustment",
  redemption: "ledger.kind.redemption",
  redemption_refund: "ledger.kind.redemption_refund",
  expiry: "ledger.kind.expiry",
  earning_award: "ledger.kind.earning_award",
};

/** What a ledger entry was, e.g. "Earned on an order"; a kind added later reads "Other change". */
export function describeLedgerKind(t: Translator["t"], kind: string): string {
  return t(Object.hasOwn(kindMessages, kind) ? kindMessages[kind] : "ledger.kind.other");
}
