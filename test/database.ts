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
