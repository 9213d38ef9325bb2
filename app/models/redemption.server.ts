import { Prisma, type Redemption } from "@prisma/client";

import prisma from "~/db.server";
import { allColumns, sqlExecute, sqlRows } from "~/models/sql.server";
import { type Tx } from "~/models/transaction.server";

/**
 * Redemption rows: the saga's state (app/services/redemptions/), moved only by conditional
 * updates on the state it was read in, so a replayed or late step changes nothing. Raw SQL on
 * the reservation path: each Prisma model query costs about a millisecond of planning there.
 */

export async function findRedemption(
  id: string,
  db: Tx = prisma,
): Promise<Redemption | null> {
  return db.redemption.findUnique({ where: { id } });
}

/** The member's redemption made with this idempotency key, if any. */
export async function findRedemptionByKey(
  tx: Tx,
  shopDomain: string,
  memberId: string,
  idempotencyKey: string,
): Promise<Redemption | null> {
  const rows = await sqlRows<{ id: string }>(
    tx,
    Prisma.sql`
    SELECT "id" FROM "Redemption"
    WHERE "shopDomain" = ${shopDomain} AND "memberId" = ${memberId} AND "idempotencyKey" = ${idempotencyKey}`,
  );
  return rows[0]
    ? tx.redemption.findUniqueOrThrow({ where: { id: rows[0].id } })
    : null;
}

/** The shopper's own redemption (another customer's is unknown to them). */
export function findMemberRedemption(
  tx: Tx,
  shopDomain: string,
  memberId: string,
  id: string,
): Promise<Redemption | null> {
  return tx.redemption.findFirst({ where: { id, memberId, shopDomain } });
}

/** The member's redemptions of a reward in any of `states` (a per-customer limit counts them). */
export async function countMemberRedemptionsOf(
  tx: Tx,
  memberId: string,
  rewardId: string,
  states: readonly string[],
): Promise<number> {
  const rows = await sqlRows<{ n: number | bigint }>(
    tx,
    Prisma.sql`
    SELECT COUNT(*) AS "n" FROM "Redemption"
    WHERE "memberId" = ${memberId} AND "rewardId" = ${rewardId} AND "state" IN (${Prisma.join(states)})`,
  );
  return Number(rows[0].n);
}

export async function insertRedemption(tx: Tx, r: Redemption): Promise<void> {
  await sqlExecute(
    tx,
    Prisma.sql`
    INSERT INTO "Redemption" ("id", "shopDomain", "memberId", "rewardId", "rewardType", "rewardSnapshot", "points", "state",
      "idempotencyKey", "requestFingerprint", "code", "codeExpiresAt", "refundPointsOnExpiry", "gift", "giftedBy", "debitEntryId",
      "attempts", "createdAt", "updatedAt")
    VALUES (${r.id}, ${r.shopDomain}, ${r.memberId}, ${r.rewardId}, ${r.rewardType}, ${r.rewardSnapshot}, ${r.points}, ${r.state},
      ${r.idempotencyKey}, ${r.requestFingerprint}, ${r.code}, ${r.codeExpiresAt}, ${r.refundPointsOnExpiry}, ${r.gift}, ${r.giftedBy},
      ${r.debitEntryId}, 0, ${r.createdAt}, ${r.updatedAt})`,
  );
}

/** An imported pool code is the "mint": the redemption holds it and is confirmed at once. */
export async function confirmWithPoolCode(
  tx: Tx,
  id: string,
  code: string,
  now: Date,
): Promise<void> {
  await sqlExecute(
    tx,
    Prisma.sql`
    UPDATE "Redemption" SET "code" = ${code}, "state" = 'confirmed', "mintedAt" = ${now}, "confirmedAt" = ${now}
    WHERE "id" = ${id}`,
  );
}

/** Moves the redemption from `from` to `to` unless it moved since it was read; null when it had. */
export async function moveRedemption(
  tx: Tx,
  id: string,
  from: string,
  to: string,
  data: Partial<Redemption>,
): Promise<Redemption | null> {
  const { count } = await tx.redemption.updateMany({
    where: { id, state: from },
    data: { ...data, state: to },
  });
  return count === 1
    ? tx.redemption.findUniqueOrThrow({ where: { id } })
    : null;
}

