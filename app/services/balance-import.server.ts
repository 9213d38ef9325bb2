import { createHash } from "node:crypto";

import * as clock from "~/clock.server";
import { enqueueMemberMirror, enqueueOutboxJob } from "~/models/outbox.server";
import {
  type ImportFormat,
  type ImportRow,
  type ImportRowErrorReason,
  importSourceId,
  planImportRow,
  readBalanceImportCsv,
} from "~/loyalty/balance-import";
import {
  findImportFile,
  holdImportedTier,
  isImportLineApplied,
  listAppliedImportLines,
  listMembersForImport,
  markImportApplied,
  recordImportLine,
  saveImportFile,
  setImportedBirthday,
  tierIdsByName,
} from "~/models/balance-import.server";
import { postLedgerEntry } from "~/models/ledger.server";
import {
  findMemberByCustomer,
  memberBalance,
  upsertMemberFromCustomer,
} from "~/models/member.server";
import { findInstalledShop } from "~/models/shop.server";
import { inTransaction, type Tx, database } from "~/models/transaction.server";
import { type Actor, recordAudit } from "~/services/audit.server";
import { type AdminRequestOptions } from "~/shopify/admin-client.server";
import {
  findShopifyCustomers,
  type ShopifyCustomer,
} from "~/shopify/customers.server";

/**
 * Balances brought from another loyalty app (ADR 0017). A dry run reads the file, matches each row
 * to a member (or to a Shopify customer who is not one yet, looked up through the Admin API) and
 * says what applying would do; the file is kept under its content hash. Apply does it: each row one
 * `import` entry of `target − current balance`, keyed by file and line, and a row record, so the same
 * file applied twice (or uploaded and applied again) changes nothing.
 */

/** Larger files are not balance lists (10 MB is about 200,000 rows): refused before they are read whole. */
export const MAX_IMPORT_FILE_BYTES = 10 * 1024 * 1024;
/** Rows listed on the page; the rest are counted. Problems come first. */
export const IMPORT_ROWS_SHOWN = 200;
/** Rows per transaction when applying, so a large file never holds the database for long. */
const APPLY_CHUNK = 500;
/** An imported tier is kept this long; after it, the member's activity here decides. */
const IMPORTED_TIER_HOLD_MONTHS = 12;

export type ImportRowReport =
  | {
      line: number;
      outcome: "new_member" | "balance_change" | "unchanged";
      customer: string;
      before: number;
      after: number;
      points: number;
      /** A tier named in the file that the shop does not have: the row applies without it. */
      unknownTier: string | null;
    }
  | { line: number; outcome: "already_imported"; customer: string }
  | { line: number; outcome: "unknown_customer"; customer: string }
  | {
      line: number;
      outcome: "invalid";
      reason: ImportRowErrorReason;
      value: string;
      firstLine: number | null;
    };

export interface ImportTotals {
  newMembers: number;
  balanceChanges: number;
  unchanged: number;
  alreadyImported: number;
  unknownCustomers: number;
  invalid: number;
  /** Net points the apply posts (or posted). */
  points: number;
}

export type ImportPreview =
  | {
      outcome: "preview";
      importId: string;
      filename: string;
      format: ImportFormat;
      totals: ImportTotals;
      rows: ImportRowReport[];
      hiddenRows: number;
    }
  | {
      outcome: "unreadable";
      reason:
        "empty" | "no_points_column" | "no_customer_column" | "unreadable";
      line: number | null;
    }
  | { outcome: "lookup_failed" }
  | { outcome: "unknown_shop" };

export type ImportApply =
  | { outcome: "applied"; totals: ImportTotals }
  | { outcome: "not_found" }
  | { outcome: "already_applied" }
  | { outcome: "lookup_failed" }
  | { outcome: "unknown_shop" };

interface Options {
  now?: Date;
  /** For the Admin API lookup (tests pass a fake fetch). */
  admin?: AdminRequestOptions;
}

