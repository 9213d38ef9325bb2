import prisma, { type Tx } from "~/db.server";

export type { Tx };

/**
 * One interactive transaction. On SQLite every transaction waits its turn for the one
 * connection (app/db.server.ts), so a burst of webhooks queues here: the wait limit is
 * generous so a queue behind a duplicate storm does not fail deliveries that would succeed.
 */
export function inTransaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
  return prisma.$transaction(work, { maxWait: 60_000, timeout: 60_000 });
}

/** Prisma's "unique constraint failed" (P2002), the backstop behind every idempotency check. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}
