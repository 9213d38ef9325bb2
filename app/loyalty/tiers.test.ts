import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  customerTagForTier,
  holdCurrentTier,
  previewThresholdChange,
  tierChange,
  tierFor,
  TierProgramSchema,
  type MemberActivity,
  type TierProgram,
} from "~/loyalty/tiers";

const PARIS = "Europe/Paris";
const NEW_YORK = "America/New_York";
const AUCKLAND = "Pacific/Auckland";
const at = (s: string) => new Date(s);

function program(
  window: TierProgram["window"],
  basis: TierProgram["basis"] = "points_earned",
  tiers?: unknown[],
): TierProgram {
  return TierProgramSchema.parse({
    basis,
    window,
    tiers: tiers ?? [
      {
        id: "gold",
        name: "Gold",
        threshold: 1000,
        earnMultiplier: 1.5,
        entryBonus: 250,
      },
      { id: "bronze", name: "Bronze", threshold: 0 },
      {
        id: "silver",
        name: "Silver",
        threshold: 500,
        earnMultiplier: 1.25,
        entryBonus: 100,
      },
    ],
  });
}

function earned(...events: [string, number][]): MemberActivity {
  return {
    pointsEarned: events.map(([when, points]) => ({ at: at(when), points })),
    moneySpent: [],
  };
}

describe("TierProgramSchema", () => {
  it("sorts tiers by threshold and fills multiplier and bonus defaults", () => {
    const p = program("lifetime");
    expect(p.tiers.map((t) => t.id)).toEqual(["bronze", "silver", "gold"]);
    expect(p.tiers[0]).toMatchObject({ earnMultiplier: 1, entryBonus: 0 });
  });

  it("refuses duplicate ids or thresholds and out-of-range multipliers", () => {
    const base = { basis: "points_earned", window: "lifetime" };
    expect(
      TierProgramSchema.safeParse({
        ...base,
        tiers: [
          { id: "a", name: "A", threshold: 1 },
          { id: "a", name: "B", threshold: 2 },
        ],
      }).success,
    ).toBe(false);
    expect(
      TierProgramSchema.safeParse({
        ...base,
        tiers: [
          { id: "a", name: "A", threshold: 1 },
          { id: "b", name: "B", threshold: 1 },
        ],
      }).success,
    ).toBe(false);
    expect(
      TierProgramSchema.safeParse({
        ...base,
        tiers: [{ id: "a", name: "A", threshold: 1, earnMultiplier: 12 }],
      }).success,
    ).toBe(false);
    expect(TierProgramSchema.safeParse({ ...base, tiers: [] }).success).toBe(
      false,
    );
  });
});

describe("calendar-year tiers", () => {
  const p = program("calendar_year");

  it("upgrades as soon as the year's points reach a threshold, and shows the way to the next", () => {
    const standing = tierFor(
      earned(["2026-03-01T10:00:00Z", 600]),
      p,
      at("2026-03-02T00:00:00Z"),
      PARIS,
    );
    expect(standing).toMatchObject({
      tier: { id: "silver" },
      qualifiedTier: { id: "silver" },
      qualifyingAmount: 600,
      nextTier: { id: "gold" },
      toNextTier: 400,
      earnMultiplier: 1.25,
      heldUntil: at("2026-12-31T23:00:00Z"),
    });
  });

  it("keeps a tier until the year ends, even when later corrections lower the total", () => {
    const activity = earned(
      ["2026-03-01T10:00:00Z", 600],
      ["2026-04-01T10:00:00Z", -200],
    );
    const december = tierFor(activity, p, at("2026-12-31T22:59:59Z"), PARIS);
    expect(december).toMatchObject({
      tier: { id: "silver" },
      qualifiedTier: { id: "bronze" },
      qualifyingAmount: 400,
    });
    // Jan 1 in Paris: the new year's total (nothing yet) decides.
    expect(
      tierFor(activity, p, at("2026-12-31T23:00:00Z"), PARIS),
    ).toMatchObject({
      tier: { id: "bronze" },
      qualifyingAmount: 0,
      heldUntil: at("2027-12-31T23:00:00Z"),
    });
  });

  it("counts the year in the shop's zone", () => {
    // 11:30 UTC on Dec 31 is already New Year's Day in Auckland.
    const activity = earned(["2026-12-31T11:30:00Z", 700]);
    expect(
      tierFor(activity, p, at("2027-01-05T00:00:00Z"), AUCKLAND).tier?.id,
    ).toBe("silver");
    expect(
      tierFor(activity, p, at("2027-01-05T00:00:00Z"), NEW_YORK).tier?.id,
    ).toBe("bronze");
  });

  it("ignores activity dated after now", () => {
    expect(
      tierFor(
        earned(["2026-06-01T00:00:00Z", 5000]),
        p,
        at("2026-05-01T00:00:00Z"),
        PARIS,
      ).tier?.id,
    ).toBe("bronze");
  });
});

