import { createRemoteJWKSet, errors, jwtVerify } from "jose";
import { z } from "zod";

import { type VerifiedWebhook } from "~/webhooks/verified-webhook";

/**
 * The Google Cloud Pub/Sub push door (docs/decisions/0023-pubsub-webhooks.md). Shopify publishes
 * each webhook to the app's Pub/Sub topic (`uri = "pubsub://project:topic"`), with its headers as
 * message attributes and no HMAC (Shopify signs HTTPS deliveries only). A push subscription then
 * POSTs the message here with an OIDC token Google signed for the subscription's service account.
 * The token is the proof of origin: only Shopify's service account may publish to the topic, and
 * only Google can sign for the push subscription. Verified once here, the event joins the inbox
 * exactly as a verified HTTPS delivery does.
 *
 * Answers, and why (Pub/Sub redelivers anything but a 2xx, with backoff, until the message
 * expires or the subscription's dead-letter policy takes it):
 * - 204: stored (or already stored: a duplicate delivery of the same event).
 * - 401: no token, or a token that does not verify. Nothing is read or written.
 * - 400: a verified push whose envelope cannot be read (no Shopify attributes, data not base64).
 * - 404: the door is off (no PUBSUB_AUDIENCE configured).
 * - 503: Google's keys could not be fetched; 500: the inbox could not store. Retry is what we want.
 */

export interface PubSubPushConfig {
  /** The push subscription's audience (`--push-auth-token-audience`). */
  audience: string;
  /** Where the token's signing keys are published: Google's in production, a local one in tests. */
  jwksUrl: string;
  /** When set, only a token for this service account is accepted. */
  serviceAccountEmail?: string;
}

export type AcceptVerifiedWebhook = (
  event: VerifiedWebhook,
  now: Date,
) => Promise<unknown>;

// Google signs Pub/Sub push tokens as an OIDC provider; its ID tokens carry either form of the
// issuer (https://developers.google.com/identity/openid-connect/openid-connect#validatinganidtoken).
const GOOGLE_ISSUERS = ["https://accounts.google.com", "accounts.google.com"];
// Seconds of disagreement between Google's clock and ours tolerated on `exp`, `iat` and `nbf`.
const CLOCK_TOLERANCE_S = 30;

// One key set per URL for the life of the process: jose caches the keys, refetches when a token
// names a key it does not know (Google rotates them), and at most every 30 s.
const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();
function keySet(url: string) {
  let jwks = keySets.get(url);
  if (!jwks) {
    jwks = createRemoteJWKSet(new URL(url));
    keySets.set(url, jwks);
  }
  return jwks;
}

type TokenCheck =
  | { ok: true; email: string | null }
  | { ok: false; status: 401 | 503; reason: string };

/** Verifies `Authorization: Bearer <JWT>`: RS256 against the JWKS, issuer, audience, expiry at `now`. */
export async function verifyPushToken(
  authorization: string | null,
  config: PubSubPushConfig,
  now: Date,
): Promise<TokenCheck> {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? "")?.[1];
  if (!token) return { ok: false, status: 401, reason: "no bearer token" };
  try {
    const { payload } = await jwtVerify(token, keySet(config.jwksUrl), {
      algorithms: ["RS256"],
      issuer: GOOGLE_ISSUERS,
      audience: config.audience,
      currentDate: now,
      clockTolerance: CLOCK_TOLERANCE_S,
      requiredClaims: ["exp", "iat"],
    });
    const email = typeof payload.email === "string" ? payload.email : null;
    if (config.serviceAccountEmail) {
      if (
        email?.toLowerCase() !== config.serviceAccountEmail.toLowerCase() ||
        payload.email_verified !== true
      )
        return {
          ok: false,
          status: 401,
          reason: "token for another service account",
        };
    }
    return { ok: true, email };
  } catch (error) {
    // Our side could not get Google's keys: an outage, not a bad token.
    if (
      error instanceof errors.JWKSTimeout ||
      error instanceof errors.JWKSInvalid ||
      !(error instanceof errors.JOSEError)
    )
      return {
        ok: false,
        status: 503,
        reason: `signing keys unavailable: ${error instanceof Error ? error.message : String(error)}`,
      };
    return { ok: false, status: 401, reason: error.code };
  }
}

