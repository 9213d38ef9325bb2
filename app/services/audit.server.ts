import {
  type Actor,
  type AuditFilter,
  createAuditEvent,
  listAuditActors,
  listAuditEvents,
  type NewAuditEvent,
} from "~/models/audit.server";
import { type Tx, database } from "~/models/transaction.server";
import { type AuditAction } from "~/services/audit-actions";

/**
 * The audit trail (ADR 0013): every manual action in the admin records who did it and when.
 * Services write the row in the action's own transaction (`recordAudit(tx, …)`), so an action
 * that rolled back leaves no trace and one that happened always has one.
 */

export type { Actor };

export { AUDIT_ACTIONS, type AuditAction } from "~/services/audit-actions";

/** The staff member behind an admin request: `sub` of the session token, the online user's name if any. */
export function actorFromAdmin(context: {
  sessionToken?: { sub?: string } | null;
  session?: {
    onlineAccessInfo?: {
      associated_user?: { first_name?: string; last_name?: string };
    } | null;
  } | null;
}): Actor {
  const user = context.session?.onlineAccessInfo?.associated_user;
  const name =
    [user?.first_name, user?.last_name]
      .map((part) => part?.trim())
      .filter(Boolean)
      .join(" ") || null;
  return { id: context.sessionToken?.sub ?? null, name };
}

export function recordAudit(
  tx: Tx,
  event: Omit<NewAuditEvent, "action"> & { action: AuditAction },
) {
  return createAuditEvent(tx, event);
}

/** Outside a use case's transaction (an action whose service has none of its own). */
export function recordAuditNow(
  event: Omit<NewAuditEvent, "action"> & { action: AuditAction },
) {
  return createAuditEvent(database, event);
}

export const ACTIVITY_PAGE_SIZE = 25;

export async function loadActivityLog(
  shop: string,
  filter: AuditFilter,
  page: number,
) {
  const safePage = Math.max(1, Math.floor(page) || 1);
  const { events, total } = await listAuditEvents(database, shop, filter, {
    take: ACTIVITY_PAGE_SIZE,
    skip: (safePage - 1) * ACTIVITY_PAGE_SIZE,
  });
  return {
    page: safePage,
    total,
    hasNext: safePage * ACTIVITY_PAGE_SIZE < total,
    hasPrevious: safePage > 1,
    actors: await listAuditActors(database, shop),
    events: events.map((event) => ({
      id: event.id,
      action: event.action,
      actorId: event.actorId,
      actorName: event.actorName,
      subjectType: event.subjectType,
      subjectId: event.subjectId,
      memberId: event.memberId,
      details: safeDetails(event.details),
      createdAt: event.createdAt,
    })),
  };
}

function safeDetails(text: string): Record<string, string | number | boolean> {
  try {
    const parsed = JSON.parse(text) as unknown;
    if (!parsed || typeof parsed !== "object") return {};
    const out: Record<string, string | number | boolean> = {};
    for (const [key, value] of Object.entries(parsed))
      if (["string", "number", "boolean"].includes(typeof value))
        out[key] = value as string | number | boolean;
    return out;
  } catch {
    return {};
  }
}
