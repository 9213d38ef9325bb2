import type { Prisma } from "@prisma/client";

import prisma, { databaseDialect } from "~/db.server";
import { auditForLedgerEntries } from "~/models/audit.server";

/**
 * Read-only queries behind the embedded admin pages. Nothing here writes: balances come from the
 * cached `Member.balance` column, which the ledger keeps equal to the sum of entries.
 */

export type ProgramStatus = "active" | "paused" | "not_set_up";

export interface ShopDisplaySettings {
  timeZone: string;
  currencyCode: string;
}

/** Who a member is, as the merchant may see them: nothing personal once the customer is redacted. */
export interface MemberIdentity {
  id: string;
  /** The numeric Shopify customer id, for "Customer #123" and admin links. */
  customerId: string;
  /** First and last name; null when unknown or erased. */
  name: string | null;
  email: string | null;
  redacted: boolean;
}

export interface MemberSummary extends MemberIdentity {
  balance: number;
  joinedAt: Date;
}

export interface ActivityEntry {
  id: string;
  kind: string;
  points: number;
  balanceAfter: number;
  createdAt: Date;
  member: MemberIdentity;
}

export interface Dashboard {
  program: {
    status: ProgramStatus;
    earnPoints: number;
    earnPerAmount: number;
    currencyCode: string;
  };
  memberCount: number;
  pointsOutstanding: number;
  pointsIssuedLast30Days: number;
  recentActivity: ActivityEntry[];
  topMembers: MemberSummary[];
}

const DAY_MS = 24 * 60 * 60 * 1000;
const RECENT_ACTIVITY_LIMIT = 10;
const TOP_MEMBERS_LIMIT = 5;

const identityFields = {
  id: true,
  customerId: true,
  firstName: true,
  lastName: true,
  email: true,
  redactedAt: true,
} satisfies Prisma.MemberSelect;

type IdentityRow = Prisma.MemberGetPayload<{ select: typeof identityFields }>;

