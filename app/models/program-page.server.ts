import { type ProgramPage } from "@prisma/client";

import { type Tx } from "~/models/transaction.server";

/** The program page's look as stored; null when the merchant never saved it (defaults apply). */
export function findProgramPage(
  db: Tx,
  shopDomain: string,
): Promise<ProgramPage | null> {
  return db.programPage.findUnique({ where: { shopDomain } });
}

export interface ProgramPageRow {
  bannerUrl: string | null;
  accentColor: string;
  accentText: string;
  /** JSON {en?, fr?} */
  headline: string;
  intro: string;
  earnHeading: string;
}

export function saveProgramPageRow(
  db: Tx,
  shopDomain: string,
  row: ProgramPageRow,
): Promise<ProgramPage> {
  return db.programPage.upsert({
    where: { shopDomain },
    create: { shopDomain, ...row },
    update: row,
  });
}

/** Whether the program runs (a shop without a program row has none), for the storefront's pages. */
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
