import type { MessageKey } from "~/i18n/messages/dictionary";
import {
  isValidationCode,
  type ValidationCode,
} from "~/loyalty/validation-codes";

// The services validate with zod and return its messages. The rules in app/loyalty give codes
// (validation-codes.ts), put in words here; any other message (zod's English defaults) reads as
// "Enter a valid value". Typed as a full record, so a new code without words does not compile.
const wordsFor: Record<ValidationCode, MessageKey> = {
  "invalid.httpAddress": "form.error.httpAddress",
  "invalid.productOrCollection": "form.error.productOrCollection",
  "invalid.actionKey": "form.error.actionKey",
  "invalid.twoDecimals": "form.error.twoDecimals",
  "invalid.campaignEnd": "form.error.campaignEnd",
  "invalid.limitAmount": "form.error.limitAmount",
  "invalid.limitPerPeriod": "form.error.limitPerPeriod",
  "invalid.tierIdsRepeat": "form.error.tierIdsRepeat",
  "invalid.tierThresholdsRepeat": "form.error.tierThresholdsRepeat",
  "invalid.timeZone": "form.error.timeZone",
  "invalid.birthday": "earn.birthday.invalid",
  "invalid.customerId": "form.error.customerId",
};

/** The dictionary key for a message a service returned: a core code's words, else "invalid". */
export function fieldErrorKey(message: string): MessageKey {
  return isValidationCode(message) ? wordsFor[message] : "form.error.invalid";
}

/** Field → message in the reader's language, from the field → code (or zod message) a service returned. */
export function translateFieldErrors(
  errors: Record<string, string>,
  translate: (key: MessageKey) => string,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(errors).map(([field, message]) => [
      field,
      translate(fieldErrorKey(message)),
    ]),
  );
}
