import { type Member } from "@prisma/client";

import { type CustomerFacts } from "~/loyalty/types";
import { type Tx } from "~/models/transaction.server";

export function findMember(db: Tx, memberId: string): Promise<Member | null> {
  return db.member.findUnique({ where: { id: memberId } });
}

export function findMemberByCustomer(db: Tx, shopDomain: string, customerId: string): Promise<Member | null> {
  return db.member.findUnique({ where: { shopCustomer: { shopDomain, customerId } } });
}

/**
 * customers/create and customers/update: creates the member, or refreshes their details.
 * A redacted member keeps nothing personal, whatever a late webhook says.
 */
export async function upsertMemberFromCustomer(
  tx: Tx,
  shopDomain: string,
  customer: CustomerFacts,
): Promise<{ member: Member; created: boolean }> {
  const details = { email: customer.email, firstName: customer.firstName, lastName: customer.lastName };
  const existing = await findMemberByCustomer(tx, shopDomain, customer.customerId);
  if (!existing) {
    const member = await tx.member.create({ data: { shopDomain, customerId: customer.customerId, ...details } });
    return { member, created: true };
  }
  if (existing.redactedAt !== null) return { member: existing, created: false };
  const member = await tx.member.update({ where: { id: existing.id }, data: details });
  return { member, created: false };
}

/**
 * The member an order's points go to, created on the fly when the order arrives before
 * customers/create. Only fills the email: the customer webhook brings the rest.
 */
export async function ensureMemberForOrder(
  tx: Tx,
  shopDomain: string,
  customerId: string,
  email: string | null,
): Promise<Member> {
  const existing = await findMemberByCustomer(tx, shopDomain, customerId);
  if (existing) return existing;
  return tx.member.create({ data: { shopDomain, customerId, email } });
}

/**
 * customers/redact: names and email go; the member row stays (anonymous: the Shopify customer
 * id means nothing once Shopify has erased the customer) so the ledger keeps adding up.
 */
export function redactMember(tx: Tx, memberId: string, now: Date) {
  return tx.member.update({
    where: { id: memberId },
    data: { email: null, firstName: null, lastName: null, redactedAt: now },
  });
}

/** Members whose balance Shopify should show (redacted members are no one's any more). */
export async function listMirroredMemberIds(db: Tx, shopDomain: string): Promise<string[]> {
  const rows = await db.member.findMany({ where: { shopDomain, redactedAt: null }, select: { id: true } });
  return rows.map((row) => row.id);
}
