import { afterEach, beforeEach, describe, expect, it } from "vitest";

import prisma from "~/db.server";
import {
  adjustMemberPoints,
  parsePointsAdjustmentForm,
  type PointsAdjustment,
} from "~/services/adjustments.server";
import { installShop } from "~/services/install.server";
import { enrollCustomer } from "~/services/members.server";
import { awardPointsForOrder } from "~/services/orders.server";
import { buildCustomerFacts, buildOrderFacts } from "test/factories";
import { expectLedgerConsistent } from "test/ledger-invariants";

const SHOP = "adjust-test.myshopify.com";
const OTHER_SHOP = "other-adjust.myshopify.com";
let memberId = "";

beforeEach(async () => {
  await prisma.shop.deleteMany();
  await installShop(SHOP);
  memberId = (await enrollCustomer(SHOP, buildCustomerFacts())).memberId!;
  // 100 points from the default order.
  await awardPointsForOrder(SHOP, buildOrderFacts());
});

afterEach(async () => {
  await expectLedgerConsistent(prisma);
});

const adjustment = (
  overrides: Partial<PointsAdjustment> = {},
): PointsAdjustment => ({
  direction: "add",
  points: 25,
  description: "Sorry for the late parcel",
  idempotencyKey: "form-key-0001",
  ...overrides,
});

const balance = async () =>
  (await prisma.member.findUniqueOrThrow({ where: { id: memberId } })).balance;

describe("adjustMemberPoints", () => {
  it("adds points with the description the customer sees", async () => {
    const result = await adjustMemberPoints(SHOP, memberId, adjustment());
    expect(result).toMatchObject({
      outcome: "adjusted",
      entry: { kind: "manual_adjustment", points: 25, balanceAfter: 125 },
    });
    expect(await balance()).toBe(125);
    const entry = await prisma.ledgerEntry.findFirstOrThrow({
      where: { kind: "manual_adjustment" },
    });
    expect(entry).toMatchObject({
      description: "Sorry for the late parcel",
      sourceType: "adjustment",
    });
  });

  it("deducts points down to exactly zero", async () => {
    const result = await adjustMemberPoints(
      SHOP,
      memberId,
      adjustment({ direction: "deduct", points: 100 }),
    );
    expect(result).toMatchObject({
      outcome: "adjusted",
      entry: { points: -100, balanceAfter: 0 },
    });
    expect(await balance()).toBe(0);
  });

  it("refuses a deduction larger than the balance and changes nothing", async () => {
    const result = await adjustMemberPoints(
      SHOP,
      memberId,
      adjustment({ direction: "deduct", points: 101 }),
    );
    expect(result).toEqual({ outcome: "insufficient_balance", balance: 100 });
    expect(await balance()).toBe(100);
    expect(
      await prisma.ledgerEntry.count({ where: { kind: "manual_adjustment" } }),
    ).toBe(0);
  });

  it("posts one entry per form submission, however often it is sent", async () => {
    const first = await adjustMemberPoints(SHOP, memberId, adjustment());
    const again = await adjustMemberPoints(SHOP, memberId, adjustment());
    expect(again.outcome).toBe("duplicate");
    expect(
      again.outcome === "duplicate" &&
        first.outcome === "adjusted" &&
        again.entry.id,
    ).toBe(first.outcome === "adjusted" && first.entry.id);
    expect(await balance()).toBe(125);
    // A new submission (new key) is a new adjustment.
    await adjustMemberPoints(
      SHOP,
      memberId,
      adjustment({ idempotencyKey: "form-key-0002" }),
    );
    expect(await balance()).toBe(150);
  });

  it("posts the same form submission in parallel only once", async () => {
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        adjustMemberPoints(SHOP, memberId, adjustment()),
      ),
    );
    expect(
      results.filter((result) => result.outcome === "adjusted"),
    ).toHaveLength(1);
    expect(await balance()).toBe(125);
  });

  it("does not touch another shop's member", async () => {
    await installShop(OTHER_SHOP);
    expect(
      await adjustMemberPoints(OTHER_SHOP, memberId, adjustment()),
    ).toEqual({ outcome: "unknown_member" });
    expect(await balance()).toBe(100);
  });
});

describe("parsePointsAdjustmentForm", () => {
  const form = {
    direction: "deduct",
    points: " 40 ",
    description: " Duplicate order ",
    idempotencyKey: "abcDEF12-3456",
  };

  it("reads whole points and trims the description", () => {
    expect(parsePointsAdjustmentForm(form)).toEqual({
      ok: true,
      adjustment: {
        direction: "deduct",
        points: 40,
        description: "Duplicate order",
        idempotencyKey: "abcDEF12-3456",
        notifyCustomer: false,
      },
    });
  });

  it.each(["0", "-5", "2.5", "1e3", "abc", "", "99999999999"])(
    "refuses %j points",
    (points) => {
      expect(parsePointsAdjustmentForm({ ...form, points })).toEqual({
        ok: false,
        errors: { points: "adjustment.points.invalid" },
      });
    },
  );

  it("requires a description and a well-formed key", () => {
    expect(
      parsePointsAdjustmentForm({
        ...form,
        description: "  ",
        idempotencyKey: "x",
      }),
    ).toEqual({
      ok: false,
      errors: {
        description: "adjustment.description.required",
        idempotencyKey: "adjustment.key.invalid",
      },
    });
    expect(
      parsePointsAdjustmentForm({ ...form, direction: "steal" }),
    ).toMatchObject({
      ok: false,
      errors: { direction: "adjustment.direction.invalid" },
    });
  });
});
