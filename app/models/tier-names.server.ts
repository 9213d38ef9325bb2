import { type Tx } from "~/models/transaction.server";

/** The shop's tiers' names in both languages, lowest threshold first. */
export function listTierNames(
  db: Tx,
  shopDomain: string,
): Promise<{ id: string; nameEn: string; nameFr: string | null }[]> {
  return db.tier.findMany({
    where: { shopDomain },
    orderBy: { threshold: "asc" },
    select: { id: true, nameEn: true, nameFr: true },
  });
}
