import type { MessageKey } from "~/i18n/messages/dictionary";
import { en } from "~/i18n/messages/en";
import { fr } from "~/i18n/messages/fr";
import type { EarningRuleType } from "~/loyalty/earning-rules";

/**
 * A new rule is named after its type in the language of whoever created it (the install's
 * default "place an order" rule is stored as "Place an order"). Such an unrenamed name is the
 * type's label, so it is shown in the reader's language; a name the merchant typed is shown as typed.
 */
export function isDefaultRuleName(
  type: EarningRuleType,
  name: string,
): boolean {
  const key: MessageKey = `earn.type.${type}`;
  const trimmed = name.trim();
  return trimmed === en[key] || trimmed === fr[key];
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

/** The type label a stored name is, in either language ("Anniversaire" → "earn.type.birthday"), or null. */
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
