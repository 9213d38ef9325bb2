import { beforeAll, describe, expect, it } from "vitest";

import prisma from "~/db.server";
import {
  getDashboard,
  getMemberHistory,
  getShopDisplaySettings,
  listMembers,
} from "~/models/dashboard.server";
import { optOutMemberEmails } from "~/models/member-email.server";
import { seedMember, seedShop } from "~/../test/browser/seed-admin";

const SHOP = "dashboard-shop.myshopify.com";
const OTHER_SHOP = "other-shop.myshopify.com";
const NOW = new Date("2026-11-20T12:00:00.000Z");
const daysAgo = (days: number) =>
  new Date(NOW.getTime() - days * 24 * 60 * 60 * 1000);

let janeId = "";

beforeAll(async () => {
  await seedShop(prisma, SHOP, {
    currencyCode: "EUR",
    ianaTimezone: "Europe/Paris",
  });
  janeId = await seedMember(prisma, SHOP, {
    customerId: "1001",
    firstName: "Jane",
    lastName: "Doe",
    email: "jane@example.com",
    joinedAt: daysAgo(60),
    entries: [
      { kind: "order_award", points: 500, at: daysAgo(45) }, // outside the 30 days
      { kind: "order_award", points: 120, at: daysAgo(10) },
      { kind: "refund_reversal", points: -20, at: daysAgo(9) },
      { kind: "redemption", points: -100, at: daysAgo(5) },
    ],
  });
  await seedMember(prisma, SHOP, {
    customerId: "gid://shopify/Customer/1002",
    email: "no-name@example.com",
    joinedAt: daysAgo(20),
    entries: [
      { kind: "order_award", points: 80, at: daysAgo(3) },
      { kind: "redemption", points: -50, at: daysAgo(2) },
      { kind: "redemption_refund", points: 50, at: daysAgo(1) },
    ],
  });
  await seedMember(prisma, SHOP, {
    customerId: "1003",
    firstName: "Erased",
    lastName: "Person",
    email: "erased@example.com",
    joinedAt: daysAgo(15),
    redactedAt: daysAgo(1),
    entries: [{ kind: "order_award", points: 30, at: daysAgo(14) }],
  });
  await seedMember(prisma, SHOP, {
    customerId: "1004",
    firstName: "Zoé",
    lastName: "Martin",
    joinedAt: daysAgo(1),
  });
  for (let i = 0; i < 4; i++) {
    await seedMember(prisma, SHOP, {
      customerId: `20${i}`,
      firstName: `Bulk${i}`,
      email: `bulk${i}@example.com`,
      joinedAt: daysAgo(30 + i),
      entries: [
        { kind: "order_award", points: 10 * (i + 1), at: daysAgo(8 + i) },
        { kind: "manual_adjustment", points: 1, at: daysAgo(7) },
      ],
    });
  }
  // Another shop's members and points never show up.
  await seedShop(prisma, OTHER_SHOP, { program: { active: false } });
  await seedMember(prisma, OTHER_SHOP, {
    customerId: "1001",
    firstName: "Jane",
    lastName: "Elsewhere",
    joinedAt: daysAgo(5),
    entries: [{ kind: "order_award", points: 9999, at: daysAgo(1) }],
  });
});

