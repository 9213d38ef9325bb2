import "dotenv/config";
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

// With a config file Prisma no longer reads .env itself (dotenv above does), and the
// wasm schema engine ("js") avoids downloading a native engine: see docs/decisions/0002-offline-prisma.md.
// The schema's `url = env("DATABASE_URL")` must resolve, or the CLI cannot read the schema and falls
// back to downloading the native query engine (which fails offline), so the default is set here too.
process.env.DATABASE_URL ??= "file:./data/dev.sqlite";
const url = process.env.DATABASE_URL;

export default defineConfig({
  schema: path.join("prisma", "schema.prisma"),
  experimental: { adapter: true },
  engine: "js",
  adapter: async () => new PrismaBetterSQLite3({ url }),
});
