import prisma, { openTransaction, type Tx } from "~/db.server";

export {
  assertNetworkAllowed,
  forbidNetworkInTransaction,
  NetworkInsideTransactionError,
  outsideTransaction,
} from "~/db.server";
import {
  retriesExhausted,
  retryDelayMs,
  type RetryPolicy,
} from "~/loyalty/retry-policy";

export type { Tx };

/**
 * The database outside any transaction, for a service to hand to a model function (every model
 * takes `db: Tx` first, so one function serves inside and outside a transaction). Typed as `Tx`:
 * no `$transaction` here, use `inTransaction`. Only app/models queries it (ADR 0024).
 */
export const database: Tx = prisma;

/**
 * A transaction that lost a race: tried 3 times in all, after 10–20 ms then 40–80 ms (short: the
 * winner has committed, the retry only has to see it).
 */
export const LOST_RACE_RETRY_POLICY: RetryPolicy = {
  baseDelayMs: 20,
  maxDelayMs: 80,
  factor: 4,
  maxAttempts: 3,
};

/**
 * One interactive transaction, retried when it lost a race it could not see coming: a unique
 * key another process inserted first (P2002), a write conflict on PostgreSQL (P2034), or a busy
 * SQLite file (another process, e.g. `npm run worker`, wrote since this transaction's snapshot).
 * `work` must be idempotent: every use case here is (it settles from recorded facts), and on the
 * retry it sees the winner's rows and returns "duplicate".
 *
 * On SQLite every transaction also waits its turn for the one connection (app/db.server.ts), so a
 * burst of webhooks queues here: the wait limit is generous so a queue behind a duplicate storm
 * does not fail deliveries that would succeed.
 */
export async function inTransaction<T>(
  work: (tx: Tx) => Promise<T>,
  options: { writeLock?: boolean } = {},
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await openTransaction(prisma, work, {
        maxWait: 60_000,
        timeout: 60_000,
        writeLock: options.writeLock,
      });
    } catch (error) {
      if (
        retriesExhausted(LOST_RACE_RETRY_POLICY, attempt) ||
        !isLostRace(error)
      )
        throw error;
      await new Promise((resolve) =>
        setTimeout(
          resolve,
          retryDelayMs(LOST_RACE_RETRY_POLICY, attempt, Math.random()),
        ),
      );
    }
  }
}

/** Prisma's "unique constraint failed" (P2002), the backstop behind every idempotency check. */
export function isUniqueViolation(error: unknown): boolean {
  const code = errorCode(error);
  if (code === "P2002") return true;
  // The driver's own error, from a statement app/models/sql.server.ts ran directly.
  if (
    code === "SQLITE_CONSTRAINT_UNIQUE" ||
    code === "SQLITE_CONSTRAINT_PRIMARYKEY" ||
    code === "23505"
  )
    return true;
  // A raw statement on PostgreSQL reports it as "raw query failed" with the server's SQLSTATE.
  return errorCode(error) === "P2010" && sqlState(error) === "23505";
}

/** A row that refers to one that is gone (Prisma's P2003, or the driver's own error). */
export function isForeignKeyViolation(error: unknown): boolean {
  const code = errorCode(error);
  return (
    code === "P2003" ||
    code === "SQLITE_CONSTRAINT_FOREIGNKEY" ||
    code === "23503" ||
    sqlState(error) === "23503"
  );
}

/**
 * PostgreSQL's "could not serialize" (40001) and "deadlock detected" (40P01): the transaction was
 * rolled back and may simply be run again (docs/decisions/0020-postgresql.md).
 */
function isPostgresConflict(error: unknown): boolean {
  return [errorCode(error), sqlState(error)].some(
    (state) => state === "40001" || state === "40P01",
  );
}

function sqlState(error: unknown): unknown {
  if (typeof error !== "object" || error === null) return undefined;
  const { meta, message } = error as {
    meta?: { code?: unknown };
    message?: unknown;
  };
  if (typeof meta?.code === "string") return meta.code;
  // "Raw query failed. Code: `23505`. Message: …" (the adapter's error, as the client words it).
  const match =
    typeof message === "string" ? /Code: `(\w{5})`/.exec(message) : null;
  return match?.[1];
}

function isLostRace(error: unknown): boolean {
  const code = errorCode(error);
  if (code === "P2002" || code === "P2034" || code === "P1008") return true;
  if (isUniqueViolation(error) || isPostgresConflict(error)) return true;
  return typeof code === "string" && code.startsWith("SQLITE_BUSY");
}

function errorCode(error: unknown): unknown {
  return typeof error === "object" && error !== null
    ? (error as { code?: unknown }).code
    : undefined;
}