// `message_id` and `publish_time` are sent too, for older clients.
const PushEnvelopeSchema = z.object({
  message: z.object({
    data: z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/, "not base64"),
    attributes: z.record(z.string()),
    messageId: z.string().optional(),
    message_id: z.string().optional(),
    publishTime: z.string().optional(),
  }),
  subscription: z.string(),
});

/** The Shopify headers Shopify sends as message attributes, by name in any case. */
function attribute(attributes: Record<string, string>, name: string) {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(attributes))
    if (key.toLowerCase() === wanted && value.trim() !== "")
      return value.trim();
  return null;
}

type EnvelopeRead =
  | { ok: true; event: VerifiedWebhook; messageId: string | null }
  | { ok: false; reason: string };

/** The webhook a push envelope carries, or why it cannot be read. Pure: no I/O. */
export function readPushEnvelope(text: string): EnvelopeRead {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: "the envelope is not JSON" };
  }
  const parsed = PushEnvelopeSchema.safeParse(json);
  if (!parsed.success)
    return {
      ok: false,
      reason: parsed.error.issues
        .map((issue) => `${issue.path.join(".")}: ${issue.message}`)
        .join("; "),
    };
  const { attributes, data } = parsed.data.message;
  const topic = attribute(attributes, "X-Shopify-Topic");
  const shopDomain = attribute(attributes, "X-Shopify-Shop-Domain");
  const webhookId = attribute(attributes, "X-Shopify-Webhook-Id");
  const apiVersion = attribute(attributes, "X-Shopify-API-Version");
  const missing = [
    ["X-Shopify-Topic", topic],
    ["X-Shopify-Shop-Domain", shopDomain],
    ["X-Shopify-Webhook-Id", webhookId],
    ["X-Shopify-API-Version", apiVersion],
  ]
    .filter(([, value]) => value === null)
    .map(([name]) => name);
  if (!topic || !shopDomain || !webhookId || !apiVersion)
    return {
      ok: false,
      reason: `missing attributes: ${missing.join(", ")}`,
    };
  // "orders/paid": it names the topic's handler, so nothing else gets through.
  if (!/^[a-z0-9_]+(\/[a-z0-9_]+)+$/.test(topic))
    return { ok: false, reason: "X-Shopify-Topic is not a topic name" };
  return {
    ok: true,
    messageId:
      parsed.data.message.messageId ?? parsed.data.message.message_id ?? null,
    event: {
      shopDomain: shopDomain.toLowerCase(),
      topic,
      webhookId,
      eventId: attribute(attributes, "X-Shopify-Event-Id") ?? webhookId,
      apiVersion,
      triggeredAt: attribute(attributes, "X-Shopify-Triggered-At"),
      // The exact JSON text Shopify published; not parsed here (the topic's handler validates it).
      body: Buffer.from(data, "base64").toString("utf8"),
    },
  };
}

function answer(status: number, headers?: Record<string, string>) {
  return new Response(null, { status, headers });
}

/** The whole door: token, envelope, inbox. `config` null means the door is off. */
export async function receivePubSubPush(
  request: Request,
  options: {
    config: PubSubPushConfig | null;
    accept: AcceptVerifiedWebhook;
    now: Date;
  },
): Promise<Response> {
  if (!options.config) return answer(404);
  const token = await verifyPushToken(
    request.headers.get("authorization"),
    options.config,
    options.now,
  );
  if (!token.ok) {
    console.warn(`pubsub push refused (${token.status}): ${token.reason}`);
    return token.status === 401
      ? answer(401, { "WWW-Authenticate": 'Bearer realm="pubsub"' })
      : answer(503, { "Retry-After": "10" });
  }

  const read = readPushEnvelope(await request.text());
  if (!read.ok) {
    console.warn(`pubsub push unreadable (400): ${read.reason}`);
    return answer(400);
  }
  await options.accept(read.event, options.now);
  return answer(204);
}
