import { z } from "zod";
import { type ValidationCode } from "~/loyalty/validation-codes";
import { MultiplierSchema } from "~/loyalty/campaigns";
import { addMonths, startOfNext, toLocalDate } from "~/loyalty/calendar";
import { type Millis } from "~/loyalty/types";

/**
 * VIP tiers: thresholds on points earned or money spent over a window (lifetime, calendar year in
 * the shop's zone, or rolling 12 months), each tier with an earn multiplier and an optional entry
 * bonus.
 *
 * Downgrades happen only at the end of the window in which a tier was earned:
 * - lifetime: a tier once earned is kept;
 * - calendar year: a tier earned during a year is kept until that year ends (Jan 1, 00:00 in the
 *   shop's zone), then the new year's total decides;
 * - rolling 12 months: a tier is kept for 12 months after the last purchase or award that brought
 *   the member's 12-month total to it (each event counts for 12 months, and so does the tier it
 *   lifted the member to), then the 12-month total decides.
 * Upgrades are immediate. A tier the member holds from before (`held`, e.g. earned under
 * thresholds the merchant has since raised) is kept until its `until` too, so changing thresholds
 * never demotes anyone early.
 *
 * The standing is computed from the member's activity alone (no stored counter to drift): pass
 * each award or order net of its later reversals or refunds, dated when it happened, so a refund
 * removes the purchase from the history instead of leaving a tier bought and returned.
 */

export const TierSchema = z.object({
  id: z.string().min(1),
  name: z.string().trim().min(1).max(60),
  /** Points, or Millis of shop money when the program counts money spent. */
  threshold: z.number().int().min(0),
  earnMultiplier: MultiplierSchema.default(1),
  /** Points given once on entering the tier (see `tierChange` for "once"). */
  entryBonus: z.number().int().min(0).max(1_000_000).default(0),
});
export type Tier = z.infer<typeof TierSchema>;

export const TierWindowSchema = z.enum([
  "lifetime",
  "calendar_year",
  "rolling_12_months",
]);
export type TierWindow = z.infer<typeof TierWindowSchema>;

export const TierProgramSchema = z
  .object({
    basis: z.enum(["points_earned", "money_spent"]),
    window: TierWindowSchema,
    tiers: z.array(TierSchema).min(1).max(20),
  })
  .superRefine((program, ctx) => {
    if (new Set(program.tiers.map((t) => t.id)).size !== program.tiers.length) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: "invalid.tierIdsRepeat" satisfies ValidationCode,
        path: ["tiers"],
      });
    }
    if (
      new Set(program.tiers.map((t) => t.threshold)).size !==
      program.tiers.length
    ) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: "invalid.tierThresholdsRepeat" satisfies ValidationCode,
        path: ["tiers"],
      });
    }
  })
  .transform((program) => ({
    ...program,
    tiers: [...program.tiers].sort((a, b) => a.threshold - b.threshold),
  }));
export type TierProgram = z.infer<typeof TierProgramSchema>;

export interface MemberActivity {
  /** Points earned (net of reversals), dated when earned. Redemptions and expiry do not count. */
  pointsEarned: readonly { at: Date; points: number }[];
  /** Money spent on orders (net of refunds), dated when paid. */
  moneySpent: readonly { at: Date; amount: Millis }[];
  /** A tier kept from before, until `until` (null: for good). Ignored if the tier no longer exists. */
  held?: { tierId: string; until: Date | null } | null;
}

export interface TierStanding {
  /** The member's tier, or null below the lowest threshold. */
  tier: Tier | null;
  /** What the current window counts at `now` (points, or Millis). */
  qualifyingAmount: number;
  /** The tier the current window's amount reaches by itself (at most `tier`). */
  qualifiedTier: Tier | null;
  /** When the member may drop below `tier`; null when never (lifetime, or no tier). */
  heldUntil: Date | null;
  nextTier: Tier | null;
  /** Still to earn or spend in the current window to reach `nextTier`. */
  toNextTier: number | null;
  earnMultiplier: number;
}

function sortedTiers(program: TierProgram): Tier[] {
  return [...program.tiers].sort((a, b) => a.threshold - b.threshold);
}

/**
 * Index of the highest tier an amount reaches, or -1. A net negative amount (corrections larger
 * than what the window holds) counts as nothing, so a tier with threshold 0 is always reached.
 */
