import { beforeEach, describe, expect, it } from "vitest";

import * as clock from "~/clock.server";
import {
  loadGrantedScopes,
  recordGrantedScopes,
} from "~/shopify/granted-scopes.server";
import prisma from "~/db.server";
import {
  action as settingsAction,
  loader as settingsLoader,
} from "~/routes/app.settings._index";
import {
  action as tiersAction,
  loader as tiersLoader,
} from "~/routes/app.tiers._index";
import { installShop } from "~/services/install.server";
import { awardPointsForOrder } from "~/services/orders.server";
import {
  adminRequest,
  storeOfflineSession,
} from "~/../test/browser/admin-auth";
import { buildOrderFacts, buildOrderLine } from "~/../test/factories";
import { expectLedgerConsistent } from "~/../test/ledger-invariants";

// The VIP tiers and settings pages called as Remix calls them, through the real authenticate.admin.
const SHOP = "tiers-admin.myshopify.com";
const APP = "http://localhost:3999";
const args = (request: Request) => ({ request, params: {}, context: {} });

async function post(path: string, body: Record<string, string>) {
  const request = await adminRequest(`${APP}${path}`, SHOP);
  return new Request(request.url, {
    method: "POST",
    headers: request.headers,
    body: new URLSearchParams(body),
  });
}

beforeEach(async () => {
  await prisma.shop.deleteMany();
  await installShop(SHOP);
  await storeOfflineSession(prisma, SHOP);
});

describe("VIP tiers page", () => {
  it("previews a change with counts, applies it, and lists the tiers with their members", async () => {
    await awardPointsForOrder(
      SHOP,
      buildOrderFacts({
        orderId: "1",
        customerId: "a",
        // Paid by the clock the routes read (the points count from the payment).
        paidAt: clock.now(),
        lines: [buildOrderLine({ unitPrice: 150_000 })],
        shipping: 0,
      }),
    );
    await awardPointsForOrder(
      SHOP,
      buildOrderFacts({
        orderId: "2",
        customerId: "b",
        // Paid by the clock the routes read (the points count from the payment).
        paidAt: clock.now(),
        lines: [buildOrderLine({ unitPrice: 20_000 })],
        shipping: 0,
      }),
    );
    const payload = JSON.stringify({
      basis: "points_earned",
      window: "lifetime",
      tiers: [
        {
          nameEn: "Gold",
          nameFr: "Or",
          threshold: 100,
          earnMultiplier: 2,
          entryBonus: 0,
        },
      ],
    });

    const preview = await tiersAction(
      args(await post("/app/tiers", { intent: "preview", payload })),
    );
    expect(preview).toEqual({ preview: { up: 1, down: 0, same: 1 } });
    expect(await prisma.tier.count()).toBe(0);

    const applied = await tiersAction(
      args(await post("/app/tiers", { intent: "apply", payload })),
    );
    expect(applied).toEqual({ applied: { up: 1, down: 0 } });
    const listed = await tiersLoader(
      args(await adminRequest(`${APP}/app/tiers`, SHOP)),
    );
    expect(listed.tiers).toMatchObject([
      {
        nameEn: "Gold",
        nameFr: "Or",
        threshold: 100,
        earnMultiplier: 2,
        members: 1,
      },
    ]);

    const refused = await tiersAction(
      args(
        await post("/app/tiers", {
          intent: "apply",
          payload: JSON.stringify({
            basis: "points_earned",
            window: "lifetime",
            tiers: [{ nameEn: "", threshold: 1 }],
          }),
        }),
      ),
    );
    expect(refused).toEqual({ error: true });
    await expectLedgerConsistent(prisma);
  });
});

