import { createRequire } from "node:module";
import path from "node:path";

import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@prisma/client";
import type {
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
  Transaction,
} from "@prisma/driver-adapter-utils";

import { parseDatabaseEnv } from "~/env.server";

/**
 * The better-sqlite3 adapter runs every query on one connection and serialises
 * transactions only against each other: a query outside a transaction that runs
 * while one is open lands inside it (seeing its uncommitted rows, and rolled back
 * with it). This wrapper makes every statement outside a transaction wait for the
 * open transaction to finish, so each request sees only committed data.
 * See docs/decisions/0002-offline-prisma.md.
 */
class Gate {
  private tail: Promise<void> = Promise.resolve();

  acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => (release = resolve));
    const ready = this.tail.then(() => release);
    this.tail = this.tail.then(() => next);
    return ready;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await work();
    } finally {
      release();
    }
  }
}

const CONNECTION_PRAGMAS = [
  "PRAGMA journal_mode = WAL",
  "PRAGMA synchronous = NORMAL",
  "PRAGMA foreign_keys = ON",
  "PRAGMA busy_timeout = 10000",
].join(";\n");

function serialise(inner: SqlDriverAdapter): SqlDriverAdapter {
  const gate = new Gate();
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    queryRaw: (query) => gate.run(() => inner.queryRaw(query)),
    executeRaw: (query) => gate.run(() => inner.executeRaw(query)),
    executeScript: (script) => gate.run(() => inner.executeScript(script)),
    getConnectionInfo: inner.getConnectionInfo?.bind(inner),
    dispose: () => inner.dispose(),
    async startTransaction(isolationLevel): Promise<Transaction> {
      const release = await gate.acquire();
      let transaction: Transaction;
      try {
        transaction = await inner.startTransaction(isolationLevel);
      } catch (error) {
        release();
        throw error;
      }
      return {
        provider: transaction.provider,
        adapterName: transaction.adapterName,
        options: transaction.options,
        queryRaw: (query) => transaction.queryRaw(query),
        executeRaw: (query) => transaction.executeRaw(query),
        commit: async () => {
          try {
            await transaction.commit();
          } finally {
            release();
          }
        },
        rollback: async () => {
          try {
            await transaction.rollback();
          } finally {
            release();
          }
        },
      };
    },
  };
}

export function createSqliteAdapter(
  url: string,
): SqlMigrationAwareDriverAdapterFactory {
  const factory = new PrismaBetterSQLite3({ url });
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    async connect() {
      const adapter = await factory.connect();
      await adapter.executeScript(CONNECTION_PRAGMAS);
      return serialise(adapter);
    },
    connectToShadowDb: () => factory.connectToShadowDb(),
  };
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:/.test(url);
}

/**
 * The client generated from prisma/postgres/schema.prisma (postinstall derives it from
 * prisma/schema.prisma): the same models, so it is typed as the SQLite one. A Prisma client is
 * generated for one provider and refuses an adapter of another. See docs/decisions/0020-postgresql.md.
 */
function loadPostgresClient(): typeof PrismaClient {
  const require = createRequire(import.meta.url);
  // Beside @prisma/client's own generated client: node_modules/.prisma/postgres-client.
  const nodeModules = path.resolve(
    path.dirname(require.resolve("@prisma/client")),
    "..",
    "..",
  );
  const generated = path.join(nodeModules, ".prisma", "postgres-client");
  return (require(generated) as { PrismaClient: typeof PrismaClient })
    .PrismaClient;
}

/** PostgreSQL when the URL says so (`postgresql://…`), SQLite otherwise (`file:…`). */
export function createPrismaClient(url = parseDatabaseEnv().DATABASE_URL) {
  if (isPostgresUrl(url)) {
    const PostgresClient = loadPostgresClient();
    return new PostgresClient({
      adapter: new PrismaPg({
        connectionString: url,
        max: parseDatabaseEnv().DATABASE_POOL_SIZE,
      }),
    });
  }
  return new PrismaClient({ adapter: createSqliteAdapter(url) });
}

/** Which SQL dialect the raw queries of this process speak. */
export const databaseDialect: "sqlite" | "postgres" = isPostgresUrl(
  parseDatabaseEnv().DATABASE_URL,
)
  ? "postgres"
  : "sqlite";

declare global {
  var prismaGlobal: PrismaClient | undefined;
}

// One client per process; kept across dev-server reloads.
const prisma = globalThis.prismaGlobal ?? createPrismaClient();
if (parseDatabaseEnv().NODE_ENV !== "production")
  globalThis.prismaGlobal = prisma;

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
export default prisma;
