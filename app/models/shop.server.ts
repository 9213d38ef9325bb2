import { Prisma, type Program, type Shop } from "@prisma/client";

import { type EarningRules } from "~/loyalty/types";
import { toEarningRules } from "~/models/program.server";
import { sqlRows } from "~/models/sql.server";
import { type Tx } from "~/models/transaction.server";

export type ShopWithProgram = Shop & { program: Program | null };

/**
 * What a webhook needs to know about the shop: that the app is installed there, its earning
 * rules (`rules.active` is the program switch) and its time zone ("UTC" until the app reads it).
 */
export interface InstalledShop {
  domain: string;
  rules: EarningRules;
  timeZone: string;
}

/** The shop, installed or not; null when the app never saw it (or shop/redact deleted it). */
export function findShop(
  db: Tx,
  domain: string,
): Promise<ShopWithProgram | null> {
  return db.shop.findUnique({ where: { domain }, include: { program: true } });
}

/**
 * The shop when the app is installed on it (webhooks for any other shop change nothing), with
 * its rules. One raw query: this runs on every webhook, and each Prisma model query costs about
 * a millisecond of query planning here, ten times the SQL itself.
 */
export async function findInstalledShop(
  db: Tx,
  domain: string,
): Promise<InstalledShop | null> {
  const rows = await sqlRows<
    Pick<Shop, "domain" | "uninstalledAt" | "ianaTimezone"> &
      Partial<
        Pick<
          Program,
          "active" | "earnPoints" | "earnPerAmount" | "includeTestOrders"
        >
      >
  >(
    db,
    Prisma.sql`SELECT s."domain", s."uninstalledAt", s."ianaTimezone", p."active", p."earnPoints", p."earnPerAmount", p."includeTestOrders"
    FROM "Shop" s LEFT JOIN "Program" p ON p."shopDomain" = s."domain"
    WHERE s."domain" = ${domain}`,
  );
  const row = rows[0];
  if (!row || row.uninstalledAt !== null) return null;
  const program =
    row.active == null
      ? null
      : {
          active: Boolean(row.active),
          earnPoints: Number(row.earnPoints),
          earnPerAmount: Number(row.earnPerAmount),
          includeTestOrders: Boolean(row.includeTestOrders),
        };
  return {
    domain: row.domain,
    rules: toEarningRules(program),
    timeZone: row.ianaTimezone,
  };
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
  if (existing.uninstalledAt === null)
    return { shop: existing, change: "unchanged" };
  const shop = await tx.shop.update({
    where: { domain },
    data: { uninstalledAt: null, installedAt: now },
  });
  return { shop, change: "reinstalled" };
}

export function markShopUninstalled(tx: Tx, domain: string, now: Date) {
  return tx.shop.updateMany({
    where: { domain, uninstalledAt: null },
    data: { uninstalledAt: now },
  });
}

/** shop/redact: the shop row cascades to every row of its data (schema.prisma `onDelete: Cascade`). */
export async function deleteShopAndData(tx: Tx, domain: string) {
  // The webhook inbox has no foreign key to Shop (rows are stored before the shop is known).
  await tx.webhookInbox.deleteMany({ where: { shopDomain: domain } });
  return tx.shop.deleteMany({ where: { domain } });
}

/** Offline and online access tokens: they go on uninstall and on shop/redact. */
export function deleteSessionsForShop(tx: Tx, domain: string) {
  return tx.session.deleteMany({ where: { shop: domain } });
}

export function updateShopProfile(
  db: Tx,
  domain: string,
  profile: {
    name: string;
    currencyCode: string;
    ianaTimezone: string;
    locales?: { primaryLocale: string; publishedLocales: string[] };
  },
) {
  const { locales, ...facts } = profile;
  return db.shop.updateMany({
    where: { domain },
    data: {
      ...facts,
      ...(locales
        ? {
            primaryLocale: locales.primaryLocale,
            publishedLocales: JSON.stringify(locales.publishedLocales),
          }
        : {}),
    },
  });
}

/** The shop's languages as the install's profile job stored them (English until it has run). */
export async function findShopLocales(
  db: Tx,
  domain: string,
): Promise<{ primaryLocale: string; publishedLocales: string[] }> {
  const shop = await db.shop.findUnique({
    where: { domain },
    select: { primaryLocale: true, publishedLocales: true },
  });
  const primaryLocale = shop?.primaryLocale ?? "en";
  let published: unknown = [];
  try {
    published = JSON.parse(shop?.publishedLocales ?? "[]");
  } catch {
    published = [];
  }
  const list = Array.isArray(published)
    ? published.filter((l): l is string => typeof l === "string")
    : [];
  return {
    primaryLocale,
    publishedLocales: [...new Set([primaryLocale, ...list])],
  };
}

export function markMetafieldDefinitionsCreated(
  db: Tx,
  domain: string,
  now: Date,
) {
  return db.shop.updateMany({
    where: { domain },
    data: { metafieldDefinitionsAt: now },
  });
}

/** Whether the app is installed on the shop now (the app proxy's and the UI extensions' gate). */
export async function isShopInstalled(
  db: Tx,
  domain: string,
): Promise<boolean> {
  const known = await sqlRows<{ domain: string }>(
    db,
    Prisma.sql`
    SELECT "domain" FROM "Shop" WHERE "domain" = ${domain} AND "uninstalledAt" IS NULL`,
  );
  return known.length > 0;
}

/** The shop's time zone and whether it is uninstalled; null when the app never saw it. */
export function findShopTimeZone(tx: Tx, domain: string) {
  return tx.shop.findUnique({
    where: { domain },
    select: { ianaTimezone: true, uninstalledAt: true },
  });
}

/**
 * What an award reads of the shop besides its rules: its time zone ("UTC" when the app never saw
 * the shop) and the program switch (off when there is no program), in one statement.
 */
export async function findShopEarningSettings(
  db: Tx,
  domain: string,
): Promise<{ timeZone: string; programActive: boolean }> {
  const [row] = await sqlRows<{
    ianaTimezone: string | null;
    active: number | boolean | null;
  }>(
    db,
    Prisma.sql`SELECT (SELECT "ianaTimezone" FROM "Shop" WHERE "domain" = ${domain}) AS "ianaTimezone",
      (SELECT "active" FROM "Program" WHERE "shopDomain" = ${domain}) AS "active"`,
  );
  return {
    timeZone: row?.ianaTimezone ?? "UTC",
    programActive: Boolean(row?.active ?? false),
  };
}

/** The shop row, installed or not, without its program. */
export function findShopRow(db: Tx, domain: string): Promise<Shop | null> {
  return db.shop.findUnique({ where: { domain } });
}
