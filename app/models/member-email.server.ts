import { type EmailSettings, type MemberEmail, Prisma } from "@prisma/client";

import { newId } from "~/models/ids.server";
import { allColumns, sqlExecute, sqlRows } from "~/models/sql.server";
import { type Tx } from "~/models/transaction.server";

/**
 * The email outbox (MemberEmail) and the shop's email settings and templates. Status of an email:
 *
 * - queued: waiting for `runAfter`; claimed: a worker holds it (nothing sent yet);
 * - sending: the SMTP conversation started (ADR 0011: never sent again, whatever happens next);
 * - sent, failed (permanent refusal or attempts exhausted), not_sent (no SMTP configured),
 *   skipped (switched off, unsubscribed, redacted, no address), uncertain (a worker died while
 *   sending: it may or may not have gone out, and it is not sent again).
 */

export interface NewMemberEmail {
  shopDomain: string;
  memberId: string;
  kind: string;
  idempotencyKey: string;
  payload: object;
  runAfter: Date;
  now: Date;
}

/** Queues an email once per key: a second call with the same key changes nothing and says so. */
export async function insertMemberEmail(
  tx: Tx,
  email: NewMemberEmail,
): Promise<{ queued: boolean; id: string }> {
  const id = newId(email.now.getTime());
  const inserted = await sqlExecute(
    tx,
    Prisma.sql`
    INSERT INTO "MemberEmail" ("id", "shopDomain", "memberId", "kind", "idempotencyKey", "payload", "status",
      "attempts", "runAfter", "createdAt", "updatedAt")
    VALUES (${id}, ${email.shopDomain}, ${email.memberId}, ${email.kind}, ${email.idempotencyKey},
      ${JSON.stringify(email.payload)}, 'queued', 0, ${email.runAfter}, ${email.now}, ${email.now})
    ON CONFLICT ("idempotencyKey") DO NOTHING`,
  );
  return { queued: inserted === 1, id };
}

/** A member's email of this kind still waiting to go out (for digests). */
export async function findQueuedMemberEmail(
  tx: Tx,
  memberId: string,
  kind: string,
): Promise<MemberEmail | null> {
  const rows = await sqlRows<MemberEmail>(
    tx,
    Prisma.sql`
    SELECT ${allColumns(Prisma.MemberEmailScalarFieldEnum)} FROM "MemberEmail" WHERE "memberId" = ${memberId} AND "kind" = ${kind} AND "status" = 'queued'
    ORDER BY "createdAt" LIMIT 1`,
  );
  return rows[0] ?? null;
}

export function updateQueuedEmailPayload(
  tx: Tx,
  id: string,
  payload: object,
  now: Date,
) {
  return tx.memberEmail.updateMany({
    where: { id, status: "queued" },
    data: { payload: JSON.stringify(payload), updatedAt: now },
  });
}

/**
 * Claims due emails. A `claimed` email whose lease ran out was never handed to SMTP, so it is
 * claimed again; a `sending` one whose lease ran out belongs to a worker that died mid-send and
 * becomes `uncertain` (never sent twice: ADR 0011).
 */
export async function claimDueEmails(
  db: Tx,
  options: { now: Date; limit: number; leaseMs: number },
): Promise<MemberEmail[]> {
  const { now, limit, leaseMs } = options;
  await sqlExecute(
    db,
    Prisma.sql`
    UPDATE "MemberEmail" SET "status" = 'uncertain', "lockedUntil" = NULL, "updatedAt" = ${now},
      "lastError" = 'The worker stopped during the SMTP conversation: not sent again'
    WHERE "status" = 'sending' AND "lockedUntil" < ${now}`,
  );
  const lockedUntil = new Date(now.getTime() + leaseMs);
  // One statement claims the batch: a second worker's UPDATE waits for this one and finds none left.
  return sqlRows<MemberEmail>(
    db,
    Prisma.sql`
    UPDATE "MemberEmail" SET "status" = 'claimed', "lockedUntil" = ${lockedUntil}, "updatedAt" = ${now}
    WHERE "id" IN (
      SELECT "id" FROM "MemberEmail"
      WHERE ("status" = 'queued' AND "runAfter" <= ${now}) OR ("status" = 'claimed' AND "lockedUntil" < ${now})
      ORDER BY "runAfter", "createdAt" LIMIT ${limit})
    RETURNING ${allColumns(Prisma.MemberEmailScalarFieldEnum)}`,
  );
}

