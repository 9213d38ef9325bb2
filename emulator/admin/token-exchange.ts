import type { EmulatorContext } from "../context";
import { verifySessionToken } from "../session-token";
import { ensureShop } from "../state";
import {
  issueAccessToken,
  redeemRefreshToken,
  retireNonExpiringToken,
} from "./access-tokens";
import { grantedScopesOf } from "./access-scopes";

/**
 * POST https://{shop}/admin/oauth/access_token, as embedded apps use it:
 * https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/token-exchange
 * plus the refresh_token grant for expiring offline tokens.
 */
export interface TokenExchangeRequest {
  shop: string;
  headers: Record<string, string | undefined>;
  body: string;
}

export interface TokenExchangeResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const TOKEN_EXCHANGE_GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
const REFRESH_TOKEN_GRANT = "refresh_token";
const ID_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:id_token";
const OFFLINE_TOKEN_TYPE =
  "urn:shopify:params:oauth:token-type:offline-access-token";
const ONLINE_TOKEN_TYPE =
  "urn:shopify:params:oauth:token-type:online-access-token";

/** Shopify's lifetimes: online tokens last a day (minus a second), expiring offline tokens an hour, refresh tokens 90 days. */
const ONLINE_TOKEN_SECONDS = 86_399;
const EXPIRING_OFFLINE_TOKEN_SECONDS = 3_600;
const REFRESH_TOKEN_SECONDS = 7_776_000;

