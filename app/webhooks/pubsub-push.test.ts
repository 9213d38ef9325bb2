import http from "node:http";
import { type AddressInfo } from "node:net";

import {
  exportJWK,
  generateKeyPair,
  type JWTPayload,
  type KeyLike,
  SignJWT,
} from "jose";
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
  vi,
} from "vitest";

import { storeOfflineSession } from "~/../test/fake-admin-api";
import { expectLedgerConsistent } from "~/../test/ledger-invariants";
import { webhookFixture } from "~/../test/webhooks";
import prisma from "~/db.server";
import { action as pubsubRoute } from "~/routes/webhooks.pubsub";
import { installShop } from "~/services/install.server";
import {
  acceptVerifiedWebhook,
  drainWebhookInbox,
} from "~/webhooks/inbox.server";
import {
  type PubSubPushConfig,
  receivePubSubPush,
  readPushEnvelope,
} from "~/webhooks/pubsub-push.server";

/**
 * The Pub/Sub push door against a JWKS served locally, with tokens signed by a local RSA key the
 * way Google signs a push subscription's OIDC token, and the real inbox and orders/paid route.
 */

const SHOP = "pubsub-push.myshopify.com";
const AUDIENCE = "https://loyalty.example.com/webhooks/pubsub";
const PUSH_ACCOUNT = "shopify-push@loyalty-project.iam.gserviceaccount.com";
const PAID_AT = "2026-11-21T10:00:00Z";
const NOW = new Date(PAID_AT);
const NOW_S = Math.floor(NOW.getTime() / 1000);
/** The orders-paid fixture earns 111 points at 1 per 1. */
const ORDER_POINTS = 111;

let googleKey: KeyLike;
let otherKey: KeyLike;
let jwksServer: http.Server;
let jwksUrl = "";
let jwksFetches = 0;

