import { Prisma } from "@prisma/client";

import prisma, { databaseDialect } from "~/db.server";
import {
  ledgerKindsOf,
  type ReportKind,
  type ReportTotals,
} from "~/loyalty/report-kinds";
import { sqlRows } from "~/models/sql.server";

/**
 * The Reports page and the exports (issue 8): every ledger entry of a shop, filtered, newest first,
 * read by keyset pages so that neither a deep page nor a 100,000-row export holds more than one
 * page. Everything here is read-only SQL; totals are aggregated by the database.
 */

export interface ReportFilter {
  /** Entries recorded at or after this instant (the start of a day in the shop's zone). */
  from?: Date | null;
  /** Entries recorded before this instant (the start of the day after the range). */
  to?: Date | null;
  /** Words that must all appear in the member's first name, last name or email. */
  memberSearch?: string | null;
  /** One member (their history export). */
  memberId?: string | null;
  /** No kinds: every kind. */
  kinds?: readonly ReportKind[];
  /** A way to earn: the entries it awarded. */
  ruleId?: string | null;
  /** Only orders' awards and reversals whose order still owes points (a clamped reversal). */
  owedOnly?: boolean;
}

/** Where a page starts: the last row of the previous page (newest first). */
export interface ReportCursor {
  createdAt: Date;
  id: string;
}

export interface ReportRow {
  id: string;
  createdAt: Date;
  kind: string;
  points: number;
  balanceAfter: number;
  description: string | null;
  sourceType: string;
  sourceId: string;
  member: {
    id: string;
    customerId: string;
    name: string | null;
    email: string | null;
    redacted: boolean;
  };
  /** The order an award or a reversal belongs to. */
  orderName: string | null;
  /**
   * For an order's award and its reversals: points the order's refunds could not take back because
   * they had been spent (ADR 0003's clamp), still owed now. 0 when nothing is owed.
   */
  pointsOwed: number;
}

interface RawRow {
  id: string;
  createdAt: Date | string | number;
  kind: string;
  points: number | bigint;
  balanceAfter: number | bigint;
  description: string | null;
  sourceType: string;
  sourceId: string;
  memberId: string;
  customerId: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  redactedAt: Date | string | number | null;
  orderName: string | null;
  pointsOwed: number | bigint | null;
}

function toDate(value: Date | string | number): Date {
  return value instanceof Date ? value : new Date(value);
}