/** The code exists at Shopify: a `reserved` redemption becomes `state` (the saga's confirm step). */
export async function recordCodeMinted(
  id: string,
  state: string,
  shopifyId: string | null,
  now: Date,
  db: Tx = prisma,
): Promise<void> {
  await sqlExecute(
    db,
    Prisma.sql`
    UPDATE "Redemption" SET "state" = ${state}, "shopifyId" = ${shopifyId}, "mintedAt" = ${now}, "confirmedAt" = ${now},
      "lastError" = NULL, "updatedAt" = ${now}
    WHERE "id" = ${id} AND "state" = 'reserved'`,
  );
}

/** Counts one more mint attempt (across jobs) and reads what the mutation needs with it. */
export async function countMintAttempt(
  id: string,
  db: Tx = prisma,
): Promise<{
  attempts: number;
  customerId: string;
  currencyCode: string | null;
}> {
  const rows = await sqlRows<{
    attempts: number | bigint;
    customerId: string;
    currencyCode: string | null;
  }>(
    db,
    Prisma.sql`
    UPDATE "Redemption" SET "attempts" = "attempts" + 1 WHERE "id" = ${id}
    RETURNING "attempts",
      (SELECT "customerId" FROM "Member" WHERE "id" = "Redemption"."memberId") AS "customerId",
      (SELECT "currencyCode" FROM "Shop" WHERE "domain" = "Redemption"."shopDomain") AS "currencyCode"`,
  );
  return { ...rows[0], attempts: Number(rows[0].attempts) };
}

/** A failed mint attempt's error; a throttled one gives its attempt back. */
export async function recordMintError(
  id: string,
  message: string,
  options: { throttled: boolean },
  db: Tx = prisma,
): Promise<void> {
  await db.redemption.update({
    where: { id },
    data: {
      lastError: message.slice(0, 1000),
      ...(options.throttled ? { attempts: { decrement: 1 } } : {}),
    },
  });
}

/** The shop's redemptions carrying one of `codes` (upper case; codes match in any case). */
export function findRedemptionsWithCodes(
  tx: Tx,
  shopDomain: string,
  codes: readonly string[],
): Promise<Redemption[]> {
  return sqlRows<Redemption>(
    tx,
    Prisma.sql`
    SELECT ${allColumns(Prisma.RedemptionScalarFieldEnum)} FROM "Redemption" WHERE "shopDomain" = ${shopDomain}
      AND UPPER("code") IN (${Prisma.join([...codes])})`,
  );
}

/** Redemptions holding a code whose validity ended by `now`. */
export async function listExpiredCodeRedemptionIds(
  shopDomain: string,
  now: Date,
  take: number,
  db: Tx = prisma,
): Promise<string[]> {
  const rows = await db.redemption.findMany({
    where: {
      shopDomain,
      state: { in: ["minted", "confirmed"] },
      codeExpiresAt: { lte: now },
    },
    select: { id: true },
    take,
  });
  return rows.map((row) => row.id);
}

/** Reservations made at or before `createdBefore` and still waiting for their code. */
export async function listReservedBefore(
  shopDomain: string,
  createdBefore: Date,
  take: number,
  db: Tx = prisma,
): Promise<string[]> {
  const rows = await db.redemption.findMany({
    where: { shopDomain, state: "reserved", createdAt: { lte: createdBefore } },
    select: { id: true },
    take,
  });
  return rows.map((row) => row.id);
}

/** Whether the redemption's `mint_discount_code` job is still waiting or running. */
export async function hasLiveMintJob(
  shopDomain: string,
  redemptionId: string,
  db: Tx = prisma,
): Promise<boolean> {
  const live = await db.outboxJob.count({
    where: {
      shopDomain,
      kind: "mint_discount_code",
      status: { in: ["pending", "running"] },
      payload: JSON.stringify({ redemptionId }),
    },
  });
  return live > 0;
}

/** Redemptions the sweep still has to watch: reservations in flight, codes that can expire. */
export function countWatchedRedemptions(
  shopDomain: string,
  db: Tx = prisma,
): Promise<number> {
  return db.redemption.count({
    where: {
      shopDomain,
      OR: [
        { state: "reserved" },
        {
          state: { in: ["minted", "confirmed"] },
          codeExpiresAt: { not: null },
        },
      ],
    },
  });
}

/** A member's redemptions and gifts, newest first, without those that failed at minting. */
export function listMemberRedemptionRows(
  memberId: string,
  take: number,
  db: Tx = prisma,
): Promise<Redemption[]> {
  return db.redemption.findMany({
    where: { memberId, NOT: { state: "refunded", failedAt: { not: null } } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
  });
}
