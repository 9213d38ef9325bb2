import { afterEach, beforeEach, describe, expect, it } from "vitest";

import prisma from "~/db.server";
import { uninstallShop } from "~/services/compliance.server";
import { installShop } from "~/services/install.server";
import { awardPointsForOrder } from "~/services/orders.server";
import { buildOrderFacts } from "test/factories";
import { expectLedgerConsistent } from "test/ledger-invariants";

const SHOP = "install-test.myshopify.com";

beforeEach(async () => {
  await prisma.shop.deleteMany();
  await prisma.session.deleteMany();
});

// Every scenario ends with the ledger invariants holding.
afterEach(async () => {
  await expectLedgerConsistent(prisma);
});

describe("installShop", () => {
  it("creates the shop with an active 1-point-per-unit program and queues the Shopify side", async () => {
    expect(await installShop(SHOP)).toEqual({ outcome: "installed" });

    expect(
      await prisma.shop.findUniqueOrThrow({ where: { domain: SHOP } }),
    ).toMatchObject({ uninstalledAt: null });
    expect(
      await prisma.program.findUniqueOrThrow({ where: { shopDomain: SHOP } }),
    ).toMatchObject({
      active: true,
      earnPoints: 1,
      earnPerAmount: 1,
      includeTestOrders: false,
    });
    const jobs = await prisma.outboxJob.findMany({
      where: { shopDomain: SHOP },
      orderBy: { kind: "asc" },
    });
    expect(jobs.map((job) => [job.kind, job.status])).toEqual([
      ["ensure_metafield_definitions", "pending"],
      ["sync_shop_profile", "pending"],
    ]);
  });

  it("is idempotent: running again (every token exchange) changes nothing and queues nothing more", async () => {
    await installShop(SHOP);
    await prisma.program.update({
      where: { shopDomain: SHOP },
      data: { earnPoints: 3 },
    });
    expect(await installShop(SHOP)).toEqual({ outcome: "already_installed" });

    expect(await prisma.shop.count()).toBe(1);
    expect(
      await prisma.program.findUniqueOrThrow({ where: { shopDomain: SHOP } }),
    ).toMatchObject({ earnPoints: 3 });
    expect(await prisma.outboxJob.count({ where: { shopDomain: SHOP } })).toBe(
      2,
    );
  });

  it("on a reinstall clears uninstalledAt, keeps the data and writes the balances back to Shopify", async () => {
    await installShop(SHOP);
    await awardPointsForOrder(SHOP, buildOrderFacts());
    await prisma.outboxJob.deleteMany();
    await uninstallShop(SHOP);

    expect(await installShop(SHOP)).toEqual({ outcome: "reinstalled" });
    expect(
      await prisma.shop.findUniqueOrThrow({ where: { domain: SHOP } }),
    ).toMatchObject({ uninstalledAt: null });
    expect(await prisma.member.findFirstOrThrow()).toMatchObject({
      balance: 100,
    });
    const kinds = (await prisma.outboxJob.findMany())
      .map((job) => job.kind)
      .sort();
    expect(kinds).toEqual([
      "ensure_metafield_definitions",
      "mirror_member",
      "sync_shop_profile",
    ]);
    await expectLedgerConsistent(prisma);
  });
});
