import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Campaign } from "~/loyalty/campaigns";
import {
  awardSourceFor,
  awardTimingFor,
  contentSubmissionSchema,
  CustomActionRequestSchema,
  EarningRuleInputSchema,
  findRuleConflicts,
  isHonourBased,
  ModerationDecisionSchema,
  needsModeration,
  orderSubtotal,
  pointsForAction,
  pointsForOrder,
  roundMulDiv,
  RuleAwardSnapshotSchema,
  ruleReversalTarget,
  shopifyIdKey,
  type EarningRule,
  type FixedPointsRule,
  type PlaceOrderRule,
  type ProductCatalog,
} from "~/loyalty/earning-rules";
import { refundedEligibleAmount, reversalTarget } from "~/loyalty/reversal";
import {
  type OrderFacts,
  type OrderLine,
  type RefundFacts,
} from "~/loyalty/types";

const now = new Date("2026-11-23T10:00:00Z");

function line(overrides: Partial<OrderLine> = {}): OrderLine {
  return {
    lineId: "L1",
    productId: "gid://shopify/Product/1",
    variantId: "V1",
    title: "Mug",
    quantity: 1,
    unitPrice: 10_000,
    discount: 0,
    tax: 0,
    giftCard: false,
    ...overrides,
  };
}

function order(overrides: Partial<OrderFacts> = {}): OrderFacts {
  return {
    orderId: "gid://shopify/Order/1001",
    orderName: "#1001",
    customerId: "gid://shopify/Customer/7",
    email: "ada@example.com",
    test: false,
    currencyCode: "EUR",
    taxesIncluded: false,
    lines: [line()],
    shipping: 0,
    paidAt: new Date("2026-11-22T09:00:00Z"),
    cancelledAt: null,
    fulfilledAt: null,
    discountCodes: [],
    ...overrides,
  };
}

function orderRule(overrides: Record<string, unknown> = {}): PlaceOrderRule {
  const input = EarningRuleInputSchema.parse({
    type: "place_order",
    name: "Orders",
    earnPoints: 1,
    earnPerAmount: 1,
    ...overrides,
  });
  if (input.type !== "place_order") throw new Error("not an order rule");
  return { ...input, id: "rule-orders" };
}

function fixedRule(
  input: Record<string, unknown>,
  id = "rule-fixed",
): FixedPointsRule {
  const parsed = EarningRuleInputSchema.parse({ name: "Rule", ...input });
  if (parsed.type === "place_order") throw new Error("not a fixed rule");
  return { ...parsed, id };
}

const catalog: ProductCatalog = {
  "gid://shopify/Product/1": {
    tags: ["Mug"],
    collectionIds: ["gid://shopify/Collection/10"],
  },
  "2": { tags: ["Clearance "], collectionIds: ["gid://shopify/Collection/20"] },
  "gid://shopify/Product/3": {
    tags: [],
    collectionIds: ["gid://shopify/Collection/30"],
  },
};

function campaign(overrides: Partial<Campaign> = {}): Campaign {
  return {
    id: "c1",
    name: "Double weekend",
    multiplier: 2,
    startsAt: new Date("2026-11-21T00:00:00Z"),
    endsAt: new Date("2026-11-23T00:00:00Z"),
    appliesTo: { kind: "all_rules" },
    enabled: true,
    ...overrides,
  };
}