export function handleTokenExchange(
  ctx: EmulatorContext,
  req: TokenExchangeRequest,
): TokenExchangeResponse {
  const params = readParams(req);
  if (!params)
    return oauthError(
      400,
      "invalid_request",
      "The request body could not be parsed.",
    );

  if (
    params.client_id !== ctx.config.apiKey ||
    params.client_secret !== ctx.config.apiSecret
  ) {
    return oauthError(
      401,
      "invalid_client",
      "Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.",
    );
  }

  const now = ctx.state.now();

  if (params.grant_type === REFRESH_TOKEN_GRANT) {
    if (!params.refresh_token)
      return oauthError(
        400,
        "invalid_request",
        "Missing required parameter: refresh_token.",
      );
    const shop = ctx.state.shops.get(req.shop);
    if (!shop || !redeemRefreshToken(shop, params.refresh_token, now)) {
      return oauthError(
        400,
        "invalid_grant",
        "The refresh token is invalid, expired or was already used.",
      );
    }
    const issued = issueAccessToken(shop, {
      accessMode: "offline",
      now,
      lifetimeSeconds: EXPIRING_OFFLINE_TOKEN_SECONDS,
      refreshTokenLifetimeSeconds: REFRESH_TOKEN_SECONDS,
      replaces: params.refresh_token,
    });
    return ok({
      access_token: issued.accessToken,
      scope: grantedScopesOf(ctx.config, shop).join(","),
      expires_in: EXPIRING_OFFLINE_TOKEN_SECONDS,
      refresh_token: issued.refreshToken,
      refresh_token_expires_in: REFRESH_TOKEN_SECONDS,
    });
  }

  if (params.grant_type !== TOKEN_EXCHANGE_GRANT) {
    return oauthError(
      400,
      "unsupported_grant_type",
      "The authorization grant type is not supported by the authorization server.",
    );
  }
  if (!params.subject_token)
    return oauthError(
      400,
      "invalid_request",
      "Missing required parameter: subject_token.",
    );
  if (
    params.subject_token_type === OFFLINE_TOKEN_TYPE &&
    (params.expiring === "1" || params.expiring === "true")
  ) {
    // Migrating a non-expiring offline token to an expiring pair (api.auth.migrateToExpiringToken).
    const shop = ctx.state.shops.get(req.shop);
    if (!shop || !retireNonExpiringToken(shop, params.subject_token, now))
      return oauthError(
        400,
        "invalid_subject_token",
        "Token exchange cannot be performed due to an invalid subject token.",
      );
    const issued = issueAccessToken(shop, {
      accessMode: "offline",
      now,
      lifetimeSeconds: EXPIRING_OFFLINE_TOKEN_SECONDS,
      refreshTokenLifetimeSeconds: REFRESH_TOKEN_SECONDS,
    });
    return ok({
      access_token: issued.accessToken,
      scope: grantedScopesOf(ctx.config, shop).join(","),
      expires_in: EXPIRING_OFFLINE_TOKEN_SECONDS,
      refresh_token: issued.refreshToken,
      refresh_token_expires_in: REFRESH_TOKEN_SECONDS,
    });
  }
  if (
    params.subject_token_type !== undefined &&
    params.subject_token_type !== ID_TOKEN_TYPE
  ) {
    return oauthError(
      400,
      "invalid_subject_token_type",
      "The subject token type is not supported.",
    );
  }
  const requested = params.requested_token_type ?? OFFLINE_TOKEN_TYPE;
  if (requested !== OFFLINE_TOKEN_TYPE && requested !== ONLINE_TOKEN_TYPE) {
    return oauthError(
      400,
      "invalid_request",
      "The requested token type is not supported.",
    );
  }

  const verified = verifySessionToken(params.subject_token, {
    apiKey: ctx.config.apiKey,
    apiSecret: ctx.config.apiSecret,
    now,
  });
  if (!verified.ok || verified.shop !== req.shop) {
    return oauthError(
      400,
      "invalid_subject_token",
      "Token exchange cannot be performed due to an invalid subject token.",
    );
  }

  // Managed installation: a valid exchange is the install.
  const shop = ensureShop(ctx.state, req.shop);
  shop.shop.installed = true;
  const scope = grantedScopesOf(ctx.config, shop).join(",");

  if (requested === ONLINE_TOKEN_TYPE) {
    const userId = Number(verified.claims.sub) || 1;
    const issued = issueAccessToken(shop, {
      accessMode: "online",
      now,
      lifetimeSeconds: ONLINE_TOKEN_SECONDS,
      userId,
    });
    return ok({
      access_token: issued.accessToken,
      scope,
      expires_in: ONLINE_TOKEN_SECONDS,
      associated_user_scope: scope,
      session: verified.claims.sid,
      account_number: 0,
      associated_user: {
        id: userId,
        first_name: "Store",
        last_name: "Owner",
        email: shop.shop.email,
        account_owner: userId === 1,
        locale: shop.shop.primaryLocale,
        collaborator: false,
        email_verified: true,
      },
    });
  }

  if (params.expiring === "1" || params.expiring === "true") {
    const issued = issueAccessToken(shop, {
      accessMode: "offline",
      now,
      lifetimeSeconds: EXPIRING_OFFLINE_TOKEN_SECONDS,
      refreshTokenLifetimeSeconds: REFRESH_TOKEN_SECONDS,
    });
    return ok({
      access_token: issued.accessToken,
      scope,
      expires_in: EXPIRING_OFFLINE_TOKEN_SECONDS,
      refresh_token: issued.refreshToken,
      refresh_token_expires_in: REFRESH_TOKEN_SECONDS,
    });
  }
  const issued = issueAccessToken(shop, {
    accessMode: "offline",
    now,
    lifetimeSeconds: null,
  });
  return ok({ access_token: issued.accessToken, scope });
}

type Params = Partial<Record<string, string>>;

/** Shopify accepts the parameters as JSON (what @shopify/shopify-api sends) or as a form. */
function readParams(req: TokenExchangeRequest): Params | null {
  const contentType = headerValue(req.headers, "content-type") ?? "";
  const text = req.body.trim();
  if (contentType.includes("application/json") || text.startsWith("{")) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (!parsed || typeof parsed !== "object" || Array.isArray(parsed))
        return null;
      const params: Params = {};
      for (const [key, value] of Object.entries(parsed)) {
        if (typeof value === "string") params[key] = value;
        else if (typeof value === "number" || typeof value === "boolean")
          params[key] = String(value);
      }
      return params;
    } catch {
      return null;
    }
  }
  return Object.fromEntries(new URLSearchParams(text));
}

export function headerValue(
  headers: Record<string, string | undefined>,
  name: string,
): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}

function ok(body: Record<string, unknown>): TokenExchangeResponse {
  return {
    status: 200,
    headers: { "content-type": "application/json; charset=utf-8" },
    body: JSON.stringify(body),
  };
}

function oauthError(
  status: number,
  error: string,
  description: string,
): TokenExchangeResponse {
  return {
    status,
    headers: { "content-type": "application/json; charset=utf-8" },
    body: JSON.stringify({ error, error_description: description }),
  };
}
