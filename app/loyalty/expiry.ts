import { z } from "zod";
import { addDays, addMonths } from "~/loyalty/calendar";

/**
 * Points expiry, planned from a member's posted ledger history. Expiry is a ledger entry (kind
 * `expiry`, a debit), never a silent edit; this module says which entries to post.
 *
 * Policies:
 * - `none`: points never expire.
 * - `inactivity`: the whole balance expires `months` after the member's last activity. Activity is
 *   earning (any credit that is not a correction, pending awards included: a purchase waiting for
 *   fulfilment is activity) or spending (a redemption). Reversals, expiries and the merchant's
 *   debits are not activity.
 * - `per_lot`: every credit is a lot that expires `months` after it was posted (same wall-clock
 *   time in the shop's zone, Jan 31 + 1 month = Feb 28). Debits take from the oldest lots first
 *   (FIFO), so the points a member spends are always the ones closest to expiring. A reversal takes
 *   from the award it reverses first, then FIFO.
 *
 * A compensating credit (a redemption whose code could not be minted, an expiry the merchant
 * restores) opens a new lot dated when it was posted: simple to explain, and in the member's favour.
 *
 * Guarantees (property-tested in expiry.test.ts): expiry only takes points still in a lot, so
 * never spent points and never pending points (which are not posted); it never takes a balance
 * below zero; and it is idempotent: every planned entry has a key (`lot:<entry id>` or
 * `inactivity:<last activity>`), a key already in the history is never planned again, so
 * planning twice at the same `now` yields nothing new once the first plan is posted.
 */

export const ExpiryPolicySchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("none") }),
  z.object({
    kind: z.literal("inactivity"),
    months: z.number().int().min(1).max(120),
  }),
  z.object({
    kind: z.literal("per_lot"),
    months: z.number().int().min(1).max(120),
  }),
]);
export type ExpiryPolicy = z.infer<typeof ExpiryPolicySchema>;

/** One posted ledger entry of the member, as expiry needs it. */
export interface ExpiryLedgerEntry {
  id: string;
  /** The ledger kind (ledger.ts): `expiry` and `redemption` matter here, other kinds go by sign. */
  kind: string;
  /** Signed: credits positive, debits negative. */
  points: number;
  postedAt: Date;
  correctsEntryId: string | null;
  /** For `expiry` entries: the key they were planned under (the entry's ledger source id). */
  sourceId: string;
}

/** Points awarded but not yet posted (waiting period, awaiting fulfilment): never expired. */
export interface PendingAward {
  id: string;
  points: number;
  createdAt: Date;
}

export interface PlannedExpiry {
  /** Idempotency key component: the ledger source id of the expiry entry. */
  key: string;
  /** Negative: the points to take. */
  points: number;
  /** The credit whose lot expires (per-lot), or null (inactivity). */
  lotId: string | null;
  /** When these points were due to expire. */
  expiresAt: Date;
}

export interface ExpiringSoon {
  /** For the notification's idempotency: one notice per expiry key. */
  key: string;
  points: number;
  lotId: string | null;
  expiresAt: Date;
}

interface Lot {
  id: string;
  key: string;
  postedAt: Date;
  points: number;
  remaining: number;
}

interface Replay {
  lots: Lot[];
  usedKeys: Set<string>;
  balance: number;
  lastActivity: Date | null;
  lastCredit: Date | null;
}

export const lotKey = (entryId: string) => `lot:${entryId}`;
export const inactivityKey = (lastActivity: Date) =>
  `inactivity:${lastActivity.toISOString()}`;

/**
 * Replays the history in posting order (stable for equal times), keeping what is left of each
 * lot. Debits beyond what the lots hold (which the ledger's non-negative balance rule should
 * prevent) are owed and settled from the next credits, so lots always sum to the balance.
 */