describe("EarningRuleInputSchema", () => {
  it("fills the defaults of an order rule: rounding down, nothing excluded, paid timing", () => {
    const rule = orderRule();
    expect(rule).toMatchObject({
      rounding: "down",
      exclusions: { productIds: [], collectionIds: [], productTags: [] },
      earnOnShipping: false,
      earnOnTaxes: false,
      earnBeforeDiscounts: false,
      earnOnGiftCards: false,
      minimumSubtotal: null,
      bonuses: [],
      timing: { when: "paid" },
      enabled: true,
      limits: [],
    });
  });

  it("refuses rules a merchant could not mean", () => {
    const bad = [
      { type: "place_order", name: "x", earnPoints: 1, earnPerAmount: 0 },
      { type: "place_order", name: "x", earnPoints: 1.5, earnPerAmount: 1 },
      {
        type: "place_order",
        name: "x",
        earnPoints: 1,
        earnPerAmount: 1,
        bonuses: [{ pointsPerItem: 5 }],
      },
      {
        type: "place_order",
        name: "x",
        earnPoints: 1,
        earnPerAmount: 1,
        timing: { when: "after_payment", delay: 0, unit: "days" },
      },
      {
        type: "social",
        name: "x",
        points: 10,
        network: "myspace",
        action: "follow",
        url: "https://myspace.com/shop",
      },
      {
        type: "social",
        name: "x",
        points: 10,
        network: "instagram",
        action: "follow",
        url: "javascript:alert(1)",
      },
      { type: "custom_action", name: "x", points: 10, actionKey: "Has Spaces" },
      { type: "birthday", name: "x", points: 0 },
      { type: "birthday", name: "x".repeat(101), points: 10 },
      { type: "teleport", name: "x", points: 10 },
    ];
    for (const input of bad)
      expect(
        EarningRuleInputSchema.safeParse(input).success,
        JSON.stringify(input),
      ).toBe(false);
  });

  it("accepts every way to earn", () => {
    const good = [
      { type: "create_account", name: "Welcome", points: 100 },
      {
        type: "birthday",
        name: "Birthday",
        points: 200,
        limits: [{ per: "year", maxAwards: 1 }],
      },
      { type: "newsletter_signup", name: "Newsletter", points: 50 },
      {
        type: "social",
        name: "Follow",
        points: 20,
        network: "tiktok",
        action: "follow",
        url: "https://www.tiktok.com/@shop",
      },
      {
        type: "content_mission",
        name: "Photo",
        points: 150,
        instructions: "Post a photo",
        submission: "photo_link",
      },
      { type: "product_review", name: "Review", points: 30 },
      {
        type: "custom_action",
        name: "Workshop",
        points: 300,
        actionKey: "attended-workshop",
      },
      {
        type: "place_order",
        name: "Delayed",
        earnPoints: 5,
        earnPerAmount: 1,
        timing: { when: "after_payment", delay: 14, unit: "days" },
      },
    ];
    for (const input of good)
      expect(
        EarningRuleInputSchema.safeParse(input).success,
        JSON.stringify(input),
      ).toBe(true);
  });

  it("labels social claims honour-based and content missions moderated", () => {
    const social = fixedRule({
      type: "social",
      points: 5,
      network: "x",
      action: "share",
      url: "https://x.com/shop",
    });
    const mission = fixedRule({
      type: "content_mission",
      points: 5,
      instructions: "Tell us",
      submission: "text",
    });
    expect(isHonourBased(social)).toBe(true);
    expect(isHonourBased(mission)).toBe(false);
    expect(needsModeration(mission)).toBe(true);
    expect(needsModeration(social)).toBe(false);
  });

  it("finds enabled rules that would award twice for one event", () => {
    const rules: EarningRule[] = [
      fixedRule({ type: "birthday", points: 5 }, "b1"),
      fixedRule({ type: "birthday", points: 9 }, "b2"),
      fixedRule({ type: "birthday", points: 9, enabled: false }, "b3"),
      fixedRule(
        {
          type: "social",
          points: 5,
          network: "instagram",
          action: "follow",
          url: "https://instagram.com/s",
        },
        "s1",
      ),
      fixedRule(
        {
          type: "social",
          points: 5,
          network: "instagram",
          action: "share",
          url: "https://instagram.com/s",
        },
        "s2",
      ),
      fixedRule({ type: "custom_action", points: 5, actionKey: "a" }, "c1"),
      fixedRule({ type: "custom_action", points: 5, actionKey: "a" }, "c2"),
      fixedRule(
        {
          type: "content_mission",
          points: 5,
          instructions: "i",
          submission: "url",
        },
        "m1",
      ),
      fixedRule(
        {
          type: "content_mission",
          points: 5,
          instructions: "i",
          submission: "url",
        },
        "m2",
      ),
      orderRule(),
      { ...orderRule(), id: "rule-orders-2" },
    ];
    expect(findRuleConflicts(rules)).toEqual([
      { ruleIds: ["b1", "b2"], reason: "duplicate_event" },
      { ruleIds: ["c1", "c2"], reason: "duplicate_action_key" },
    ]);
  });
});

