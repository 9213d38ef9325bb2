import { type ProgramIcon } from "@prisma/client";

import {
  type ProgramIdentityInput,
  readStoredIdentity,
} from "~/loyalty/program-identity";
import { type Tx } from "~/models/transaction.server";

/** The program's identity as stored (app/loyalty/program-identity.ts reads the JSON columns). */
export async function findProgramIdentity(
  db: Tx,
  shopDomain: string,
): Promise<ProgramIdentityInput & { iconVersion: number | null }> {
  const row = await db.programIdentity.findUnique({ where: { shopDomain } });
  const icon = await db.programIcon.findUnique({
    where: { shopDomain },
    select: { version: true },
  });
  const identity = readStoredIdentity(
    row ?? {
      name: "",
      pointsNames: "{}",
      pointsIcon: "star",
      comingSoonText: "{}",
    },
  );
  return { ...identity, iconVersion: icon?.version ?? null };
}

export async function saveProgramIdentityRow(
  tx: Tx,
  shopDomain: string,
  identity: ProgramIdentityInput,
  now: Date,
): Promise<void> {
  const data = {
    name: identity.name,
    pointsNames: JSON.stringify(identity.pointsNames),
    pointsIcon: identity.pointsIcon,
    comingSoonText: JSON.stringify(identity.comingSoonText),
    updatedAt: now,
  };
  await tx.programIdentity.upsert({
    where: { shopDomain },
    create: { shopDomain, ...data },
    update: data,
  });
}

export function findProgramIcon(
  db: Tx,
  shopDomain: string,
): Promise<ProgramIcon | null> {
  return db.programIcon.findUnique({ where: { shopDomain } });
}

/** Stores the uploaded icon; the version changes so the served URL changes (long cache). */
export async function saveProgramIcon(
  tx: Tx,
  shopDomain: string,
  icon: {
    contentType: string;
    bytes: Uint8Array;
    width: number;
    height: number;
  },
  now: Date,
): Promise<number> {
  const saved = await tx.programIcon.upsert({
    where: { shopDomain },
    create: {
      shopDomain,
      ...icon,
      bytes: Buffer.from(icon.bytes),
      updatedAt: now,
    },
    update: {
      ...icon,
      bytes: Buffer.from(icon.bytes),
      updatedAt: now,
      version: { increment: 1 },
    },
  });
  return saved.version;
}

export async function findProgramActive(
  db: Tx,
  shopDomain: string,
): Promise<boolean> {
  const program = await db.program.findUnique({
    where: { shopDomain },
    select: { active: true },
  });
  return program?.active ?? false;
}

export async function setProgramActiveRow(
  tx: Tx,
  shopDomain: string,
  active: boolean,
): Promise<boolean> {
  const before = await findProgramActive(tx, shopDomain);
  await tx.program.update({ where: { shopDomain }, data: { active } });
  return before;
}
