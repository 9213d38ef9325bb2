import { type LedgerEntry } from "@prisma/client";

import { type EmailEventFacts } from "~/emails/variables";
import {
  emailKey,
  type EmailKind,
  emailSwitches,
  rewardsUnlockedBy,
} from "~/loyalty/emails";
import { rewardValueOf, unlockCostFor } from "~/loyalty/reward-value";
import { type Reward } from "~/loyalty/rewards";
import {
  findEmailSettings,
  findQueuedMemberEmail,
  insertMemberEmail,
  updateQueuedEmailPayload,
} from "~/models/member-email.server";
import { type PostLedgerEntryResult } from "~/models/ledger.server";
import { findMemberEmailState } from "~/models/member.server";
import {
  listUnlockableRewards,
  type UnlockableRewardRow,
} from "~/models/reward.server";
import { findMemberTierId } from "~/models/tier.server";
import { type Tx } from "~/models/transaction.server";
import { rewardOf } from "~/services/rewards.server";

/**
 * Queues emails to members inside the caller's transaction, so an email exists exactly when the
 * event that causes it was committed (a rolled-back award queues nothing; a duplicate webhook posts
 * no entry and queues nothing; the key makes a second queueing a no-op anyway).
 */

/** What goes in the outbox row: the event's facts, reward names in every language, merged keys. */
export type EmailPayload = EmailEventFacts & {
  rewardNames?: Record<string, string>;
  tierNames?: Record<string, string>;
  /** Digest: the events merged into this email. */
  events?: string[];
};

export type QueueOutcome =
  | "queued"
  | "merged"
  | "duplicate"
  | "switched_off"
  | "unsubscribed"
  | "redacted";

export interface QueueEmailInput {
  shopDomain: string;
  memberId: string;
  kind: EmailKind;
  /** The business event: a ledger entry, a member, a redemption, a notice. */
  eventId: string;
  payload: EmailPayload;
  now: Date;
  /** Hold the email this long so later events of the same kind join it (a digest). */
  digestWindowMs?: number;
}

/** How long points-earned emails wait for more during an import or a retroactive run. */
export const DIGEST_WINDOW_MS = 10 * 60_000;

/** The shop's email settings as read once for several emails of one event (null: none saved). */
type EmailSettings = Awaited<ReturnType<typeof findEmailSettings>>;

/** Whether the member may be emailed, as `findMemberEmailState` reads it. */
type MemberEmailState = Awaited<ReturnType<typeof findMemberEmailState>>;

/** A ledger entry as `postLedgerEntry` posted it, with the member's state it read. */
type PostedEntry = Pick<
  Extract<PostLedgerEntryResult, { outcome: "posted" }>,
  "entry" | "member"
>;

/** Read once for the emails of one event; `member` when the caller has it already. */
interface EmailReads {
  settings: EmailSettings;
  member?: MemberEmailState;
}

export async function queueMemberEmail(
  tx: Tx,
  input: QueueEmailInput,
  read?: EmailReads,
): Promise<QueueOutcome> {
  const settings = read
    ? read.settings
    : await findEmailSettings(tx, input.shopDomain);
  if (!emailSwitches(settings?.switches)[input.kind]) return "switched_off";
  const member =
    read?.member !== undefined
      ? read.member
      : await findMemberEmailState(tx, input.memberId);
  if (!member || member.redacted) return "redacted";
  if (member.unsubscribed) return "unsubscribed";
  const key = emailKey(input.kind, input.eventId);
  if (input.digestWindowMs) {
    const waiting = await findQueuedMemberEmail(tx, input.memberId, input.kind);
    if (waiting) {
      const merged = mergeDigest(
        JSON.parse(waiting.payload) as EmailPayload,
        input.payload,
        key,
      );
      await updateQueuedEmailPayload(tx, waiting.id, merged, input.now);
      return "merged";
    }
  }
  const { queued } = await insertMemberEmail(tx, {
    shopDomain: input.shopDomain,
    memberId: input.memberId,
    kind: input.kind,
    idempotencyKey: key,
    payload: { ...input.payload, events: [key] },
    runAfter: new Date(input.now.getTime() + (input.digestWindowMs ?? 0)),
    now: input.now,
  });
  return queued ? "queued" : "duplicate";
}

function mergeDigest(
  waiting: EmailPayload,
  next: EmailPayload,
  key: string,
): EmailPayload {
  const events = waiting.events ?? [];
  if (events.includes(key)) return waiting;
  const descriptions = [waiting.description, next.description].filter(
    (text): text is string => Boolean(text),
  );
  return {
    ...waiting,
    points: (waiting.points ?? 0) + (next.points ?? 0),
    balance: next.balance,
    description: descriptions.join(", ").slice(0, 200),
    events: [...events, key],
  };
}

