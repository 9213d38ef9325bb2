import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";

/**
 * Shopify session tokens (App Bridge id tokens): a JWT signed HS256 with the app's secret.
 * https://shopify.dev/docs/apps/build/authentication-authorization/session-tokens
 * The admin page hands one to the embedded app; token exchange and tests verify them.
 */
export interface SessionTokenClaims {
  iss: string; // https://{shop}/admin
  dest: string; // https://{shop}
  aud: string; // the app's api key (client id)
  sub: string; // the staff member's user id
  exp: number;
  nbf: number;
  iat: number;
  jti: string;
  sid: string;
  sig?: string;
}

/** Shopify issues session tokens that live one minute. */
export const SESSION_TOKEN_LIFETIME_SECONDS = 60;
/** @shopify/shopify-api accepts this much clock skew when decoding; the emulator does the same. */
export const SESSION_TOKEN_CLOCK_TOLERANCE_SECONDS = 10;

export interface SignSessionTokenOptions {
  apiKey: string;
  apiSecret: string;
  shop: string;
  /** The staff member (online tokens); defaults to the shop owner, user 1. */
  userId?: number | string;
  now?: Date;
  /** Override any claim, e.g. an expired `exp` or a foreign `aud` in tests. */
  claims?: Partial<SessionTokenClaims>;
}

export function signSessionToken(options: SignSessionTokenOptions): string {
  const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const claims: SessionTokenClaims = {
    iss: `https://${options.shop}/admin`,
    dest: `https://${options.shop}`,
    aud: options.apiKey,
    sub: String(options.userId ?? 1),
    exp: iat + SESSION_TOKEN_LIFETIME_SECONDS,
    nbf: iat,
    iat,
    jti: randomUUID(),
    sid: randomUUID(),
    ...options.claims,
  };
  const header = base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const payload = base64url(JSON.stringify(claims));
  return `${header}.${payload}.${hmac(options.apiSecret, `${header}.${payload}`)}`;
}

export type SessionTokenVerification =
  | { ok: true; claims: SessionTokenClaims; shop: string }
  | { ok: false; reason: string };

export interface VerifySessionTokenOptions {
  apiKey: string;
  apiSecret: string;
  now?: Date;
  clockToleranceSeconds?: number;
}

/** Checks what Shopify checks: HS256 signature with the app secret, lifetime, audience, and iss/dest agreeing on the shop. */
export function verifySessionToken(
  token: string,
  options: VerifySessionTokenOptions,
): SessionTokenVerification {
  const parts = token.split(".");
  if (parts.length !== 3) return { ok: false, reason: "not a JWT" };
  const [encodedHeader, encodedPayload, signature] = parts;

  let header: unknown;
  let claims: Partial<SessionTokenClaims>;
  try {
    header = JSON.parse(
      Buffer.from(encodedHeader, "base64url").toString("utf8"),
    );
    claims = JSON.parse(
      Buffer.from(encodedPayload, "base64url").toString("utf8"),
    );
  } catch {
    return { ok: false, reason: "malformed JWT" };
  }
  if (
    !header ||
    typeof header !== "object" ||
    (header as { alg?: unknown }).alg !== "HS256"
  ) {
    return { ok: false, reason: "unsupported algorithm (expected HS256)" };
  }
  const expected = Buffer.from(
    hmac(options.apiSecret, `${encodedHeader}.${encodedPayload}`),
  );
  const received = Buffer.from(signature);
  if (
    expected.length !== received.length ||
    !timingSafeEqual(expected, received)
  ) {
    return { ok: false, reason: "signature does not match the app secret" };
  }
  if (!claims || typeof claims !== "object")
    return { ok: false, reason: "malformed claims" };

  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const tolerance =
    options.clockToleranceSeconds ?? SESSION_TOKEN_CLOCK_TOLERANCE_SECONDS;
  if (typeof claims.exp !== "number" || now > claims.exp + tolerance)
    return { ok: false, reason: "token expired" };
  if (typeof claims.nbf === "number" && now + tolerance < claims.nbf)
    return { ok: false, reason: "token not yet valid" };
  if (claims.aud !== options.apiKey)
    return { ok: false, reason: "audience is not this app" };

  const shop = hostOf(claims.dest);
  if (!shop) return { ok: false, reason: "dest is not a shop URL" };
  if (typeof claims.iss !== "string" || hostOf(claims.iss) !== shop)
    return { ok: false, reason: "iss and dest name different shops" };
  if (
    typeof claims.sub !== "string" ||
    typeof claims.sid !== "string" ||
    typeof claims.jti !== "string"
  ) {
    return { ok: false, reason: "missing sub, sid or jti" };
  }
  return { ok: true, claims: claims as SessionTokenClaims, shop };
}

function hostOf(value: unknown): string | null {
  if (typeof value !== "string") return null;
  try {
    const url = new URL(value);
    return url.protocol === "https:" ? url.host : null;
  } catch {
    return null;
  }
}

function base64url(text: string): string {
  return Buffer.from(text, "utf8").toString("base64url");
}

function hmac(secret: string, data: string): string {
  return createHmac("sha256", secret).update(data).digest("base64url");
}

/** Which UI extension surface a token is for (customer accounts or checkout's thank-you page). */
export type ExtensionTokenSurface = "customer-account" | "checkout";

export interface SignExtensionTokenOptions {
  apiKey: string;
  apiSecret: string;
  shop: string;
  surface: ExtensionTokenSurface;
  /** Numeric customer id; null or absent: a guest (checkout only; `sub` is then left out). */
  customerId?: string | null;
  now?: Date;
  claims?: Record<string, unknown>;
}

/**
 * The session token `shopify.sessionToken.get()` gives a customer-account or checkout UI
 * extension: HS256 with the app secret, `dest` the shop's domain, `sub` the customer's GID (only
 * when someone is signed in), five minutes of life.
 * https://shopify.dev/docs/api/checkout-ui-extensions/latest/target-apis/platform-apis/session-token-api
 */
export function signExtensionToken(options: SignExtensionTokenOptions): string {
  const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const claims: Record<string, unknown> = {
    iss: `https://${options.shop}/${options.surface === "checkout" ? "checkouts" : "account"}`,
    dest: options.shop,
    aud: options.apiKey,
    exp: iat + 5 * 60,
    nbf: iat,
    iat,
    jti: randomUUID(),
    ...(options.customerId
      ? { sub: `gid://shopify/Customer/${options.customerId}` }
      : {}),
    ...options.claims,
  };
  const header = base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const payload = base64url(JSON.stringify(claims));
  return `${header}.${payload}.${hmac(options.apiSecret, `${header}.${payload}`)}`;
}