export function importFileHash(content: string): string {
  return createHash("sha256").update(content, "utf8").digest("hex");
}

type Match =
  | { kind: "member"; memberId: string; balance: number; label: string }
  | { kind: "customer"; customer: ShopifyCustomer; label: string }
  | { kind: "unknown"; label: string };

/**
 * Each row's member, or the Shopify customer who is not a member yet. One Admin API search per 50
 * rows the app does not know, before any transaction (no network inside one).
 */
async function matchRows(
  shop: string,
  rows: ImportRow[],
  options: Options,
): Promise<Map<number, Match> | null> {
  const members = await listMembersForImport(database, shop);
  const byCustomer = new Map(members.map((m) => [m.customerId, m]));
  const byEmail = new Map<string, (typeof members)[number]>();
  for (const member of members)
    if (member.email) byEmail.set(member.email.toLowerCase(), member);

  const matches = new Map<number, Match>();
  const missing: ImportRow[] = [];
  for (const row of rows) {
    const member =
      (row.customerId !== null ? byCustomer.get(row.customerId) : undefined) ??
      (row.customerId === null && row.email !== null
        ? byEmail.get(row.email)
        : undefined);
    const label = row.email ?? row.customerId ?? "";
    if (member)
      matches.set(row.line, {
        kind: "member",
        memberId: member.id,
        balance: member.balance,
        label: member.email ?? label,
      });
    else missing.push(row);
  }
  if (missing.length > 0) {
    let found: ShopifyCustomer[];
    try {
      found = await findShopifyCustomers(
        shop,
        {
          ids: missing.flatMap((row) =>
            row.customerId !== null ? [row.customerId] : [],
          ),
          emails: missing.flatMap((row) =>
            row.customerId === null && row.email !== null ? [row.email] : [],
          ),
        },
        options.admin,
      );
    } catch {
      return null;
    }
    const foundById = new Map(found.map((c) => [c.customerId, c]));
    const foundByEmail = new Map(
      found.flatMap((c) => (c.email ? [[c.email, c] as const] : [])),
    );
    for (const row of missing) {
      const customer =
        row.customerId !== null
          ? foundById.get(row.customerId)
          : foundByEmail.get(row.email ?? "");
      const label = row.email ?? row.customerId ?? "";
      matches.set(
        row.line,
        customer
          ? { kind: "customer", customer, label: customer.email ?? label }
          : { kind: "unknown", label },
      );
    }
  }
  return matches;
}

function emptyTotals(): ImportTotals {
  return {
    newMembers: 0,
    balanceChanges: 0,
    unchanged: 0,
    alreadyImported: 0,
    unknownCustomers: 0,
    invalid: 0,
    points: 0,
  };
}

function count(totals: ImportTotals, report: ImportRowReport) {
  switch (report.outcome) {
    case "new_member":
      totals.newMembers += 1;
      totals.points += report.points;
      break;
    case "balance_change":
      totals.balanceChanges += 1;
      totals.points += report.points;
      break;
    case "unchanged":
      totals.unchanged += 1;
      break;
    case "already_imported":
      totals.alreadyImported += 1;
      break;
    case "unknown_customer":
      totals.unknownCustomers += 1;
      break;
    case "invalid":
      totals.invalid += 1;
      break;
  }
}

const isProblem = (report: ImportRowReport) =>
  report.outcome === "invalid" ||
  report.outcome === "unknown_customer" ||
  (report.outcome !== "already_imported" &&
    "unknownTier" in report &&
    report.unknownTier !== null);

