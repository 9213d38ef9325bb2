import { type Member, Prisma } from "@prisma/client";

import { type CustomerFacts } from "~/loyalty/types";
import { newId } from "~/models/ids.server";
import { FOR_UPDATE } from "~/models/row-locks.server";
import { allColumns, sqlExecute, sqlRows } from "~/models/sql.server";
import { type Tx } from "~/models/transaction.server";

// Raw SQL for the lookups on the webhook path: each Prisma model query costs about a
// millisecond of query planning here, ten times the statement itself.

export async function findMember(
  db: Tx,
  memberId: string,
): Promise<Member | null> {
  const rows = await sqlRows<Member>(
    db,
    Prisma.sql`SELECT ${allColumns(Prisma.MemberScalarFieldEnum)} FROM "Member" WHERE "id" = ${memberId}`,
  );
  return rows[0] ?? null;
}

export async function findMemberByCustomer(
  db: Tx,
  shopDomain: string,
  customerId: string,
): Promise<Member | null> {
  const rows = await sqlRows<Member>(
    db,
    Prisma.sql`
    SELECT ${allColumns(Prisma.MemberScalarFieldEnum)} FROM "Member" WHERE "shopDomain" = ${shopDomain} AND "customerId" = ${customerId}`,
  );
  return rows[0] ?? null;
}

/** customers/redact may name the customer by email only: every member of the shop with it (any case). */
export async function findMembersByEmail(
  db: Tx,
  shopDomain: string,
  email: string,
): Promise<Member[]> {
  return sqlRows<Member>(
    db,
    Prisma.sql`
    SELECT ${allColumns(Prisma.MemberScalarFieldEnum)} FROM "Member" WHERE "shopDomain" = ${shopDomain} AND lower("email") = lower(${email})`,
  );
}

/**
 * customers/create and customers/update: creates the member, or refreshes their details.
 * A redacted member keeps nothing personal, whatever a late webhook says.
 */
export async function upsertMemberFromCustomer(
  tx: Tx,
  shopDomain: string,
  customer: CustomerFacts,
  now: Date,
): Promise<{ member: Member; created: boolean }> {
  const existing = await findMemberByCustomer(
    tx,
    shopDomain,
    customer.customerId,
  );
  if (!existing) {
    const member = await insertMember(
      tx,
      shopDomain,
      {
        customerId: customer.customerId,
        email: customer.email,
        firstName: customer.firstName,
        lastName: customer.lastName,
        locale: customer.locale || null,
      },
      now,
    );
    return { member, created: true };
  }
  if (existing.redactedAt !== null) return { member: existing, created: false };
  // A locale absent from the payload (older payloads) keeps what we knew rather than forget the language.
  const [member] = await sqlRows<Member>(
    tx,
    Prisma.sql`
    UPDATE "Member" SET "email" = ${customer.email}, "firstName" = ${customer.firstName}, "lastName" = ${customer.lastName},
      "locale" = COALESCE(${customer.locale || null}, "locale"), "updatedAt" = ${now}
    WHERE "id" = ${existing.id}
    RETURNING ${allColumns(Prisma.MemberScalarFieldEnum)}`,
  );
  return { member, created: false };
}

/**
 * The member an order's points go to, created on the fly when the order arrives before
 * customers/create. Only fills the email: the customer webhook brings the rest.
 */
export async function ensureMemberForOrder(
  tx: Tx,
  shopDomain: string,
  customerId: string,
  email: string | null,
  now: Date,
): Promise<Member> {
  const existing = await findMemberByCustomer(tx, shopDomain, customerId);
  if (existing) return existing;
  return insertMember(
    tx,
    shopDomain,
    { customerId, email, firstName: null, lastName: null, locale: null },
    now,
  );
}

/** A new member with what the shop knows of the customer: no points, nothing else yet. */
async function insertMember(
  tx: Tx,
  shopDomain: string,
  details: Pick<
    Member,
    "customerId" | "email" | "firstName" | "lastName" | "locale"
  >,
  now: Date,
): Promise<Member> {
  const member: Member = {
    id: newId(now.getTime()),
    shopDomain,
    ...details,
    balance: 0,
    redactedAt: null,
    birthdayMonth: null,
    birthdayDay: null,
    birthdaySetAt: null,
    birthdayLastAwardedYear: null,
    emailOptOutAt: null,
    lastEntryAt: null,
    createdAt: now,
    updatedAt: now,
  };
  await sqlExecute(
    tx,
    Prisma.sql`
    INSERT INTO "Member" ("id", "shopDomain", "customerId", "email", "firstName", "lastName", "locale", "balance", "createdAt", "updatedAt")
    VALUES (${member.id}, ${shopDomain}, ${member.customerId}, ${member.email}, ${member.firstName}, ${member.lastName},
      ${member.locale}, 0, ${now}, ${now})`,
  );
  return member;
}

