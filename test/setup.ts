import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, afterEach, inject } from "vitest";

// Each test file gets a fresh copy of the migrated template database, before any app module
// (and so the Prisma singleton) is imported: a file copy on SQLite, a database created from the
// template on PostgreSQL (TEST_DATABASE=postgres, test/global-setup.ts).
const dir = inject("testDatabaseDir");
const postgresUrl = inject("testPostgresUrl");
const name = `file-${process.pid}-${Math.random().toString(36).slice(2)}`;
const file = path.join(dir, `${name}.sqlite`);
const database = name.replace(/-/g, "_");

async function postgresAdmin<T>(work: (client: pg.Client) => Promise<T>) {
  const client = new pg.Client({
    connectionString: postgresUrl!.replace("{database}", "postgres"),
  });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

if (postgresUrl) {
  await postgresAdmin((client) =>
    client.query(`CREATE DATABASE "${database}" TEMPLATE "template_loyalty"`),
  );
  process.env.DATABASE_URL = postgresUrl.replace("{database}", database);
} else {
  fs.copyFileSync(path.join(dir, "template.sqlite"), file);
  process.env.DATABASE_URL = `file:${file}`;
}

// An unexpected console.error fails the test that caused it (tests that expect one spy on it).
const originalError = console.error;
let unexpected: unknown[][] = [];
console.error = (...args: unknown[]) => {
  unexpected.push(args);
  originalError(...args);
};
afterEach(() => {
  const errors = unexpected;
  unexpected = [];
  if (errors.length > 0) {
    throw new Error(
      `console.error was called during the test:\n${errors.map((a) => a.map(String).join(" ")).join("\n")}`,
    );
  }
});

afterAll(async () => {
  const prisma = globalThis.prismaGlobal;
  if (prisma) await prisma.$disconnect();
  if (postgresUrl) {
    await postgresAdmin((client) =>
      client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`),
    );
    return;
  }
  for (const suffix of ["", "-wal", "-shm"])
    fs.rmSync(file + suffix, { force: true });
});
