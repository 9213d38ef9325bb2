import { createHash, randomBytes } from "node:crypto";

import { type ApiRequest } from "@prisma/client";

import { newId } from "~/models/ids.server";
import { type Tx } from "~/models/transaction.server";

/**
 * The shop's key for the earning API. Only its SHA-256 is stored (a leaked database does not
 * leak keys; a 256-bit random key needs no slow hash); the merchant sees the key once, when it
 * is made. Making a new one revokes the previous one.
 */

const KEY_PREFIX = "lyk_";

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

export async function rotateApiKey(
  tx: Tx,
  shopDomain: string,
  now: Date,
): Promise<{ key: string; prefix: string }> {
  const key = `${KEY_PREFIX}${randomBytes(32).toString("base64url")}`;
  const prefix = key.slice(0, KEY_PREFIX.length + 6);
  await tx.shopApiKey.updateMany({
    where: { shopDomain, revokedAt: null },
    data: { revokedAt: now },
  });
  await tx.shopApiKey.create({
    data: {
      id: newId(now.getTime()),
      shopDomain,
      keyHash: hashApiKey(key),
      prefix,
      createdAt: now,
    },
  });
  return { key, prefix };
}

export async function findActiveApiKey(
  db: Tx,
  shopDomain: string,
): Promise<{ prefix: string; createdAt: Date } | null> {
  return db.shopApiKey.findFirst({
    where: { shopDomain, revokedAt: null },
    orderBy: { createdAt: "desc" },
    select: { prefix: true, createdAt: true },
  });
}

/** The shop a key belongs to, if the key is current. */
export async function findShopByApiKey(
  db: Tx,
  key: string,
): Promise<string | null> {
  if (!key.startsWith(KEY_PREFIX)) return null;
  const row = await db.shopApiKey.findUnique({
    where: { keyHash: hashApiKey(key) },
    select: { shopDomain: true, revokedAt: true },
  });
  return row && row.revokedAt === null ? row.shopDomain : null;
}

export function findApiRequest(
  db: Tx,
  shopDomain: string,
  endpoint: string,
  idempotencyKey: string,
): Promise<ApiRequest | null> {
  return db.apiRequest.findUnique({
    where: { shopEndpointKey: { shopDomain, endpoint, idempotencyKey } },
  });
}

export async function saveApiRequest(
  db: Tx,
  request: {
    shopDomain: string;
    endpoint: string;
    idempotencyKey: string;
    requestHash: string;
    status: number;
    body: string;
  },
  now: Date,
): Promise<void> {
  await db.apiRequest.create({
    data: { id: newId(now.getTime()), ...request, createdAt: now },
  });
}
