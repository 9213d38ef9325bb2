import type { AdminRequestContext } from "./support";

/**
 * Shopify's search syntax for `query:` arguments, the part apps use:
 * `updated_at:>'2026-01-01T00:00:00Z' AND -tag:vip OR email:a@b.c`, free text, `*` prefixes.
 * https://shopify.dev/docs/api/usage/search-syntax
 * Like Shopify, a term on a field the resource cannot be searched by is ignored and reported
 * in `extensions.search` instead of failing the query.
 */
type Comparator = ":" | ":<" | ":<=" | ":>" | ":>=";

interface Term {
  negated: boolean;
  field: string | null; // null: free text
  comparator: Comparator;
  value: string;
}

export interface SearchField<T> {
  kind: "string" | "number" | "date" | "boolean";
  get: (item: T) => string | number | boolean | null | (string | number)[];
}

export interface SearchSpec<T> {
  fields: Record<string, SearchField<T>>;
  freeText: (item: T, text: string) => boolean;
}

export function parseSearchQuery(query: string): Term[][] {
  const tokens = tokenize(query);
  const groups: Term[][] = [[]];
  let negateNext = false;
  for (const token of tokens) {
    if (token === "AND") continue;
    if (token === "OR") {
      groups.push([]);
      continue;
    }
    if (token === "NOT") {
      negateNext = true;
      continue;
    }
    let text = token;
    let negated = negateNext;
    negateNext = false;
    if (text.startsWith("-") && text.length > 1) {
      negated = !negated;
      text = text.slice(1);
    }
    const match = /^([A-Za-z_][A-Za-z0-9_.]*)(:<=|:>=|:<|:>|:)(.*)$/.exec(text);
    if (match) {
      groups[groups.length - 1].push({
        negated,
        field: match[1].toLowerCase(),
        comparator: match[2] as Comparator,
        value: unquote(match[3]),
      });
    } else {
      groups[groups.length - 1].push({
        negated,
        field: null,
        comparator: ":",
        value: unquote(text),
      });
    }
  }
  return groups.filter((group) => group.length > 0);
}

/** Filters items by the query and records ignored terms the way Shopify reports them. */
export function applySearch<T>(
  items: T[],
  query: string | null | undefined,
  spec: SearchSpec<T>,
  rc: AdminRequestContext,
  path: (string | number)[],
): T[] {
  if (!query || !query.trim()) return items;
  const groups = parseSearchQuery(query);
  const warnings: { field: string; message: string; code: string }[] = [];
  const usable = groups.map((group) =>
    group.filter((term) => {
      if (term.field === null || spec.fields[term.field]) return true;
      warnings.push({
        field: term.field,
        message: "Invalid search field for this query.",
        code: "invalid_field",
      });
      return false;
    }),
  );
  if (warnings.length > 0)
    rc.searchWarnings.push({
      path,
      query,
      parsed: { groups: usable },
      warnings,
    });
  if (usable.every((group) => group.length === 0)) return items;
  return items.filter((item) =>
    usable.some((group) =>
      group.every((term) => matchTerm(item, term, spec) !== term.negated),
    ),
  );
}

function matchTerm<T>(item: T, term: Term, spec: SearchSpec<T>): boolean {
  if (term.field === null) return spec.freeText(item, term.value.toLowerCase());
  const field = spec.fields[term.field];
  const raw = field.get(item);
  const values = Array.isArray(raw) ? raw : [raw];
  return values.some((value) => compare(field.kind, value, term));
}

function compare(
  kind: SearchField<unknown>["kind"],
  value: string | number | boolean | null,
  term: Term,
): boolean {
  if (value === null || value === undefined) return false;
  if (kind === "boolean") return String(value) === term.value.toLowerCase();
  if (kind === "date" || kind === "number") {
    const left = kind === "date" ? Date.parse(String(value)) : Number(value);
    const right =
      kind === "date" ? parseDateTerm(term.value) : Number(term.value);
    if (Number.isNaN(left) || Number.isNaN(right)) return false;
    switch (term.comparator) {
      case ":":
        return kind === "date"
          ? sameDayOrInstant(String(value), term.value)
          : left === right;
      case ":<":
        return left < right;
      case ":<=":
        return left <= right;
      case ":>":
        return left > right;
      case ":>=":
        return left >= right;
    }
  }
  const text = String(value).toLowerCase();
  const wanted = term.value.toLowerCase();
  if (term.comparator !== ":") return false;
  if (wanted.endsWith("*")) return text.startsWith(wanted.slice(0, -1));
  return text === wanted;
}

function parseDateTerm(value: string): number {
  // A bare date means midnight UTC for comparisons, as in Shopify's examples.
  return Date.parse(
    /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value,
  );
}

function sameDayOrInstant(value: string, wanted: string): boolean {
  if (/^\d{4}-\d{2}-\d{2}$/.test(wanted))
    return new Date(value).toISOString().slice(0, 10) === wanted;
  return Date.parse(value) === Date.parse(wanted);
}

function tokenize(query: string): string[] {
  const tokens: string[] = [];
  let current = "";
  let quote: string | null = null;
  for (const char of query) {
    if (quote) {
      current += char;
      if (char === quote) quote = null;
    } else if (char === "'" || char === '"') {
      current += char;
      quote = char;
    } else if (/\s/.test(char)) {
      if (current) tokens.push(current);
      current = "";
    } else {
      current += char;
    }
  }
  if (current) tokens.push(current);
  return tokens;
}

function unquote(value: string): string {
  const match = /^(['"])(.*)\1$/.exec(value);
  return match ? match[2].replace(/\\(.)/g, "$1") : value;
}