function rankFor(tiers: readonly Tier[], amount: number): number {
  let rank = -1;
  tiers.forEach((tier, index) => {
    if (Math.max(0, amount) >= tier.threshold) rank = index;
  });
  return rank;
}

function basisEvents(
  activity: MemberActivity,
  program: TierProgram,
  now: Date,
): { at: number; amount: number }[] {
  const raw =
    program.basis === "points_earned"
      ? activity.pointsEarned.map((e) => ({
          at: e.at.getTime(),
          amount: e.points,
        }))
      : activity.moneySpent.map((e) => ({
          at: e.at.getTime(),
          amount: e.amount,
        }));
  return raw.filter((e) => e.at <= now.getTime()).sort((a, b) => a.at - b.at);
}

/**
 * When the window containing `at` has moved past it: never (lifetime), the next Jan 1 in the
 * shop's zone (calendar year), or 12 months later at the same wall-clock time (rolling). An event
 * counts from `at` until this moment, and a tier reached at `at` is held until this moment too,
 * so what counts and what is held always agree.
 */
function windowEndAfter(
  at: number,
  window: TierWindow,
  timeZone: string,
): number {
  if (window === "lifetime") return Number.POSITIVE_INFINITY;
  if (window === "calendar_year")
    return startOfNext("year", new Date(at), timeZone).getTime();
  return addMonths(new Date(at), 12, timeZone).getTime();
}

/**
 * The window's total at `now`, and at every moment it rose: a positive event entering the
 * window, or a negative one (a correction) leaving it. Between those moments the total only
 * falls, so they are the moments a tier can be reached.
 */
function windowTotals(
  events: readonly { at: number; amount: number }[],
  window: TierWindow,
  now: number,
  timeZone: string,
) {
  const changes: { at: number; amount: number }[] = [];
  for (const event of events) {
    changes.push(event);
    const leaves = windowEndAfter(event.at, window, timeZone);
    if (leaves <= now) changes.push({ at: leaves, amount: -event.amount });
  }
  changes.sort((a, b) => a.at - b.at);
  const rises: { at: number; total: number }[] = [];
  let total = 0;
  let rose = false;
  changes.forEach((change, i) => {
    total += change.amount;
    rose ||= change.amount > 0;
    if (i + 1 < changes.length && changes[i + 1].at === change.at) return;
    if (rose) rises.push({ at: change.at, total });
    rose = false;
  });
  return { rises, current: total };
}

/** The member's tier at `now`, what they are counted on, and what it takes to move up. */
export function tierFor(
  activity: MemberActivity,
  program: TierProgram,
  now: Date,
  timeZone: string,
): TierStanding {
  const tiers = sortedTiers(program);
  const events = basisEvents(activity, program, now);
  const { rises, current } = windowTotals(
    events,
    program.window,
    now.getTime(),
    timeZone,
  );
  const qualifyingAmount = Math.max(0, current);
  const qualifiedRank = rankFor(tiers, qualifyingAmount);

  // The best tier reached at a moment whose window has not ended yet, and when that hold ends
  // (the latest end among the moments that reached it).
  let rank = qualifiedRank;
  let heldUntil: number | null = null;
  const holdEnds = new Map<number, number>();
  for (const { at, total } of rises) {
    const end = windowEndAfter(at, program.window, timeZone);
    if (end <= now.getTime()) continue;
    const reached = rankFor(tiers, total);
    rank = Math.max(rank, reached);
    for (let r = 0; r <= reached; r++)
      holdEnds.set(r, Math.max(holdEnds.get(r) ?? end, end));
  }
  const end = holdEnds.get(rank);
  // A tier reached with nothing in the window (threshold 0) is never lost.
  if (rank >= 0 && end !== undefined && Number.isFinite(end)) heldUntil = end;

  const held = activity.held ?? null;
  if (
    held !== null &&
    (held.until === null || held.until.getTime() > now.getTime())
  ) {
    const heldRank = tiers.findIndex((t) => t.id === held.tierId);
    if (
      heldRank > rank ||
      (heldRank === rank && heldRank >= 0 && laterHold(held.until, heldUntil))
    ) {
      rank = heldRank;
      heldUntil = held.until === null ? null : held.until.getTime();
    }
  }
  const tier = rank >= 0 ? tiers[rank] : null;
  const nextTier = rank + 1 < tiers.length ? tiers[rank + 1] : null;
  return {
    tier,
    qualifyingAmount,
    qualifiedTier: qualifiedRank >= 0 ? tiers[qualifiedRank] : null,
    heldUntil: heldUntil === null ? null : new Date(heldUntil),
    nextTier,
    toNextTier:
      nextTier === null
        ? null
        : Math.max(0, nextTier.threshold - qualifyingAmount),
    earnMultiplier: tier?.earnMultiplier ?? 1,
  };
}

