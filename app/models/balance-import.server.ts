import { type BalanceImport } from "@prisma/client";

import { newId } from "~/models/ids.server";
import { type Tx } from "~/models/transaction.server";

/** Balance imports (ADR 0017): the uploaded file between dry run and apply, and the rows applied. */

/**
 * Keeps the file for its apply. The same file again (same content hash) is the same import, its
 * content restored and ready to apply again (its applied rows stay applied); any other file not yet applied is dropped, so a shop
 * has at most one waiting, and a dry run never leaves customer lists behind.
 */
export async function saveImportFile(
  tx: Tx,
  input: {
    shopDomain: string;
    fileHash: string;
    filename: string;
    content: string;
    now: Date;
  },
): Promise<BalanceImport> {
  await tx.balanceImport.deleteMany({
    where: {
      shopDomain: input.shopDomain,
      appliedAt: null,
      NOT: { fileHash: input.fileHash },
    },
  });
  return tx.balanceImport.upsert({
    where: {
      shopDomain_fileHash: {
        shopDomain: input.shopDomain,
        fileHash: input.fileHash,
      },
    },
    create: {
      id: newId(input.now.getTime()),
      shopDomain: input.shopDomain,
      fileHash: input.fileHash,
      filename: input.filename,
      content: input.content,
      createdAt: input.now,
    },
    update: {
      content: input.content,
      filename: input.filename,
      appliedAt: null,
    },
  });
}

export function findImportFile(
  db: Tx,
  shopDomain: string,
  id: string,
): Promise<BalanceImport | null> {
  return db.balanceImport.findFirst({ where: { id, shopDomain } });
}

/** Once applied the content goes (it names customers); the hash keeps the file's identity. */
export function markImportApplied(tx: Tx, id: string, now: Date) {
  return tx.balanceImport.update({
    where: { id },
    data: { appliedAt: now, content: "" },
  });
}

export async function listAppliedImportLines(
  db: Tx,
  shopDomain: string,
  fileHash: string,
): Promise<Set<number>> {
  const rows = await db.balanceImportRow.findMany({
    where: { shopDomain, fileHash },
    select: { line: true },
  });
  return new Set(rows.map((row) => row.line));
}

export async function isImportLineApplied(
  tx: Tx,
  shopDomain: string,
  fileHash: string,
  line: number,
): Promise<boolean> {
  const row = await tx.balanceImportRow.findUnique({
    where: { shopDomain_fileHash_line: { shopDomain, fileHash, line } },
    select: { id: true },
  });
  return row !== null;
}

export function recordImportLine(
  tx: Tx,
  input: {
    shopDomain: string;
    fileHash: string;
    line: number;
    memberId: string;
    outcome: "new_member" | "balance_change" | "unchanged";
    points: number;
    now: Date;
  },
) {
  return tx.balanceImportRow.create({
    data: {
      id: newId(input.now.getTime()),
      shopDomain: input.shopDomain,
      fileHash: input.fileHash,
      line: input.line,
      memberId: input.memberId,
      outcome: input.outcome,
      points: input.points,
      createdAt: input.now,
    },
  });
}

/** The shop's members as an import matches them: by customer id, and by email without regard to case. */
export async function listMembersForImport(db: Tx, shopDomain: string) {
  const members = await db.member.findMany({
    where: { shopDomain, redactedAt: null },
    select: {
      id: true,
      customerId: true,
      email: true,
      firstName: true,
      lastName: true,
      balance: true,
    },
  });
  return members;
}

/** Sets an imported birthday, unless the member already gave one (theirs wins). */
export async function setImportedBirthday(
  tx: Tx,
  memberId: string,
  birthday: { month: number; day: number },
  now: Date,
): Promise<void> {
  await tx.member.updateMany({
    where: { id: memberId, birthdayMonth: null },
    data: {
      birthdayMonth: birthday.month,
      birthdayDay: birthday.day,
      birthdaySetAt: now,
      updatedAt: now,
    },
  });
}

/** The shop's tiers by name in any language, lower-cased. */
export async function tierIdsByName(
  db: Tx,
  shopDomain: string,
): Promise<Map<string, string>> {
  const tiers = await db.tier.findMany({ where: { shopDomain } });
  const byName = new Map<string, string>();
  for (const tier of tiers)
    for (const name of [tier.nameEn, tier.nameFr])
      if (name) byName.set(name.trim().toLowerCase(), tier.id);
  return byName;
}

/**
 * The tier the member had in the other app, kept as a hold until `until` (tiers.ts `held`): their own
 * activity here decides after that. Written as the current tier too, so no entry bonus is paid for it.
 */
export async function holdImportedTier(
  tx: Tx,
  input: {
    shopDomain: string;
    memberId: string;
    tierId: string;
    until: Date;
    now: Date;
  },
): Promise<void> {
  const held = { heldTierId: input.tierId, heldUntil: input.until };
  await tx.memberTier.upsert({
    where: { memberId: input.memberId },
    create: {
      memberId: input.memberId,
      shopDomain: input.shopDomain,
      tierId: input.tierId,
      achievedAt: input.now,
      holdUntil: input.until,
      ...held,
      updatedAt: input.now,
    },
    update: { ...held, updatedAt: input.now },
  });
}

/** customers/redact: a file waiting for its apply may name the customer, so waiting files go. */
export async function deleteWaitingImportFiles(
  tx: Tx,
  shopDomain: string,
): Promise<number> {
  const { count } = await tx.balanceImport.deleteMany({
    where: { shopDomain, appliedAt: null },
  });
  return count;
}
