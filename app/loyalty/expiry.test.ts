import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addMonths } from "~/loyalty/calendar";
import {
  ExpiryPolicySchema,
  expiringSoon,
  inactivityKey,
  lotBalance,
  lotKey,
  planExpiry,
  type ExpiryLedgerEntry,
  type ExpiryPolicy,
  type PendingAward,
} from "~/loyalty/expiry";

const PARIS = "Europe/Paris";
const NEW_YORK = "America/New_York";
const AUCKLAND = "Pacific/Auckland";
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (s: string) => new Date(s);

let sequence = 0;
function entry(
  kind: string,
  points: number,
  postedAt: string | Date,
  extra: Partial<ExpiryLedgerEntry> = {},
): ExpiryLedgerEntry {
  sequence += 1;
  return {
    id: extra.id ?? `e${sequence}`,
    kind,
    points,
    postedAt: typeof postedAt === "string" ? at(postedAt) : postedAt,
    correctsEntryId: null,
    sourceId: `src${sequence}`,
    ...extra,
  };
}

const perLot = (months: number): ExpiryPolicy => ({ kind: "per_lot", months });
const inactivity = (months: number): ExpiryPolicy => ({
  kind: "inactivity",
  months,
});

/** Posts planned expiries the way the service would: kind expiry, source id = key. */
function post(
  history: ExpiryLedgerEntry[],
  now: Date,
  policy: ExpiryPolicy,
  zone: string,
  pending: PendingAward[] = [],
) {
  const planned = planExpiry(history, pending, policy, now, zone);
  for (const p of planned)
    history.push(entry("expiry", p.points, now, { sourceId: p.key }));
  return planned;
}

describe("ExpiryPolicySchema", () => {
  it("accepts the three policies with whole months", () => {
    expect(ExpiryPolicySchema.parse({ kind: "none" })).toEqual({
      kind: "none",
    });
    expect(ExpiryPolicySchema.parse({ kind: "per_lot", months: 12 })).toEqual({
      kind: "per_lot",
      months: 12,
    });
    expect(
      ExpiryPolicySchema.safeParse({ kind: "inactivity", months: 0 }).success,
    ).toBe(false);
    expect(ExpiryPolicySchema.safeParse({ kind: "per_lot" }).success).toBe(
      false,
    );
  });
});

