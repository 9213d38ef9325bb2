import { parse } from "csv-parse/sync";

/**
 * Imported promotional codes: one code per line of a CSV (or plain text) file. Merchants export these
 * from other tools and spreadsheets, so the parser forgives the usual noise (a BOM, CRLF, blank lines,
 * quotes, trailing separators such as `CODE | |||`, `CODE,,,`, `CODE;`) and refuses what would make a
 * code unusable at checkout, each refusal with its line number.
 */

/** Shopify's limit for a discount code. */
export const MAX_CODE_LENGTH = 255;

export type CodePoolErrorReason =
  /** The same code (case aside) appears earlier in this file: see `firstLine`. */
  | "duplicate_in_file"
  /** The code is already in one of the shop's pools. */
  | "already_imported"
  | "too_long"
  /** A space inside the code: shoppers cannot type it reliably, and it is usually two codes on one line. */
  | "contains_space"
  /** Control or invisible characters (zero-width space, NUL, …), often pasted from spreadsheets. */
  | "control_character"
  /** More than one value on the line (`CODE1,CODE2`). */
  | "several_values"
  | "unclosed_quote";

export interface CodePoolLineError {
  /** 1-based line of the file. */
  line: number;
  code?: string;
  reason: CodePoolErrorReason;
  /** For a duplicate: the line where the code first appeared. */
  firstLine?: number;
}

export interface ParsedCodePool {
  /** Accepted codes in file order, as written (case kept). */
  codes: string[];
  errors: CodePoolLineError[];
  /** A first line such as "Code" or "Discount code" taken as a column header, not as a code. */
  skippedHeader: string | null;
}

export interface ParseCodePoolOptions {
  /** Codes already in the shop's pools, compared without regard to case. */
  existingCodes?: Iterable<string>;
}

const HEADERS = new Set([
  "code",
  "codes",
  "discount code",
  "discount codes",
  "discount_code",
  "promo code",
  "promo codes",
  "coupon",
  "coupons",
  "coupon code",
  "coupon codes",
  "code promo",
  "codes promo",
  "code de réduction",
  "codes de réduction",
]);
// \p{Cc}: control characters; \p{Cf}: invisible format characters (zero-width space, BOM, bidi marks).
const CONTROL = /[\p{Cc}\p{Cf}]/u;
const SPACE = /\s/u;

/** Shopify matches discount codes without regard to case, so "summer10" duplicates "SUMMER10". */
export function codeIdentity(code: string): string {
  return code.toUpperCase();
}

export function parseCodePoolCsv(
  text: string,
  options: ParseCodePoolOptions = {},
): ParsedCodePool {
  const existing = new Set<string>();
  for (const code of options.existingCodes ?? [])
    existing.add(codeIdentity(code));

  const codes: string[] = [];
  const errors: CodePoolLineError[] = [];
  const firstLineOf = new Map<string, number>();
  let skippedHeader: string | null = null;
  let seenContent = false;

  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    const split = splitFields(raw);
    if (split.kind === "unclosed_quote") {
      seenContent = true;
      errors.push({ line, reason: "unclosed_quote" });
      return;
    }
    const values = split.fields.filter((field) => field !== "");
    if (values.length === 0) return;
    const isFirst = !seenContent;
    seenContent = true;
    if (values.length > 1) {
      errors.push({ line, code: values[0], reason: "several_values" });
      return;
    }
    const code = values[0];
    if (isFirst && HEADERS.has(code.toLowerCase())) {
      skippedHeader = code;
      return;
    }
    const invalid = invalidReason(code);
    if (invalid) {
      errors.push({ line, code, reason: invalid });
      return;
    }
    const identity = codeIdentity(code);
    const firstLine = firstLineOf.get(identity);
    if (firstLine !== undefined) {
      errors.push({ line, code, reason: "duplicate_in_file", firstLine });
      return;
    }
    firstLineOf.set(identity, line);
    if (existing.has(identity)) {
      errors.push({ line, code, reason: "already_imported" });
      return;
    }
    codes.push(code);
  });

  return { codes, errors, skippedHeader };
}

function invalidReason(code: string): CodePoolErrorReason | null {
  if (CONTROL.test(code)) return "control_character";
  if (SPACE.test(code)) return "contains_space";
  // Characters as the shopper sees them, not UTF-16 units.
  if ([...code].length > MAX_CODE_LENGTH) return "too_long";
  return null;
}

type SplitLine =
  { kind: "fields"; fields: string[] } | { kind: "unclosed_quote" };

/**
 * Splits one line with csv-parse on `,` `;` `|` or tab, honouring double quotes as CSV does
 * (`"A""B"` is `A"B`), and trims each field, inside quotes too. Lines are parsed one by one so an
 * unclosed quote is that line's error, not the rest of the file swallowed into one field.
 */
function splitFields(line: string): SplitLine {
  if (line.trim() === "") return { kind: "fields", fields: [] };
  try {
    const records = parse(line, {
      delimiter: [",", ";", "|", "\t"],
      relax_column_count: true,
      relax_quotes: true,
      trim: true,
      skip_empty_lines: true,
    }) as string[][];
    return {
      kind: "fields",
      fields: (records[0] ?? []).map((field) => field.trim()),
    };
  } catch (error) {
    if ((error as { code?: string }).code === "CSV_QUOTE_NOT_CLOSED")
      return { kind: "unclosed_quote" };
    // Text after a closing quote (`"AB"CD`): read as CSV would without the quotes.
    return splitFields(line.replaceAll('"', ""));
  }
}