/** The point of no return: after this the email is never handed to SMTP again. */
export async function markEmailSending(
  db: Tx,
  id: string,
  update: { messageId: string; lockedUntil: Date; now: Date },
): Promise<boolean> {
  const count = await sqlExecute(
    db,
    Prisma.sql`
    UPDATE "MemberEmail" SET "status" = 'sending', "messageId" = ${update.messageId},
      "lockedUntil" = ${update.lockedUntil}, "updatedAt" = ${update.now}
    WHERE "id" = ${id} AND "status" = 'claimed'`,
  );
  return count === 1;
}

export function markEmailSent(db: Tx, id: string, now: Date) {
  return sqlExecute(
    db,
    Prisma.sql`
    UPDATE "MemberEmail" SET "status" = 'sent', "sentAt" = ${now}, "lockedUntil" = NULL, "lastError" = NULL,
      "attempts" = "attempts" + 1, "updatedAt" = ${now}
    WHERE "id" = ${id} AND "status" = 'sending'`,
  );
}

/** Back to the queue (a refusal that said "try later", nothing delivered). */
export function rescheduleEmail(
  db: Tx,
  id: string,
  update: { runAfter: Date; attempts: number; lastError: string; now: Date },
) {
  return sqlExecute(
    db,
    Prisma.sql`
    UPDATE "MemberEmail" SET "status" = 'queued', "runAfter" = ${update.runAfter}, "attempts" = ${update.attempts},
      "lastError" = ${update.lastError}, "lockedUntil" = NULL, "updatedAt" = ${update.now}
    WHERE "id" = ${id} AND "status" IN ('claimed', 'sending')`,
  );
}

/** A final state other than sent: failed, not_sent, skipped. */
export function closeEmail(
  db: Tx,
  id: string,
  update: {
    status: "failed" | "not_sent" | "skipped";
    lastError: string;
    attempts?: number;
    now: Date;
  },
) {
  return sqlExecute(
    db,
    Prisma.sql`
    UPDATE "MemberEmail" SET "status" = ${update.status}, "lastError" = ${update.lastError},
      "attempts" = COALESCE(${update.attempts ?? null}, "attempts"), "lockedUntil" = NULL, "updatedAt" = ${update.now}
    WHERE "id" = ${id} AND "status" IN ('claimed', 'sending')`,
  );
}

/** Claimed emails of a shop that is over its hourly limit wait, unsent, until `runAfter`. */
export function deferClaimedEmails(
  db: Tx,
  ids: string[],
  runAfter: Date,
  now: Date,
) {
  return db.memberEmail.updateMany({
    where: { id: { in: ids }, status: "claimed" },
    data: { status: "queued", runAfter, lockedUntil: null, updatedAt: now },
  });
}

export async function countEmailsSentSince(
  db: Tx,
  shopDomain: string,
  since: Date,
): Promise<number> {
  const rows = await sqlRows<{ count: bigint | number }>(
    db,
    Prisma.sql`
    SELECT COUNT(*) AS "count" FROM "MemberEmail"
    WHERE "shopDomain" = ${shopDomain} AND "sentAt" >= ${since}`,
  );
  return Number(rows[0]?.count ?? 0);
}

/**
 * customers/redact: what was waiting is never sent, and the outbox keeps nothing the merchant or
 * the event wrote about the member (the address was never stored here).
 */
export async function redactMemberEmails(tx: Tx, memberId: string, now: Date) {
  await tx.memberEmail.updateMany({
    where: { memberId, status: { in: ["queued", "claimed"] } },
    data: {
      status: "skipped",
      lastError: "redacted",
      lockedUntil: null,
      updatedAt: now,
    },
  });
  await tx.memberEmail.updateMany({
    where: { memberId },
    data: { payload: "{}", updatedAt: now },
  });
}

