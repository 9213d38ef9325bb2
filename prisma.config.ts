import "dotenv/config";
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";

process.env.DATABASE_URL ??= "file:./data/dev.sqlite";
const url = process.env.DATABASE_URL;
const postgres = /^postgres(ql)?:/.test(url);

export default defineConfig({
  schema: postgres
    ? path.join("prisma", "postgres", "schema.prisma")
    : path.join("prisma", "schema.prisma"),
  experimental: { adapter: true },
  engine: "js",
  adapter: async () =>
    postgres
      ? new PrismaPg({ connectionString: url })
      : new PrismaBetterSQLite3({ url }),
});
