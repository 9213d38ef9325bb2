import { afterEach, beforeEach, describe, expect, it } from "vitest";

import prisma from "~/db.server";
import { loader as earnLoader } from "~/routes/proxy.api.earn._index";
import { action as birthdayAction } from "~/routes/proxy.api.earn.birthday";
import { action as contentAction } from "~/routes/proxy.api.earn.content";
import { action as socialAction } from "~/routes/proxy.api.earn.social";
import { saveEarningRule } from "~/services/earning-rules.server";
import { installShop } from "~/services/install.server";
import { enrollCustomer } from "~/services/members.server";
import { appProxySignature } from "../../emulator/pages/app-proxy";
import { buildCustomerFacts } from "test/factories";
import { expectLedgerConsistent } from "test/ledger-invariants";

const SHOP = "proxy-earn.myshopify.com";
const CUSTOMER = "8001";
let instagram = "";
let mission = "";

/** A request as Shopify's app proxy forwards it: Shopify's parameters added and signed. */
function proxyRequest(
  path: string,
  options: {
    customer?: string | null;
    body?: unknown;
    secret?: string;
    locale?: string;
  } = {},
) {
  const params = new URLSearchParams();
  params.set("shop", SHOP);
  if (options.locale) params.set("locale", options.locale);
  params.set(
    "logged_in_customer_id",
    options.customer === undefined ? CUSTOMER : (options.customer ?? ""),
  );
  params.set("path_prefix", "/apps/loyalty");
  params.set("timestamp", String(Math.floor(Date.now() / 1000)));
  params.set(
    "signature",
    appProxySignature(params, options.secret ?? "test-api-secret"),
  );
  return new Request(`http://localhost:3999/proxy${path}?${params}`, {
    method: options.body === undefined ? "GET" : "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
}
const args = (request: Request) => ({ request, params: {}, context: {} });

async function balance(customerId = CUSTOMER) {
  return (
    await prisma.member.findUniqueOrThrow({
      where: { shopCustomer: { shopDomain: SHOP, customerId } },
    })
  ).balance;
}

beforeEach(async () => {
  await prisma.shop.deleteMany();
  await installShop(SHOP);
  await enrollCustomer(SHOP, buildCustomerFacts({ customerId: CUSTOMER }));
  await enrollCustomer(
    SHOP,
    buildCustomerFacts({ customerId: "9009", email: "other@example.com" }),
  );
  const saved = await saveEarningRule(SHOP, null, {
    type: "social",
    name: "Follow us on Instagram",
    points: 25,
    network: "instagram",
    action: "follow",
    url: "https://instagram.com/shop",
  });
  const missionSaved = await saveEarningRule(SHOP, null, {
    type: "content_mission",
    name: "Show your setup",
    points: 40,
    instructions: "A photo",
    submission: "url",
  });
  if (!saved.ok || !missionSaved.ok) throw new Error("rules not saved");
  instagram = saved.value.id;
  mission = missionSaved.value.id;
});

afterEach(async () => {
  await expectLedgerConsistent(prisma);
});

describe("storefront earning calls", () => {
  it("refuses a forged signature and a guest with 401, changing nothing", async () => {
    expect(
      (
        await socialAction(
          args(
            proxyRequest("/api/earn/social", {
              body: { ruleId: instagram },
              secret: "wrong",
            }),
          ),
        )
      ).status,
    ).toBe(401);
    expect(
      (
        await socialAction(
          args(
            proxyRequest("/api/earn/social", {
              body: { ruleId: instagram },
              customer: null,
            }),
          ),
        )
      ).status,
    ).toBe(401);
    expect(await prisma.ledgerEntry.count()).toBe(0);
  });

  it("claims a social follow once, for the signed customer only (never one named in the body)", async () => {
    const first = await socialAction(
      args(
        proxyRequest("/api/earn/social", {
          body: { ruleId: instagram, customerId: "9009" },
        }),
      ),
    );
    expect(first.status).toBe(201);
    expect(await first.json()).toEqual({
      outcome: "awarded",
      points: 25,
      balance: 25,
      // Every storefront answer carries the program's identity and switch (ADR 0013).
      program: expect.objectContaining({ active: true }),
    });
    const again = await socialAction(
      args(proxyRequest("/api/earn/social", { body: { ruleId: instagram } })),
    );
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({
      outcome: "duplicate",
      points: 0,
    });
    expect(await balance()).toBe(25);
    expect(await balance("9009")).toBe(0);
  });

  it("queues a content submission for moderation, one at a time", async () => {
    const bad = await contentAction(
      args(
        proxyRequest("/api/earn/content", {
          body: { ruleId: mission, content: "nope" },
        }),
      ),
    );
    expect(bad.status).toBe(422);
    const ok = await contentAction(
      args(
        proxyRequest("/api/earn/content", {
          body: { ruleId: mission, content: "https://x.example/p" },
        }),
      ),
    );
    expect(ok.status).toBe(202);
    const twice = await contentAction(
      args(
        proxyRequest("/api/earn/content", {
          body: { ruleId: mission, content: "https://x.example/q" },
        }),
      ),
    );
    expect(twice.status).toBe(409);
    expect(
      await prisma.contentSubmission.count({ where: { state: "pending" } }),
    ).toBe(1);
    expect(await balance()).toBe(0);
  });

  it("sets the birthday, refusing an impossible date", async () => {
    expect(
      (
        await birthdayAction(
          args(
            proxyRequest("/api/earn/birthday", { body: { month: 2, day: 31 } }),
          ),
        )
      ).status,
    ).toBe(422);
    const response = await birthdayAction(
      args(proxyRequest("/api/earn/birthday", { body: { month: 6, day: 1 } })),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      birthday: { month: 6, day: 1 },
    });
    expect(
      await prisma.member.findUniqueOrThrow({
        where: { shopCustomer: { shopDomain: SHOP, customerId: CUSTOMER } },
      }),
    ).toMatchObject({
      birthdayMonth: 6,
      birthdayDay: 1,
    });
  });

  it("lists the ways to earn with what the customer already did", async () => {
    await socialAction(
      args(proxyRequest("/api/earn/social", { body: { ruleId: instagram } })),
    );
    const response = await earnLoader(args(proxyRequest("/api/earn")));
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.waysToEarn).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: "place_order",
          points: 1,
          perAmount: 1,
        }),
        expect.objectContaining({
          id: instagram,
          type: "social",
          network: "instagram",
          done: true,
        }),
        expect.objectContaining({
          id: mission,
          type: "content_mission",
          done: false,
        }),
      ]),
    );
  });

  it("speaks the shopper's language: the default order rule's name and the errors a shopper may read", async () => {
    const french = await (
      await earnLoader(args(proxyRequest("/api/earn", { locale: "fr" })))
    ).json();
    expect(french.waysToEarn).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: "place_order",
          name: "Passer une commande",
        }),
      ]),
    );
    const english = await (
      await earnLoader(args(proxyRequest("/api/earn", { locale: "en" })))
    ).json();
    expect(english.waysToEarn).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: "place_order",
          name: "Place an order",
        }),
      ]),
    );

    const badDate = await birthdayAction(
      args(
        proxyRequest("/api/earn/birthday", {
          locale: "fr",
          body: { month: 2, day: 31 },
        }),
      ),
    );
    expect(await badDate.json()).toEqual({
      error: { code: "invalid_date", message: "Cette date n’existe pas." },
    });
    const guest = await socialAction(
      args(
        proxyRequest("/api/earn/social", {
          locale: "fr",
          customer: null,
          body: { ruleId: instagram },
        }),
      ),
    );
    expect(guest.status).toBe(401);
    expect(await guest.json()).toEqual({
      error: {
        code: "not_logged_in",
        message: "Connectez-vous pour voir vos points.",
      },
    });
    const unknown = await socialAction(
      args(
        proxyRequest("/api/earn/social", {
          locale: "en",
          body: { ruleId: "nope" },
        }),
      ),
    );
    expect(await unknown.json()).toEqual({
      error: {
        code: "unknown_rule",
        message: "This way to earn is not available.",
      },
    });
  });
});
