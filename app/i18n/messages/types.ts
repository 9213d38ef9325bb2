/**
 * A message that depends on a count. `one` and `other` are required in every language; a language
 * may add the other CLDR categories it uses (French has `many` for round millions). A missing
 * category falls back to `other`.
 */
export interface PluralMessage {
  zero?: string;
  one: string;
  two?: string;
  few?: string;
  many?: string;
  other: string;
}

export type Message = string | PluralMessage;