/** The dry run: reads, matches and reports; keeps the file for its apply; changes no balance. */
export async function previewBalanceImport(
  shop: string,
  file: { filename: string; content: string },
  options: Options = {},
): Promise<ImportPreview> {
  const now = options.now ?? clock.now();
  if (!(await findInstalledShop(database, shop)))
    return { outcome: "unknown_shop" };
  const read = readBalanceImportCsv(file.content);
  if (!read.ok)
    return {
      outcome: "unreadable",
      reason: read.reason,
      line: read.line ?? null,
    };
  const fileHash = importFileHash(file.content);
  const matches = await matchRows(shop, read.rows, options);
  if (!matches) return { outcome: "lookup_failed" };
  const applied = await listAppliedImportLines(database, shop, fileHash);
  const tiers = await tierIdsByName(database, shop);

  const reports: ImportRowReport[] = read.errors.map((error) => ({
    line: error.line,
    outcome: "invalid",
    reason: error.reason,
    value: error.value,
    firstLine: error.firstLine ?? null,
  }));
  for (const row of read.rows) {
    const match = matches.get(row.line)!;
    if (applied.has(row.line)) {
      reports.push({
        line: row.line,
        outcome: "already_imported",
        customer: match.label,
      });
      continue;
    }
    if (match.kind === "unknown") {
      reports.push({
        line: row.line,
        outcome: "unknown_customer",
        customer: match.label,
      });
      continue;
    }
    const plan = planImportRow(
      row.points,
      match.kind === "member" ? { balance: match.balance } : null,
    );
    reports.push({
      line: row.line,
      outcome: plan.outcome,
      customer: match.label,
      before: plan.before,
      after: plan.after,
      points: plan.points,
      unknownTier:
        row.tier !== null && !tiers.has(row.tier.toLowerCase())
          ? row.tier
          : null,
    });
  }
  reports.sort((a, b) => a.line - b.line);
  const totals = emptyTotals();
  for (const report of reports) count(totals, report);
  const saved = await inTransaction((tx) =>
    saveImportFile(tx, {
      shopDomain: shop,
      fileHash,
      filename: file.filename.slice(0, 255) || "balances.csv",
      content: file.content,
      now,
    }),
  );
  const shown = [
    ...reports.filter(isProblem),
    ...reports.filter((r) => !isProblem(r)),
  ]
    .slice(0, IMPORT_ROWS_SHOWN)
    .sort((a, b) => a.line - b.line);
  return {
    outcome: "preview",
    importId: saved.id,
    filename: saved.filename,
    format: read.format,
    totals,
    rows: shown,
    hiddenRows: reports.length - shown.length,
  };
}

function addMonths(date: Date, months: number): Date {
  const next = new Date(date.getTime());
  next.setUTCMonth(next.getUTCMonth() + months);
  return next;
}

/**
 * Applies a previewed file. Rows already applied (this file, any earlier upload of it) are skipped;
 * balances are read again inside each transaction, so a member whose points moved since the dry run
 * still ends with the file's figure. Invalid and unknown rows change nothing.
 */
export async function applyBalanceImport(
  shop: string,
  importId: string,
  actor: Actor,
  options: Options = {},
): Promise<ImportApply> {
  const now = options.now ?? clock.now();
  if (!(await findInstalledShop(database, shop)))
    return { outcome: "unknown_shop" };
  const file = await findImportFile(database, shop, importId);
  if (!file) return { outcome: "not_found" };
  if (file.appliedAt !== null) return { outcome: "already_applied" };
  const read = readBalanceImportCsv(file.content);
  if (!read.ok) return { outcome: "not_found" };
  const matches = await matchRows(shop, read.rows, options);
  if (!matches) return { outcome: "lookup_failed" };
  const tiers = await tierIdsByName(database, shop);

  const totals = emptyTotals();
  totals.invalid = read.errors.length;
  for (
    let start = 0;
    start < read.rows.length || start === 0;
    start += APPLY_CHUNK
  ) {
    const chunk = read.rows.slice(start, start + APPLY_CHUNK);
    const last = start + APPLY_CHUNK >= read.rows.length;
    await inTransaction(async (tx) => {
      const chunkTotals = emptyTotals();
      for (const row of chunk)
        count(
          chunkTotals,
          await applyRow(
            tx,
            shop,
            file.fileHash,
            row,
            matches.get(row.line)!,
            tiers,
            now,
          ),
        );
      if (last) {
        await markImportApplied(tx, file.id, now);
        await recordAudit(tx, {
          shopDomain: shop,
          actor,
          action: "import.applied",
          subjectType: "balance_import",
          subjectId: file.id,
          details: {
            file: file.filename,
            newMembers: totals.newMembers + chunkTotals.newMembers,
            balanceChanges: totals.balanceChanges + chunkTotals.balanceChanges,
            points: totals.points + chunkTotals.points,
          },
          at: now,
        });
      }
      // Added to the run's totals only once the chunk committed (inTransaction may retry it).
      return chunkTotals;
    }).then((chunkTotals) => {
      for (const key of Object.keys(totals) as (keyof ImportTotals)[])
        if (key !== "invalid") totals[key] += chunkTotals[key];
    });
  }
  return { outcome: "applied", totals };
}