describe("pointsForOrder", () => {
  it("earns on the subtotal after discounts, without shipping, taxes or gift cards, rounded down", () => {
    const facts = order({
      lines: [
        line({ unitPrice: 12_990, quantity: 2, discount: 2_000, tax: 2_400 }),
        line({
          lineId: "GC",
          productId: null,
          unitPrice: 50_000,
          giftCard: true,
        }),
      ],
      shipping: 4_900,
    });
    const result = pointsForOrder(
      { order: facts, products: catalog },
      orderRule(),
      1,
      [],
      now,
    );
    // 2 × 12.99 − 2.00 = 23.98 → 23 points.
    expect(result.points).toBe(23);
    expect(result.skipped).toBeNull();
    expect(result.breakdown).toEqual({
      subtotal: 73_980,
      eligibleAmount: 23_980,
      basePoints: 23,
      bonusPoints: 0,
      tierMultiplier: 1,
      campaign: null,
      multiplierPoints: 0,
      points: 23,
    });
    expect(result.snapshot.lines).toEqual([
      {
        lineId: "L1",
        productId: "gid://shopify/Product/1",
        quantity: 2,
        eligibleAmount: 23_980,
        excludedBy: null,
        bonusPerItem: 0,
      },
      {
        lineId: "GC",
        productId: null,
        quantity: 1,
        eligibleAmount: 0,
        excludedBy: "gift_card",
        bonusPerItem: 0,
      },
    ]);
  });

  it("honours each switch: shipping, taxes, amount before discounts, gift cards", () => {
    const facts = order({
      lines: [
        line({ unitPrice: 10_000, discount: 1_000, tax: 1_800 }),
        line({ lineId: "GC", unitPrice: 20_000, giftCard: true }),
      ],
      shipping: 5_000,
    });
    const earn = (overrides: Record<string, unknown>) =>
      pointsForOrder(
        { order: facts, products: catalog },
        orderRule(overrides),
        1,
        [],
        now,
      ).breakdown.eligibleAmount;
    expect(earn({})).toBe(9_000);
    expect(earn({ earnOnShipping: true })).toBe(14_000);
    expect(earn({ earnOnTaxes: true })).toBe(10_800);
    expect(earn({ earnBeforeDiscounts: true })).toBe(10_000);
    expect(earn({ earnOnGiftCards: true })).toBe(29_000);
  });

  it("takes tax out when prices include it, unless the rule earns on taxes", () => {
    const facts = order({
      taxesIncluded: true,
      lines: [line({ unitPrice: 12_000, tax: 2_000 })],
    });
    expect(
      pointsForOrder(
        { order: facts, products: catalog },
        orderRule(),
        1,
        [],
        now,
      ).points,
    ).toBe(10);
    expect(
      pointsForOrder(
        { order: facts, products: catalog },
        orderRule({ earnOnTaxes: true }),
        1,
        [],
        now,
      ).points,
    ).toBe(12);
  });

  it("excludes lines by product, collection or tag, matching ids in either form and tags in any case", () => {
    const facts = order({
      lines: [
        line({
          lineId: "A",
          productId: "gid://shopify/Product/1",
          unitPrice: 10_000,
        }),
        line({
          lineId: "B",
          productId: "gid://shopify/Product/2",
          unitPrice: 20_000,
        }),
        line({ lineId: "C", productId: "3", unitPrice: 40_000 }),
        line({ lineId: "D", productId: null, unitPrice: 80_000 }),
      ],
    });
    const result = (exclusions: Record<string, string[]>) =>
      pointsForOrder(
        { order: facts, products: catalog },
        orderRule({ exclusions }),
        1,
        [],
        now,
      );
    expect(result({}).points).toBe(150);
    expect(result({ productIds: ["1"] }).snapshot.lines[0].excludedBy).toBe(
      "product",
    );
    expect(result({ productIds: ["1"] }).points).toBe(140);
    expect(
      result({ collectionIds: ["30"] }).snapshot.lines.map((l) => l.excludedBy),
    ).toEqual([null, null, "collection", null]);
    expect(
      result({ productTags: ["  clearance"] }).snapshot.lines.map(
        (l) => l.excludedBy,
      ),
    ).toEqual([null, "product_tag", null, null]);
    expect(
      result({
        productTags: ["clearance"],
        collectionIds: ["gid://shopify/Collection/10"],
      }).points,
    ).toBe(120);
  });

  it("earns nothing below the minimum subtotal, bonuses included", () => {
    const rule = orderRule({
      minimumSubtotal: 25_000,
      bonuses: [{ productIds: ["1"], pointsPerItem: 50 }],
    });
    const small = pointsForOrder(
      {
        order: order({ lines: [line({ unitPrice: 24_999 })] }),
        products: catalog,
      },
      rule,
      1,
      [],
      now,
    );
    expect(small).toMatchObject({ points: 0, skipped: "below_minimum" });
    const enough = pointsForOrder(
      {
        order: order({ lines: [line({ unitPrice: 25_000 })] }),
        products: catalog,
      },
      rule,
      1,
      [],
      now,
    );
    expect(enough).toMatchObject({ points: 75, skipped: null });
  });

  it("adds fixed bonus points per item, the best matching bonus per line, even on excluded lines", () => {
    const rule = orderRule({
      earnPoints: 0,
      exclusions: { collectionIds: ["20"] },
      bonuses: [
        { collectionIds: ["gid://shopify/Collection/20"], pointsPerItem: 100 },
        { productIds: ["2"], pointsPerItem: 250 },
        { productIds: ["1"], pointsPerItem: 10 },
      ],
    });
    const facts = order({
      lines: [
        line({
          lineId: "Massage",
          productId: "2",
          quantity: 2,
          unitPrice: 60_000,
        }),
        line({ lineId: "Mug", productId: "1", quantity: 3 }),
        line({ lineId: "Card", productId: "1", giftCard: true }),
      ],
    });
    const result = pointsForOrder(
      { order: facts, products: catalog },
      rule,
      1,
      [],
      now,
    );
    expect(result.breakdown.bonusPoints).toBe(2 * 250 + 3 * 10);
    expect(
      result.snapshot.lines.map((l) => [
        l.lineId,
        l.bonusPerItem,
        l.excludedBy,
      ]),
    ).toEqual([
      ["Massage", 250, "collection"],
      ["Mug", 10, null],
      ["Card", 0, "gift_card"],
    ]);
  });

  it("rounds the whole order once, as the rule says", () => {
    const facts = order({
      lines: [
        line({ unitPrice: 12_500 }),
        line({ lineId: "L2", unitPrice: 12_500 }),
      ],
    });
    const at = (rounding: string, earnPerAmount = 10) =>
      pointsForOrder(
        { order: facts, products: catalog },
        orderRule({ rounding, earnPerAmount }),
        1,
        [],
        now,
      ).points;
    // 25.00 at 1 point per 10: 2.5 points.
    expect(at("down")).toBe(2);
    expect(at("nearest")).toBe(3);
    expect(at("up")).toBe(3);
    // 25.00 at 1 per 1: exactly 25 whatever the rounding.
    expect(at("up", 1)).toBe(25);
    expect(roundMulDiv(24, 1, 10, "nearest")).toBe(2);
    expect(roundMulDiv(26, 1, 10, "nearest")).toBe(3);
  });

  it("applies the tier multiplier and the winning campaign of the payment time, rounding down", () => {
    const facts = order({
      lines: [line({ unitPrice: 33_000 })],
      paidAt: new Date("2026-11-22T09:00:00Z"),
    });
    const campaigns = [campaign(), campaign({ id: "c2", multiplier: 1.5 })];
    const result = pointsForOrder(
      { order: facts, products: catalog },
      orderRule(),
      1.25,
      campaigns,
      now,
    );
    // 33 × 1.25 × 2 = 82.5 → 82; `now` (Monday) is after the weekend, the payment was during it.
    expect(result.points).toBe(82);
    expect(result.breakdown).toMatchObject({
      basePoints: 33,
      multiplierPoints: 49,
      campaign: { id: "c1", multiplier: 2 },
    });
    const paidMonday = order({
      lines: [line({ unitPrice: 33_000 })],
      paidAt: now,
    });
    expect(
      pointsForOrder(
        { order: paidMonday, products: catalog },
        orderRule(),
        1.25,
        campaigns,
        now,
      ).points,
    ).toBe(41);
    const onOtherRule = [
      campaign({ appliesTo: { kind: "rules", ruleIds: ["rule-reviews"] } }),
    ];
    expect(
      pointsForOrder(
        { order: facts, products: catalog },
        orderRule(),
        1,
        onOtherRule,
        now,
      ).points,
    ).toBe(33);
  });

  it("awards nothing from a switched-off rule", () => {
    const result = pointsForOrder(
      { order: order(), products: catalog },
      orderRule({ enabled: false }),
      1,
      [],
      now,
    );
    expect(result).toMatchObject({ points: 0, skipped: "rule_disabled" });
  });

  it("keeps a self-contained JSON snapshot that reads back and that the default reversal maths understands", () => {
    const rule = orderRule({
      earnPoints: 2,
      earnOnShipping: true,
      bonuses: [{ productIds: ["3"], pointsPerItem: 5 }],
    });
    const facts = order({
      lines: [
        line({ quantity: 4, unitPrice: 10_000 }),
        line({ lineId: "L2", productId: "3", unitPrice: 20_000 }),
      ],
      shipping: 5_000,
    });
    const { snapshot } = pointsForOrder(
      { order: facts, products: catalog },
      rule,
      1,
      [campaign()],
      now,
    );
    const stored = JSON.parse(JSON.stringify(snapshot));
    expect(RuleAwardSnapshotSchema.parse(stored)).toEqual(snapshot);
    expect(snapshot).toMatchObject({
      ruleId: "rule-orders",
      eligibleAmount: 65_000,
      shippingAmount: 5_000,
      basePoints: 130,
      bonusPoints: 5,
    });
    expect(snapshot.points).toBe(270);
    // reversal.ts, written for the default program, reads the same fields.
    const refund: RefundFacts = {
      refundId: "R1",
      orderId: facts.orderId,
      lines: [
        {
          lineId: "L1",
          quantity: 2,
          subtotal: 20_000,
          tax: 0,
          giftCard: false,
        },
      ],
      otherAmount: 0,
      createdAt: now,
    };
    expect(refundedEligibleAmount(snapshot, [refund])).toBe(20_000);
    expect(reversalTarget(snapshot, 20_000, false)).toBe(83);
  });
});

