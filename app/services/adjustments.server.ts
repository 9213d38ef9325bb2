import { type LedgerEntry } from "@prisma/client";
import { z } from "zod";

import * as clock from "~/clock.server";
import { postLedgerEntry } from "~/models/ledger.server";
import { memberBalance } from "~/models/member.server";
import { type Actor, recordAudit } from "~/services/audit.server";
import { inTransaction } from "~/models/transaction.server";
import { queueAdjustmentEmails } from "~/services/emails/queue.server";

/**
 * A merchant's manual correction of a member's points, from the member page: add or deduct a whole
 * number of points with a description the customer sees in their history. One form submission posts
 * at most one entry (the hidden idempotency key), and a deduction never takes the balance below zero.
 */

/** A ceiling no real correction reaches; it keeps balances far inside safe integers. */
export const MAX_ADJUSTMENT_POINTS = 10_000_000;
export const ADJUSTMENT_DESCRIPTION_MAX = 255;

export type AdjustmentErrorKey =
  | "adjustment.points.invalid"
  | "adjustment.description.required"
  | "adjustment.description.tooLong"
  | "adjustment.direction.invalid"
  | "adjustment.key.invalid";

const message = (key: AdjustmentErrorKey) => ({ message: key });

/** The "Adjust points" form as posted. Points arrive as text; only whole, positive numbers pass. */
export const PointsAdjustmentFormSchema = z.object({
  direction: z.enum(["add", "deduct"], {
    errorMap: () => message("adjustment.direction.invalid"),
  }),
  points: z
    .string({ errorMap: () => message("adjustment.points.invalid") })
    .trim()
    .regex(/^\d{1,9}$/, message("adjustment.points.invalid"))
    .transform(Number)
    .refine(
      (points) => points >= 1 && points <= MAX_ADJUSTMENT_POINTS,
      message("adjustment.points.invalid"),
    ),
  description: z
    .string({ errorMap: () => message("adjustment.description.required") })
    .trim()
    .min(1, message("adjustment.description.required"))
    .max(ADJUSTMENT_DESCRIPTION_MAX, message("adjustment.description.tooLong")),
  idempotencyKey: z
    .string({ errorMap: () => message("adjustment.key.invalid") })
    .regex(/^[A-Za-z0-9_-]{8,64}$/, message("adjustment.key.invalid")),
  /** "Notify the customer" (a checkbox, on by default in the form): the balance-adjusted email. */
  notifyCustomer: z
    .unknown()
    .optional()
    .transform((value) => value === "on" || value === "true" || value === true),
});
export type PointsAdjustment = Omit<
  z.output<typeof PointsAdjustmentFormSchema>,
  "notifyCustomer"
> & { notifyCustomer?: boolean };

export type PointsAdjustmentParse =
  | { ok: true; adjustment: PointsAdjustment }
  | {
      ok: false;
      errors: Partial<Record<keyof PointsAdjustment, AdjustmentErrorKey>>;
    };

export function parsePointsAdjustmentForm(
  form: Record<string, unknown>,
): PointsAdjustmentParse {
  const parsed = PointsAdjustmentFormSchema.safeParse(form);
  if (parsed.success) return { ok: true, adjustment: parsed.data };
  const errors: Partial<Record<keyof PointsAdjustment, AdjustmentErrorKey>> =
    {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0] as keyof PointsAdjustment;
    errors[field] ??= issue.message as AdjustmentErrorKey;
  }
  return { ok: false, errors };
}

export type PointsAdjustmentResult =
  | { outcome: "adjusted"; entry: LedgerEntry }
  /** This form submission was already recorded: nothing changed. */
  | { outcome: "duplicate"; entry: LedgerEntry }
  /** A deduction larger than the balance: refused, nothing changed. */
  | { outcome: "insufficient_balance"; balance: number }
  | { outcome: "unknown_member" };

/**
 * Posts the adjustment as a `manual_adjustment` entry. The source id carries the member, so a key
 * replayed against another member cannot collide with (or reveal) this one's entry.
 */
export async function adjustMemberPoints(
  shopDomain: string,
  memberId: string,
  adjustment: PointsAdjustment,
  audit: { actor: Actor; now: Date } = {
    actor: { id: null, name: null },
    now: clock.now(),
  },
): Promise<PointsAdjustmentResult> {
  return inTransaction(async (tx) => {
    const posted = await postLedgerEntry(tx, {
      shopDomain,
      memberId,
      kind: "manual_adjustment",
      points:
        adjustment.direction === "add" ? adjustment.points : -adjustment.points,
      sourceType: "adjustment",
      sourceId: `${memberId}/${adjustment.idempotencyKey}`,
      description: adjustment.description,
      recordedAt: audit.now,
    });
    switch (posted.outcome) {
      case "posted":
        // Who adjusted: shown in the member's history and the activity log (ADR 0013).
        await recordAudit(tx, {
          shopDomain,
          actor: audit.actor,
          action: "points.adjusted",
          subjectType: "member",
          subjectId: memberId,
          memberId,
          ledgerEntryId: posted.entry.id,
          details: { points: posted.entry.points },
          at: audit.now,
        });
        if (adjustment.notifyCustomer)
          await queueAdjustmentEmails(tx, posted, posted.entry.createdAt);
        return { outcome: "adjusted", entry: posted.entry };
      case "duplicate":
        return { outcome: "duplicate", entry: posted.entry };
      case "rejected": {
        if (posted.reason === "insufficient_balance") {
          return {
            outcome: "insufficient_balance",
            balance: await memberBalance(tx, memberId),
          };
        }
        if (posted.reason === "unknown_member")
          return { outcome: "unknown_member" };
        // The schema only lets whole, non-zero points through: any other refusal is a bug.
        throw new Error(`manual adjustment refused: ${posted.reason}`);
      }
    }
  });
}
