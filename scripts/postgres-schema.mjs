// prisma/schema.prisma is the one schema. Its PostgreSQL twin is derived from it (the datasource
// provider swapped, the client generated into a folder of its own) by `node
// scripts/postgres-schema.mjs`, which postinstall runs: never edit prisma/postgres/schema.prisma.
// See docs/decisions/0020-postgresql.md.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import url from "node:url";

const root = path.resolve(
  path.dirname(url.fileURLToPath(import.meta.url)),
  "..",
);

export const SQLITE_SCHEMA = path.join(root, "prisma", "schema.prisma");
export const POSTGRES_DIR = path.join(root, "prisma", "postgres");
export const POSTGRES_SCHEMA = path.join(POSTGRES_DIR, "schema.prisma");
export const POSTGRES_MIGRATIONS = path.join(POSTGRES_DIR, "migrations");
/** The datamodel prisma/postgres/migrations builds, as of its newest migration. */
export const POSTGRES_MIGRATED = path.join(POSTGRES_DIR, "migrated.prisma");
/** Where the PostgreSQL client is generated (app/db.server.ts loads it from there). */
export const POSTGRES_CLIENT = path.join(
  root,
  "node_modules",
  ".prisma",
  "postgres-client",
);

const HEADER =
  "// GENERATED from prisma/schema.prisma by scripts/postgres-schema.mjs: do not edit.\n";

/** The SQLite schema's text with the datasource on PostgreSQL and the client in its own folder. */
export function postgresSchemaText(sqliteText) {
  const datasource = /(datasource\s+db\s*\{[^}]*provider\s*=\s*)"sqlite"/;
  const generator = /(generator\s+client\s*\{[^}]*?)(\n\})/;
  if (!datasource.test(sqliteText) || !generator.test(sqliteText))
    throw new Error(
      'prisma/schema.prisma: expected `datasource db { provider = "sqlite" }` and `generator client { }`',
    );
  const output = path
    .relative(POSTGRES_DIR, POSTGRES_CLIENT)
    .split(path.sep)
    .join("/");
  return (
    HEADER +
    sqliteText
      .replace(datasource, '$1"postgresql"')
      .replace(generator, `$1\n  output     = "${output}"$2`)
  );
}

/** Only the models, enums and their attributes: what a migration changes. */
export function datamodelOf(schemaText) {
  return schemaText
    .replace(/\/\/.*$/gm, "")
    .replace(/(generator|datasource)\s+\w+\s*\{[^}]*\}/g, "")
    .split("\n")
    .map((line) => line.trim().replace(/\s+/g, " "))
    .filter(Boolean)
    .join("\n");
}

export function writePostgresSchema() {
  const text = postgresSchemaText(fs.readFileSync(SQLITE_SCHEMA, "utf8"));
  fs.mkdirSync(POSTGRES_DIR, { recursive: true });
  const current = fs.existsSync(POSTGRES_SCHEMA)
    ? fs.readFileSync(POSTGRES_SCHEMA, "utf8")
    : "";
  if (current !== text) fs.writeFileSync(POSTGRES_SCHEMA, text);
  return text;
}

/**
 * Null when prisma/postgres/migrations builds what prisma/schema.prisma describes; otherwise the
 * instruction that fixes it.
 */
export function postgresMigrationsPending() {
  const wanted = datamodelOf(fs.readFileSync(SQLITE_SCHEMA, "utf8"));
  const migrated = fs.existsSync(POSTGRES_MIGRATED)
    ? datamodelOf(fs.readFileSync(POSTGRES_MIGRATED, "utf8"))
    : "";
  return wanted === migrated
    ? null
    : "prisma/schema.prisma changed since the newest PostgreSQL migration: run `npm run postgres:migration` and commit prisma/postgres/.";
}

/**
 * `prisma generate` for both schemas. Each needs a DATABASE_URL of its own kind, or the CLI falls
 * back to downloading a native engine (which fails offline): the generated client does not keep it.
 */
function generateClients() {
  const cli = path.join(root, "node_modules", "prisma", "build", "index.js");
  const current = process.env.DATABASE_URL ?? "";
  const postgres = /^postgres(ql)?:/.test(current);
  for (const [schema, databaseUrl] of [
    [
      SQLITE_SCHEMA,
      postgres ? "file:./data/dev.sqlite" : current || "file:./data/dev.sqlite",
    ],
    [POSTGRES_SCHEMA, postgres ? current : "postgresql://localhost/generate"],
  ]) {
    const result = spawnSync(
      process.execPath,
      [cli, "generate", "--schema", schema],
      {
        cwd: root,
        stdio: "inherit",
        env: { ...process.env, DATABASE_URL: databaseUrl },
      },
    );
    if (result.status !== 0) process.exit(result.status ?? 1);
  }
  shareRuntime();
}

/**
 * The PostgreSQL client is generated with a copy of Prisma's runtime; the app builds raw SQL with
 * `Prisma.sql`/`Prisma.join` and checks errors with `instanceof` from `@prisma/client`, whose
 * runtime is the same file (6.19.3) loaded once more. A fragment from the other copy is not
 * recognised and would be sent as one parameter: both clients load the one runtime instead.
 */
function shareRuntime() {
  const index = path.join(POSTGRES_CLIENT, "index.js");
  const text = fs.readFileSync(index, "utf8");
  const shared = text.replaceAll(
    "require('./runtime/client.js')",
    "require('@prisma/client/runtime/client.js')",
  );
  if (!shared.includes("require('@prisma/client/runtime/client.js')"))
    throw new Error(`${index}: the runtime require was not found`);
  fs.writeFileSync(index, shared);
}

// `node scripts/postgres-schema.mjs` (postinstall): derive the PostgreSQL schema, generate both clients.
if (process.argv[1] === url.fileURLToPath(import.meta.url)) {
  writePostgresSchema();
  if (process.argv[2] !== "--no-generate") generateClients();
}