describe("VIP tier names per language", () => {
  const apply = (tiers: Record<string, unknown>[]) =>
    post("/app/tiers", {
      intent: "apply",
      payload: JSON.stringify({
        basis: "points_earned",
        window: "lifetime",
        tiers,
      }),
    }).then((request) => tiersAction(args(request)));

  it("asks for the name in the shop's primary language (French here); English is optional", async () => {
    await prisma.shop.update({
      where: { domain: SHOP },
      data: { primaryLocale: "fr" },
    });
    expect(await apply([{ nameEn: "Gold", threshold: 1 }])).toEqual({
      error: true,
    });
    expect(await prisma.tier.count({ where: { shopDomain: SHOP } })).toBe(0);
    expect(await apply([{ nameFr: "Or", threshold: 1 }])).toMatchObject({
      applied: {},
    });
    const page = await tiersLoader(
      args(await adminRequest(`${APP}/app/tiers`, SHOP)),
    );
    expect(page.primaryLanguage).toBe("fr");
    expect(page.tiers.map((t) => [t.nameEn, t.nameFr])).toEqual([["", "Or"]]);
  });
});

describe("settings page", () => {
  it("saves expiry, reconciliation and guest settings, and queues retroactive points", async () => {
    const before = await settingsLoader(
      args(await adminRequest(`${APP}/app/settings`, SHOP)),
    );
    expect(before).toMatchObject({
      expiryPolicy: "none",
      reconcileEveryMinutes: 15,
      guestClaimDays: 90,
      runs: [],
    });

    const saved = await settingsAction(
      args(
        await post("/app/settings", {
          intent: "save",
          expiryPolicy: "per_lot",
          expiryMonths: "6",
          expiringSoonDays: "14",
          reconcileEveryMinutes: "30",
          guestClaimDays: "60",
        }),
      ),
    );
    expect(saved).toEqual({ ok: true, notice: "saved" });
    const after = await settingsLoader(
      args(await adminRequest(`${APP}/app/settings`, SHOP)),
    );
    expect(after).toMatchObject({
      expiryPolicy: "per_lot",
      expiryMonths: 6,
      expiringSoonDays: 14,
      reconcileEveryMinutes: 30,
      guestClaimDays: 60,
    });
    const periodic = await prisma.outboxJob.findMany({
      where: {
        shopDomain: SHOP,
        kind: { in: ["reconcile_orders", "sweep_expiry", "review_tiers"] },
      },
    });
    expect(periodic).toHaveLength(3);

    const bad = await settingsAction(
      args(
        await post("/app/settings", {
          intent: "save",
          expiryPolicy: "per_lot",
          expiryMonths: "0",
          expiringSoonDays: "14",
          reconcileEveryMinutes: "30",
          guestClaimDays: "60",
        }),
      ),
    );
    expect(bad).toEqual({ ok: false, fields: ["expiryMonths"] });

    expect(
      await settingsAction(
        args(
          await post("/app/settings", { intent: "retroactive", days: "30" }),
        ),
      ),
    ).toEqual({ ok: true, notice: "retroactive" });
    // Without read_all_orders Shopify shows 60 days of orders: a longer range is refused.
    expect(after.retroactiveMaxDays).toBe(60);
    expect(
      await settingsAction(
        args(
          await post("/app/settings", { intent: "retroactive", days: "61" }),
        ),
      ),
    ).toEqual({ ok: false, fields: ["days"] });
    const withRun = await settingsLoader(
      args(await adminRequest(`${APP}/app/settings`, SHOP)),
    );
    expect(withRun.runs).toMatchObject([{ days: 30, status: "pending" }]);
    expect(
      await prisma.outboxJob.count({
        where: { shopDomain: SHOP, kind: "award_retroactive" },
      }),
    ).toBe(1);

    // Once Shopify granted read_all_orders, a year back is offered and accepted.
    const granted = await loadGrantedScopes(SHOP);
    await recordGrantedScopes(SHOP, [...granted, "read_all_orders"]);
    try {
      const full = await settingsLoader(
        args(await adminRequest(`${APP}/app/settings`, SHOP)),
      );
      expect(full.retroactiveMaxDays).toBe(365);
      expect(
        await settingsAction(
          args(
            await post("/app/settings", { intent: "retroactive", days: "200" }),
          ),
        ),
      ).toEqual({ ok: true, notice: "retroactive" });
    } finally {
      await recordGrantedScopes(SHOP, granted);
    }
  });
});