function toRow(raw: RawRow): ReportRow {
  const redacted = raw.redactedAt !== null;
  const name = [raw.firstName, raw.lastName]
    .map((part) => part?.trim())
    .filter(Boolean)
    .join(" ");
  return {
    id: raw.id,
    createdAt: toDate(raw.createdAt),
    kind: raw.kind,
    points: Number(raw.points),
    balanceAfter: Number(raw.balanceAfter),
    description: raw.description,
    sourceType: raw.sourceType,
    sourceId: raw.sourceId,
    member: {
      id: raw.memberId,
      customerId: raw.customerId.replace(/^gid:\/\/shopify\/Customer\//, ""),
      name: redacted || name === "" ? null : name,
      email: redacted ? null : raw.email || null,
      redacted,
    },
    orderName: raw.orderName,
    pointsOwed: Number(raw.pointsOwed ?? 0),
  };
}

/** SQLite's LIKE ignores ASCII case; PostgreSQL's does not, ILIKE does. */
const LIKE = Prisma.raw(databaseDialect === "postgres" ? "ILIKE" : "LIKE");

/** LIKE with the user's % and _ taken literally. */
function likeWords(search: string): Prisma.Sql[] {
  return search
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 5)
    .map((word) => {
      const pattern = `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      return Prisma.sql`(m."firstName" ${LIKE} ${pattern} ESCAPE '\\' OR m."lastName" ${LIKE} ${pattern} ESCAPE '\\' OR m."email" ${LIKE} ${pattern} ESCAPE '\\')`;
    });
}

function whereOf(shopDomain: string, filter: ReportFilter): Prisma.Sql {
  const conditions: Prisma.Sql[] = [Prisma.sql`e."shopDomain" = ${shopDomain}`];
  if (filter.from) conditions.push(Prisma.sql`e."createdAt" >= ${filter.from}`);
  if (filter.to) conditions.push(Prisma.sql`e."createdAt" < ${filter.to}`);
  if (filter.memberId)
    conditions.push(Prisma.sql`e."memberId" = ${filter.memberId}`);
  if (filter.memberSearch) {
    const words = likeWords(filter.memberSearch);
    if (words.length > 0)
      conditions.push(
        Prisma.sql`e."memberId" IN (SELECT m."id" FROM "Member" m WHERE m."shopDomain" = ${shopDomain} AND m."redactedAt" IS NULL AND ${Prisma.join(words, " AND ")})`,
      );
  }
  if (filter.kinds && filter.kinds.length > 0)
    conditions.push(
      Prisma.sql`e."kind" IN (${Prisma.join(ledgerKindsOf(filter.kinds))})`,
    );
  if (filter.ruleId) {
    // Ways to earn other than orders record each award (RuleAward, keyed like the entry); the
    // order rules are summed into one order award, so an order rule selects order awards.
    conditions.push(Prisma.sql`(
      EXISTS (SELECT 1 FROM "RuleAward" ra WHERE ra."ruleId" = ${filter.ruleId}
        AND ra."sourceType" = e."sourceType" AND ra."sourceId" = e."sourceId" AND ra."memberId" = e."memberId")
      OR (e."kind" = 'order_award' AND EXISTS (SELECT 1 FROM "EarningRule" r
        WHERE r."id" = ${filter.ruleId} AND r."shopDomain" = ${shopDomain} AND r."type" = 'order')))`);
  }
  if (filter.owedOnly)
    conditions.push(Prisma.sql`EXISTS (SELECT 1 FROM "ReversalShortfall" ow
      WHERE ow."awardEntryId" = COALESCE(e."correctsEntryId", e."id") AND ow."owedAfter" > 0
        AND ow."id" = (${newestTraceOf(Prisma.sql`ow`)}))`);
  return Prisma.join(conditions, " AND ");
}

/**
 * The id of the newest trace of the order a `ReversalShortfall` row (aliased `alias`) belongs to:
 * that row says what the order owes now (ADR 0028).
 */
function newestTraceOf(alias: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`SELECT MAX(latest."id") FROM "ReversalShortfall" latest
    WHERE latest."awardEntryId" = ${alias}."awardEntryId"`;
}

const rowSelect = Prisma.sql`
  SELECT e."id", e."createdAt", e."kind", e."points", e."balanceAfter", e."description",
    e."sourceType", e."sourceId", e."memberId",
    m."customerId", m."firstName", m."lastName", m."email", m."redactedAt",
    o."orderName", owed."owedAfter" AS "pointsOwed"
  FROM "LedgerEntry" e
  JOIN "Member" m ON m."id" = e."memberId"
  LEFT JOIN "LedgerEntry" award ON award."id" = e."correctsEntryId"
  LEFT JOIN "OrderRecord" o ON o."shopDomain" = e."shopDomain" AND o."orderId" = (
    CASE WHEN e."sourceType" = 'order' THEN e."sourceId"
         WHEN award."sourceType" = 'order' THEN award."sourceId" END)
  LEFT JOIN "ReversalShortfall" owed ON owed."awardEntryId" = COALESCE(e."correctsEntryId", e."id")
    AND owed."id" = (${newestTraceOf(Prisma.sql`owed`)})`;

/**
 * One page, newest first. The cursor's bound is written `createdAt <= c AND (createdAt < c OR
 * id < i)` rather than a plain OR, so the database seeks into the index instead of scanning from
 * the newest entry on every page (quadratic over an export). `after` continues past a row (next page); `before` goes back from a row
 * (previous page). One more row than asked tells whether there is another page that way.
 */
export async function listReportRows(
  shopDomain: string,
  filter: ReportFilter,
  page: {
    size: number;
    after?: ReportCursor | null;
    before?: ReportCursor | null;
  },
  db: Prisma.TransactionClient = prisma,
): Promise<{ rows: ReportRow[]; hasNext: boolean; hasPrevious: boolean }> {
  const where = whereOf(shopDomain, filter);
  if (page.before) {
    const { createdAt, id } = page.before;
    const raw = await sqlRows<RawRow>(
      db,
      Prisma.sql`${rowSelect}
      WHERE ${where} AND e."createdAt" >= ${createdAt} AND (e."createdAt" > ${createdAt} OR e."id" > ${id})
      ORDER BY e."createdAt" ASC, e."id" ASC LIMIT ${page.size + 1}`,
    );
    const hasPrevious = raw.length > page.size;
    return {
      rows: raw.slice(0, page.size).reverse().map(toRow),
      hasNext: true,
      hasPrevious,
    };
  }
  const after = page.after
    ? Prisma.sql`AND e."createdAt" <= ${page.after.createdAt} AND (e."createdAt" < ${page.after.createdAt} OR e."id" < ${page.after.id})`
    : Prisma.empty;
  const raw = await sqlRows<RawRow>(
    db,
    Prisma.sql`${rowSelect}
    WHERE ${where} ${after}
    ORDER BY e."createdAt" DESC, e."id" DESC LIMIT ${page.size + 1}`,
  );
  return {
    rows: raw.slice(0, page.size).map(toRow),
    hasNext: raw.length > page.size,
    hasPrevious: Boolean(page.after),
  };
}

/**
 * Every row of the filter, newest first, one keyset page at a time: the caller holds one page at
 * most, whatever the report's size.
 */
export async function* readReportRows(
  shopDomain: string,
  filter: ReportFilter,
  pageSize = 1000,
): AsyncGenerator<ReportRow[]> {
  let after: ReportCursor | null = null;
  for (;;) {
    const { rows, hasNext } = await listReportRows(shopDomain, filter, {
      size: pageSize,
      after,
    });
    if (rows.length > 0) yield rows;
    if (!hasNext) return;
    const last = rows[rows.length - 1];
    after = { createdAt: last.createdAt, id: last.id };
  }
}

/** The totals of the filter, summed by the database (see `ReportTotals`), and its row count. */
export async function getReportTotals(
  shopDomain: string,
  filter: ReportFilter,
): Promise<ReportTotals & { entries: number }> {
  const [row] = await sqlRows<{
    issued: number | bigint | null;
    spent: number | bigint | null;
    expired: number | bigint | null;
    net: number | bigint | null;
    entries: number | bigint;
  }>(
    prisma,
    Prisma.sql`SELECT
      SUM(CASE WHEN e."points" > 0 AND e."kind" <> 'redemption_refund' THEN e."points" ELSE 0 END) AS "issued",
      -SUM(CASE WHEN e."kind" IN ('redemption', 'redemption_refund') THEN e."points" ELSE 0 END) AS "spent",
      -SUM(CASE WHEN e."kind" = 'expiry' THEN e."points" ELSE 0 END) AS "expired",
      SUM(e."points") AS "net",
      COUNT(*) AS "entries"
    FROM "LedgerEntry" e WHERE ${whereOf(shopDomain, filter)}`,
  );
  return {
    issued: Number(row?.issued ?? 0),
    spent: Number(row?.spent ?? 0),
    expired: Number(row?.expired ?? 0),
    net: Number(row?.net ?? 0),
    entries: Number(row?.entries ?? 0),
  };
}

/** The ways to earn a report can filter by (deleted ones too: their points are in the ledger). */
export function listReportWaysToEarn(shopDomain: string) {
  return prisma.earningRule.findMany({
    where: { shopDomain },
    orderBy: [{ deletedAt: "asc" }, { position: "asc" }, { createdAt: "asc" }],
    select: { id: true, type: true, config: true, deletedAt: true },
  });
}

/** The member's id when they are this shop's member, else null. */
export async function findShopMemberId(
  shopDomain: string,
  memberId: string,
): Promise<string | null> {
  const member = await prisma.member.findFirst({
    where: { id: memberId, shopDomain },
    select: { id: true },
  });
  return member?.id ?? null;
}
