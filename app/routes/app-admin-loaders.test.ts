import { beforeAll, describe, expect, it } from "vitest";

import prisma from "~/db.server";
import { loader as homeLoader } from "~/routes/app._index";
import { loader as memberLoader } from "~/routes/app.members.$memberId";
import { loader as membersLoader } from "~/routes/app.members._index";
import { loader as layoutLoader } from "~/routes/app";
import {
  adminRequest,
  BROWSER_USER_AGENT,
  embeddedAppUrl,
  storeOfflineSession,
} from "~/../test/browser/admin-auth";
import { seedMember, seedShop } from "~/../test/browser/seed-admin";

// The admin loaders called as Remix calls them, through the real authenticate.admin: a stored
// offline session and a session token signed with the app secret.
const SHOP = "loader-shop.myshopify.com";
const APP = "http://localhost:3999";
const DAY = 24 * 60 * 60 * 1000;
// The loaders read the system clock (routes are the app's edge): the seed is dated from it too.
// eslint-disable-next-line no-restricted-properties
const ago = (days: number) => new Date(Date.now() - days * DAY);

let aliceId = "";

beforeAll(async () => {
  await seedShop(prisma, SHOP, {
    currencyCode: "CAD",
    ianaTimezone: "America/Toronto",
  });
  await storeOfflineSession(prisma, SHOP);
  aliceId = await seedMember(prisma, SHOP, {
    customerId: "501",
    firstName: "Alice",
    lastName: "Tremblay",
    email: "alice@example.com",
    joinedAt: ago(90),
    entries: [
      { kind: "order_award", points: 2000, at: ago(60) },
      { kind: "order_award", points: 345, at: ago(3) },
      { kind: "redemption", points: -500, at: ago(2) },
    ],
  });
  await seedMember(prisma, SHOP, {
    customerId: "502",
    firstName: "Bruno",
    email: "bruno@example.com",
    joinedAt: ago(10),
    entries: [{ kind: "order_award", points: 40, at: ago(1) }],
  });
});

const args = (request: Request, params: Record<string, string> = {}) => ({
  request,
  params,
  context: {},
});

async function thrownResponse(promise: Promise<unknown>): Promise<Response> {
  const outcome = await promise.then(
    () => new Error("the loader did not throw"),
    (thrown: unknown) => thrown,
  );
  if (!(outcome instanceof Response)) throw outcome;
  return outcome;
}

describe("admin home loader", () => {
  it("returns the shop's figures for an authenticated admin request", async () => {
    const dashboard = await homeLoader(
      args(await adminRequest(`${APP}/app`, SHOP)),
    );
    expect(dashboard).toMatchObject({
      memberCount: 2,
      pointsOutstanding: 1845 + 40,
      pointsIssuedLast30Days: 345 + 40,
      program: { status: "active", currencyCode: "CAD" },
    });
    expect(
      dashboard.recentActivity.map((entry) => [
        entry.member.name,
        entry.kind,
        entry.points,
      ]),
    ).toEqual([
      ["Bruno", "order_award", 40],
      ["Alice Tremblay", "redemption", -500],
      ["Alice Tremblay", "order_award", 345],
      ["Alice Tremblay", "order_award", 2000],
    ]);
  });

  it("accepts the document request Shopify makes when it opens the app (id_token in the URL)", async () => {
    const url = await embeddedAppUrl(APP, "/app", SHOP, "fr");
    const dashboard = await homeLoader(
      args(new Request(url, { headers: { "User-Agent": BROWSER_USER_AGENT } })),
    );
    expect(dashboard.memberCount).toBe(2);
  });

  it("refuses a session token signed with another secret", async () => {
    const forged = await adminRequest(`${APP}/app`, SHOP);
    const [, payload] = (forged.headers.get("Authorization") ?? "").split(".");
    const request = new Request(`${APP}/app`, {
      headers: {
        Authorization: `Bearer eyJhbGciOiJIUzI1NiJ9.${payload}.c2lnbmF0dXJl`,
        "User-Agent": BROWSER_USER_AGENT,
      },
    });
    expect((await thrownResponse(homeLoader(args(request)))).status).toBe(401);
  });

  it("answers bots with 410, as Shopify's library does", async () => {
    const request = await adminRequest(`${APP}/app`, SHOP, {
      "User-Agent": "curl/8.0",
    });
    expect((await thrownResponse(homeLoader(args(request)))).status).toBe(410);
  });
});

describe("embedded layout loader", () => {
  it("takes the language from the admin's locale parameter", async () => {
    const data = await layoutLoader(
      args(
        await adminRequest(`${APP}/app?locale=fr-CA`, SHOP, {
          "Accept-Language": "en",
        }),
      ),
    );
    expect(data).toMatchObject({
      locale: "fr",
      timeZone: "America/Toronto",
      apiKey: "test-api-key",
    });
  });

  it("falls back to the browser's language, then English", async () => {
    const french = await layoutLoader(
      args(
        await adminRequest(`${APP}/app`, SHOP, {
          "Accept-Language": "fr-FR,fr;q=0.9",
        }),
      ),
    );
    expect(french.locale).toBe("fr");
    const other = await layoutLoader(
      args(
        await adminRequest(`${APP}/app`, SHOP, { "Accept-Language": "de-DE" }),
      ),
    );
    expect(other.locale).toBe("en");
  });

  it("loads the shop's App Bridge from Shopify unless a local stand-in is configured", async () => {
    const data = await layoutLoader(
      args(await adminRequest(`${APP}/app`, SHOP)),
    );
    expect(data.appBridgeUrl).toBe(process.env.APP_BRIDGE_URL ?? null);
  });
});

describe("members loaders", () => {
  it("searches, sorts and pages from the query string", async () => {
    const all = await membersLoader(
      args(await adminRequest(`${APP}/app/members?sort=balance-asc`, SHOP)),
    );
    expect(all.members.map((member) => member.balance)).toEqual([40, 1845]);
    expect(all).toMatchObject({
      total: 2,
      page: 1,
      pageCount: 1,
      sort: "balance-asc",
      search: "",
    });

    const search = await membersLoader(
      args(await adminRequest(`${APP}/app/members?q=%20tremblay%20`, SHOP)),
    );
    expect(search.members.map((member) => member.name)).toEqual([
      "Alice Tremblay",
    ]);
    expect(search.search).toBe("tremblay");
  });

  it("shows the default list for a malformed query rather than failing", async () => {
    const list = await membersLoader(
      args(
        await adminRequest(`${APP}/app/members?sort=drop-table&page=-3`, SHOP),
      ),
    );
    expect(list).toMatchObject({ sort: "balance-desc", page: 1, total: 2 });
  });

  it("shows a member's history, and 404 for an unknown member", async () => {
    const history = await memberLoader(
      args(await adminRequest(`${APP}/app/members/${aliceId}`, SHOP), {
        memberId: aliceId,
      }),
    );
    expect(history.member).toMatchObject({
      name: "Alice Tremblay",
      balance: 1845,
    });
    expect(history.entries.map((entry) => entry.points)).toEqual([
      -500, 345, 2000,
    ]);

    const missing = memberLoader(
      args(await adminRequest(`${APP}/app/members/nope`, SHOP), {
        memberId: "nope",
      }),
    );
    expect((await thrownResponse(missing)).status).toBe(404);
  });
});
