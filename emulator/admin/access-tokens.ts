import { randomBytes } from "node:crypto";

import type { ShopState } from "../state";

/**
 * What the shop knows about each access token it issued, beyond the bare set in EmuShop.accessTokens:
 * online tokens and expiring offline tokens have a lifetime, and expiring offline tokens come with a
 * refresh token (https://shopify.dev/changelog/offline-access-tokens-now-support-expiry-and-refresh).
 */
interface IssuedToken {
  accessMode: "offline" | "online";
  expiresAt: number | null; // epoch ms
  userId: number | null;
}

interface RefreshGrant {
  expiresAt: number;
  accessToken: string;
  /** When the app first traded it in; it stays usable until its replacement is used (see below). */
  firstUsedAt: number | null;
  replacements: string[];
  predecessor: string | null;
}

/** How long a used refresh token can be traded in again while its replacement is unused. */
const REFRESH_RETRY_WINDOW_MS = 30 * 86_400_000;

interface TokenLedger {
  tokens: Map<string, IssuedToken>;
  refreshTokens: Map<string, RefreshGrant>;
}

// Kept beside the state rather than in it: only the Admin API layer reads lifetimes.
const ledgers = new WeakMap<ShopState, TokenLedger>();

function ledgerFor(shop: ShopState): TokenLedger {
  let ledger = ledgers.get(shop);
  if (!ledger) {
    ledger = { tokens: new Map(), refreshTokens: new Map() };
    ledgers.set(shop, ledger);
  }
  return ledger;
}

export interface IssueAccessTokenOptions {
  accessMode: "offline" | "online";
  now: Date;
  lifetimeSeconds: number | null;
  userId?: number | null;
  refreshTokenLifetimeSeconds?: number;
  /** The refresh token this pair was issued for (refresh grant). */
  replaces?: string;
}

export function issueAccessToken(
  shop: ShopState,
  options: IssueAccessTokenOptions,
): { accessToken: string; refreshToken: string | null } {
  // Shopify's prefixes: shpat_ (app access token), shpua_ (user access token), shprt_ (refresh token).
  const accessToken = `${options.accessMode === "online" ? "shpua" : "shpat"}_${randomBytes(16).toString("hex")}`;
  const now = options.now.getTime();
  const ledger = ledgerFor(shop);
  shop.shop.accessTokens.add(accessToken);
  ledger.tokens.set(accessToken, {
    accessMode: options.accessMode,
    expiresAt:
      options.lifetimeSeconds === null
        ? null
        : now + options.lifetimeSeconds * 1000,
    userId: options.userId ?? null,
  });
  let refreshToken: string | null = null;
  if (options.refreshTokenLifetimeSeconds) {
    refreshToken = `shprt_${randomBytes(16).toString("hex")}`;
    ledger.refreshTokens.set(refreshToken, {
      expiresAt: now + options.refreshTokenLifetimeSeconds * 1000,
      accessToken,
      firstUsedAt: null,
      replacements: [],
      predecessor: options.replaces ?? null,
    });
    if (options.replaces)
      ledger.refreshTokens
        .get(options.replaces)
        ?.replacements.push(refreshToken);
  }
  return { accessToken, refreshToken };
}

/** A token is valid while the shop still lists it (uninstalling clears the set) and it has not expired. */
export function isAccessTokenValid(
  shop: ShopState,
  token: string,
  now: Date,
): boolean {
  if (!shop.shop.accessTokens.has(token)) return false;
  const issued = ledgers.get(shop)?.tokens.get(token);
  return (
    !issued || issued.expiresAt === null || issued.expiresAt > now.getTime()
  );
}

/**
 * The refresh grant. Shopify revokes the access token the refresh token came with, and keeps a used
 * refresh token usable until the app starts using its replacement, for at most 30 days (a lost
 * answer or a failed write can be retried):
 * https://shopify.dev/changelog/more-resilient-refreshes-for-expiring-offline-access-tokens
 * Using a replacement retires its predecessor for good.
 */
export function redeemRefreshToken(
  shop: ShopState,
  refreshToken: string,
  now: Date,
): boolean {
  const ledger = ledgers.get(shop);
  const grant = ledger?.refreshTokens.get(refreshToken);
  if (!ledger || !grant) return false;
  const at = now.getTime();
  if (grant.expiresAt <= at) return false;
  if (grant.firstUsedAt !== null) {
    const replacementUsed = grant.replacements.some(
      (token) => ledger.refreshTokens.get(token)?.firstUsedAt != null,
    );
    if (replacementUsed || at > grant.firstUsedAt + REFRESH_RETRY_WINDOW_MS)
      return false;
  } else {
    grant.firstUsedAt = at;
  }
  if (grant.predecessor) ledger.refreshTokens.delete(grant.predecessor);
  shop.shop.accessTokens.delete(grant.accessToken);
  ledger.tokens.delete(grant.accessToken);
  return true;
}

/**
 * Migration to expiring tokens: a valid non-expiring offline token is traded for an expiring pair
 * and stops working (https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/offline-access-tokens).
 */
export function retireNonExpiringToken(
  shop: ShopState,
  token: string,
  now: Date,
): boolean {
  if (!isAccessTokenValid(shop, token, now)) return false;
  const issued = ledgers.get(shop)?.tokens.get(token);
  if (issued && (issued.accessMode !== "offline" || issued.expiresAt !== null))
    return false;
  shop.shop.accessTokens.delete(token);
  ledgers.get(shop)?.tokens.delete(token);
  return true;
}
