import { afterEach, beforeEach, describe, expect, it } from "vitest";

import prisma from "~/db.server";
import {
  applyBalanceImport,
  previewBalanceImport,
} from "~/services/balance-import.server";
import { adjustMemberPoints } from "~/services/adjustments.server";
import { redactCustomer } from "~/services/compliance.server";
import { installShop } from "~/services/install.server";
import { enrollCustomer } from "~/services/members.server";
import { buildCustomerFacts } from "test/factories";
import {
  createFakeAdminApi,
  graphqlData,
  storeOfflineSession,
} from "test/fake-admin-api";
import { expectLedgerConsistent } from "test/ledger-invariants";

const SHOP = "import-test.myshopify.com";
const ACTOR = { id: "42", name: "Camille Martin" };

/** Shopify knows customer 900 (not a member yet); nobody else. */
const shopify = () =>
  createFakeAdminApi((call) => {
    const query = String(call.variables.query);
    const nodes =
      query.includes("id:900") || query.includes('email:"new@example.com"')
        ? [
            {
              id: "gid://shopify/Customer/900",
              email: "New@example.com",
              firstName: "Nora",
              lastName: "Neuf",
            },
          ]
        : [];
    return graphqlData({ customers: { nodes } });
  });

let adaId = "";

beforeEach(async () => {
  await prisma.shop.deleteMany();
  await installShop(SHOP);
  await storeOfflineSession(SHOP);
  adaId = (
    await enrollCustomer(
      SHOP,
      buildCustomerFacts({ customerId: "100", email: "ada@example.com" }),
    )
  ).memberId!;
  await enrollCustomer(
    SHOP,
    buildCustomerFacts({ customerId: "101", email: "bob@example.com" }),
  );
  await adjustMemberPoints(SHOP, adaId, {
    direction: "add",
    points: 40,
    description: "Welcome",
    idempotencyKey: "import-test-0001",
  });
});

afterEach(async () => {
  await expectLedgerConsistent(prisma);
});

const OURS = [
  "customer_id,email,points,birthday,tier",
  "100,,250,1990-05-17,",
  ",BOB@example.com,0,,",
  ",new@example.com,75,,Gold",
  "555,,10,,",
  ",carl@example.com,ten,,",
].join("\n");

const balanceOf = async (customerId: string) =>
  (
    await prisma.member.findFirst({
      where: { shopDomain: SHOP, customerId },
    })
  )?.balance ?? null;

describe("previewBalanceImport", () => {
  it("says per row what will happen, with a bad row's line number, and changes nothing", async () => {
    const { fetch, calls } = shopify();
    const preview = await previewBalanceImport(
      SHOP,
      { filename: "balances.csv", content: OURS },
      { admin: { fetch } },
    );
    expect(preview).toMatchObject({ outcome: "preview", format: "ours" });
    if (preview.outcome !== "preview") throw new Error("no preview");
    expect(preview.rows).toEqual([
      expect.objectContaining({
        line: 2,
        outcome: "balance_change",
        before: 40,
        after: 250,
        points: 210,
      }),
      expect.objectContaining({ line: 3, outcome: "unchanged", points: 0 }),
      expect.objectContaining({
        line: 4,
        outcome: "new_member",
        customer: "new@example.com",
        points: 75,
        unknownTier: "Gold",
      }),
      { line: 5, outcome: "unknown_customer", customer: "555" },
      {
        line: 6,
        outcome: "invalid",
        reason: "bad_points",
        value: "ten",
        firstLine: null,
      },
    ]);
    expect(preview.totals).toMatchObject({
      newMembers: 1,
      balanceChanges: 1,
      unchanged: 1,
      unknownCustomers: 1,
      invalid: 1,
      points: 285,
    });
    // One search at Shopify for the two rows the app does not know.
    expect(calls.map((call) => call.operationName)).toEqual([
      "CustomersForImport",
    ]);
    expect(await balanceOf("100")).toBe(40);
    expect(await balanceOf("900")).toBeNull();
  });

  it("refuses a file without a points column, with no change", async () => {
    const preview = await previewBalanceImport(
      SHOP,
      { filename: "x.csv", content: "email,amount\na@b.co,1\n" },
      { admin: { fetch: shopify().fetch } },
    );
    expect(preview).toEqual({
      outcome: "unreadable",
      reason: "no_points_column",
      line: null,
    });
  });
});

