import { afterEach, beforeEach, describe, expect, it } from "vitest";

import prisma from "~/db.server";
import {
  assembleCustomerData,
  redactCustomer,
  redactShop,
  uninstallShop,
} from "~/services/compliance.server";
import { installShop } from "~/services/install.server";
import { enrollCustomer } from "~/services/members.server";
import {
  awardPointsForOrder,
  reversePointsForRefund,
} from "~/services/orders.server";
import {
  buildCustomerFacts,
  buildOrderFacts,
  buildRefundFacts,
  buildRefundLine,
} from "test/factories";
import { expectLedgerConsistent } from "test/ledger-invariants";

const SHOP = "compliance-test.myshopify.com";
const OTHER = "other-shop.myshopify.com";

async function session(shop: string) {
  await prisma.session.create({
    data: {
      id: `offline_${shop}`,
      shop,
      state: "",
      accessToken: "token",
      isOnline: false,
    },
  });
}

beforeEach(async () => {
  await prisma.shop.deleteMany();
  await prisma.session.deleteMany();
  for (const shop of [SHOP, OTHER]) {
    await installShop(shop);
    await session(shop);
    await enrollCustomer(shop, buildCustomerFacts());
    await awardPointsForOrder(shop, buildOrderFacts());
    await reversePointsForRefund(
      shop,
      buildRefundFacts({
        lines: [buildRefundLine({ quantity: 1, lineId: "line-1" })],
        otherAmount: 0,
      }),
    );
    await awardPointsForOrder(shop, buildOrderFacts({ orderId: "1002" }));
    // A guest order placed with the same email.
    await awardPointsForOrder(
      shop,
      buildOrderFacts({ orderId: "1003", customerId: null }),
    );
  }
});

// Every scenario ends with the ledger invariants holding.
afterEach(async () => {
  await expectLedgerConsistent(prisma);
});

describe("assembleCustomerData", () => {
  it("assembles the member, their ledger and their orders, and stores the report", async () => {
    const result = await assembleCustomerData(SHOP, "cust-1");

    expect(result.outcome).toBe("assembled");
    expect(result.report).toMatchObject({
      shop: SHOP,
      customerId: "cust-1",
      member: {
        email: "ada@example.com",
        firstName: "Ada",
        lastName: "Lovelace",
        balance: 100,
      },
      ledger: [
        { kind: "order_award", points: 100, balanceAfter: 100 },
        { kind: "refund_reversal", points: -100, balanceAfter: 0 },
        { kind: "order_award", points: 100, balanceAfter: 100 },
      ],
    });
    expect(
      result.report?.orders.map((o) => [o.orderId, o.status, o.eligibleAmount]),
    ).toEqual([
      ["1001", "awarded", "100.00"],
      ["1002", "awarded", "100.00"],
      ["1003", "skipped_guest", "100.00"],
    ]);
    const stored = await prisma.complianceRequest.findFirstOrThrow({
      where: { shopDomain: SHOP, topic: "customers/data_request" },
    });
    expect(JSON.parse(stored.report!)).toEqual(result.report);
  });

  it("reports an unknown shop without storing anything", async () => {
    expect(
      await assembleCustomerData("nobody.myshopify.com", "cust-1"),
    ).toEqual({ outcome: "unknown_shop", report: null });
    expect(
      await prisma.complianceRequest.count({
        where: { shopDomain: "nobody.myshopify.com" },
      }),
    ).toBe(0);
  });
});

describe("redactCustomer", () => {
  it("erases personal data and keeps the anonymous ledger adding up", async () => {
    await assembleCustomerData(SHOP, "cust-1");
    const result = await redactCustomer(SHOP, "cust-1");

    expect(result).toEqual({
      outcome: "redacted",
      membersRedacted: 1,
      ordersRedacted: 3,
      webhookBodiesErased: 0,
    });
    const member = await prisma.member.findFirstOrThrow({
      where: { shopDomain: SHOP },
    });
    expect(member).toMatchObject({
      email: null,
      firstName: null,
      lastName: null,
      balance: 100,
    });
    expect(member.redactedAt).not.toBeNull();
    expect(
      await prisma.orderRecord.findMany({
        where: { shopDomain: SHOP, email: { not: null } },
      }),
    ).toEqual([]);
    expect(
      await prisma.ledgerEntry.count({ where: { shopDomain: SHOP } }),
    ).toBe(3);
    // The earlier data-request report held the same personal data.
    const requests = await prisma.complianceRequest.findMany({
      where: { shopDomain: SHOP },
      orderBy: { createdAt: "asc" },
    });
    expect(requests.map((r) => [r.topic, r.report])).toEqual([
      ["customers/data_request", null],
      ["customers/redact", null],
    ]);
    // Another shop's customer with the same id is someone else.
    expect(
      await prisma.member.findFirstOrThrow({ where: { shopDomain: OTHER } }),
    ).toMatchObject({ email: "ada@example.com" });
    await expectLedgerConsistent(prisma);
  });
});

describe("redactShop", () => {
  it("deletes every row the app holds for the shop, sessions included, and nothing of other shops", async () => {
    expect(await redactShop(SHOP)).toEqual({ outcome: "redacted" });

    for (const count of [
      prisma.shop.count({ where: { domain: SHOP } }),
      prisma.program.count({ where: { shopDomain: SHOP } }),
      prisma.member.count({ where: { shopDomain: SHOP } }),
      prisma.ledgerEntry.count({ where: { shopDomain: SHOP } }),
      prisma.orderRecord.count({ where: { shopDomain: SHOP } }),
      prisma.refundRecord.count({ where: { shopDomain: SHOP } }),
      prisma.outboxJob.count({ where: { shopDomain: SHOP } }),
      prisma.session.count({ where: { shop: SHOP } }),
    ]) {
      expect(await count).toBe(0);
    }
    expect(
      await prisma.ledgerEntry.count({ where: { shopDomain: OTHER } }),
    ).toBe(3);
    expect(await prisma.session.count({ where: { shop: OTHER } })).toBe(1);
    expect(await redactShop(SHOP)).toEqual({ outcome: "unknown_shop" });
    await expectLedgerConsistent(prisma);
  });
});

describe("uninstallShop", () => {
  it("removes the sessions, keeps the data, and later webhooks change nothing", async () => {
    expect(await uninstallShop(SHOP)).toEqual({ outcome: "uninstalled" });

    expect(await prisma.session.count({ where: { shop: SHOP } })).toBe(0);
    expect(
      await prisma.shop.findUniqueOrThrow({ where: { domain: SHOP } }),
    ).toMatchObject({ uninstalledAt: expect.any(Date) });
    expect(
      await prisma.ledgerEntry.count({ where: { shopDomain: SHOP } }),
    ).toBe(3);
    expect(
      await awardPointsForOrder(SHOP, buildOrderFacts({ orderId: "2001" })),
    ).toMatchObject({ outcome: "unknown_shop" });
    expect(await uninstallShop(SHOP)).toEqual({
      outcome: "already_uninstalled",
    });
    expect(await uninstallShop("nobody.myshopify.com")).toEqual({
      outcome: "unknown_shop",
    });
    await expectLedgerConsistent(prisma);
  });
});
