import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { migratePostgres } from "../scripts/migrate-postgres.mjs";
import {
  startPostgresCluster,
  type PostgresCluster,
} from "../scripts/postgres-cluster";
import {
  POSTGRES_SCHEMA,
  postgresMigrationsPending,
  writePostgresSchema,
} from "../scripts/postgres-schema.mjs";
import { postgresServerMissing } from "./database";

// prisma/schema.prisma is the one schema; prisma/postgres/migrations must build it on PostgreSQL
// as prisma/migrations does on SQLite, with the same database-level guards
// (docs/decisions/0020-postgresql.md).
describe("PostgreSQL migrations", () => {
  it("are up to date with prisma/schema.prisma (else: npm run postgres:migration)", () => {
    expect(postgresMigrationsPending()).toBeNull();
  });

  describe.skipIf(postgresServerMissing())("on a throwaway cluster", () => {
    let cluster: PostgresCluster;
    beforeAll(async () => {
      cluster = await startPostgresCluster();
      const admin = new pg.Client({
        connectionString: cluster.url("postgres"),
      });
      await admin.connect();
      await admin.query('CREATE DATABASE "migrated"');
      await admin.query('CREATE DATABASE "from_schema"');
      await admin.end();
    }, 120_000);
    afterAll(async () => {
      await cluster?.stop();
    });

    async function query<T>(database: string, sql: string): Promise<T[]> {
      const client = new pg.Client({ connectionString: cluster.url(database) });
      await client.connect();
      try {
        return (await client.query(sql)).rows as T[];
      } finally {
        await client.end();
      }
    }

    async function describeDatabase(database: string) {
      const columns = await query<Record<string, string>>(
        database,
        `SELECT table_name, column_name, data_type, is_nullable, column_default
         FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_migrations'
         ORDER BY table_name, column_name`,
      );
      const indexes = await query<{ indexdef: string }>(
        database,
        `SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_migrations' ORDER BY indexname`,
      );
      const constraints = await query<{ def: string }>(
        database,
        `SELECT conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) AS def
         FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> '_migrations'
         ORDER BY 1`,
      );
      return { columns, indexes, constraints };
    }

    it("build what schema.prisma describes, and keep every SQLite trigger as a PostgreSQL one", async () => {
      await migratePostgres(cluster.url("migrated"));
      // Applying again is a no-op (npm run setup on every start).
      expect(await migratePostgres(cluster.url("migrated"))).toEqual([]);

      writePostgresSchema();
      const script = execFileSync(
        process.execPath,
        [
          path.resolve("node_modules/prisma/build/index.js"),
          "migrate",
          "diff",
          "--from-empty",
          "--to-schema-datamodel",
          POSTGRES_SCHEMA,
          "--script",
        ],
        {
          env: { ...process.env, DATABASE_URL: cluster.url("from_schema") },
          encoding: "utf8",
          stdio: ["ignore", "pipe", "pipe"],
        },
      );
      const client = new pg.Client({
        connectionString: cluster.url("from_schema"),
      });
      await client.connect();
      await client.query(script);
      await client.end();

      expect(await describeDatabase("migrated")).toEqual(
        await describeDatabase("from_schema"),
      );

      const sqliteFile = path.join(
        inject("testDatabaseDir"),
        "template.sqlite",
      );
      const sqlite = new Database(sqliteFile, { readonly: true });
      const sqliteTriggers = (
        sqlite
          .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'")
          .all() as { name: string }[]
      )
        .map((t) => t.name)
        .sort();
      sqlite.close();
      const postgresTriggers = (
        await query<{ tgname: string }>(
          "migrated",
          "SELECT DISTINCT tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY tgname",
        )
      ).map((t) => t.tgname);
      expect(sqliteTriggers.length).toBeGreaterThan(0);
      expect(postgresTriggers).toEqual(sqliteTriggers);
    }, 120_000);

    it("refuse an edited migration", async () => {
      const dir = fs.mkdtempSync(path.join(cluster.dir, "migrations-"));
      fs.mkdirSync(path.join(dir, "1_first"));
      fs.writeFileSync(
        path.join(dir, "1_first", "migration.sql"),
        'CREATE TABLE "t" ("id" INTEGER);',
      );
      await query("postgres", 'CREATE DATABASE "edited"');
      expect(await migratePostgres(cluster.url("edited"), { dir })).toEqual([
        "1_first",
      ]);
      fs.writeFileSync(
        path.join(dir, "1_first", "migration.sql"),
        'CREATE TABLE "t" ("id" BIGINT);',
      );
      await expect(
        migratePostgres(cluster.url("edited"), { dir }),
      ).rejects.toThrow(/edited after it was applied/);
    });
  });
});
