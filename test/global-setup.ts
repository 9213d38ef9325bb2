import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";

import pg from "pg";

import { migratePostgres } from "../scripts/migrate-postgres.mjs";
import { startPostgresCluster } from "../scripts/postgres-cluster";
import { findChromium } from "./browser/chromium";

declare module "vitest" {
  export interface ProvidedContext {
    testDatabaseDir: string;
    /** With TEST_DATABASE=postgres: the throwaway cluster's URL for a database name. */
    testPostgresUrl: string | null;
  }
}

/** `TEST_DATABASE=postgres`: the same tests on a throwaway PostgreSQL cluster (ADR 0020). */
async function startTestPostgres(): Promise<{
  url: string;
  stop: () => Promise<void>;
}> {
  const cluster = await startPostgresCluster();
  try {
    const admin = new pg.Client({ connectionString: cluster.url("postgres") });
    await admin.connect();
    await admin.query('CREATE DATABASE "template_loyalty"');
    await admin.end();
    await migratePostgres(cluster.url("template_loyalty"));
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  return { url: cluster.url("{database}"), stop: cluster.stop };
}

// One migrated template database per run, in a folder of its own so that runs started side by side
// never share files; every test file gets its own copy of the template (test/setup.ts).
export default async function setup(project: TestProject) {
  // The browser test files start side by side: unpack the npm package's Chromium (when that is
  // the one used) once, here, rather than in each of them. A missing browser is reported by them.
  await findChromium().catch(() => undefined);

  const dir = path.resolve(
    "data/test",
    `run-${process.pid}-${Date.now().toString(36)}`,
  );
  fs.mkdirSync(dir, { recursive: true });
  execFileSync(
    process.execPath,
    ["node_modules/prisma/build/index.js", "migrate", "deploy"],
    {
      env: {
        ...process.env,
        DATABASE_URL: `file:${path.join(dir, "template.sqlite")}`,
      },
      stdio: "pipe",
    },
  );
  project.provide("testDatabaseDir", dir);
  const postgres =
    process.env.TEST_DATABASE === "postgres" ? await startTestPostgres() : null;
  project.provide("testPostgresUrl", postgres?.url ?? null);
  return async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await postgres?.stop();
  };
}
