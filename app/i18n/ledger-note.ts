import { defaultRuleNameKey } from "~/i18n/earning-rule-name";
import type { MessageKey } from "~/i18n/messages/dictionary";

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
export function describeLedgerNote(
  t: (key: MessageKey) => string,
  kind: string,
  description: string | null | undefined,
): string | null {
  if (!description) return null;
  if (kind === "redemption_refund" && Object.hasOwn(appNotes, description))
    return t(appNotes[description]);
  if (kind === "earning_award") {
    const key = defaultRuleNameKey(description);
    if (key) return t(key);
  }
  return description;
}
