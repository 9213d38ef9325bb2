import fs from "node:fs";
import path from "node:path";
import { afterAll, afterEach, inject } from "vitest";

// Each test file gets a fresh copy of the migrated template database, before any app module
// (and so the Prisma singleton) is imported.
const dir = inject("testDatabaseDir");
const file = path.join(
  dir,
  `file-${process.pid}-${Math.random().toString(36).slice(2)}.sqlite`,
);
fs.copyFileSync(path.join(dir, "template.sqlite"), file);
process.env.DATABASE_URL = `file:${file}`;

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
  for (const suffix of ["", "-wal", "-shm"])
    fs.rmSync(file + suffix, { force: true });
});
