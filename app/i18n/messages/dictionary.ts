import { type en } from "~/i18n/messages/en";
import type { Message, PluralMessage } from "~/i18n/messages/types";

export type MessageKey = keyof typeof en;

/** Keys whose message depends on a count (`t(locale, key, { count })`). */
export type PluralKey = {
  [K in MessageKey]: (typeof en)[K] extends string ? never : K;
}[MessageKey];

/**
 * What every language must provide: the same keys as English, a plain string where English has
 * one and plural forms where English has them. An object literal typed with it also refuses
 * extra keys, so a stale translation is a type error.
 */
export type Dictionary = {
  [K in MessageKey]: (typeof en)[K] extends string ? string : PluralMessage;
};

export type { Message, PluralMessage };