describe("applyBalanceImport", () => {
  it("sets balances to the file's figures once; the same file again changes nothing", async () => {
    const { fetch } = shopify();
    const first = await previewBalanceImport(
      SHOP,
      { filename: "balances.csv", content: OURS },
      { admin: { fetch } },
    );
    if (first.outcome !== "preview") throw new Error("no preview");
    const applied = await applyBalanceImport(SHOP, first.importId, ACTOR, {
      admin: { fetch },
    });
    expect(applied).toMatchObject({
      outcome: "applied",
      totals: { newMembers: 1, balanceChanges: 1, unchanged: 1, points: 285 },
    });
    expect(await balanceOf("100")).toBe(250);
    expect(await balanceOf("101")).toBe(0);
    expect(await balanceOf("900")).toBe(75);
    const entries = await prisma.ledgerEntry.findMany({
      where: { kind: "import" },
      orderBy: { points: "asc" },
    });
    expect(entries.map((e) => [e.points, e.sourceType])).toEqual([
      [75, "import"],
      [210, "import"],
    ]);
    const ada = await prisma.member.findUniqueOrThrow({ where: { id: adaId } });
    expect([ada.birthdayMonth, ada.birthdayDay]).toEqual([5, 17]);
    const audit = await prisma.auditEvent.findFirstOrThrow({
      where: { action: "import.applied" },
    });
    expect(audit).toMatchObject({ actorId: "42", actorName: "Camille Martin" });
    expect(JSON.parse(audit.details)).toMatchObject({
      newMembers: 1,
      balanceChanges: 1,
      points: 285,
    });

    // Points move after the import; the same file is uploaded and applied again.
    await adjustMemberPoints(SHOP, adaId, {
      direction: "deduct",
      points: 50,
      description: "Spent",
      idempotencyKey: "import-test-0002",
    });
    expect(
      await applyBalanceImport(SHOP, first.importId, ACTOR, {
        admin: { fetch },
      }),
    ).toEqual({ outcome: "already_applied" });
    const again = await previewBalanceImport(
      SHOP,
      { filename: "balances (1).csv", content: OURS },
      { admin: { fetch } },
    );
    if (again.outcome !== "preview") throw new Error("no preview");
    expect(again.totals).toMatchObject({
      alreadyImported: 3,
      newMembers: 0,
      balanceChanges: 0,
      points: 0,
    });
    const reapplied = await applyBalanceImport(SHOP, again.importId, ACTOR, {
      admin: { fetch },
    });
    expect(reapplied).toMatchObject({
      outcome: "applied",
      totals: { alreadyImported: 3, points: 0 },
    });
    expect(await balanceOf("100")).toBe(200);
    expect(await balanceOf("101")).toBe(0);
    expect(await balanceOf("900")).toBe(75);
    expect(await prisma.ledgerEntry.count({ where: { kind: "import" } })).toBe(
      2,
    );
  });

  it("reads Smile.io and LoyaltyLion exports as they are", async () => {
    const { fetch } = shopify();
    const smile = await previewBalanceImport(
      SHOP,
      {
        filename: "smile.csv",
        content:
          "First name,Last name,Email,Points balance,VIP tier,Date of birth\nAda,L,ada@example.com,120,,\n",
      },
      { admin: { fetch } },
    );
    expect(smile).toMatchObject({
      outcome: "preview",
      format: "smile",
      rows: [{ line: 2, outcome: "balance_change", after: 120, points: 80 }],
    });
    const lion = await previewBalanceImport(
      SHOP,
      {
        filename: "loyaltylion.csv",
        content:
          "Merchant ID;Email;Points approved;Points pending;Tier;Birthday\n101;bob@example.com;30;15;;\n",
      },
      { admin: { fetch } },
    );
    expect(lion).toMatchObject({
      outcome: "preview",
      format: "loyaltylion",
      rows: [{ line: 2, outcome: "balance_change", after: 30, points: 30 }],
    });
    if (lion.outcome !== "preview") throw new Error("no preview");
    await applyBalanceImport(SHOP, lion.importId, ACTOR, {
      admin: { fetch },
    });
    // Pending points are not a balance: only the approved ones came over.
    expect(await balanceOf("101")).toBe(30);
  });

  it("forgets a file waiting for its apply when a customer is redacted (it may name them)", async () => {
    const preview = await previewBalanceImport(
      SHOP,
      { filename: "balances.csv", content: OURS },
      { admin: { fetch: shopify().fetch } },
    );
    expect(preview.outcome).toBe("preview");
    expect(await prisma.balanceImport.count()).toBe(1);
    await redactCustomer(SHOP, "101");
    expect(await prisma.balanceImport.count()).toBe(0);
  });
});

describe("an imported tier", () => {
  it("is mirrored to the customer's metafield and tag, even when the balance does not move", async () => {
    await prisma.tier.create({
      data: { shopDomain: SHOP, nameEn: "Gold", nameFr: "Or", threshold: 500 },
    });
    await prisma.outboxJob.deleteMany();
    const { fetch } = shopify();
    const first = await previewBalanceImport(
      SHOP,
      // Ada already has 40 points: the row changes her tier only. The tier is named in French.
      {
        filename: "tiers.csv",
        content: "customer_id,points,tier\n100,40,Or\n",
      },
      { admin: { fetch } },
    );
    if (first.outcome !== "preview") throw new Error(first.outcome);
    expect(first.rows).toEqual([
      expect.objectContaining({
        line: 2,
        outcome: "unchanged",
        unknownTier: null,
      }),
    ]);
    await applyBalanceImport(SHOP, first.importId, ACTOR, { admin: { fetch } });
    const jobs = await prisma.outboxJob.findMany({
      where: { shopDomain: SHOP },
      select: { kind: true, payload: true },
    });
    expect(new Set(jobs.map((job) => job.kind))).toEqual(
      new Set(["mirror_member", "sync_member_tier_tag"]),
    );
    expect(jobs.every((job) => job.payload.includes(adaId))).toBe(true);
  });
});