function replay(
  history: readonly ExpiryLedgerEntry[],
  pending: readonly PendingAward[],
): Replay {
  const entries = history.map((entry, index) => ({ entry, index }));
  entries.sort(
    (a, b) =>
      a.entry.postedAt.getTime() - b.entry.postedAt.getTime() ||
      a.index - b.index,
  );
  const lots: Lot[] = [];
  const byId = new Map<string, Lot>();
  const byKey = new Map<string, Lot>();
  const usedKeys = new Set<string>();
  let owed = 0;
  let lastActivity: Date | null = null;
  let lastCredit: Date | null = null;
  const noteActivity = (at: Date) => {
    if (lastActivity === null || at > lastActivity) lastActivity = at;
  };
  const takeOldestFirst = (amount: number) => {
    for (const lot of lots) {
      if (amount === 0) break;
      const taken = Math.min(lot.remaining, amount);
      lot.remaining -= taken;
      amount -= taken;
    }
    owed += amount;
  };

  for (const { entry } of entries) {
    if (!Number.isSafeInteger(entry.points))
      throw new Error(`Ledger entry ${entry.id} has non-integer points`);
    if (entry.kind === "expiry") {
      usedKeys.add(entry.sourceId);
      const lot = byKey.get(entry.sourceId);
      let amount = Math.max(0, -entry.points);
      if (lot) {
        const taken = Math.min(lot.remaining, amount);
        lot.remaining -= taken;
        amount -= taken;
      }
      takeOldestFirst(amount);
      continue;
    }
    if (entry.points > 0) {
      const settled = Math.min(owed, entry.points);
      owed -= settled;
      const lot = {
        id: entry.id,
        key: lotKey(entry.id),
        postedAt: entry.postedAt,
        points: entry.points,
        remaining: entry.points - settled,
      };
      lots.push(lot);
      byId.set(lot.id, lot);
      byKey.set(lot.key, lot);
      if (lastCredit === null || entry.postedAt > lastCredit)
        lastCredit = entry.postedAt;
      if (entry.correctsEntryId === null) noteActivity(entry.postedAt);
      continue;
    }
    if (entry.points < 0) {
      let amount = -entry.points;
      const reversed =
        entry.correctsEntryId === null
          ? undefined
          : byId.get(entry.correctsEntryId);
      if (reversed) {
        const taken = Math.min(reversed.remaining, amount);
        reversed.remaining -= taken;
        amount -= taken;
      }
      takeOldestFirst(amount);
      if (entry.kind === "redemption") noteActivity(entry.postedAt);
    }
  }
  for (const award of pending) noteActivity(award.createdAt);
  const balance = lots.reduce((sum, lot) => sum + lot.remaining, 0);
  return { lots, usedKeys, balance, lastActivity, lastCredit };
}

/** Expiry candidates under a policy, whatever their date: the planner and the notices filter by date. */
function candidates(
  state: Replay,
  policy: ExpiryPolicy,
  timeZone: string,
): ExpiringSoon[] {
  switch (policy.kind) {
    case "none":
      return [];
    case "per_lot":
      return state.lots
        .filter((lot) => lot.remaining > 0 && !state.usedKeys.has(lot.key))
        .map((lot) => ({
          key: lot.key,
          points: lot.remaining,
          lotId: lot.id,
          expiresAt: addMonths(lot.postedAt, policy.months, timeZone),
        }))
        .sort((a, b) => a.expiresAt.getTime() - b.expiresAt.getTime());
    case "inactivity": {
      // A balance made only of corrections (no activity ever) is dated from its last credit.
      const since = state.lastActivity ?? state.lastCredit;
      if (since === null || state.balance <= 0) return [];
      const key = inactivityKey(since);
      if (state.usedKeys.has(key)) return [];
      return [
        {
          key,
          points: state.balance,
          lotId: null,
          expiresAt: addMonths(since, policy.months, timeZone),
        },
      ];
    }
  }
}

/**
 * The expiry entries to post at `now`: every lot (or the whole inactive balance) whose expiry
 * time has come, for what is left of it, oldest first. Posting them all keeps the balance at zero
 * or above, since together they never take more than the lots hold.
 */
export function planExpiry(
  ledgerHistory: readonly ExpiryLedgerEntry[],
  pendingAwards: readonly PendingAward[],
  policy: ExpiryPolicy,
  now: Date,
  timeZone: string,
): PlannedExpiry[] {
  return candidates(replay(ledgerHistory, pendingAwards), policy, timeZone)
    .filter((c) => c.expiresAt.getTime() <= now.getTime())
    .map((c) => ({
      key: c.key,
      points: -c.points,
      lotId: c.lotId,
      expiresAt: c.expiresAt,
    }));
}

/**
 * Points that will expire after `now` and within `days` calendar days in the shop's zone, if
 * nothing is spent or earned meanwhile: what the "expiring soon" notification says. Points
 * already overdue are `planExpiry`'s, not "soon".
 */
export function expiringSoon(
  ledgerHistory: readonly ExpiryLedgerEntry[],
  pendingAwards: readonly PendingAward[],
  policy: ExpiryPolicy,
  now: Date,
  timeZone: string,
  days: number,
): ExpiringSoon[] {
  const horizon = addDays(now, days, timeZone).getTime();
  return candidates(replay(ledgerHistory, pendingAwards), policy, timeZone)
    .filter(
      (c) =>
        c.expiresAt.getTime() > now.getTime() &&
        c.expiresAt.getTime() <= horizon,
    )
    .map((c) => ({ ...c, key: `soon:${c.key}` }));
}

/** The member's spendable balance as the lots see it (equals the ledger sum when it is not negative). */
export function lotBalance(
  ledgerHistory: readonly ExpiryLedgerEntry[],
): number {
  return replay(ledgerHistory, []).balance;
}