export function listShopEmails(db: Tx, shopDomain: string, take: number) {
  return db.memberEmail.findMany({
    where: { shopDomain },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
    select: {
      id: true,
      memberId: true,
      kind: true,
      status: true,
      attempts: true,
      lastError: true,
      sentAt: true,
      createdAt: true,
    },
  });
}

export function listMemberEmails(db: Tx, memberId: string, take: number) {
  return db.memberEmail.findMany({
    where: { memberId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
    select: {
      id: true,
      kind: true,
      status: true,
      sentAt: true,
      createdAt: true,
    },
  });
}

// Settings and templates ---------------------------------------------------------------------

/** Raw SQL: read for every point credited (docs/decisions/0029-direct-sql-on-the-hot-path.md). */
export async function findEmailSettings(
  db: Tx,
  shopDomain: string,
): Promise<EmailSettings | null> {
  const [settings] = await sqlRows<EmailSettings>(
    db,
    Prisma.sql`SELECT "shopDomain", "switches", "defaultLocale", "hourlyLimit", "updatedAt"
      FROM "EmailSettings" WHERE "shopDomain" = ${shopDomain}`,
  );
  return settings ?? null;
}

export function saveEmailSettings(
  db: Tx,
  shopDomain: string,
  data: { switches?: string; defaultLocale?: string; hourlyLimit?: number },
) {
  return db.emailSettings.upsert({
    where: { shopDomain },
    create: { shopDomain, ...data },
    update: data,
  });
}

export function listEmailTemplates(db: Tx, shopDomain: string) {
  return db.emailTemplate.findMany({ where: { shopDomain } });
}

export function findEmailTemplate(
  db: Tx,
  shopDomain: string,
  kind: string,
  locale: string,
) {
  return db.emailTemplate.findUnique({
    where: { shopKindLocale: { shopDomain, kind, locale } },
  });
}

export function saveEmailTemplate(
  db: Tx,
  shopDomain: string,
  template: { kind: string; locale: string; subject: string; body: string },
) {
  const { kind, locale, subject, body } = template;
  return db.emailTemplate.upsert({
    where: { shopKindLocale: { shopDomain, kind, locale } },
    create: { shopDomain, kind, locale, subject, body },
    update: { subject, body },
  });
}

export function deleteEmailTemplate(
  db: Tx,
  shopDomain: string,
  kind: string,
  locale: string,
) {
  return db.emailTemplate.deleteMany({ where: { shopDomain, kind, locale } });
}

export function optOutMemberEmails(db: Tx, memberId: string, now: Date) {
  return db.member.updateMany({
    where: { id: memberId, emailOptOutAt: null },
    data: { emailOptOutAt: now },
  });
}

// What the worker reads when sending ----------------------------------------------------------

export interface EmailRecipient {
  id: string;
  email: string | null;
  firstName: string | null;
  locale: string | null;
  redactedAt: Date | null;
  emailOptOutAt: Date | null;
}

export function findEmailRecipients(
  db: Tx,
  memberIds: string[],
): Promise<EmailRecipient[]> {
  return db.member.findMany({
    where: { id: { in: memberIds } },
    select: {
      id: true,
      email: true,
      firstName: true,
      locale: true,
      redactedAt: true,
      emailOptOutAt: true,
    },
  });
}

/** Points waiting to become spendable per member, and the earliest known date they will. */
export async function pendingPointsOf(
  db: Tx,
  memberIds: string[],
): Promise<Map<string, { points: number; until: Date | null }>> {
  const rows = await db.pendingAward.groupBy({
    by: ["memberId"],
    where: { memberId: { in: memberIds }, state: "pending" },
    _sum: { points: true },
    _min: { postAt: true },
  });
  return new Map(
    rows.map((row) => [
      row.memberId,
      { points: row._sum.points ?? 0, until: row._min.postAt ?? null },
    ]),
  );
}

export function findEmailShop(db: Tx, domain: string) {
  return db.shop.findUnique({
    where: { domain },
    select: {
      domain: true,
      name: true,
      ianaTimezone: true,
      currencyCode: true,
      primaryLocale: true,
      uninstalledAt: true,
    },
  });
}
