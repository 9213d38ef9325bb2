import { type AuditEvent, type Prisma } from "@prisma/client";

import { type Tx } from "~/models/transaction.server";

/** Who did a manual action: the staff member from the session token (`sub`), their name when known. */
export interface Actor {
  id: string | null;
  name: string | null;
}

export interface NewAuditEvent {
  shopDomain: string;
  actor: Actor;
  action: string;
  subjectType?: string;
  subjectId?: string;
  memberId?: string;
  ledgerEntryId?: string;
  /** Codes and numbers only (translated when shown). */
  details?: Record<string, unknown>;
  at: Date;
}

export function createAuditEvent(
  tx: Tx,
  event: NewAuditEvent,
): Promise<AuditEvent> {
  return tx.auditEvent.create({
    data: {
      shopDomain: event.shopDomain,
      actorId: event.actor.id,
      actorName: event.actor.name,
      action: event.action,
      subjectType: event.subjectType ?? null,
      subjectId: event.subjectId ?? null,
      memberId: event.memberId ?? null,
      ledgerEntryId: event.ledgerEntryId ?? null,
      details: JSON.stringify(event.details ?? {}),
      createdAt: event.at,
    },
  });
}

export interface AuditFilter {
  actions?: string[];
  actorId?: string;
  from?: Date;
  to?: Date;
}

function whereFor(shopDomain: string, filter: AuditFilter) {
  const where: Prisma.AuditEventWhereInput = { shopDomain };
  if (filter.actions && filter.actions.length > 0)
    where.action = { in: filter.actions };
  if (filter.actorId) where.actorId = filter.actorId;
  if (filter.from || filter.to)
    where.createdAt = {
      ...(filter.from ? { gte: filter.from } : {}),
      ...(filter.to ? { lt: filter.to } : {}),
    };
  return where;
}

/** One page, newest first, keyed by (createdAt, id) so a page never repeats or skips a row. */
export async function listAuditEvents(
  db: Tx,
  shopDomain: string,
  filter: AuditFilter,
  page: { take: number; skip: number },
): Promise<{ events: AuditEvent[]; total: number }> {
  const where = whereFor(shopDomain, filter);
  const [events, total] = [
    await db.auditEvent.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: page.take,
      skip: page.skip,
    }),
    await db.auditEvent.count({ where }),
  ];
  return { events, total };
}

export function listAuditActors(db: Tx, shopDomain: string) {
  return db.auditEvent.findMany({
    where: { shopDomain, actorId: { not: null } },
    distinct: ["actorId"],
    select: { actorId: true, actorName: true },
    orderBy: { actorId: "asc" },
    take: 100,
  });
}

/** The audit rows of some ledger entries (who adjusted), for a member's history. */
export function auditForLedgerEntries(
  db: Tx,
  shopDomain: string,
  ledgerEntryIds: string[],
) {
  if (ledgerEntryIds.length === 0) return Promise.resolve([]);
  return db.auditEvent.findMany({
    where: { shopDomain, ledgerEntryId: { in: ledgerEntryIds } },
    select: { ledgerEntryId: true, actorId: true, actorName: true },
  });
}