describe("per-lot expiry", () => {
  it("expires each award N months after it was posted, for what is left of it", () => {
    const a = entry("order_award", 100, "2026-01-31T10:00:00Z", { id: "A" });
    const b = entry("order_award", 50, "2026-02-15T10:00:00Z", { id: "B" });
    const spend = entry("redemption", -30, "2026-02-20T10:00:00Z");
    const history = [a, b, spend];
    // Jan 31 + 1 month in Paris: Feb 28, same wall-clock time.
    expect(
      planExpiry(history, [], perLot(1), at("2026-02-28T09:59:59Z"), PARIS),
    ).toEqual([]);
    const due = planExpiry(
      history,
      [],
      perLot(1),
      at("2026-02-28T10:00:00Z"),
      PARIS,
    );
    expect(due).toEqual([
      {
        key: "lot:A",
        points: -70,
        lotId: "A",
        expiresAt: at("2026-02-28T10:00:00Z"),
      },
    ]);
    // Both lots by mid-March, oldest first; B untouched by the spend (FIFO took A).
    expect(
      planExpiry(history, [], perLot(1), at("2026-03-16T00:00:00Z"), PARIS),
    ).toEqual([
      {
        key: "lot:A",
        points: -70,
        lotId: "A",
        expiresAt: at("2026-02-28T10:00:00Z"),
      },
      {
        key: "lot:B",
        points: -50,
        lotId: "B",
        expiresAt: at("2026-03-15T10:00:00Z"),
      },
    ]);
  });

  it("spends oldest first, so spent points never expire", () => {
    const history = [
      entry("order_award", 100, "2026-01-01T12:00:00Z", { id: "A" }),
      entry("order_award", 100, "2026-03-01T12:00:00Z", { id: "B" }),
      entry("redemption", -150, "2026-03-02T12:00:00Z"),
    ];
    expect(
      planExpiry(history, [], perLot(6), at("2026-09-02T00:00:00Z"), "UTC"),
    ).toEqual([
      {
        key: "lot:B",
        points: -50,
        lotId: "B",
        expiresAt: at("2026-09-01T12:00:00Z"),
      },
    ]);
  });

  it("takes a reversal from the award it reverses before the older lots", () => {
    const history = [
      entry("order_award", 100, "2026-01-01T12:00:00Z", { id: "A" }),
      entry("order_award", 80, "2026-02-01T12:00:00Z", { id: "B" }),
      entry("refund_reversal", -60, "2026-02-03T12:00:00Z", {
        correctsEntryId: "B",
      }),
    ];
    expect(
      planExpiry(
        history,
        [],
        perLot(12),
        at("2027-03-01T00:00:00Z"),
        "UTC",
      ).map((p) => [p.key, p.points]),
    ).toEqual([
      ["lot:A", -100],
      ["lot:B", -20],
    ]);
  });

  it("lets a debit made after the due date but before the expiry run take the overdue lot first", () => {
    const history = [
      entry("order_award", 100, "2026-01-01T12:00:00Z", { id: "A" }),
      entry("redemption", -40, "2026-07-05T12:00:00Z"),
    ];
    expect(
      planExpiry(history, [], perLot(6), at("2026-07-06T00:00:00Z"), "UTC"),
    ).toEqual([
      {
        key: "lot:A",
        points: -60,
        lotId: "A",
        expiresAt: at("2026-07-01T12:00:00Z"),
      },
    ]);
  });

  it("never plans a lot twice: posting the plan and planning again yields nothing", () => {
    const history = [
      entry("order_award", 100, "2026-01-01T12:00:00Z", { id: "A" }),
    ];
    const now = at("2027-06-01T00:00:00Z");
    expect(post(history, now, perLot(12), PARIS)).toHaveLength(1);
    expect(planExpiry(history, [], perLot(12), now, PARIS)).toEqual([]);
    expect(
      planExpiry(history, [], perLot(12), at("2030-01-01T00:00:00Z"), PARIS),
    ).toEqual([]);
    expect(lotBalance(history)).toBe(0);
  });

  it("opens a fresh lot for a compensating credit", () => {
    const redemption = entry("redemption", -100, "2026-03-01T12:00:00Z", {
      id: "R",
    });
    const history = [
      entry("order_award", 100, "2026-01-01T12:00:00Z", { id: "A" }),
      redemption,
      entry("redemption_refund", 100, "2026-03-01T12:05:00Z", {
        id: "C",
        correctsEntryId: "R",
      }),
    ];
    expect(
      planExpiry(history, [], perLot(3), at("2026-04-15T00:00:00Z"), "UTC"),
    ).toEqual([]);
    expect(
      planExpiry(history, [], perLot(3), at("2026-06-02T00:00:00Z"), "UTC"),
    ).toEqual([
      {
        key: "lot:C",
        points: -100,
        lotId: "C",
        expiresAt: at("2026-06-01T12:05:00Z"),
      },
    ]);
  });

  it("ignores pending points: they are not in any lot", () => {
    const history = [
      entry("order_award", 10, "2026-01-01T12:00:00Z", { id: "A" }),
    ];
    const pending = [
      { id: "P", points: 5000, createdAt: at("2026-01-02T12:00:00Z") },
    ];
    expect(
      planExpiry(
        history,
        pending,
        perLot(1),
        at("2026-03-01T00:00:00Z"),
        "UTC",
      ),
    ).toEqual([
      {
        key: "lot:A",
        points: -10,
        lotId: "A",
        expiresAt: at("2026-02-01T12:00:00Z"),
      },
    ]);
  });

  it("keeps the wall-clock time across daylight saving in the shop's zone", () => {
    // Posted 09:00 in New York in winter (14:00 UTC): expires 09:00 EDT (13:00 UTC) in April.
    const history = [
      entry("order_award", 10, "2026-01-15T14:00:00Z", { id: "A" }),
    ];
    expect(
      planExpiry(history, [], perLot(3), at("2026-04-15T13:00:00Z"), NEW_YORK),
    ).toHaveLength(1);
    expect(
      planExpiry(history, [], perLot(3), at("2026-04-15T12:59:59Z"), NEW_YORK),
    ).toEqual([]);
  });
});

