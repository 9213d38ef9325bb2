import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";

// The migrations must build exactly the database schema.prisma describes (offline `migrate dev` is not
// available, so migrations are authored by hand with `migrate diff`; this catches one that drifted),
// and keep the ledger's database-level guards.
function describeDatabase(file: string) {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations' ORDER BY name",
      )
      .all() as { name: string }[];
    return Object.fromEntries(
      tables.map(({ name }) => {
        const columns = (
          db.prepare(`PRAGMA table_info("${name}")`).all() as Record<
            string,
            unknown
          >[]
        )
          .map(
            (c) =>
              `${c.name} ${c.type} notnull=${c.notnull} default=${c.dflt_value} pk=${c.pk}`,
          )
          .sort(); // ALTER TABLE appends columns: order is not part of the contract
        const indexes = (
          db.prepare(`PRAGMA index_list("${name}")`).all() as {
            name: string;
            unique: number;
          }[]
        )
          .filter((index) => !index.name.startsWith("sqlite_autoindex"))
          .map((index) => {
            const cols = (
              db.prepare(`PRAGMA index_info("${index.name}")`).all() as {
                name: string;
              }[]
            ).map((c) => c.name);
            return `${index.name} unique=${index.unique} (${cols.join(", ")})`;
          })
          .sort();
        const foreignKeys = (
          db.prepare(`PRAGMA foreign_key_list("${name}")`).all() as Record<
            string,
            unknown
          >[]
        )
          .map(
            (fk) =>
              `${fk.from} -> ${fk.table}.${fk.to} on delete ${fk.on_delete}`,
          )
          .sort();
        return [name, { columns, indexes, foreignKeys }];
      }),
    );
  } finally {
    db.close();
  }
}

function triggers(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    return (
      db
        .prepare(
          "SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name",
        )
        .all() as { name: string }[]
    ).map((t) => t.name);
  } finally {
    db.close();
  }
}

describe("migrations", () => {
  const prismaCli = path.resolve("node_modules/prisma/build/index.js");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "loyalty-migrations-"));

  it("build the schema that schema.prisma describes", () => {
    const migrated = path.join(dir, "migrated.sqlite");
    execFileSync(process.execPath, [prismaCli, "migrate", "deploy"], {
      env: { ...process.env, DATABASE_URL: `file:${migrated}` },
      stdio: "pipe",
    });

    const fromSchema = path.join(dir, "from-schema.sqlite");
    const script = execFileSync(
      process.execPath,
      [
        prismaCli,
        "migrate",
        "diff",
        "--from-empty",
        "--to-schema-datamodel",
        "prisma/schema.prisma",
        "--script",
      ],
      {
        env: { ...process.env, DATABASE_URL: `file:${fromSchema}` },
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    const db = new Database(fromSchema);
    db.exec(script);
    db.close();

    expect(describeDatabase(migrated)).toEqual(describeDatabase(fromSchema));
    expect(triggers(migrated)).toEqual(
      expect.arrayContaining([
        "LedgerEntry_immutable",
        "Member_balance_not_negative_insert",
        "Member_balance_not_negative_update",
      ]),
    );
  }, 60_000);
});
