import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export const TEST_DB_DIR = path.resolve("data/test");
export const TEMPLATE_DB = path.join(TEST_DB_DIR, "template.sqlite");

// One migrated template database per run; every test file gets its own copy (test/setup.ts).
export default function setup() {
  fs.rmSync(TEST_DB_DIR, { recursive: true, force: true });
  fs.mkdirSync(TEST_DB_DIR, { recursive: true });
  execFileSync(process.execPath, ["node_modules/prisma/build/index.js", "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: `file:${TEMPLATE_DB}` },
    stdio: "pipe",
  });
}
