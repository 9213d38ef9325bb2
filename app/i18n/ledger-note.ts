import {
  defaultRuleNameKey,
  isDefaultRuleName,
} from "~/i18n/earning-rule-name";
import type { MessageKey } from "~/i18n/messages/dictionary";
import { en } from "~/i18n/messages/en";
import type { EarningRuleType } from "~/loyalty/earning-rules";

/**
 * What the app writes in a ledger entry's description is a code (a dictionary key), put in words
 * for the reader when read, with one dictionary per language (ADR 0015). The ledger is
 * append-only, so entries written before hold English prose, still recognised below.
 */

/** The notes the redemption service writes when it gives points back. */
export const REFUND_NOTES = {
  issueFailed: "ledger.note.issueFailed",
  cancelled: "ledger.note.cancelled",
  expired: "ledger.note.expired",
} as const satisfies Record<string, MessageKey>;

// The English prose those notes were stored as before (app/services/redemptions/).
const legacyRefundNotes: Record<string, MessageKey> = {
  "Reward could not be issued: points returned": REFUND_NOTES.issueFailed,
  "Reward cancelled: points returned": REFUND_NOTES.cancelled,
  "Reward expired unused: points returned": REFUND_NOTES.expired,
};

const refundCodes = new Set<string>(Object.values(REFUND_NOTES));

/** An award's description: the name the merchant typed, else the rule type's code ("earn.type.birthday"). */
export function earningAwardNote(rule: {
  type: EarningRuleType;
  name: string;
}): string {
  return isDefaultRuleName(rule.type, rule.name)
    ? `earn.type.${rule.type}`
    : rule.name.trim();
}

const isRuleTypeCode = (text: string): text is MessageKey =>
  text.startsWith("earn.type.") && Object.hasOwn(en, text);

/**
 * An entry's stored description in the reader's language when the app wrote it: a refund note, or
 * a way to earn named after its type. What a merchant typed (an adjustment's reason, a rule they
 * named, an order's name) is shown as stored.
 */
export function describeLedgerNote(
  t: (key: MessageKey) => string,
  kind: string,
  description: string | null | undefined,
): string | null {
  if (!description) return null;
  if (kind === "redemption_refund") {
    if (refundCodes.has(description)) return t(description as MessageKey);
    if (Object.hasOwn(legacyRefundNotes, description))
      return t(legacyRefundNotes[description]);
  }
  if (kind === "earning_award") {
    if (isRuleTypeCode(description)) return t(description);
    const key = defaultRuleNameKey(description);
    if (key) return t(key);
  }
  return description;
}
