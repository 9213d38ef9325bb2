import { Prisma } from "@prisma/client";

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

const columnLists = new WeakMap<object, Prisma.Sql>();

/**
 * Every column of a model (its `Prisma.<Model>ScalarFieldEnum`), for a statement that reads whole
 * rows: listed rather than `*`, so that PostgreSQL keeps it prepared. A prepared `SELECT *` would
 * be refused once a migration adds a column ("cached plan must not change result type"), so the
 * driver never keeps one (app/models/sql-driver.server.ts), and parsing and planning it again on
 * every run costs the server about a tenth of a paid order's work there.
 */
export function allColumns(fields: Record<string, string>): Prisma.Sql {
  let list = columnLists.get(fields);
  if (!list) {
    list = Prisma.raw(
      Object.values(fields)
        .map((column) => `"${column}"`)
        .join(", "),
    );
    columnLists.set(fields, list);
  }
  return list;
}