async function applyRow(
  tx: Tx,
  shop: string,
  fileHash: string,
  row: ImportRow,
  match: Match,
  tiers: Map<string, string>,
  now: Date,
): Promise<ImportRowReport> {
  if (await isImportLineApplied(tx, shop, fileHash, row.line))
    return {
      line: row.line,
      outcome: "already_imported",
      customer: match.label,
    };
  if (match.kind === "unknown")
    return {
      line: row.line,
      outcome: "unknown_customer",
      customer: match.label,
    };

  let memberId: string;
  let created = false;
  if (match.kind === "customer") {
    const existing = await findMemberByCustomer(
      tx,
      shop,
      match.customer.customerId,
    );
    if (existing) memberId = existing.id;
    else {
      const { member } = await upsertMemberFromCustomer(
        tx,
        shop,
        {
          customerId: match.customer.customerId,
          email: match.customer.email,
          firstName: match.customer.firstName,
          lastName: match.customer.lastName,
          emailMarketingState: null,
        },
        now,
      );
      memberId = member.id;
      created = true;
    }
  } else memberId = match.memberId;

  const balance = await memberBalance(tx, memberId);
  const plan = planImportRow(row.points, created ? null : { balance });
  if (plan.points !== 0) {
    const posted = await postLedgerEntry(tx, {
      shopDomain: shop,
      memberId,
      kind: "import",
      points: plan.points,
      sourceType: "import",
      sourceId: importSourceId(fileHash, row.line),
      recordedAt: now,
    });
    // The row record and the entry share a transaction: a rejected entry (a debit that a
    // concurrent redemption made impossible) throws, so neither is written and the apply can be retried.
    if (posted.outcome === "rejected")
      throw new Error(`import entry rejected: ${posted.reason}`);
  }
  await recordImportLine(tx, {
    shopDomain: shop,
    fileHash,
    line: row.line,
    memberId,
    outcome: plan.outcome,
    points: plan.points,
    now,
  });
  if (row.birthday) await setImportedBirthday(tx, memberId, row.birthday, now);
  const tierId =
    row.tier !== null ? tiers.get(row.tier.toLowerCase()) : undefined;
  if (tierId) {
    await holdImportedTier(tx, {
      shopDomain: shop,
      memberId,
      tierId,
      until: addMonths(now, IMPORTED_TIER_HOLD_MONTHS),
      now,
    });
    // The tier reaches the customer's metafield and tag like any tier change (DESIGN's balance
    // mirror), even when the balance did not move and no entry enqueued the mirror.
    await enqueueMemberMirror(tx, shop, memberId, now);
    await enqueueOutboxJob(
      tx,
      {
        shopDomain: shop,
        kind: "sync_member_tier_tag",
        payload: { memberId },
        coalesceKey: `sync_member_tier_tag:${memberId}`,
      },
      now,
    );
  }
  return {
    line: row.line,
    outcome: plan.outcome,
    customer: match.label,
    before: plan.before,
    after: plan.after,
    points: plan.points,
    unknownTier: row.tier !== null && !tierId ? row.tier : null,
  };
}
