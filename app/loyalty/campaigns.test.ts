import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  activeCampaigns,
  campaignBoostFor,
  CampaignInputSchema,
  multiplierHundredths,
  MultiplierSchema,
  multiplyPoints,
  type Campaign,
} from "~/loyalty/campaigns";

const at = (s: string) => new Date(s);

function campaign(id: string, overrides: Partial<Campaign> = {}): Campaign {
  return {
    id,
    name: `Campaign ${id}`,
    multiplier: 2,
    startsAt: at("2026-05-01T22:00:00Z"),
    endsAt: at("2026-05-03T22:00:00Z"),
    appliesTo: { kind: "all_rules" },
    enabled: true,
    ...overrides,
  };
}

describe("campaign input", () => {
  it("parses dates from a form and refuses a campaign that ends before it starts", () => {
    const parsed = CampaignInputSchema.parse({
      name: " Double points weekend ",
      multiplier: 2,
      startsAt: "2026-05-01T22:00:00Z",
      endsAt: "2026-05-03T22:00:00Z",
      appliesTo: { kind: "all_rules" },
    });
    expect(parsed).toMatchObject({
      name: "Double points weekend",
      enabled: true,
      startsAt: at("2026-05-01T22:00:00Z"),
    });
    const backwards = CampaignInputSchema.safeParse({
      ...parsed,
      endsAt: "2026-05-01T21:00:00Z",
    });
    expect(backwards.success).toBe(false);
    expect(
      CampaignInputSchema.safeParse({
        ...parsed,
        appliesTo: { kind: "rules", ruleIds: [] },
      }).success,
    ).toBe(false);
  });

  it("accepts multipliers from ×1 to ×10 with two decimals", () => {
    expect(MultiplierSchema.safeParse(1.25).success).toBe(true);
    expect(MultiplierSchema.safeParse(1.15).success).toBe(true);
    expect(MultiplierSchema.safeParse(1.125).success).toBe(false);
    expect(MultiplierSchema.safeParse(0.5).success).toBe(false);
    expect(MultiplierSchema.safeParse(11).success).toBe(false);
  });
});

describe("multiplyPoints", () => {
  it("rounds down after multiplying, without float noise", () => {
    expect(multiplyPoints(100, 1.15)).toBe(115); // 1.15 * 100 is 114.99999999999999 in floats
    expect(multiplyPoints(33, 1.5)).toBe(49);
    expect(multiplyPoints(7, 2, 1.25)).toBe(17);
    expect(multiplyPoints(0, 3)).toBe(0);
    expect(multiplyPoints(10)).toBe(10);
    expect(multiplierHundredths(1.1)).toBe(110);
  });

  it("never gives less than the points without a multiplier, nor more than the exact product (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 100, max: 1000 }),
        (points, hundredths) => {
          const result = multiplyPoints(points, hundredths / 100);
          expect(result).toBeGreaterThanOrEqual(points);
          expect(result * 100).toBeLessThanOrEqual(points * hundredths);
          expect((result + 1) * 100).toBeGreaterThan(points * hundredths);
        },
      ),
    );
  });
});

describe("campaignBoostFor", () => {
  it("applies only while the campaign runs, end exclusive", () => {
    const weekend = [campaign("weekend")];
    expect(
      campaignBoostFor("r1", weekend, at("2026-05-01T21:59:59Z")).multiplier,
    ).toBe(1);
    expect(campaignBoostFor("r1", weekend, at("2026-05-01T22:00:00Z"))).toEqual(
      {
        campaign: { id: "weekend", name: "Campaign weekend", multiplier: 2 },
        multiplier: 2,
      },
    );
    expect(campaignBoostFor("r1", weekend, at("2026-05-03T22:00:00Z"))).toEqual(
      { campaign: null, multiplier: 1 },
    );
  });

  it("ignores disabled campaigns and campaigns on other rules", () => {
    const now = at("2026-05-02T10:00:00Z");
    const campaigns = [
      campaign("off", { enabled: false, multiplier: 5 }),
      campaign("reviews", {
        multiplier: 3,
        appliesTo: { kind: "rules", ruleIds: ["review-rule"] },
      }),
    ];
    expect(campaignBoostFor("order-rule", campaigns, now).multiplier).toBe(1);
    expect(campaignBoostFor("review-rule", campaigns, now).multiplier).toBe(3);
  });

  it("lets the highest multiplier win when campaigns overlap, never compounding", () => {
    const now = at("2026-05-02T10:00:00Z");
    const campaigns = [
      campaign("double", { multiplier: 2 }),
      campaign("launch", { multiplier: 1.5 }),
      campaign("triple", { multiplier: 3 }),
    ];
    expect(campaignBoostFor("r1", campaigns, now)).toEqual({
      campaign: { id: "triple", name: "Campaign triple", multiplier: 3 },
      multiplier: 3,
    });
  });

  it("breaks ties by earliest start, then id, whatever the list order", () => {
    const now = at("2026-05-02T10:00:00Z");
    const early = campaign("b-early", { startsAt: at("2026-05-01T00:00:00Z") });
    const late = campaign("a-late");
    const twin = campaign("c-twin", { startsAt: at("2026-05-01T00:00:00Z") });
    expect(campaignBoostFor("r1", [late, twin, early], now).campaign?.id).toBe(
      "b-early",
    );
    expect(campaignBoostFor("r1", [early, twin, late], now).campaign?.id).toBe(
      "b-early",
    );
  });

  it("lists the running campaigns", () => {
    const campaigns = [
      campaign("now"),
      campaign("later", {
        startsAt: at("2026-06-01T00:00:00Z"),
        endsAt: at("2026-06-02T00:00:00Z"),
      }),
    ];
    expect(
      activeCampaigns(campaigns, at("2026-05-02T10:00:00Z")).map((c) => c.id),
    ).toEqual(["now"]);
  });
});