describe("ruleReversalTarget", () => {
  const rule = orderRule({
    earnPoints: 1,
    bonuses: [{ productIds: ["3"], pointsPerItem: 20 }],
  });
  const facts = order({
    lines: [
      line({ lineId: "Mugs", quantity: 3, unitPrice: 10_000 }),
      line({ lineId: "Class", productId: "3", quantity: 2, unitPrice: 50_000 }),
    ],
  });
  const { snapshot } = pointsForOrder(
    { order: facts, products: catalog },
    rule,
    1.5,
    [],
    now,
  );
  const refund = (
    id: string,
    lineId: string,
    quantity: number,
  ): RefundFacts => ({
    refundId: id,
    orderId: facts.orderId,
    lines: [{ lineId, quantity, subtotal: 0, tax: 0, giftCard: false }],
    otherAmount: 0,
    createdAt: now,
  });

  it("takes back the refunded share of the base points and each refunded unit's bonus, with award-time multipliers", () => {
    expect(snapshot.points).toBe(Math.floor((130 + 40) * 1.5));
    // One class refunded: 50 of the 130 base points and one 20-point bonus, × 1.5.
    expect(
      ruleReversalTarget(snapshot, [refund("R1", "Class", 1)], false),
    ).toBe(105);
    expect(
      ruleReversalTarget(
        snapshot,
        [refund("R1", "Class", 1), refund("R2", "Class", 1)],
        false,
      ),
    ).toBe(210);
    expect(ruleReversalTarget(snapshot, [refund("R1", "Mugs", 5)], false)).toBe(
      45,
    );
    expect(ruleReversalTarget(snapshot, [], true)).toBe(snapshot.points);
  });

  it("is cumulative and never exceeds the award, in any order of refunds (property)", () => {
    const lineIds = ["Mugs", "Class", "Unknown"];
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            line: fc.constantFrom(...lineIds),
            quantity: fc.integer({ min: 1, max: 3 }),
            other: fc.integer({ min: 0, max: 20_000 }),
          }),
          {
            maxLength: 8,
          },
        ),
        (steps) => {
          const refunds = steps.map((s, i) => ({
            ...refund(`R${i}`, s.line, s.quantity),
            otherAmount: s.other,
          }));
          let previous = 0;
          for (let i = 1; i <= refunds.length; i++) {
            const target = ruleReversalTarget(
              snapshot,
              refunds.slice(0, i),
              false,
            );
            expect(target).toBeGreaterThanOrEqual(previous);
            expect(target).toBeLessThanOrEqual(snapshot.points);
            previous = target;
          }
          expect(
            ruleReversalTarget(snapshot, [...refunds].reverse(), false),
          ).toBe(previous);
        },
      ),
    );
  });
});

