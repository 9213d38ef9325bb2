import { postgresBinDir } from "../scripts/postgres-cluster";

/**
 * The tests' database: SQLite by default, a throwaway PostgreSQL cluster with
 * TEST_DATABASE=postgres (test/global-setup.ts, docs/decisions/0020-postgresql.md).
 */
export const testDatabase: "sqlite" | "postgres" =
  process.env.TEST_DATABASE === "postgres" ? "postgres" : "sqlite";

/**
 * The long concurrency tests make thousands of transactions; each is a round trip to a server on
 * PostgreSQL rather than a call into the process on SQLite. Their time limits scale with it (a
 * limit against a hang, not a performance assertion).
 */
export const slowTestTimeout = (ms: number) =>
  testDatabase === "postgres" ? ms * 3 : ms;

/**
 * A machine with nothing but Node has no PostgreSQL server: tests that need one skip there and
 * say so. CI installs Debian's postgresql (.ci/run) and never skips.
 */
export function postgresServerMissing(): boolean {
  if (process.env.CI) return false;
  try {
    postgresBinDir();
    return false;
  } catch (error) {
    console.warn(`skipping the PostgreSQL cluster checks: ${String(error)}`);
    return true;
  }
}
