import { parse } from "csv-parse/sync";

/**
 * Members' balances brought from another loyalty app (ADR 0017): a CSV with a customer (Shopify
 * customer id or email), the points the member has there, and optionally a birthday and a tier.
 * The points are the member's balance, not an amount to add: applying a row posts one `import`
 * entry of `target − current balance`. This module reads the file and plans each row; it
 * touches nothing.
 */

/** What a column holds, whatever the app that wrote the file calls it. */
export type ImportColumn =
  "customerId" | "email" | "points" | "birthday" | "tier";

/** Known export formats, recognised by their headers (for the report; the columns decide). */
export type ImportFormat = "ours" | "smile" | "loyaltylion" | "other";

// Header names, compared lower-cased with spaces, dashes and underscores made one space.
// Ours: customer_id,email,points,birthday,tier. Smile.io's import template and customer export:
// "email", "points", "Points balance", "Date of birth", "VIP tier" (ADR 0017 says what was assumed).
// LoyaltyLion (ADR 0028): the admin's Exports page writes a CSV whose column labels the merchant
// may edit, snake case with the "Snake case" template (`merchant_id`, `email`, `points_approved`,
// the same names as its API); "Merchant ID", "Points approved" are the same words spaced. Points
// approved are spendable; pending points are not a balance yet. Its API export is JSON Lines,
// read by readLoyaltyLionJsonLines.
const HEADERS: Record<ImportColumn, readonly string[]> = {
  customerId: [
    "customer id",
    "shopify customer id",
    "shopify id",
    "merchant id",
    "id client",
    "identifiant client",
  ],
  email: [
    "email",
    "e mail",
    "email address",
    "customer email",
    "adresse e mail",
  ],
  points: [
    "points",
    "points balance",
    "balance",
    "points approved",
    "approved points",
    "current points",
    "solde",
    "solde de points",
  ],
  birthday: [
    "birthday",
    "date of birth",
    "birth date",
    "birthdate",
    "dob",
    "anniversaire",
    "date de naissance",
  ],
  tier: [
    "tier",
    "vip tier",
    "tier name",
    "vip tier name",
    "current tier",
    "niveau",
    "niveau vip",
  ],
};

const SMILE_HEADERS = ["points balance", "vip tier", "date of birth"];
const LOYALTYLION_HEADERS = [
  "points approved",
  "merchant id",
  "points pending",
];

/** A ceiling no real balance reaches; keeps sums far inside safe integers. */
export const MAX_IMPORTED_POINTS = 100_000_000;

export interface ImportRow {
  /** 1-based line of the file where the row ends (the line a spreadsheet shows for it). */
  line: number;
  customerId: string | null;
  email: string | null;
  points: number;
  birthday: { month: number; day: number } | null;
  tier: string | null;
}

export type ImportRowErrorReason =
  | "missing_customer"
  | "bad_customer_id"
  | "bad_email"
  | "bad_points"
  | "bad_birthday"
  | "duplicate_customer";

export interface ImportRowError {
  line: number;
  reason: ImportRowErrorReason;
  /** The value refused, as written (shown as text). */
  value: string;
  /** For a duplicate: the line where the customer first appeared. */
  firstLine?: number;
}

export type ReadImportResult =
  | {
      ok: true;
      format: ImportFormat;
      columns: ImportColumn[];
      rows: ImportRow[];
      errors: ImportRowError[];
    }
  | {
      ok: false;
      reason:
        "empty" | "no_points_column" | "no_customer_column" | "unreadable";
      line?: number;
    };

const normalise = (header: string) =>
  header
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, " ");

function columnOf(header: string): ImportColumn | null {
  const name = normalise(header);
  for (const [column, names] of Object.entries(HEADERS))
    if (names.includes(name)) return column as ImportColumn;
  return null;
}

function detectDelimiter(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const counts = [",", ";", "\t"].map(
    (d) => [d, firstLine.split(d).length] as const,
  );
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0][0];
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Reads the file: headers to columns, each row checked on its own. A bad row is reported with its
 * line and the rest still read, so the dry run shows every problem at once.
 */
