import { type Prisma } from "@prisma/client";

import { driverOf, type Tx } from "~/db.server";

/**
 * Raw SQL for the models, run by the driver itself when it is known (the app's client, and the
 * transactions `inTransaction` opens), else through Prisma's `$queryRaw`. Same statement, same
 * results either way; the driver skips Prisma's per-query compile and interpret, which was three
 * quarters of the webhook path's CPU (docs/decisions/0029-direct-sql-on-the-hot-path.md).
 *
 * Results as Prisma's raw queries give them, with one difference: 64-bit integers (COUNT on
 * PostgreSQL) come back as numbers from the driver and as bigint through Prisma, so read them
 * with Number().
 */
export function sqlRows<T>(db: Tx, statement: Prisma.Sql): Promise<T[]> {
  const driver = driverOf(db);
  return driver ? driver.rows<T>(statement) : db.$queryRaw<T[]>(statement);
}

/** Runs a statement that returns nothing; resolves to the number of rows it changed. */
export function sqlExecute(db: Tx, statement: Prisma.Sql): Promise<number> {
  const driver = driverOf(db);
  return driver ? driver.execute(statement) : db.$executeRaw(statement);
}
