import { Prisma } from "@prisma/client";

import prisma, { databaseDialect } from "~/db.server";
import type { PeriodBucket } from "~/loyalty/report-period";
import { totalPointsOwed } from "~/models/reversal-shortfall.server";
import { sqlRows } from "~/models/sql.server";

/**
 * The home dashboard's figures (issue 8), each summed by the database: nothing here loads ledger
 * rows. "Issued" counts every credit but a redemption's refund (which only undoes a spend),
 * "redeemed" the redemptions net of their refunds, "expired" the expiry debits.
 */

export interface PointsFlow {
  issued: number;
  redeemed: number;
  expired: number;
}

export interface HomeFigures extends PointsFlow {
  members: number;
  /** Members who earned or redeemed since `activeSince`. */
  activeMembers: number;
  /** Every member's spendable balance: the program's liability in points. */
  outstanding: number;
  /** Points that orders' refunds could not take back (spent before the refund), still owed. */
  pointsOwed: number;
  ordersWithLoyaltyCode: number;
  /** Thousandths of the shop currency: the subtotals of those orders. */
  revenueWithLoyaltyCode: number;
}

type Num = number | bigint | null;
const num = (value: Num | undefined) => Number(value ?? 0);

const flowColumns = Prisma.sql`
  SUM(CASE WHEN e."points" > 0 AND e."kind" <> 'redemption_refund' THEN e."points" ELSE 0 END) AS "issued",
  -SUM(CASE WHEN e."kind" IN ('redemption', 'redemption_refund') THEN e."points" ELSE 0 END) AS "redeemed",
  -SUM(CASE WHEN e."kind" = 'expiry' THEN e."points" ELSE 0 END) AS "expired"`;

/** The figures over [since, until) (members and balances as they are now). */
export async function getHomeFigures(
  shopDomain: string,
  range: { since: Date; until: Date; activeSince: Date },
): Promise<HomeFigures> {
  const [members, flow, active, owed, orders] = await Promise.all([
    prisma.member.aggregate({
      where: { shopDomain },
      _count: { _all: true },
      _sum: { balance: true },
    }),
    sqlRows<{ issued: Num; redeemed: Num; expired: Num }>(
      prisma,
      Prisma.sql`
      SELECT ${flowColumns} FROM "LedgerEntry" e
      WHERE e."shopDomain" = ${shopDomain} AND e."createdAt" >= ${range.since} AND e."createdAt" < ${range.until}`,
    ),
    sqlRows<{ active: Num }>(
      prisma,
      Prisma.sql`
      SELECT COUNT(DISTINCT e."memberId") AS "active" FROM "LedgerEntry" e
      WHERE e."shopDomain" = ${shopDomain}
        AND e."kind" IN ('order_award', 'earning_award', 'redemption')
        AND e."createdAt" >= ${range.activeSince} AND e."createdAt" < ${range.until}`,
    ),
    totalPointsOwed(shopDomain),
    prisma.loyaltyCodeOrder.aggregate({
      where: { shopDomain, paidAt: { gte: range.since, lt: range.until } },
      _count: { _all: true },
      _sum: { subtotalMillis: true },
    }),
  ]);
  return {
    members: members._count._all,
    activeMembers: num(active[0]?.active),
    outstanding: members._sum.balance ?? 0,
    issued: num(flow[0]?.issued),
    redeemed: num(flow[0]?.redeemed),
    expired: num(flow[0]?.expired),
    pointsOwed: owed,
    ordersWithLoyaltyCode: orders._count._all,
    revenueWithLoyaltyCode: orders._sum.subtotalMillis ?? 0,
  };
}

/**
 * A time as a query parameter in a SELECT list: PostgreSQL types an untyped parameter there as text
 * (and then refuses `timestamp >= text`), so it is cast; SQLite compares it as stored.
 */
function asTimestamp(time: Date): Prisma.Sql {
  return databaseDialect === "postgres"
    ? Prisma.sql`CAST(${time} AS TIMESTAMP(3))`
    : Prisma.sql`${time}`;
}

/** Points issued, redeemed and expired per bucket (the home chart), in one grouped query. */
export async function getPointsFlowByBucket(
  shopDomain: string,
  buckets: readonly PeriodBucket[],
): Promise<PointsFlow[]> {
  if (buckets.length === 0) return [];
  const values = Prisma.join(
    buckets.map(
      (bucket, index) =>
        Prisma.sql`SELECT ${index} AS "i", ${asTimestamp(bucket.start)} AS "start", ${asTimestamp(bucket.end)} AS "end"`,
    ),
    " UNION ALL ",
  );
  const rows = await sqlRows<{
    i: Num;
    issued: Num;
    redeemed: Num;
    expired: Num;
  }>(
    prisma,
    Prisma.sql`
    WITH "bucket" AS (${values})
    SELECT b."i", ${flowColumns}
    FROM "bucket" b
    LEFT JOIN "LedgerEntry" e ON e."shopDomain" = ${shopDomain}
      AND e."createdAt" >= b."start" AND e."createdAt" < b."end"
    GROUP BY b."i" ORDER BY b."i"`,
  );
  const byIndex = new Map(rows.map((row) => [num(row.i), row]));
  return buckets.map((_, index) => {
    const row = byIndex.get(index);
    return {
      issued: num(row?.issued),
      redeemed: num(row?.redeemed),
      expired: num(row?.expired),
    };
  });
}

/** The catalogue's rewards that may set a money rate for points (small: loaded as configs). */
export async function listValuedRewardConfigs(
  shopDomain: string,
): Promise<string[]> {
  const rows = await prisma.reward.findMany({
    where: {
      shopDomain,
      active: true,
      archivedAt: null,
      oneOff: false,
      type: { in: ["fixed_amount_off", "gift_card", "points_slider"] },
    },
    select: { config: true },
  });
  return rows.map((row) => row.config);
}