beforeAll(async () => {
  const google = await generateKeyPair("RS256");
  googleKey = google.privateKey;
  otherKey = (await generateKeyPair("RS256")).privateKey;
  const publicKey = google.publicKey;
  const jwk = {
    ...(await exportJWK(publicKey)),
    kid: "google-1",
    alg: "RS256",
    use: "sig",
  };
  jwksServer = http.createServer((_req, res) => {
    jwksFetches += 1;
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) =>
    jwksServer.listen(0, "127.0.0.1", resolve),
  );
  jwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/certs`;
});

afterAll(async () => {
  await new Promise((resolve) => jwksServer.close(resolve));
});

const config = (changes: Partial<PubSubPushConfig> = {}): PubSubPushConfig => ({
  audience: AUDIENCE,
  jwksUrl,
  ...changes,
});

/** A push subscription's OIDC token, as Google issues it, valid for an hour from NOW. */
async function pushToken(
  changes: JWTPayload = {},
  options: { key?: KeyLike; kid?: string } = {},
) {
  return new SignJWT({
    iss: "https://accounts.google.com",
    aud: AUDIENCE,
    sub: "112233445566778899",
    email: PUSH_ACCOUNT,
    email_verified: true,
    iat: NOW_S,
    exp: NOW_S + 3600,
    ...changes,
  })
    .setProtectedHeader({
      alg: "RS256",
      kid: options.kid ?? "google-1",
      typ: "JWT",
    })
    .sign(options.key ?? googleKey);
}

const SHOPIFY_ATTRIBUTES = (eventId: string, webhookId: string) => ({
  "X-Shopify-Topic": "orders/paid",
  "X-Shopify-Shop-Domain": SHOP,
  "X-Shopify-API-Version": "2026-07",
  "X-Shopify-Webhook-Id": webhookId,
  "X-Shopify-Event-Id": eventId,
  "X-Shopify-Triggered-At": PAID_AT,
});

function envelope(
  payload: unknown,
  attributes: Record<string, string>,
  messageId = "9876543210",
) {
  return {
    message: {
      data: Buffer.from(JSON.stringify(payload)).toString("base64"),
      attributes,
      messageId,
      message_id: messageId,
      publishTime: PAID_AT,
      publish_time: PAID_AT,
    },
    subscription:
      "projects/loyalty-project/subscriptions/shopify-webhooks-push",
  };
}

function pushRequest(body: unknown, token: string | null) {
  const headers = new Headers({ "content-type": "application/json" });
  if (token !== null) headers.set("authorization", `Bearer ${token}`);
  return new Request("http://localhost:3999/webhooks/pubsub", {
    method: "POST",
    headers,
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

const orderPaid = () => ({
  ...webhookFixture<Record<string, unknown>>("orders-paid"),
  updated_at: PAID_AT,
});

async function push(
  body: unknown,
  token: string | null,
  pushConfig: PubSubPushConfig | null = config(),
) {
  return receivePubSubPush(pushRequest(body, token), {
    config: pushConfig,
    accept: acceptVerifiedWebhook,
    now: NOW,
  });
}

beforeEach(async () => {
  vi.spyOn(console, "warn").mockImplementation(() => undefined);
  await prisma.shop.deleteMany();
  await installShop(SHOP);
  await storeOfflineSession(SHOP);
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
});

afterEach(async () => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  await prisma.webhookInbox.deleteMany();
  await expectLedgerConsistent(prisma);
});

describe("the Pub/Sub push door", () => {
  it("stores a push with a good token in the inbox, as Shopify sent it, and answers 204", async () => {
    const payload = orderPaid();
    const response = await push(
      envelope(payload, SHOPIFY_ATTRIBUTES("event-1", "webhook-1")),
      await pushToken(),
    );

    expect(response.status).toBe(204);
    const rows = await prisma.webhookInbox.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      shopDomain: SHOP,
      topic: "orders/paid",
      eventId: "event-1",
      webhookId: "webhook-1",
      status: "received",
      path: "/webhooks/orders/paid",
      body: JSON.stringify(payload),
    });
  });

  it.each([
    ["a wrong audience", { aud: "https://someone-else.example.com/push" }],
    ["an expired token", { iat: NOW_S - 3 * 3600, exp: NOW_S - 2 * 3600 }],
    ["a token issued for later", { iat: NOW_S + 3600, nbf: NOW_S + 3600 }],
    ["another issuer", { iss: "https://evil.example.com" }],
  ])("refuses %s with 401 and stores nothing", async (_name, claims) => {
    const response = await push(
      envelope(orderPaid(), SHOPIFY_ATTRIBUTES("event-2", "webhook-2")),
      await pushToken(claims),
    );
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(await prisma.webhookInbox.count()).toBe(0);
  });

  it("refuses a token signed by another key, under Google's key id or an unknown one", async () => {
    const body = envelope(
      orderPaid(),
      SHOPIFY_ATTRIBUTES("event-3", "webhook-3"),
    );
    expect(
      (await push(body, await pushToken({}, { key: otherKey }))).status,
    ).toBe(401);
    expect(
      (await push(body, await pushToken({}, { key: otherKey, kid: "unknown" })))
        .status,
    ).toBe(401);
    expect(await prisma.webhookInbox.count()).toBe(0);
  });

  it("refuses a push without a token, or with one that is no JWT", async () => {
    const body = envelope(
      orderPaid(),
      SHOPIFY_ATTRIBUTES("event-4", "webhook-4"),
    );
    expect((await push(body, null)).status).toBe(401);
    expect((await push(body, "not-a-jwt")).status).toBe(401);
    expect(await prisma.webhookInbox.count()).toBe(0);
  });

  it("checks the service account when one is configured", async () => {
    const body = envelope(
      orderPaid(),
      SHOPIFY_ATTRIBUTES("event-5", "webhook-5"),
    );
    const strict = config({ serviceAccountEmail: PUSH_ACCOUNT });
    expect(
      (
        await push(
          body,
          await pushToken({ email: "intruder@other.iam.gserviceaccount.com" }),
          strict,
        )
      ).status,
    ).toBe(401);
    expect(
      (await push(body, await pushToken({ email_verified: false }), strict))
        .status,
    ).toBe(401);
    expect(await prisma.webhookInbox.count()).toBe(0);
    expect((await push(body, await pushToken(), strict)).status).toBe(204);
    expect(await prisma.webhookInbox.count()).toBe(1);
  });

  it.each([
    ["without Shopify's attributes", envelope(orderPaid(), {})],
    [
      "without the shop domain",
      envelope(orderPaid(), {
        "X-Shopify-Topic": "orders/paid",
        "X-Shopify-API-Version": "2026-07",
        "X-Shopify-Webhook-Id": "webhook-6",
      }),
    ],
    [
      "with a topic that is no topic name",
      envelope(orderPaid(), {
        ...SHOPIFY_ATTRIBUTES("event-6", "webhook-6"),
        "X-Shopify-Topic": "../app",
      }),
    ],
    [
      "whose data is not base64",
      { message: { data: "%%%", attributes: {} }, subscription: "s" },
    ],
    ["that is not JSON", "{not json"],
  ])(
    "answers 400 to a verified push %s, and stores nothing",
    async (_name, body) => {
      expect((await push(body, await pushToken())).status).toBe(400);
      expect(await prisma.webhookInbox.count()).toBe(0);
    },
  );

  it("reads Shopify's attributes in any case, and falls back to the webhook id without an event id", () => {
    const read = readPushEnvelope(
      JSON.stringify(
        envelope(
          { id: 1 },
          {
            "x-shopify-topic": "orders/paid",
            "x-shopify-shop-domain": SHOP,
            "x-shopify-api-version": "2026-07",
            "x-shopify-webhook-id": "webhook-7",
          },
        ),
      ),
    );
    expect(read).toMatchObject({
      ok: true,
      messageId: "9876543210",
      event: {
        topic: "orders/paid",
        eventId: "webhook-7",
        triggeredAt: null,
        body: '{"id":1}',
      },
    });
  });

  it("answers 2xx to a duplicate delivery of the same event, and stores it once", async () => {
    const payload = orderPaid();
    const first = await push(
      envelope(payload, SHOPIFY_ATTRIBUTES("event-8", "webhook-8a"), "111"),
      await pushToken(),
    );
    const again = await push(
      envelope(payload, SHOPIFY_ATTRIBUTES("event-8", "webhook-8b"), "222"),
      await pushToken(),
    );
    expect([first.status, again.status]).toEqual([204, 204]);
    expect(await prisma.webhookInbox.count()).toBe(1);
  });

  it("fetches Google's keys once and keeps them for the next pushes", async () => {
    const before = jwksFetches;
    for (let n = 0; n < 3; n++) {
      const response = await push(
        envelope(
          orderPaid(),
          SHOPIFY_ATTRIBUTES(`event-9-${n}`, `webhook-9-${n}`),
        ),
        await pushToken(),
      );
      expect(response.status).toBe(204);
    }
    expect(jwksFetches - before).toBeLessThanOrEqual(1);
  });

  it("answers 503 when the keys cannot be fetched (an outage: Pub/Sub retries)", async () => {
    const response = await push(
      envelope(orderPaid(), SHOPIFY_ATTRIBUTES("event-10", "webhook-10")),
      await pushToken(),
      config({ jwksUrl: "http://127.0.0.1:9/certs" }),
    );
    expect(response.status).toBe(503);
    expect(await prisma.webhookInbox.count()).toBe(0);
  });

  it("is off (404) while no audience is configured", async () => {
    const response = await pubsubRoute({
      request: pushRequest(
        envelope(orderPaid(), SHOPIFY_ATTRIBUTES("e", "w")),
        await pushToken(),
      ),
      params: {},
      context: {},
    });
    expect(response.status).toBe(404);
    expect(await prisma.webhookInbox.count()).toBe(0);
  });

  it("feeds the inbox like an HTTPS delivery: orders/paid awards the order's points, once", async () => {
    const payload = orderPaid();
    for (const webhookId of ["webhook-11a", "webhook-11b"]) {
      const response = await push(
        envelope(payload, SHOPIFY_ATTRIBUTES("event-11", webhookId)),
        await pushToken(),
      );
      expect(response.status).toBe(204);
    }

    // The stored event goes to the orders/paid handler directly: no HTTP replay, no HMAC.
    const totals = await drainWebhookInbox({ now: () => NOW });

    expect(totals).toMatchObject({ processed: 1, retried: 0, failed: 0 });
    const awards = await prisma.ledgerEntry.findMany({
      where: { shopDomain: SHOP, kind: "order_award" },
    });
    expect(awards.map((entry) => entry.points)).toEqual([ORDER_POINTS]);
    const member = await prisma.member.findFirstOrThrow({
      where: { shopDomain: SHOP },
    });
    expect(member.balance).toBe(ORDER_POINTS);
  });
});