describe("getDashboard", () => {
  it("counts the shop's members and the points they can still spend", async () => {
    const dashboard = await getDashboard(SHOP, NOW);
    expect(dashboard.memberCount).toBe(8);
    // Jane 500, no-name 80, erased 30, Zoé 0, bulk 11 + 21 + 31 + 41.
    expect(dashboard.pointsOutstanding).toBe(
      500 + 80 + 30 + 0 + 11 + 21 + 31 + 41,
    );
  });

  it("sums the credits of the last 30 days, not debits nor older credits", async () => {
    const dashboard = await getDashboard(SHOP, NOW);
    expect(dashboard.pointsIssuedLast30Days).toBe(
      120 + 80 + 50 + 30 + (10 + 20 + 30 + 40) + 4,
    );
  });

  it("lists the ten latest movements, newest first, naming members the way the merchant knows them", async () => {
    const { recentActivity } = await getDashboard(SHOP, NOW);
    expect(recentActivity).toHaveLength(10);
    expect(recentActivity.map((entry) => entry.createdAt.getTime())).toEqual(
      [...recentActivity.map((entry) => entry.createdAt.getTime())].sort(
        (a, b) => b - a,
      ),
    );
    expect(recentActivity[0]).toMatchObject({
      kind: "redemption_refund",
      points: 50,
      balanceAfter: 80,
      member: {
        name: null,
        email: "no-name@example.com",
        customerId: "1002",
        redacted: false,
      },
    });
    const jane = recentActivity.find(
      (entry) => entry.kind === "redemption" && entry.points === -100,
    );
    expect(jane?.member).toMatchObject({
      name: "Jane Doe",
      email: "jane@example.com",
      customerId: "1001",
    });
  });

  it("never shows an erased customer's personal data", async () => {
    const { topMembers } = await getDashboard(SHOP, NOW);
    const list = await listMembers(SHOP, {
      sort: "joined-desc",
      page: 1,
      pageSize: 50,
    });
    const erased = list.members.find((member) => member.customerId === "1003");
    expect(erased).toMatchObject({
      name: null,
      email: null,
      redacted: true,
      balance: 30,
    });
    expect(JSON.stringify(topMembers)).not.toContain("Erased");
    expect(JSON.stringify(list)).not.toContain("erased@example.com");
  });

  it("previews the five highest balances", async () => {
    const { topMembers } = await getDashboard(SHOP, NOW);
    expect(topMembers.map((member) => member.balance)).toEqual([
      500, 80, 41, 31, 30,
    ]);
    expect(topMembers[0]).toMatchObject({ id: janeId, name: "Jane Doe" });
  });

  it("reports the program status and earn rate in the shop currency", async () => {
    expect((await getDashboard(SHOP, NOW)).program).toEqual({
      status: "active",
      earnPoints: 1,
      earnPerAmount: 1,
      currencyCode: "EUR",
    });
    expect((await getDashboard(OTHER_SHOP, NOW)).program.status).toBe("paused");
    expect(
      (await getDashboard("not-installed.myshopify.com", NOW)).program.status,
    ).toBe("not_set_up");
  });

  it("is empty for a shop with no members", async () => {
    const dashboard = await getDashboard("not-installed.myshopify.com", NOW);
    expect(dashboard).toMatchObject({
      memberCount: 0,
      pointsOutstanding: 0,
      pointsIssuedLast30Days: 0,
      recentActivity: [],
      topMembers: [],
    });
  });
});

describe("getShopDisplaySettings", () => {
  it("uses the shop's time zone and currency, with defaults before the shop is known", async () => {
    expect(await getShopDisplaySettings(SHOP)).toEqual({
      timeZone: "Europe/Paris",
      currencyCode: "EUR",
    });
    expect(await getShopDisplaySettings("unknown.myshopify.com")).toEqual({
      timeZone: "UTC",
      currencyCode: "USD",
    });
  });
});