describe("inactivity expiry", () => {
  const award = entry("order_award", 120, "2026-01-10T12:00:00Z", { id: "A" });

  it("expires the whole balance N months after the last earning or spending", () => {
    const history = [award, entry("redemption", -20, "2026-03-10T12:00:00Z")];
    expect(
      planExpiry(history, [], inactivity(6), at("2026-09-10T11:59:59Z"), "UTC"),
    ).toEqual([]);
    expect(
      planExpiry(history, [], inactivity(6), at("2026-09-10T12:00:00Z"), "UTC"),
    ).toEqual([
      {
        key: inactivityKey(at("2026-03-10T12:00:00Z")),
        points: -100,
        lotId: null,
        expiresAt: at("2026-09-10T12:00:00Z"),
      },
    ]);
  });

  it("does not count reversals, expiries or the merchant's debits as activity, but counts pending awards", () => {
    const history = [
      award,
      entry("refund_reversal", -20, "2026-05-01T12:00:00Z", {
        correctsEntryId: "A",
      }),
      entry("manual_adjustment", -10, "2026-06-01T12:00:00Z"),
    ];
    expect(
      planExpiry(history, [], inactivity(6), at("2026-07-10T12:00:00Z"), "UTC"),
    ).toEqual([
      {
        key: inactivityKey(award.postedAt),
        points: -90,
        lotId: null,
        expiresAt: at("2026-07-10T12:00:00Z"),
      },
    ]);
    const pending = [
      { id: "P", points: 40, createdAt: at("2026-06-20T12:00:00Z") },
    ];
    expect(
      planExpiry(
        history,
        pending,
        inactivity(6),
        at("2026-07-10T12:00:00Z"),
        "UTC",
      ),
    ).toEqual([]);
    // The pending points themselves are never taken.
    expect(
      planExpiry(
        history,
        pending,
        inactivity(6),
        at("2026-12-20T12:00:00Z"),
        "UTC",
      )[0].points,
    ).toBe(-90);
  });

  it("expires once per period of inactivity, not again after the merchant restores the points", () => {
    const history = [award];
    const now = at("2027-02-01T00:00:00Z");
    expect(post(history, now, inactivity(6), "UTC")).toHaveLength(1);
    history.push(
      entry("manual_adjustment", 120, "2027-02-02T00:00:00Z", {
        correctsEntryId: history[1].id,
      }),
    );
    expect(
      planExpiry(history, [], inactivity(6), at("2028-01-01T00:00:00Z"), "UTC"),
    ).toEqual([]);
    // New activity starts a new period.
    history.push(entry("order_award", 5, "2028-01-02T00:00:00Z"));
    expect(
      planExpiry(
        history,
        [],
        inactivity(6),
        at("2028-07-02T00:00:00Z"),
        "UTC",
      )[0].points,
    ).toBe(-125);
  });

  it("plans nothing on an empty balance", () => {
    const history = [award, entry("redemption", -120, "2026-01-11T00:00:00Z")];
    expect(
      planExpiry(history, [], inactivity(1), at("2027-01-01T00:00:00Z"), "UTC"),
    ).toEqual([]);
  });
});

describe("none", () => {
  it("never expires", () => {
    expect(
      planExpiry(
        [entry("order_award", 5, "2000-01-01T00:00:00Z")],
        [],
        { kind: "none" },
        at("2030-01-01T00:00:00Z"),
        "UTC",
      ),
    ).toEqual([]);
  });
});