export function readBalanceImportCsv(text: string): ReadImportResult {
  const source = text.replace(/^\uFEFF/, "");
  if (source.trim() === "") return { ok: false, reason: "empty" };
  if (source.trimStart().startsWith("{"))
    return readLoyaltyLionJsonLines(source);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(source, {
      delimiter: detectDelimiter(source),
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    const line = (error as { lines?: unknown }).lines;
    return {
      ok: false,
      reason: "unreadable",
      ...(typeof line === "number" ? { line } : {}),
    };
  }
  const [header, ...body] = records;
  if (!header) return { ok: false, reason: "empty" };
  const columnIndex = new Map<ImportColumn, number>();
  header.record.forEach((name, index) => {
    const column = columnOf(name);
    if (column && !columnIndex.has(column)) columnIndex.set(column, index);
  });
  if (!columnIndex.has("points"))
    return { ok: false, reason: "no_points_column" };
  if (!columnIndex.has("customerId") && !columnIndex.has("email"))
    return { ok: false, reason: "no_customer_column" };

  const names = header.record.map(normalise);
  const format: ImportFormat = LOYALTYLION_HEADERS.some((h) =>
    names.includes(h),
  )
    ? "loyaltylion"
    : SMILE_HEADERS.some((h) => names.includes(h))
      ? "smile"
      : names.includes("customer id") && names.includes("points")
        ? "ours"
        : "other";

  const cell = (record: string[], column: ImportColumn) => {
    const index = columnIndex.get(column);
    return index === undefined ? "" : (record[index] ?? "").trim();
  };
  const { rows, errors } = checkRows(
    body
      .filter(({ record }) => !record.every((value) => value.trim() === ""))
      .map(({ record, info }) => ({
        line: info.lines,
        cells: {
          customerId: cell(record, "customerId"),
          email: cell(record, "email"),
          points: cell(record, "points"),
          birthday: cell(record, "birthday"),
          tier: cell(record, "tier"),
        },
      })),
  );
  return { ok: true, format, columns: [...columnIndex.keys()], rows, errors };
}

/**
 * LoyaltyLion's customer export through its API (developers.loyaltylion.com, "Customer exports"):
 * JSON Lines, one customer per line in the shape List Customers returns — `merchant_id` (the
 * platform's customer id), `email`, `points_approved` (spendable), `points_pending`,
 * `points_spent`, `birthday` as `{day, month}`, `tier_membership` with a tier *id* only (no name
 * to match here, so no tier is read). A row's line is the file's line.
 */
function readLoyaltyLionJsonLines(source: string): ReadImportResult {
  const raw: RawImportRow[] = [];
  const columns = new Set<ImportColumn>();
  const lines = source.split(/\r?\n/);
  for (const [index, text] of lines.entries()) {
    if (text.trim() === "") continue;
    let customer: unknown;
    try {
      customer = JSON.parse(text);
    } catch {
      return { ok: false, reason: "unreadable", line: index + 1 };
    }
    if (typeof customer !== "object" || customer === null)
      return { ok: false, reason: "unreadable", line: index + 1 };
    const field = (name: string) => {
      const value = (customer as Record<string, unknown>)[name];
      return typeof value === "string" || typeof value === "number"
        ? String(value).trim()
        : "";
    };
    const birthday = (customer as { birthday?: unknown }).birthday;
    const cells: Record<ImportColumn, string> = {
      customerId: field("merchant_id"),
      email: field("email"),
      points: field("points_approved"),
      birthday:
        typeof birthday === "object" &&
        birthday !== null &&
        "month" in birthday &&
        "day" in birthday
          ? `${String(birthday.month)}-${String(birthday.day)}`
          : typeof birthday === "string"
            ? birthday.trim()
            : "",
      tier: "",
    };
    for (const column of Object.keys(cells) as ImportColumn[])
      if (cells[column] !== "") columns.add(column);
    raw.push({ line: index + 1, cells });
  }
  if (raw.length === 0) return { ok: false, reason: "empty" };
  if (!columns.has("points")) return { ok: false, reason: "no_points_column" };
  if (!columns.has("customerId") && !columns.has("email"))
    return { ok: false, reason: "no_customer_column" };
  const { rows, errors } = checkRows(raw);
  return {
    ok: true,
    format: "loyaltylion",
    columns: [...columns],
    rows,
    errors,
  };
}

/** A row as read from the file, before any check: its line and each column's text. */
interface RawImportRow {
  line: number;
  cells: Record<ImportColumn, string>;
}

/** Each row checked on its own: a bad one is reported with its line, the rest still read. */
function checkRows(raw: RawImportRow[]): {
  rows: ImportRow[];
  errors: ImportRowError[];
} {
  const rows: ImportRow[] = [];
  const errors: ImportRowError[] = [];
  const firstLineOf = new Map<string, number>();
  for (const { line, cells } of raw) {
    const {
      customerId: rawId,
      email: rawEmail,
      points: rawPoints,
      birthday: rawBirthday,
      tier: rawTier,
    } = cells;

    const customerId = rawId === "" ? null : customerIdOf(rawId);
    if (rawId !== "" && customerId === null) {
      errors.push({ line, reason: "bad_customer_id", value: rawId });
      continue;
    }
    const email = rawEmail === "" ? null : rawEmail.toLowerCase();
    if (email !== null && !EMAIL.test(email)) {
      errors.push({ line, reason: "bad_email", value: rawEmail });
      continue;
    }
    if (customerId === null && email === null) {
      errors.push({ line, reason: "missing_customer", value: "" });
      continue;
    }
    const points = pointsOf(rawPoints);
    if (points === null) {
      errors.push({ line, reason: "bad_points", value: rawPoints });
      continue;
    }
    const birthday = rawBirthday === "" ? null : birthdayOf(rawBirthday);
    if (rawBirthday !== "" && birthday === null) {
      errors.push({ line, reason: "bad_birthday", value: rawBirthday });
      continue;
    }
    // Two rows for one customer would set the balance twice: the second is refused.
    const identity =
      customerId !== null ? `id:${customerId}` : `email:${email}`;
    const firstLine = firstLineOf.get(identity);
    if (firstLine !== undefined) {
      errors.push({
        line,
        reason: "duplicate_customer",
        value: rawId || rawEmail,
        firstLine,
      });
      continue;
    }
    firstLineOf.set(identity, line);
    rows.push({
      line,
      customerId,
      email,
      points,
      birthday,
      tier: rawTier === "" ? null : rawTier,
    });
  }
  return { rows, errors };
}

/** A numeric Shopify customer id, or its gid. */
function customerIdOf(raw: string): string | null {
  const match = /^(?:gid:\/\/shopify\/Customer\/)?(\d{1,20})$/.exec(raw);
  return match ? match[1] : null;
}

/** Whole, non-negative points; "1500", "1500.0" and "1 500" pass, "1,500" does not (a decimal comma or a thousands separator). */
function pointsOf(raw: string): number | null {
  const compact = raw.replace(/[\s\u00a0\u202f]/g, "");
  const match = /^(\d{1,12})(?:\.0+)?$/.exec(compact);
  if (!match) return null;
  const points = Number(match[1]);
  return points <= MAX_IMPORTED_POINTS ? points : null;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * A birthday: ISO `YYYY-MM-DD` or `MM-DD` (the year is dropped: the program keeps day and
 * month only). Slashed dates are ambiguous between apps (12/05) and are refused.
 */
function birthdayOf(raw: string): { month: number; day: number } | null {
  const match = /^(?:(\d{4})-)?(\d{1,2})-(\d{1,2})(?:[T ].*)?$/.exec(raw);
  if (!match) return null;
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1])
    return null;
  return { month, day };
}

/** What applying a row does to a member: the entry it posts (0: nothing to post). */
export interface ImportRowPlan {
  outcome: "new_member" | "balance_change" | "unchanged";
  before: number;
  after: number;
  points: number;
}

/**
 * The file's points are the balance the member should have (ADR 0017): the entry is the
 * difference, so a member who already has points ends with exactly the file's figure.
 */
export function planImportRow(
  targetBalance: number,
  member: { balance: number } | null,
): ImportRowPlan {
  const before = member?.balance ?? 0;
  const points = targetBalance - before;
  return {
    outcome:
      member === null
        ? "new_member"
        : points === 0
          ? "unchanged"
          : "balance_change",
    before,
    after: targetBalance,
    points,
  };
}

/** The entry's source id: the file (its content hash) and the row, so a second import of the same file posts nothing. */
export function importSourceId(fileHash: string, line: number): string {
  return `${fileHash}/${line}`;
}
