import { type ContentSubmission, type Member } from "@prisma/client";

import { type Tx } from "~/models/transaction.server";

/** Content missions the shoppers submit and the merchant moderates (`ContentSubmission`). */

export type SubmissionState = "pending" | "approved" | "rejected";

export type SubmissionWithMember = ContentSubmission & {
  member: Pick<Member, "customerId" | "email" | "firstName" | "lastName">;
};

/** The member's submission to the mission still waiting for the merchant, if any. */
export function findPendingSubmission(
  tx: Tx,
  shopDomain: string,
  ruleId: string,
  memberId: string,
) {
  return tx.contentSubmission.findFirst({
    where: { shopDomain, ruleId, memberId, state: "pending" },
  });
}

export function createSubmission(
  tx: Tx,
  input: {
    shopDomain: string;
    ruleId: string;
    memberId: string;
    content: string;
    now: Date;
  },
) {
  return tx.contentSubmission.create({
    data: {
      shopDomain: input.shopDomain,
      ruleId: input.ruleId,
      memberId: input.memberId,
      content: input.content,
      createdAt: input.now,
    },
  });
}

/** The moderation queue (oldest first while pending, newest first once decided), 200 at most. */
export function listSubmissions(
  db: Tx,
  shopDomain: string,
  state: SubmissionState,
): Promise<SubmissionWithMember[]> {
  return db.contentSubmission.findMany({
    where: { shopDomain, state },
    include: {
      member: {
        select: {
          customerId: true,
          email: true,
          firstName: true,
          lastName: true,
        },
      },
    },
    orderBy: [
      { createdAt: state === "pending" ? "asc" : "desc" },
      { id: "asc" },
    ],
    take: 200,
  });
}

export function countPendingSubmissions(
  db: Tx,
  shopDomain: string,
): Promise<number> {
  return db.contentSubmission.count({
    where: { shopDomain, state: "pending" },
  });
}

export function findSubmission(tx: Tx, shopDomain: string, id: string) {
  return tx.contentSubmission.findFirst({ where: { id, shopDomain } });
}

/** Records the merchant's decision (final) and the points it awarded. */
export function decideSubmission(
  tx: Tx,
  id: string,
  decision: {
    state: "approved" | "rejected";
    message?: string | null;
    points: number;
    now: Date;
  },
) {
  return tx.contentSubmission.update({
    where: { id },
    data: {
      state: decision.state,
      ...(decision.message !== undefined ? { message: decision.message } : {}),
      decidedAt: decision.now,
      points: decision.points,
    },
  });
}

/** The member's latest submission to the mission (what the storefront shows). */
export function findLatestSubmission(
  db: Tx,
  shopDomain: string,
  ruleId: string,
  memberId: string,
) {
  return db.contentSubmission.findFirst({
    where: { shopDomain, ruleId, memberId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { state: true, message: true },
  });
}

/** Everything the member submitted, in order (a customer data request). */
export function listMemberSubmissions(tx: Tx, memberId: string) {
  return tx.contentSubmission.findMany({
    where: { memberId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
}
