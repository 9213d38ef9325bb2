import { Prisma } from "@prisma/client";

import { databaseDialect } from "~/db.server";

/**
 * Row locks where SQLite's single writer used to give them for free (docs/decisions/0020-postgresql.md).
 * On SQLite they are empty: its transactions already run one at a time.
 */

/** `FOR UPDATE`: hold the rows read until the transaction ends. */
export const FOR_UPDATE =
  databaseDialect === "postgres" ? Prisma.sql`FOR UPDATE` : Prisma.empty;

/** `FOR UPDATE SKIP LOCKED`: take rows no concurrent transaction holds, without waiting. */
export const FOR_UPDATE_SKIP_LOCKED =
  databaseDialect === "postgres"
    ? Prisma.sql`FOR UPDATE SKIP LOCKED`
    : Prisma.empty;

/** Whether writers can work side by side (PostgreSQL), or queue behind one (SQLite). */
export const databaseTakesParallelWriters = databaseDialect === "postgres";
