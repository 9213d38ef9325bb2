import type { MessageKey } from "~/i18n/messages/dictionary";

// The services validate with zod and return its messages, in English (the validation rules in
// app/loyalty name their own, the rest are zod's defaults). The form shows them in the merchant's
// language: a rule's own message by its words, any other as "Enter a valid value".
const knownMessages: Record<string, MessageKey> = {
  "Use an http(s) address": "form.error.httpAddress",
  "Choose at least one product or collection": "form.error.productOrCollection",
  "Lowercase letters, digits, - and _ (up to 64)": "form.error.actionKey",
  "At most two decimals": "form.error.twoDecimals",
  "A campaign must end after it starts": "form.error.campaignEnd",
  "A limit needs a number of awards or a number of points":
    "form.error.limitAmount",
  "One limit per period": "form.error.limitPerPeriod",
};

/** Field → message in the reader's language, from the field → English message a service returned. */
export function translateFieldErrors(
  errors: Record<string, string>,
  translate: (key: MessageKey) => string,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(errors).map(([field, message]) => [
      field,
      translate(
        Object.hasOwn(knownMessages, message)
          ? knownMessages[message]
          : "form.error.invalid",
      ),
    ]),
  );
}
