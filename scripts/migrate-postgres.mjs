// `npm run setup` on PostgreSQL: applies prisma/postgres/migrations in name order, each in one
// transaction (PostgreSQL's DDL is transactional), recorded in "_migrations" with a checksum so an
// edited migration is refused. Instances started side by side wait on one advisory lock, so only
// one of them migrates. Prisma 6.19's `migrate deploy` cannot drive @prisma/adapter-pg 6.19.3 (it
// fails reading pg_catalog's `name` columns): see docs/decisions/0020-postgresql.md.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

import pg from "pg";

import { POSTGRES_MIGRATIONS } from "./postgres-schema.mjs";

const LOCK = 7_302_011; // any constant: one advisory lock for "migrating this database"

export function postgresMigrations(dir = POSTGRES_MIGRATIONS) {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(
        path.join(dir, name, "migration.sql"),
        "utf8",
      );
      const checksum = crypto.createHash("sha256").update(sql).digest("hex");
      return { name, sql, checksum };
    });
}

/** Applies what is missing; returns the names applied. */
export async function migratePostgres(
  connectionString,
  { dir = POSTGRES_MIGRATIONS, log = () => {} } = {},
) {
  const client = new pg.Client({ connectionString });
  await client.connect();
  const applied = [];
  try {
    await client.query("SELECT pg_advisory_lock($1)", [LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS "_migrations" (
      "name" TEXT PRIMARY KEY,
      "checksum" TEXT NOT NULL,
      "appliedAt" TIMESTAMPTZ NOT NULL DEFAULT now()
    )`);
    const { rows } = await client.query(
      'SELECT "name", "checksum" FROM "_migrations"',
    );
    const done = new Map(rows.map((row) => [row.name, row.checksum]));
    for (const migration of postgresMigrations(dir)) {
      const recorded = done.get(migration.name);
      if (recorded !== undefined) {
        if (recorded !== migration.checksum)
          throw new Error(
            `migration ${migration.name} was edited after it was applied: add a new migration instead`,
          );
        continue;
      }
      await client.query("BEGIN");
      try {
        await client.query(migration.sql);
        await client.query(
          'INSERT INTO "_migrations" ("name", "checksum") VALUES ($1, $2)',
          [migration.name, migration.checksum],
        );
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(
          `migration ${migration.name} failed: ${error.message}`,
          {
            cause: error,
          },
        );
      }
      applied.push(migration.name);
      log(`applied ${migration.name}`);
    }
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [LOCK]).catch(() => {});
    await client.end();
  }
  return applied;
}