describe("listMembers", () => {
  const firstPage = { sort: "balance-desc" as const, page: 1, pageSize: 50 };

  it("finds members by any part of their name or email, ignoring case", async () => {
    const names = async (search: string) =>
      (await listMembers(SHOP, { ...firstPage, search })).members.map(
        (member) => member.name ?? member.email,
      );
    expect(await names("jane")).toEqual(["Jane Doe"]);
    expect(await names("JANE doe")).toEqual(["Jane Doe"]);
    expect(await names("no-name@")).toEqual(["no-name@example.com"]);
    expect(await names("Zoé")).toEqual(["Zoé Martin"]);
    expect(await names("nobody")).toEqual([]);
  });

  it("finds a member by Shopify customer id, stored plain or as a GID", async () => {
    expect(
      (await listMembers(SHOP, { ...firstPage, search: "1001" })).members.map(
        (m) => m.name,
      ),
    ).toEqual(["Jane Doe"]);
    expect(
      (await listMembers(SHOP, { ...firstPage, search: "1002" })).members.map(
        (m) => m.email,
      ),
    ).toEqual(["no-name@example.com"]);
  });

  it("sorts by balance or by join date", async () => {
    const balances = (
      await listMembers(SHOP, { ...firstPage, sort: "balance-asc" })
    ).members.map((m) => m.balance);
    expect(balances).toEqual([0, 11, 21, 30, 31, 41, 80, 500]);
    const joined = (
      await listMembers(SHOP, { ...firstPage, sort: "joined-desc" })
    ).members.map((m) => m.customerId);
    expect(joined).toEqual([
      "1004",
      "1003",
      "1002",
      "200",
      "201",
      "202",
      "203",
      "1001",
    ]);
    const oldest = (
      await listMembers(SHOP, { ...firstPage, sort: "joined-asc" })
    ).members[0];
    expect(oldest.customerId).toBe("1001");
  });

  it("pages through the list, and shows the last page for a page past the end", async () => {
    const page2 = await listMembers(SHOP, {
      sort: "balance-desc",
      page: 2,
      pageSize: 3,
    });
    expect(page2).toMatchObject({ total: 8, page: 2, pageCount: 3 });
    expect(page2.members.map((m) => m.balance)).toEqual([31, 30, 21]);
    const beyond = await listMembers(SHOP, {
      sort: "balance-desc",
      page: 99,
      pageSize: 3,
    });
    expect(beyond.page).toBe(3);
    expect(beyond.members.map((m) => m.balance)).toEqual([11, 0]);
  });

  it("lists only this shop's members", async () => {
    const other = await listMembers(OTHER_SHOP, firstPage);
    expect(other.members.map((m) => m.name)).toEqual(["Jane Elsewhere"]);
  });
});

describe("getMemberHistory", () => {
  it("returns the member's entries newest first, one page at a time", async () => {
    const history = await getMemberHistory(SHOP, janeId, {
      page: 1,
      pageSize: 3,
    });
    expect(history?.member).toMatchObject({ name: "Jane Doe", balance: 500 });
    expect(history?.pageCount).toBe(2);
    expect(
      history?.entries.map((entry) => [
        entry.kind,
        entry.points,
        entry.balanceAfter,
      ]),
    ).toEqual([
      ["redemption", -100, 500],
      ["refund_reversal", -20, 600],
      ["order_award", 120, 620],
    ]);
    const older = await getMemberHistory(SHOP, janeId, {
      page: 2,
      pageSize: 3,
    });
    expect(older?.entries.map((entry) => entry.points)).toEqual([500]);
  });

  it("does not show another shop's member", async () => {
    expect(
      await getMemberHistory(OTHER_SHOP, janeId, { page: 1, pageSize: 10 }),
    ).toBeNull();
    expect(
      await getMemberHistory(SHOP, "no-such-member", { page: 1, pageSize: 10 }),
    ).toBeNull();
  });

  it("says when the member unsubscribed from loyalty emails", async () => {
    const before = await getMemberHistory(SHOP, janeId, {
      page: 1,
      pageSize: 1,
    });
    expect(before?.member.emailOptOutAt).toBeNull();
    await optOutMemberEmails(prisma, janeId, daysAgo(2));
    const after = await getMemberHistory(SHOP, janeId, {
      page: 1,
      pageSize: 1,
    });
    expect(after?.member.emailOptOutAt).toEqual(daysAgo(2));
    await prisma.member.update({
      where: { id: janeId },
      data: { emailOptOutAt: null },
    });
  });
});