describe("rolling 12-month tiers", () => {
  const p = program("rolling_12_months");
  const activity = earned(
    ["2026-01-10T12:00:00Z", 1000],
    ["2026-06-01T12:00:00Z", 600],
  );

  it("keeps a tier for 12 months after the member last reached it", () => {
    // On June 1 the 12-month total was 1600: Gold was reached again then.
    const standing = tierFor(activity, p, at("2027-01-11T00:00:00Z"), PARIS);
    expect(standing).toMatchObject({
      tier: { id: "gold" },
      qualifiedTier: { id: "silver" },
      qualifyingAmount: 600,
      heldUntil: at("2027-06-01T12:00:00Z"),
    });
    expect(
      tierFor(activity, p, at("2027-06-01T12:00:00Z"), PARIS),
    ).toMatchObject({ tier: { id: "bronze" }, qualifyingAmount: 0 });
  });

  it("drops the tier when the only qualifying activity is a year old", () => {
    const once = earned(["2026-01-10T12:00:00Z", 1000]);
    expect(tierFor(once, p, at("2027-01-10T11:59:59Z"), PARIS)).toMatchObject({
      tier: { id: "gold" },
      heldUntil: at("2027-01-10T12:00:00Z"),
    });
    expect(tierFor(once, p, at("2027-01-10T12:00:00Z"), PARIS).tier?.id).toBe(
      "bronze",
    );
  });
});

describe("lifetime tiers on money spent", () => {
  const p = program("lifetime", "money_spent", [
    { id: "vip", name: "VIP", threshold: 1_000_000 },
    { id: "insider", name: "Insider", threshold: 250_000 },
  ]);

  it("keeps the tier for good and leaves members below the lowest threshold without one", () => {
    const spender: MemberActivity = {
      pointsEarned: [],
      moneySpent: [
        { at: at("2020-01-01T00:00:00Z"), amount: 300_000 },
        { at: at("2021-01-01T00:00:00Z"), amount: -100_000 },
      ],
    };
    expect(
      tierFor(spender, p, at("2030-01-01T00:00:00Z"), PARIS),
    ).toMatchObject({
      tier: { id: "insider" },
      qualifiedTier: null,
      heldUntil: null,
      toNextTier: 800_000,
    });
    expect(
      tierFor(
        { pointsEarned: [], moneySpent: [] },
        p,
        at("2030-01-01T00:00:00Z"),
        PARIS,
      ),
    ).toMatchObject({
      tier: null,
      nextTier: { id: "insider" },
      toNextTier: 250_000,
      earnMultiplier: 1,
    });
  });
});

describe("held tiers", () => {
  const p = program("calendar_year");

  it("keeps a held tier until its end, then lets the activity decide", () => {
    const activity = {
      ...earned(["2026-03-01T10:00:00Z", 600]),
      held: { tierId: "gold", until: at("2026-09-01T00:00:00Z") },
    };
    expect(
      tierFor(activity, p, at("2026-08-31T00:00:00Z"), PARIS),
    ).toMatchObject({
      tier: { id: "gold" },
      heldUntil: at("2026-09-01T00:00:00Z"),
    });
    expect(
      tierFor(activity, p, at("2026-09-01T00:00:00Z"), PARIS).tier?.id,
    ).toBe("silver");
    expect(
      tierFor(
        { ...activity, held: { tierId: "deleted", until: null } },
        p,
        at("2026-08-31T00:00:00Z"),
        PARIS,
      ).tier?.id,
    ).toBe("silver");
  });

  it("stores the current tier and its end for a threshold change", () => {
    const standing = tierFor(
      earned(["2026-03-01T10:00:00Z", 600]),
      p,
      at("2026-04-01T00:00:00Z"),
      PARIS,
    );
    expect(holdCurrentTier(standing)).toEqual({
      tierId: "silver",
      until: at("2026-12-31T23:00:00Z"),
    });
  });
});