describe("expiringSoon", () => {
  it("announces lots expiring within N days in the shop's zone, not those already due", () => {
    const history = [
      entry("order_award", 10, "2025-06-01T12:00:00Z", { id: "old" }),
      entry("order_award", 20, "2025-07-10T12:00:00Z", { id: "soon" }),
      entry("order_award", 30, "2025-09-01T12:00:00Z", { id: "later" }),
    ];
    const now = at("2026-07-01T12:00:00Z");
    expect(expiringSoon(history, [], perLot(12), now, AUCKLAND, 14)).toEqual([
      {
        key: "soon:lot:soon",
        points: 20,
        lotId: "soon",
        expiresAt: at("2026-07-10T12:00:00Z"),
      },
    ]);
    expect(expiringSoon(history, [], perLot(12), now, AUCKLAND, 7)).toEqual([]);
  });

  it("announces an inactive balance before it expires", () => {
    const history = [entry("order_award", 75, "2026-01-15T09:00:00Z")];
    const soon = expiringSoon(
      history,
      [],
      inactivity(12),
      at("2027-01-01T09:00:00Z"),
      PARIS,
      30,
    );
    expect(soon).toEqual([
      {
        key: `soon:${inactivityKey(at("2026-01-15T09:00:00Z"))}`,
        points: 75,
        lotId: null,
        expiresAt: at("2027-01-15T09:00:00Z"),
      },
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Property tests: random histories of awards, spends, reversals, restorations, pending awards
// and clock jumps, with the expiry job running at random moments.

type Step =
  | { op: "award"; points: number }
  | { op: "spend"; share: number }
  | { op: "reverse"; pick: number; share: number }
  | { op: "restore"; pick: number }
  | { op: "adjust"; points: number }
  | { op: "pending"; points: number }
  | { op: "release"; pick: number }
  | { op: "jump"; ms: number }
  | { op: "expire" };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant("award" as const),
      points: fc.integer({ min: 1, max: 500 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant("spend" as const),
      share: fc.double({ min: 0, max: 1, noNaN: true }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant("reverse" as const),
      pick: fc.nat(),
      share: fc.double({ min: 0, max: 1, noNaN: true }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant("restore" as const),
      pick: fc.nat(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant("adjust" as const),
      points: fc.integer({ min: -200, max: 200 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant("pending" as const),
      points: fc.integer({ min: 1, max: 300 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant("release" as const),
      pick: fc.nat(),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant("jump" as const),
      ms: fc.oneof(
        fc.integer({ min: 1, max: 36 * HOUR }),
        fc.integer({ min: DAY, max: 200 * DAY }),
        fc.integer({ min: 300 * DAY, max: 500 * DAY }),
      ),
    }),
  },
  { weight: 3, arbitrary: fc.constant({ op: "expire" as const }) },
);

const policyArb: fc.Arbitrary<ExpiryPolicy> = fc.oneof(
  fc.record({
    kind: fc.constant("per_lot" as const),
    months: fc.integer({ min: 1, max: 18 }),
  }),
  fc.record({
    kind: fc.constant("inactivity" as const),
    months: fc.integer({ min: 1, max: 18 }),
  }),
  fc.constant({ kind: "none" as const }),
);

const zoneArb = fc.constantFrom("UTC", PARIS, NEW_YORK, AUCKLAND);
const startArb = fc.integer({
  min: Date.UTC(2024, 0, 1),
  max: Date.UTC(2027, 0, 1),
});

interface World {
  history: ExpiryLedgerEntry[];
  pending: PendingAward[];
  now: Date;
  balance: number;
  /** Points reversed so far per award id. */
  reversed: Map<string, number>;
  restored: Set<string>;
  usedKeys: Set<string>;
  /** Credits: id → points and expiry time, for the per-lot bound. */
  credits: { id: string; points: number; postedAt: Date }[];
  expiredTotal: number;
}

function runWorld(
  steps: Step[],
  policy: ExpiryPolicy,
  zone: string,
  start: number,
  onExpire: (w: World) => void,
): World {
  let id = 0;
  const w: World = {
    history: [],
    pending: [],
    now: new Date(start),
    balance: 0,
    reversed: new Map(),
    restored: new Set(),
    usedKeys: new Set(),
    credits: [],
    expiredTotal: 0,
  };
  const push = (
    kind: string,
    points: number,
    extra: Partial<ExpiryLedgerEntry> = {},
  ) => {
    id += 1;
    const e: ExpiryLedgerEntry = {
      id: `x${id}`,
      kind,
      points,
      postedAt: w.now,
      correctsEntryId: null,
      sourceId: `s${id}`,
      ...extra,
    };
    w.history.push(e);
    w.balance += points;
    if (points > 0) w.credits.push({ id: e.id, points, postedAt: w.now });
    return e;
  };
  for (const step of steps) {
    switch (step.op) {
      case "award":
        push("order_award", step.points);
        break;
      case "spend": {
        const points = Math.floor(w.balance * step.share);
        if (points > 0) push("redemption", -points);
        break;
      }
      case "reverse": {
        const awards = w.history.filter((e) => e.kind === "order_award");
        if (awards.length === 0) break;
        const award = awards[step.pick % awards.length];
        const left = award.points - (w.reversed.get(award.id) ?? 0);
        // Clamped to the balance, as reversal.ts does.
        const points = Math.min(Math.ceil(left * step.share), w.balance);
        if (points <= 0) break;
        w.reversed.set(award.id, (w.reversed.get(award.id) ?? 0) + points);
        push("refund_reversal", -points, { correctsEntryId: award.id });
        break;
      }
      case "restore": {
        const redemptions = w.history.filter(
          (e) => e.kind === "redemption" && !w.restored.has(e.id),
        );
        if (redemptions.length === 0) break;
        const redemption = redemptions[step.pick % redemptions.length];
        w.restored.add(redemption.id);
        push("redemption_refund", -redemption.points, {
          correctsEntryId: redemption.id,
        });
        break;
      }
      case "adjust": {
        const points = Math.max(step.points, -w.balance);
        if (points !== 0) push("manual_adjustment", points);
        break;
      }
      case "pending":
        id += 1;
        w.pending.push({ id: `p${id}`, points: step.points, createdAt: w.now });
        break;
      case "release": {
        if (w.pending.length === 0) break;
        const [released] = w.pending.splice(step.pick % w.pending.length, 1);
        push("order_award", released.points);
        break;
      }
      case "jump":
        w.now = new Date(w.now.getTime() + step.ms);
        break;
      case "expire":
        onExpire(w);
        break;
    }
  }
  onExpire(w);
  return w;
}

describe("expiry properties", () => {
  it("never takes more than the posted balance, never repeats a key, and is idempotent at the same now", () => {
    fc.assert(
      fc.property(
        fc.array(stepArb, { maxLength: 60 }),
        policyArb,
        zoneArb,
        startArb,
        (steps, policy, zone, start) => {
          runWorld(steps, policy, zone, start, (w) => {
            const planned = planExpiry(
              w.history,
              w.pending,
              policy,
              w.now,
              zone,
            );
            // Planning twice at the same now gives the same plan.
            expect(
              planExpiry(w.history, w.pending, policy, w.now, zone),
            ).toEqual(planned);
            // Pending points never count: their amounts do not change the plan.
            const bigger = w.pending.map((p) => ({
              ...p,
              points: p.points * 1000,
            }));
            expect(planExpiry(w.history, bigger, policy, w.now, zone)).toEqual(
              planned,
            );
            let taken = 0;
            for (const p of planned) {
              expect(Number.isSafeInteger(p.points)).toBe(true);
              expect(p.points).toBeLessThan(0);
              expect(w.usedKeys.has(p.key)).toBe(false);
              expect(p.expiresAt.getTime()).toBeLessThanOrEqual(
                w.now.getTime(),
              );
              w.usedKeys.add(p.key);
              taken -= p.points;
            }
            // Never below zero.
            expect(taken).toBeLessThanOrEqual(w.balance);
            for (const p of planned) {
              w.history.push({
                id: `exp-${p.key}`,
                kind: "expiry",
                points: p.points,
                postedAt: w.now,
                correctsEntryId: null,
                sourceId: p.key,
              });
            }
            w.balance -= taken;
            w.expiredTotal += taken;
            expect(w.balance).toBeGreaterThanOrEqual(0);
            expect(lotBalance(w.history)).toBe(w.balance);
            // Idempotent: once posted, nothing new at the same now.
            expect(
              planExpiry(w.history, w.pending, policy, w.now, zone),
            ).toEqual([]);
            if (policy.kind === "per_lot") {
              // Only credits whose time has come can have expired.
              const matured = w.credits
                .filter(
                  (c) =>
                    addMonths(c.postedAt, policy.months, zone).getTime() <=
                    w.now.getTime(),
                )
                .reduce((sum, c) => sum + c.points, 0);
              expect(w.expiredTotal).toBeLessThanOrEqual(matured);
            }
            if (policy.kind === "none") expect(planned).toEqual([]);
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it("expires per lot exactly what a unit-by-unit FIFO model says (awards and spends only)", () => {
    const simple = fc.oneof(
      fc.record({
        op: fc.constant("award" as const),
        points: fc.integer({ min: 1, max: 40 }),
      }),
      fc.record({
        op: fc.constant("spend" as const),
        share: fc.double({ min: 0, max: 1, noNaN: true }),
      }),
      fc.record({
        op: fc.constant("jump" as const),
        ms: fc.integer({ min: HOUR, max: 120 * DAY }),
      }),
      fc.constant({ op: "expire" as const }),
    );
    fc.assert(
      fc.property(
        fc.array(simple, { maxLength: 50 }),
        fc.integer({ min: 1, max: 6 }),
        zoneArb,
        startArb,
        (steps, months, zone, start) => {
          const policy = perLot(months);
          // The model: one token per point, oldest first; a spend removes from the front; the
          // expiry run removes every token whose lot has matured.
          const tokens: { lot: string; expiresAt: number }[] = [];
          let seen = 0;
          const world = runWorld(steps, policy, zone, start, (w) => {
            for (const e of w.history.slice(seen)) {
              if (e.kind === "order_award") {
                const expiresAt = addMonths(e.postedAt, months, zone).getTime();
                for (let i = 0; i < e.points; i++)
                  tokens.push({ lot: e.id, expiresAt });
              } else if (e.kind === "redemption") {
                tokens.splice(0, -e.points);
              }
            }
            const expected = new Map<string, number>();
            for (let i = tokens.length - 1; i >= 0; i--) {
              if (tokens[i].expiresAt <= w.now.getTime()) {
                expected.set(
                  tokens[i].lot,
                  (expected.get(tokens[i].lot) ?? 0) + 1,
                );
                tokens.splice(i, 1);
              }
            }
            const planned = post(w.history, w.now, policy, zone);
            w.balance += planned.reduce((sum, p) => sum + p.points, 0);
            seen = w.history.length;
            expect(
              new Map(planned.map((p) => [p.lotId ?? "", -p.points])),
            ).toEqual(expected);
            expect(w.balance).toBe(tokens.length);
          });
          expect(lotBalance(world.history)).toBe(tokens.length);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("under inactivity, expires only after N months without earning or spending", () => {
    fc.assert(
      fc.property(
        fc.array(stepArb, { maxLength: 40 }),
        fc.integer({ min: 1, max: 12 }),
        zoneArb,
        startArb,
        (steps, months, zone, start) => {
          const policy = inactivity(months);
          runWorld(steps, policy, zone, start, (w) => {
            const planned = post(w.history, w.now, policy, zone, w.pending);
            const activity = [
              ...w.history
                .filter(
                  (e) =>
                    (e.points > 0 && e.correctsEntryId === null) ||
                    e.kind === "redemption",
                )
                .map((e) => e.postedAt),
              ...w.pending.map((p) => p.createdAt),
            ];
            if (planned.length > 0) {
              expect(planned).toHaveLength(1);
              const last = new Date(
                Math.max(...activity.map((d) => d.getTime())),
              );
              expect(
                addMonths(last, months, zone).getTime(),
              ).toBeLessThanOrEqual(w.now.getTime());
              w.balance += planned[0].points;
              expect(w.balance).toBe(0);
            }
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});

it("builds lot keys from entry ids", () => {
  expect(lotKey("abc")).toBe("lot:abc");
});
