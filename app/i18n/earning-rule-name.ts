import type { MessageKey } from "~/i18n/messages/dictionary";
import { en } from "~/i18n/messages/en";
import { fr } from "~/i18n/messages/fr";
import type { EarningRuleType } from "~/loyalty/earning-rules";

/**
 * A rule the merchant did not name is stored with an empty name and reads as its type, in the
 * reader's language. Rules written before that (the install's "Place an order", a new rule saved
 * with the label the form offered, "Anniversaire") hold the type's label in English or French:
 * read as unnamed too, so they keep working. A name the merchant typed is shown as typed.
 */
export function isDefaultRuleName(
  type: EarningRuleType,
  name: string,
): boolean {
  const key: MessageKey = `earn.type.${type}`;
  const trimmed = name.trim();
  return trimmed === "" || trimmed === en[key] || trimmed === fr[key];
}

/** The rule's name for this reader: `translate` is the admin's `t` or `(key) => t(locale, key)`. */
export function earningRuleName(
  rule: { type: EarningRuleType; name: string },
  translate: (key: MessageKey) => string,
): string {
  return isDefaultRuleName(rule.type, rule.name)
    ? translate(`earn.type.${rule.type}`)
    : rule.name;
}

/**
 * The type label an old stored name is, in either language ("Anniversaire" → "earn.type.birthday"),
 * or null. Only for rows written before names and notes were stored as codes.
 */
export function defaultRuleNameKey(name: string): MessageKey | null {
  const trimmed = name.trim();
  for (const dictionary of [en, fr]) {
    for (const [key, label] of Object.entries(dictionary)) {
      if (key.startsWith("earn.type.") && label === trimmed)
        return key as MessageKey;
    }
  }
  return null;
}