describe("tierChange", () => {
  const now = at("2026-05-01T00:00:00Z");

  it("gives the entry bonus of the tier entered, once per year on a calendar-year program", () => {
    const p = program("calendar_year");
    const gold = tierFor(earned(["2026-04-01T00:00:00Z", 1200]), p, now, PARIS);
    expect(tierChange("bronze", gold, p, now, PARIS)).toEqual({
      direction: "up",
      entryBonus: { points: 250, sourceId: "gold/2026" },
    });
    expect(tierChange("gold", gold, p, now, PARIS)).toEqual({
      direction: "same",
      entryBonus: null,
    });
    const bronze = tierFor(earned(), p, now, PARIS);
    expect(tierChange("gold", bronze, p, now, PARIS)).toEqual({
      direction: "down",
      entryBonus: null,
    });
    expect(tierChange(null, bronze, p, now, PARIS)).toEqual({
      direction: "up",
      entryBonus: null,
    });
  });

  it("keys the bonus once for good on lifetime programs", () => {
    const p = program("lifetime");
    const silver = tierFor(
      earned(["2026-04-01T00:00:00Z", 600]),
      p,
      now,
      PARIS,
    );
    expect(tierChange("bronze", silver, p, now, PARIS).entryBonus).toEqual({
      points: 100,
      sourceId: "silver/lifetime",
    });
  });
});

describe("previewThresholdChange", () => {
  it("counts the members who would move up, down or stay", () => {
    const before = program("lifetime");
    const after = program("lifetime", "points_earned", [
      { id: "bronze", name: "Bronze", threshold: 0 },
      { id: "silver", name: "Silver", threshold: 300 },
      { id: "gold", name: "Gold", threshold: 1500 },
    ]);
    const members = [100, 400, 600, 1200, 2000, 1400].map((points) =>
      earned(["2026-01-01T00:00:00Z", points]),
    );
    const preview = previewThresholdChange(
      members,
      before,
      after,
      at("2026-05-01T00:00:00Z"),
      PARIS,
    );
    expect(preview).toMatchObject({ up: 1, down: 2, same: 3 });
    expect(preview.moves).toEqual([
      { from: "gold", to: "silver", members: 2 },
      { from: "bronze", to: "bronze", members: 1 },
      { from: "bronze", to: "silver", members: 1 },
      { from: "silver", to: "silver", members: 1 },
      { from: "gold", to: "gold", members: 1 },
    ]);
  });

  it("compares what the new thresholds make of the activity, not an earlier hold", () => {
    const before = program("lifetime");
    const held = {
      ...earned(["2026-01-01T00:00:00Z", 100]),
      held: { tierId: "gold", until: null },
    };
    const preview = previewThresholdChange(
      [held],
      before,
      before,
      at("2026-05-01T00:00:00Z"),
      PARIS,
    );
    expect(preview).toMatchObject({ up: 0, down: 0, same: 1 });
  });
});

it("mirrors a tier as a customer tag", () => {
  expect(customerTagForTier({ name: "Or Élite" })).toBe(
    "loyalty-tier-or-elite",
  );
  expect(customerTagForTier({ name: "★" })).toBe("loyalty-tier-member");
});

describe("tier properties", () => {
  const windows: TierProgram["window"][] = [
    "lifetime",
    "calendar_year",
    "rolling_12_months",
  ];
  const eventArb = fc.record({
    at: fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2027, 0, 1) }),
    points: fc.integer({ min: -300, max: 800 }),
  });

  it("never downgrades before the hold ends, and never sits below what the window reaches", () => {
    fc.assert(
      fc.property(
        fc.array(eventArb, { maxLength: 25 }),
        fc.constantFrom(...windows),
        fc.constantFrom(PARIS, NEW_YORK, AUCKLAND),
        fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2027, 6, 1) }),
        fc.integer({ min: 1, max: 500 * 86_400_000 }),
        (events, window, zone, t1, gap) => {
          const p = program(window);
          const rank = (id: string | undefined) =>
            p.tiers.findIndex((t) => t.id === id);
          const activity: MemberActivity = {
            pointsEarned: events.map((e) => ({
              at: new Date(e.at),
              points: e.points,
            })),
            moneySpent: [],
          };
          const first = tierFor(activity, p, new Date(t1), zone);
          const later = tierFor(activity, p, new Date(t1 + gap), zone);
          for (const standing of [first, later]) {
            expect(rank(standing.tier?.id)).toBeGreaterThanOrEqual(
              rank(standing.qualifiedTier?.id),
            );
          }
          const stillHeld =
            first.heldUntil === null || t1 + gap < first.heldUntil.getTime();
          if (stillHeld)
            expect(rank(later.tier?.id)).toBeGreaterThanOrEqual(
              rank(first.tier?.id),
            );
          if (window === "lifetime") expect(first.heldUntil).toBeNull();
        },
      ),
      { numRuns: 300 },
    );
  });
});
