import { type Program, type Shop } from "@prisma/client";

import { type Tx } from "~/models/transaction.server";

export type ShopWithProgram = Shop & { program: Program | null };

/** The shop, installed or not; null when the app never saw it (or shop/redact deleted it). */
export function findShop(db: Tx, domain: string): Promise<ShopWithProgram | null> {
  return db.shop.findUnique({ where: { domain }, include: { program: true } });
}

/** The shop when the app is installed on it: webhooks for any other shop change nothing. */
export async function findInstalledShop(db: Tx, domain: string): Promise<ShopWithProgram | null> {
  const shop = await findShop(db, domain);
  return shop && shop.uninstalledAt === null ? shop : null;
}

/** Creates the shop on first install; on a reinstall clears `uninstalledAt`. Says which it was. */
export async function upsertInstalledShop(
  tx: Tx,
  domain: string,
  now: Date,
): Promise<{ shop: Shop; change: "installed" | "reinstalled" | "unchanged" }> {
  const existing = await tx.shop.findUnique({ where: { domain } });
  if (!existing) {
    const shop = await tx.shop.create({ data: { domain, installedAt: now } });
    return { shop, change: "installed" };
  }
  if (existing.uninstalledAt === null) return { shop: existing, change: "unchanged" };
  const shop = await tx.shop.update({ where: { domain }, data: { uninstalledAt: null, installedAt: now } });
  return { shop, change: "reinstalled" };
}

export function markShopUninstalled(tx: Tx, domain: string, now: Date) {
  return tx.shop.updateMany({ where: { domain, uninstalledAt: null }, data: { uninstalledAt: now } });
}

/** shop/redact: the shop row cascades to every row of its data (schema.prisma `onDelete: Cascade`). */
export function deleteShopAndData(tx: Tx, domain: string) {
  return tx.shop.deleteMany({ where: { domain } });
}

/** Offline and online access tokens: they go on uninstall and on shop/redact. */
export function deleteSessionsForShop(tx: Tx, domain: string) {
  return tx.session.deleteMany({ where: { shop: domain } });
}

export function updateShopProfile(
  db: Tx,
  domain: string,
  profile: { name: string; currencyCode: string; ianaTimezone: string },
) {
  return db.shop.updateMany({ where: { domain }, data: profile });
}

export function markMetafieldDefinitionsCreated(db: Tx, domain: string, now: Date) {
  return db.shop.updateMany({ where: { domain }, data: { metafieldDefinitionsAt: now } });
}