function laterHold(held: Date | null, computed: number | null): boolean {
  if (held === null) return computed !== null;
  return computed !== null && held.getTime() > computed;
}

/** What to store so a member keeps their tier through a threshold change until its window ends. */
export function holdCurrentTier(
  standing: TierStanding,
): MemberActivity["held"] {
  return standing.tier === null
    ? null
    : { tierId: standing.tier.id, until: standing.heldUntil };
}

export interface TierChange {
  direction: "up" | "down" | "same";
  /**
   * The entry bonus for the tier entered, with the ledger source id that makes it once per
   * tier per member and window period: once for good (lifetime and rolling 12 months) or once a
   * year (calendar year, since every member requalifies each year). Jumping two tiers at once
   * gives the bonus of the tier entered only.
   */
  entryBonus: { points: number; sourceId: string } | null;
}

export function tierChange(
  previousTierId: string | null,
  standing: TierStanding,
  program: TierProgram,
  now: Date,
  timeZone: string,
): TierChange {
  const tiers = sortedTiers(program);
  const before =
    previousTierId === null
      ? -1
      : tiers.findIndex((t) => t.id === previousTierId);
  const after =
    standing.tier === null
      ? -1
      : tiers.findIndex((t) => t.id === standing.tier?.id);
  if (after > before && standing.tier !== null) {
    const period =
      program.window === "calendar_year"
        ? String(toLocalDate(now, timeZone).year)
        : "lifetime";
    const bonus = standing.tier.entryBonus;
    return {
      direction: "up",
      entryBonus:
        bonus > 0
          ? { points: bonus, sourceId: `${standing.tier.id}/${period}` }
          : null,
    };
  }
  return { direction: after < before ? "down" : "same", entryBonus: null };
}

/** A customer tag that mirrors the tier (for Shopify segments and Flow), e.g. "loyalty-tier-gold". */
export function customerTagForTier(tier: Pick<Tier, "name">): string {
  const slug = tier.name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return `loyalty-tier-${slug || "member"}`;
}

export interface ThresholdChangePreview {
  up: number;
  down: number;
  same: number;
  /** Every (from → to) move with its number of members, largest first. */
  moves: { from: string | null; to: string | null; members: number }[];
}

/**
 * How many members a change of tiers would move up or down, before it is applied. Tiers are
 * compared by their place in the new program (a tier kept by id keeps its place; a removed tier is
 * compared by its old position). Members moving down are not demoted on the spot: the change is
 * applied with `holdCurrentTier`, so they keep their tier until the end of its window.
 */
export function previewThresholdChange(
  members: readonly MemberActivity[],
  oldProgram: TierProgram,
  newProgram: TierProgram,
  now: Date,
  timeZone: string,
): ThresholdChangePreview {
  const oldTiers = sortedTiers(oldProgram);
  const newTiers = sortedTiers(newProgram);
  const placeInNew = (tierId: string | null): number => {
    if (tierId === null) return -1;
    const index = newTiers.findIndex((t) => t.id === tierId);
    return index >= 0 ? index : oldTiers.findIndex((t) => t.id === tierId);
  };
  const preview: ThresholdChangePreview = {
    up: 0,
    down: 0,
    same: 0,
    moves: [],
  };
  const moves = new Map<
    string,
    { from: string | null; to: string | null; members: number }
  >();
  for (const member of members) {
    // Compare what each program makes of the member's activity, not of an earlier hold.
    const activity = { ...member, held: null };
    const from = tierFor(activity, oldProgram, now, timeZone).tier?.id ?? null;
    const to = tierFor(activity, newProgram, now, timeZone).tier?.id ?? null;
    const delta = placeInNew(to) - placeInNew(from);
    if (delta > 0) preview.up += 1;
    else if (delta < 0) preview.down += 1;
    else preview.same += 1;
    const key = `${from}\u0000${to}`;
    const move = moves.get(key) ?? { from, to, members: 0 };
    move.members += 1;
    moves.set(key, move);
  }
  preview.moves = [...moves.values()].sort((a, b) => b.members - a.members);
  return preview;
}