describe("awardTimingFor", () => {
  const paidAt = new Date("2026-11-01T12:00:00Z");
  it("posts on payment, or on fulfilment, or after a delay, and never for a cancelled order", () => {
    expect(awardTimingFor(order({ paidAt }), { when: "paid" }, now)).toEqual({
      status: "post",
      at: paidAt,
    });
    expect(
      awardTimingFor(order({ paidAt: null }), { when: "paid" }, now),
    ).toEqual({ status: "waiting_for_payment" });
    expect(
      awardTimingFor(order({ paidAt }), { when: "fulfilled" }, now),
    ).toEqual({ status: "pending", releaseAt: null });
    const fulfilledAt = new Date("2026-11-03T08:00:00Z");
    expect(
      awardTimingFor(
        order({ paidAt, fulfilledAt }),
        { when: "fulfilled" },
        now,
      ),
    ).toEqual({ status: "post", at: fulfilledAt });
    expect(
      awardTimingFor(
        order({ paidAt, cancelledAt: now }),
        { when: "paid" },
        now,
      ),
    ).toEqual({ status: "cancelled" });
  });

  it("counts a delay in whole hours or 24-hour days after payment", () => {
    const thirtyDays = {
      when: "after_payment",
      delay: 30,
      unit: "days",
    } as const;
    expect(awardTimingFor(order({ paidAt }), thirtyDays, now)).toEqual({
      status: "pending",
      releaseAt: new Date("2026-12-01T12:00:00Z"),
    });
    expect(
      awardTimingFor(
        order({ paidAt }),
        thirtyDays,
        new Date("2026-12-01T12:00:00Z"),
      ),
    ).toEqual({
      status: "post",
      at: new Date("2026-12-01T12:00:00Z"),
    });
    expect(
      awardTimingFor(
        order({ paidAt }),
        { when: "after_payment", delay: 36, unit: "hours" },
        now,
      ),
    ).toEqual({
      status: "post",
      at: new Date("2026-11-03T00:00:00Z"),
    });
  });
});