/** Shopify ids arrive as numbers or GIDs ("gid://shopify/Customer/123"); the merchant knows the number. */
function numericCustomerId(customerId: string): string {
  return customerId.replace(/^gid:\/\/shopify\/Customer\//, "");
}

function toIdentity(row: IdentityRow): MemberIdentity {
  const redacted = row.redactedAt !== null;
  const name = [row.firstName, row.lastName]
    .map((part) => part?.trim())
    .filter(Boolean)
    .join(" ");
  return {
    id: row.id,
    customerId: numericCustomerId(row.customerId),
    name: redacted || name === "" ? null : name,
    email: redacted ? null : row.email || null,
    redacted,
  };
}

const summaryFields = {
  ...identityFields,
  balance: true,
  createdAt: true,
} satisfies Prisma.MemberSelect;

function toSummary(
  row: Prisma.MemberGetPayload<{ select: typeof summaryFields }>,
): MemberSummary {
  return { ...toIdentity(row), balance: row.balance, joinedAt: row.createdAt };
}

const activityFields = {
  id: true,
  kind: true,
  points: true,
  balanceAfter: true,
  createdAt: true,
  member: { select: identityFields },
} satisfies Prisma.LedgerEntrySelect;

function toActivity(
  row: Prisma.LedgerEntryGetPayload<{ select: typeof activityFields }>,
): ActivityEntry {
  return {
    id: row.id,
    kind: row.kind,
    points: row.points,
    balanceAfter: row.balanceAfter,
    createdAt: row.createdAt,
    member: toIdentity(row.member),
  };
}

/** How the shop wants dates and money shown; defaults until the install has synced the shop profile. */
export async function getShopDisplaySettings(
  shopDomain: string,
): Promise<ShopDisplaySettings> {
  const shop = await prisma.shop.findUnique({
    where: { domain: shopDomain },
    select: { ianaTimezone: true, currencyCode: true },
  });
  return {
    timeZone: shop?.ianaTimezone ?? "UTC",
    currencyCode: shop?.currencyCode ?? "USD",
  };
}

/**
 * The admin home figures. Points outstanding is the program's liability (every member's spendable
 * balance, erased customers included: their points still exist). Points issued counts every
 * credit posted in the 30 days before `now`, whatever its kind.
 */
export async function getDashboard(
  shopDomain: string,
  now: Date,
): Promise<Dashboard> {
  const since = new Date(now.getTime() - 30 * DAY_MS);
  const [shop, members, issued, recent, top] = await Promise.all([
    prisma.shop.findUnique({
      where: { domain: shopDomain },
      select: { currencyCode: true, program: true },
    }),
    prisma.member.aggregate({
      where: { shopDomain },
      _count: { _all: true },
      _sum: { balance: true },
    }),
    prisma.ledgerEntry.aggregate({
      where: {
        shopDomain,
        points: { gt: 0 },
        createdAt: { gte: since, lte: now },
      },
      _sum: { points: true },
    }),
    prisma.ledgerEntry.findMany({
      where: { shopDomain },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: RECENT_ACTIVITY_LIMIT,
      select: activityFields,
    }),
    prisma.member.findMany({
      where: { shopDomain },
      orderBy: [{ balance: "desc" }, { createdAt: "asc" }, { id: "asc" }],
      take: TOP_MEMBERS_LIMIT,
      select: summaryFields,
    }),
  ]);
  const program = shop?.program;
  return {
    program: {
      status: !program ? "not_set_up" : program.active ? "active" : "paused",
      earnPoints: program?.earnPoints ?? 1,
      earnPerAmount: program?.earnPerAmount ?? 1,
      currencyCode: shop?.currencyCode ?? "USD",
    },
    memberCount: members._count._all,
    pointsOutstanding: members._sum.balance ?? 0,
    pointsIssuedLast30Days: issued._sum.points ?? 0,
    recentActivity: recent.map(toActivity),
    topMembers: top.map(toSummary),
  };
}

export type MemberSort =
  "balance-desc" | "balance-asc" | "joined-desc" | "joined-asc";

const memberOrder: Record<MemberSort, Prisma.MemberOrderByWithRelationInput[]> =
  {
    "balance-desc": [
      { balance: "desc" },
      { createdAt: "desc" },
      { id: "desc" },
    ],
    "balance-asc": [{ balance: "asc" }, { createdAt: "desc" }, { id: "desc" }],
    "joined-desc": [{ createdAt: "desc" }, { id: "desc" }],
    "joined-asc": [{ createdAt: "asc" }, { id: "asc" }],
  };

/**
 * Every word must appear in the first name, last name or email ("jane doe" finds Jane Doe);
 * a number also finds the Shopify customer id. SQLite's LIKE ignores ASCII case; PostgreSQL's
 * needs Prisma's `mode: "insensitive"` (ILIKE), which the SQLite client's types do not know.
 */
const ignoringCase: object =
  databaseDialect === "postgres" ? { mode: "insensitive" } : {};

function memberSearch(search: string): Prisma.MemberWhereInput {
  const words = search.split(/\s+/).filter(Boolean);
  const byWords: Prisma.MemberWhereInput = {
    AND: words.map((word) => ({
      OR: [
        { firstName: { contains: word, ...ignoringCase } },
        { lastName: { contains: word, ...ignoringCase } },
        { email: { contains: word, ...ignoringCase } },
      ],
    })),
  };
  if (/^\d+$/.test(search)) {
    return {
      OR: [
        byWords,
        { customerId: search },
        { customerId: `gid://shopify/Customer/${search}` },
      ],
    };
  }
  return byWords;
}

export interface MemberListQuery {
  search?: string;
  sort: MemberSort;
  page: number;
  pageSize: number;
}

export interface MemberList {
  members: MemberSummary[];
  total: number;
  page: number;
  pageCount: number;
}

/** One page of the members list. A page past the end shows the last page. */
export async function listMembers(
  shopDomain: string,
  query: MemberListQuery,
): Promise<MemberList> {
  const search = query.search?.trim();
  const where: Prisma.MemberWhereInput = {
    shopDomain,
    ...(search ? memberSearch(search) : {}),
  };
  const total = await prisma.member.count({ where });
  const pageCount = Math.max(1, Math.ceil(total / query.pageSize));
  const page = Math.min(Math.max(1, query.page), pageCount);
  const rows = await prisma.member.findMany({
    where,
    orderBy: memberOrder[query.sort],
    skip: (page - 1) * query.pageSize,
    take: query.pageSize,
    select: summaryFields,
  });
  return { members: rows.map(toSummary), total, page, pageCount };
}

export interface MemberHistory {
  /** `emailOptOutAt`: when the member unsubscribed from loyalty emails, or null. */
  member: MemberSummary & { emailOptOutAt: Date | null };
  /** `rewardName`: for a redemption, the reward's name in every language it has (from its snapshot). */
  entries: (Omit<ActivityEntry, "member"> & {
    description: string | null;
    rewardName: LocalizedName | null;
  })[];
  page: number;
  pageCount: number;
}

/** A member of this shop with one page of their ledger, newest first; null if not this shop's. */
export async function getMemberHistory(
  shopDomain: string,
  memberId: string,
  { page, pageSize }: { page: number; pageSize: number },
): Promise<MemberHistory | null> {
  const member = await prisma.member.findFirst({
    where: { id: memberId, shopDomain },
    select: { ...summaryFields, emailOptOutAt: true },
  });
  if (!member) return null;
  // By member id alone (the member is this shop's, checked above): with `shopDomain` too, SQLite
  // without statistics walks the shop's whole ledger by date instead of the member's index.
  const total = await prisma.ledgerEntry.count({ where: { memberId } });
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const current = Math.min(Math.max(1, page), pageCount);
  const entries = await prisma.ledgerEntry.findMany({
    where: { memberId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip: (current - 1) * pageSize,
    take: pageSize,
    // The description is what the customer reads too (a manual adjustment's reason, a reward's name).
    select: {
      id: true,
      kind: true,
      points: true,
      balanceAfter: true,
      createdAt: true,
      description: true,
      sourceType: true,
      sourceId: true,
    },
  });
  // A redemption's description was stored in one language; its snapshot has the reward's name in each.
  const redemptionIds = entries
    .filter((e) => e.sourceType === "redemption")
    .map((e) => e.sourceId);
  const snapshots = redemptionIds.length
    ? await prisma.redemption.findMany({
        where: { id: { in: redemptionIds }, shopDomain },
        select: { id: true, rewardSnapshot: true },
      })
    : [];
  const names = new Map(
    snapshots.map((r) => [r.id, rewardNameOf(r.rewardSnapshot)]),
  );
  // Who made a manual adjustment (the audit trail, ADR 0013).
  const adjusters = new Map(
    (
      await auditForLedgerEntries(
        prisma,
        shopDomain,
        entries.map((entry) => entry.id),
      )
    ).map((row) => [
      row.ledgerEntryId,
      { id: row.actorId, name: row.actorName },
    ]),
  );
  return {
    member: { ...toSummary(member), emailOptOutAt: member.emailOptOutAt },
    entries: entries.map(({ sourceType, sourceId, ...entry }) => ({
      ...entry,
      rewardName:
        sourceType === "redemption" ? (names.get(sourceId) ?? null) : null,
      by: adjusters.get(entry.id) ?? null,
    })),
    page: current,
    pageCount,
  };
}

export type LocalizedName = { en?: string; fr?: string };

function rewardNameOf(snapshot: string): LocalizedName | null {
  try {
    const name = (
      JSON.parse(snapshot) as { discount?: { name?: LocalizedName } }
    ).discount?.name;
    return name && (typeof name.en === "string" || typeof name.fr === "string")
      ? name
      : null;
  } catch {
    return null;
  }
}