export function localizedNames(json: string): Record<string, string> {
  try {
    const parsed = JSON.parse(json) as unknown;
    if (typeof parsed === "string") return { en: parsed };
    if (parsed && typeof parsed === "object")
      return Object.fromEntries(
        Object.entries(parsed).filter(
          (pair): pair is [string, string] => typeof pair[1] === "string",
        ),
      );
  } catch {
    return { en: json };
  }
  return {};
}

/**
 * After a credit: "reward unlocked" for each catalogue reward whose cost the balance just crossed,
 * keyed by the entry and the reward (once per crossing).
 */
export async function queueRewardUnlockedEmails(
  tx: Tx,
  entry: LedgerEntry,
  now: Date,
  read?: EmailReads,
): Promise<number> {
  if (entry.points <= 0) return 0;
  const settings = read
    ? read.settings
    : await findEmailSettings(tx, entry.shopDomain);
  if (!emailSwitches(settings?.switches).reward_unlocked) return 0;
  // Read now, after the posting took the member's lock: a tier another order just gave counts.
  const tierId = await findMemberTierId(tx, entry.memberId);
  const unlocked = rewardUnlockedEmails(
    entry,
    tierId,
    await listUnlockableRewards(tx, entry.shopDomain),
  );
  let queued = 0;
  for (const email of unlocked) {
    const outcome = await queueMemberEmail(
      tx,
      {
        shopDomain: entry.shopDomain,
        memberId: entry.memberId,
        kind: "reward_unlocked",
        ...email,
        now,
      },
      { settings, member: read?.member },
    );
    if (outcome === "queued") queued += 1;
  }
  return queued;
}

/**
 * The "reward unlocked" emails a credit calls for, decided without the database: one per active
 * catalogue reward whose cost for the member's tier (as redemption charges it) the balance just
 * crossed, keyed by the entry and the reward. A reward the tier cannot see unlocks nothing.
 */
export function rewardUnlockedEmails(
  entry: Pick<LedgerEntry, "id" | "points" | "balanceAfter">,
  tierId: string | null,
  rows: readonly UnlockableRewardRow[],
): { eventId: string; payload: EmailPayload }[] {
  if (entry.points <= 0) return [];
  const rewards = rows.flatMap((row) => {
    let reward: Reward;
    try {
      reward = rewardOf(row);
    } catch {
      return [];
    }
    const pointsCost = unlockCostFor(reward, tierId);
    return pointsCost === null ? [] : [{ row, reward, pointsCost }];
  });
  const costs = rewards.map(({ row, pointsCost }) => ({
    id: row.id,
    pointsCost,
  }));
  const before = entry.balanceAfter - entry.points;
  return rewardsUnlockedBy(before, entry.balanceAfter, costs).map(
    (unlocked) => {
      const { row, reward } = rewards.find((r) => r.row.id === unlocked.id)!;
      return {
        eventId: `${entry.id}:${row.id}`,
        payload: {
          balance: entry.balanceAfter,
          rewardNames: localizedNames(row.name),
          rewardCost: unlocked.pointsCost,
          rewardBenefit: rewardValueOf(reward, tierId),
        },
      };
    },
  );
}

/** What a "points earned" or "balance adjusted" email says of its entry. */
export function entryEmailPayload(
  entry: Pick<LedgerEntry, "points" | "balanceAfter" | "description">,
): EmailPayload {
  return {
    points: entry.points,
    balance: entry.balanceAfter,
    description: entry.description,
  };
}

/**
 * An automatic credit (an order, a way to earn): "points earned", and "reward unlocked" for what it
 * made affordable. `digest`: an import or retroactive run, where one email sums a member's credits.
 */
export function queueCreditEmails(
  tx: Tx,
  posted: PostedEntry,
  options: { now: Date; digest?: boolean },
): Promise<void> {
  return queueEntryEmails(tx, posted, "points_earned", {
    now: options.now,
    digestWindowMs: options.digest ? DIGEST_WINDOW_MS : undefined,
  });
}

/** A merchant's adjustment, when they chose to notify the customer. */
export function queueAdjustmentEmails(
  tx: Tx,
  posted: PostedEntry,
  now: Date,
): Promise<void> {
  return queueEntryEmails(tx, posted, "balance_adjusted", { now });
}

/**
 * The email telling of one ledger entry, then "reward unlocked": the shop's settings read once,
 * the member's email state as the posting read it under the member's lock (an erasure or an
 * unsubscribe that committed while it waited counts).
 */
async function queueEntryEmails(
  tx: Tx,
  { entry, member }: PostedEntry,
  kind: "points_earned" | "balance_adjusted",
  timing: { now: Date; digestWindowMs?: number },
): Promise<void> {
  const read: EmailReads = {
    settings: await findEmailSettings(tx, entry.shopDomain),
    member,
  };
  await queueMemberEmail(
    tx,
    {
      shopDomain: entry.shopDomain,
      memberId: entry.memberId,
      kind,
      eventId: entry.id,
      payload: entryEmailPayload(entry),
      ...timing,
    },
    read,
  );
  await queueRewardUnlockedEmails(tx, entry, timing.now, read);
}