/**
 * Holds the member's row until the transaction ends, so one member's redemptions run one at a
 * time: their per-customer limit, rate limit and idempotency key are read and then acted on, and
 * on PostgreSQL two such transactions would otherwise both read "not yet".
 */
export async function lockMember(tx: Tx, memberId: string): Promise<void> {
  await sqlRows(
    tx,
    Prisma.sql`SELECT "id" FROM "Member" WHERE "id" = ${memberId} ${FOR_UPDATE}`,
  );
}

/**
 * customers/redact: names and email go; the member row stays (anonymous: the Shopify customer
 * id means nothing once Shopify has erased the customer) so the ledger keeps adding up.
 */
export async function redactMember(tx: Tx, memberId: string, now: Date) {
  // What the shopper wrote for content missions is theirs too; the decision and points stay.
  await tx.contentSubmission.updateMany({
    where: { memberId },
    data: { content: "", message: null },
  });
  return tx.member.update({
    where: { id: memberId },
    data: {
      email: null,
      firstName: null,
      lastName: null,
      birthdayMonth: null,
      birthdayDay: null,
      birthdaySetAt: null,
      locale: null,
      redactedAt: now,
      updatedAt: now,
    },
  });
}

/** Members whose balance Shopify should show (redacted members are no one's any more). */
export async function listMirroredMemberIds(
  db: Tx,
  shopDomain: string,
): Promise<string[]> {
  const rows = await db.member.findMany({
    where: { shopDomain, redactedAt: null },
    select: { id: true },
  });
  return rows.map((row) => row.id);
}

/** The member's balance as stored (0 when there is no such member). */
export async function memberBalance(tx: Tx, memberId: string): Promise<number> {
  const rows = await sqlRows<{ balance: number }>(
    tx,
    Prisma.sql`
    SELECT "balance" FROM "Member" WHERE "id" = ${memberId}`,
  );
  return Number(rows[0]?.balance ?? 0);
}

/** Whether the member may still be emailed: null when there is no such member. */
export async function findMemberEmailState(
  tx: Tx,
  memberId: string,
): Promise<{ redacted: boolean; unsubscribed: boolean } | null> {
  const members = await sqlRows<{
    redactedAt: unknown;
    emailOptOutAt: unknown;
  }>(
    tx,
    Prisma.sql`SELECT "redactedAt", "emailOptOutAt" FROM "Member" WHERE "id" = ${memberId}`,
  );
  const member = members[0];
  if (!member) return null;
  return {
    redacted: member.redactedAt !== null,
    unsubscribed: member.emailOptOutAt !== null,
  };
}

/** The member as Prisma decodes it (booleans and dates typed), or null. */
export function loadMember(tx: Tx, memberId: string): Promise<Member | null> {
  return tx.member.findUnique({ where: { id: memberId } });
}

/** The member's birthday as the shopper gave it. */
export function saveMemberBirthday(
  tx: Tx,
  memberId: string,
  birthday: { month: number; day: number },
  now: Date,
) {
  return tx.member.update({
    where: { id: memberId },
    data: {
      birthdayMonth: birthday.month,
      birthdayDay: birthday.day,
      birthdaySetAt: now,
    },
  });
}

/** The year of the member's last birthday award (one per year). */
export function markBirthdayAwarded(tx: Tx, memberId: string, year: number) {
  return tx.member.update({
    where: { id: memberId },
    data: { birthdayLastAwardedYear: year },
  });
}

/** The shop's members (not redacted) whose birthday is one of `days`. */
export function listMembersWithBirthdayOn(
  db: Tx,
  shopDomain: string,
  days: { month: number; day: number }[],
) {
  return db.member.findMany({
    where: {
      shopDomain,
      redactedAt: null,
      OR: days.map((d) => ({ birthdayMonth: d.month, birthdayDay: d.day })),
    },
    select: { id: true },
  });
}

/** The admin's birthday page: the member (not redacted) and their birthday, if given. */
export function findMemberBirthday(
  db: Tx,
  shopDomain: string,
  memberId: string,
) {
  return db.member.findFirst({
    where: { id: memberId, shopDomain, redactedAt: null },
    select: {
      id: true,
      customerId: true,
      email: true,
      firstName: true,
      lastName: true,
      birthdayMonth: true,
      birthdayDay: true,
    },
  });
}
