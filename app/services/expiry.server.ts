import { z } from "zod";

import * as clock from "~/clock.server";
import {
  type ExpiryLedgerEntry,
  type ExpiryPolicy,
  expiringSoon,
  type PendingAward,
  planExpiry,
} from "~/loyalty/expiry";
import {
  listMemberLedgerForExpiry,
  listMemberWaitingAwards,
  listMembersWithPoints,
  listUnsentMemberNotices,
  recordExpiringSoonNotice,
} from "~/models/expiry.server";
import { newId } from "~/models/ids.server";
import { postLedgerEntry } from "~/models/ledger.server";
import { saveProgramSettings } from "~/models/program.server";
import { findShop } from "~/models/shop.server";
import { inTransaction, type Tx, database } from "~/models/transaction.server";
import { queueMemberEmail } from "~/services/emails/queue.server";

/**
 * The expiry sweep around the pure planner (app/loyalty/expiry.ts). Per member, in one
 * transaction: read the posted history and the pending awards, plan, post each planned `expiry`
 * entry (a debit through postLedgerEntry: never an edit, never below zero), and store an
 * "expiring soon" notice for points due within the shop's notice period. Planned keys are the
 * entries' ledger source ids, so running the sweep twice posts nothing new.
 */

export const ExpirySettingsSchema = z.object({
  policy: z.enum(["none", "inactivity", "per_lot"]),
  months: z.number().int().min(1).max(120),
  expiringSoonDays: z.number().int().min(0).max(365),
});
export type ExpirySettings = z.infer<typeof ExpirySettingsSchema>;

export async function loadExpirySettings(
  db: Tx,
  shop: string,
): Promise<ExpirySettings & { timeZone: string }> {
  const row = await findShop(db, shop);
  const parsed = ExpirySettingsSchema.safeParse({
    policy: row?.program?.expiryPolicy,
    months: row?.program?.expiryMonths,
    expiringSoonDays: row?.program?.expiringSoonDays,
  });
  const settings = parsed.success
    ? parsed.data
    : { policy: "none" as const, months: 12, expiringSoonDays: 30 };
  return { ...settings, timeZone: row?.ianaTimezone ?? "UTC" };
}

export function toExpiryPolicy(settings: ExpirySettings): ExpiryPolicy {
  return settings.policy === "none"
    ? { kind: "none" }
    : { kind: settings.policy, months: settings.months };
}

export async function saveExpirySettings(
  shop: string,
  input: unknown,
): Promise<ExpirySettings> {
  const settings = ExpirySettingsSchema.parse(input);
  await saveProgramSettings(database, shop, {
    expiryPolicy: settings.policy,
    expiryMonths: settings.months,
    expiringSoonDays: settings.expiringSoonDays,
  });
  return settings;
}

/** Expiry keys are per member in the ledger (`<memberId>/<planner key>`); the planner sees its own. */
function keyPrefix(memberId: string): string {
  return `${memberId}/`;
}

async function memberHistory(
  tx: Tx,
  memberId: string,
): Promise<ExpiryLedgerEntry[]> {
  const rows = await listMemberLedgerForExpiry(tx, memberId);
  const prefix = keyPrefix(memberId);
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    points: row.points,
    // When the points counted (the business time), not when the row was written.
    postedAt: row.effectiveAt,
    correctsEntryId: row.correctsEntryId,
    sourceId:
      row.kind === "expiry" && row.sourceId.startsWith(prefix)
        ? row.sourceId.slice(prefix.length)
        : row.sourceId,
  }));
}

async function pendingAwards(
  tx: Tx,
  memberId: string,
): Promise<PendingAward[]> {
  return listMemberWaitingAwards(tx, memberId);
}

export interface MemberExpiryResult {
  expired: number;
  entries: number;
  notices: number;
}

/** Sweeps one member at `now`, inside the caller's transaction. */
export async function expireMemberPoints(
  tx: Tx,
  shop: string,
  memberId: string,
  policy: ExpiryPolicy,
  timeZone: string,
  now: Date,
  soonDays: number,
): Promise<MemberExpiryResult> {
  const result: MemberExpiryResult = { expired: 0, entries: 0, notices: 0 };
  if (policy.kind === "none") return result;
  const history = await memberHistory(tx, memberId);
  const pending = await pendingAwards(tx, memberId);
  for (const planned of planExpiry(history, pending, policy, now, timeZone)) {
    const posted = await postLedgerEntry(tx, {
      shopDomain: shop,
      memberId,
      kind: "expiry",
      points: planned.points,
      sourceType: "expiry",
      sourceId: `${keyPrefix(memberId)}${planned.key}`,
      recordedAt: now,
      // The points expired at that moment, even when the sweep runs a little later.
      effectiveAt: planned.expiresAt,
    });
    if (posted.outcome === "rejected")
      throw new Error(
        `Expiry for member ${memberId} rejected: ${posted.reason}`,
      );
    if (posted.outcome === "posted") {
      result.expired += -planned.points;
      result.entries += 1;
    }
  }
  if (soonDays > 0) {
    const after = await memberHistory(tx, memberId);
    for (const soon of expiringSoon(
      after,
      pending,
      policy,
      now,
      timeZone,
      soonDays,
    )) {
      const key = `${shop}/${keyPrefix(memberId)}${soon.key}`;
      const noticeId = newId(now.getTime());
      const inserted = await recordExpiringSoonNotice(tx, {
        id: noticeId,
        shopDomain: shop,
        memberId,
        key,
        points: soon.points,
        dueAt: soon.expiresAt,
        now,
      });
      if (inserted) result.notices += 1;
      // The notice's key is the business event: a second sweep finds it and queues nothing.
      if (inserted)
        await queueMemberEmail(tx, {
          shopDomain: shop,
          memberId,
          kind: "expiring_soon",
          eventId: key,
          payload: {
            points: soon.points,
            expiresAt: soon.expiresAt.toISOString(),
            balance: after.reduce((sum, entry) => sum + entry.points, 0),
          },
          now,
        });
    }
  }
  return result;
}

export interface ExpirySweepSummary {
  members: number;
  expiredPoints: number;
  entries: number;
  notices: number;
}

/** The periodic sweep over a shop's members with points (one transaction per member). */
export async function runExpirySweep(
  shop: string,
  now = clock.now(),
): Promise<ExpirySweepSummary> {
  const settings = await loadExpirySettings(database, shop);
  const policy = toExpiryPolicy(settings);
  const summary: ExpirySweepSummary = {
    members: 0,
    expiredPoints: 0,
    entries: 0,
    notices: 0,
  };
  if (policy.kind === "none") return summary;
  const members = await listMembersWithPoints(database, shop);
  for (const { id } of members) {
    const result = await inTransaction((tx) =>
      expireMemberPoints(
        tx,
        shop,
        id,
        policy,
        settings.timeZone,
        now,
        settings.expiringSoonDays,
      ),
    );
    summary.members += 1;
    summary.expiredPoints += result.expired;
    summary.entries += result.entries;
    summary.notices += result.notices;
  }
  return summary;
}

/** Notices not sent yet, for the notification sender (email, later). */
export function listUnsentNotices(shop: string, kind = "expiring_soon") {
  return listUnsentMemberNotices(database, shop, kind);
}