describe("fixed-points rules", () => {
  it("awards the rule's points, boosted by a campaign on that rule, nothing when switched off", () => {
    const review = fixedRule(
      { type: "product_review", points: 30 },
      "rule-reviews",
    );
    const onReviews = campaign({
      appliesTo: { kind: "rules", ruleIds: ["rule-reviews"] },
      multiplier: 1.5,
    });
    expect(pointsForAction(review, [], now)).toEqual({
      points: 30,
      campaign: null,
    });
    expect(
      pointsForAction(review, [onReviews], new Date("2026-11-22T00:00:00Z")),
    ).toEqual({
      points: 45,
      campaign: { id: "c1", name: "Double weekend", multiplier: 1.5 },
    });
    expect(
      pointsForAction(
        { ...review, enabled: false },
        [onReviews],
        new Date("2026-11-22T00:00:00Z"),
      ).points,
    ).toBe(0);
  });

  it("names each event's ledger source so 'once' holds across rule edits", () => {
    const customerId = "gid://shopify/Customer/7";
    expect(awardSourceFor({ type: "create_account", customerId })).toEqual({
      sourceType: "account",
      sourceId: "7",
    });
    expect(
      awardSourceFor({ type: "birthday", customerId, year: 2026 }),
    ).toEqual({ sourceType: "birthday", sourceId: "7/2026" });
    expect(
      awardSourceFor({ type: "newsletter_signup", customerId: "7" }),
    ).toEqual({ sourceType: "newsletter", sourceId: "7" });
    expect(
      awardSourceFor({
        type: "social",
        customerId,
        network: "instagram",
        action: "follow",
      }).sourceId,
    ).toBe("7/instagram/follow");
    expect(
      awardSourceFor({
        type: "product_review",
        customerId,
        productId: "gid://shopify/Product/3",
      }),
    ).toEqual(
      awardSourceFor({
        type: "product_review",
        customerId: "7",
        productId: "3",
      }),
    );
    expect(
      awardSourceFor({
        type: "content_mission",
        customerId,
        submissionId: "sub_1",
      }),
    ).toEqual({ sourceType: "content_mission", sourceId: "sub_1" });
    expect(
      awardSourceFor({
        type: "custom_action",
        customerId,
        actionKey: "workshop",
        idempotencyKey: "k1",
      }).sourceId,
    ).toBe("workshop/7/k1");
  });

  it("checks submissions, moderation decisions and API requests at the edge", () => {
    expect(
      contentSubmissionSchema("photo_link").safeParse(
        "https://img.example.com/a.jpg",
      ).success,
    ).toBe(true);
    expect(contentSubmissionSchema("url").safeParse("not a url").success).toBe(
      false,
    );
    expect(contentSubmissionSchema("text").safeParse("  ").success).toBe(false);
    expect(
      ModerationDecisionSchema.parse({
        decision: "reject",
        message: "Blurry photo",
      }),
    ).toEqual({ decision: "reject", message: "Blurry photo" });
    expect(
      ModerationDecisionSchema.safeParse({ decision: "maybe" }).success,
    ).toBe(false);
    expect(
      CustomActionRequestSchema.safeParse({
        actionKey: "workshop",
        customerId: "7",
      }).success,
    ).toBe(false);
  });

  it("normalises Shopify ids and computes the subtotal the minimum compares with", () => {
    expect(shopifyIdKey("gid://shopify/Product/42")).toBe("42");
    expect(shopifyIdKey(" 42 ")).toBe("42");
    expect(
      orderSubtotal(
        order({
          lines: [
            line({ quantity: 2, discount: 500 }),
            line({ discount: 20_000 }),
          ],
        }),
      ),
    ).toBe(19_500);
  });
});
