import { Prisma } from "@prisma/client";

import { sqlExecute } from "~/models/sql.server";
import { type Tx } from "~/models/transaction.server";

/**
 * Runs `work` inside a savepoint of the caller's transaction: when it throws, what it wrote is
 * undone and the transaction (its locks, its earlier writes) goes on. SQLite and PostgreSQL both
 * speak SAVEPOINT; a savepoint of the same name nested inside this one shadows it, as SQL says.
 */
export async function undoIfThrows<T>(
  tx: Tx,
  work: () => Promise<T>,
): Promise<T> {
  await sqlExecute(tx, Prisma.sql`SAVEPOINT "undo_if_throws"`);
  let result: T;
  try {
    result = await work();
  } catch (error) {
    await sqlExecute(tx, Prisma.sql`ROLLBACK TO SAVEPOINT "undo_if_throws"`);
    await sqlExecute(tx, Prisma.sql`RELEASE SAVEPOINT "undo_if_throws"`);
    throw error;
  }
  await sqlExecute(tx, Prisma.sql`RELEASE SAVEPOINT "undo_if_throws"`);
  return result;
}
