import { createHmac, timingSafeEqual } from "node:crypto";

import { optOutMemberEmails } from "~/models/member-email.server";
import { findMember } from "~/models/member.server";
import { inTransaction, database } from "~/models/transaction.server";

/**
 * One-click unsubscribe (RFC 8058). The link names the member and carries an HMAC of their id
 * under the app's secret, so nobody can unsubscribe someone else by changing the id.
 */

function tokenFor(memberId: string, secret: string): string {
  return createHmac("sha256", secret)
    .update(`loyalty-email-unsubscribe:${memberId}`)
    .digest("base64url")
    .slice(0, 32);
}

export function unsubscribeUrl(
  appUrl: string,
  memberId: string,
  secret: string,
): string {
  const url = new URL("/email/unsubscribe", appUrl);
  url.searchParams.set("m", memberId);
  url.searchParams.set("t", tokenFor(memberId, secret));
  return url.toString();
}

export function isValidUnsubscribeToken(
  memberId: string,
  token: string,
  secret: string,
): boolean {
  const expected = Buffer.from(tokenFor(memberId, secret));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export type UnsubscribeOutcome = "unsubscribed" | "invalid";

/** Stops loyalty emails for the member, when the token is theirs. Repeating it changes nothing. */
export async function unsubscribeMember(
  input: { memberId: string; token: string },
  options: { secret: string; now: Date },
): Promise<{ outcome: UnsubscribeOutcome; locale: string | null }> {
  if (!isValidUnsubscribeToken(input.memberId, input.token, options.secret))
    return { outcome: "invalid", locale: null };
  return inTransaction(async (tx) => {
    const member = await findMember(tx, input.memberId);
    if (!member) return { outcome: "invalid" as const, locale: null };
    await optOutMemberEmails(tx, member.id, options.now);
    return { outcome: "unsubscribed" as const, locale: member.locale };
  });
}

/** Whether the link is genuine, and the language of the unsubscribe page (the member's). */
export async function checkUnsubscribeLink(
  memberId: string,
  token: string,
  secret: string,
): Promise<{ valid: boolean; locale: string | null }> {
  if (!isValidUnsubscribeToken(memberId, token, secret))
    return { valid: false, locale: null };
  const member = await findMember(database, memberId);
  return { valid: member !== null, locale: member?.locale ?? null };
}
