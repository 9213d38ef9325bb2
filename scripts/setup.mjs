// `npm run setup`: brings the database DATABASE_URL names up to date. SQLite (the default):
// `prisma migrate deploy`. PostgreSQL: our own migrator over prisma/postgres/migrations
// (docs/decisions/0020-postgresql.md). The URL is the only thing a host changes.
import "dotenv/config";
import { spawnSync } from "node:child_process";
import path from "node:path";
import url from "node:url";

import { migratePostgres } from "./migrate-postgres.mjs";
import { postgresMigrationsPending } from "./postgres-schema.mjs";

const root = path.resolve(
  path.dirname(url.fileURLToPath(import.meta.url)),
  "..",
);
const databaseUrl = process.env.DATABASE_URL ?? "file:./data/dev.sqlite";

if (/^postgres(ql)?:/.test(databaseUrl)) {
  const pending = postgresMigrationsPending();
  if (pending) {
    console.error(`[setup] ${pending}`);
    process.exit(1);
  }
  const applied = await migratePostgres(databaseUrl, {
    log: (line) => console.log(`[setup] ${line}`),
  });
  console.log(
    `[setup] PostgreSQL is up to date (${applied.length} migration(s) applied)`,
  );
} else {
  const result = spawnSync(
    process.execPath,
    [
      path.join(root, "node_modules/prisma/build/index.js"),
      "migrate",
      "deploy",
    ],
    { stdio: "inherit", env: { ...process.env, DATABASE_URL: databaseUrl } },
  );
  process.exit(result.status ?? 1);
}
