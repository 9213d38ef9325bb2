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
}

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
    });
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

/** Refresh tokens are single use: the old access token is revoked along with it. */
export function redeemRefreshToken(
  shop: ShopState,
  refreshToken: string,
  now: Date,
): boolean {
  const ledger = ledgers.get(shop);
  const grant = ledger?.refreshTokens.get(refreshToken);
  if (!ledger || !grant) return false;
  ledger.refreshTokens.delete(refreshToken);
  if (grant.expiresAt <= now.getTime()) return false;
  shop.shop.accessTokens.delete(grant.accessToken);
  ledger.tokens.delete(grant.accessToken);
  return true;
}
