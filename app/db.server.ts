import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@prisma/client";
import type {
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
  Transaction,
} from "@prisma/driver-adapter-utils";

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

export function createPrismaClient(
  url = process.env.DATABASE_URL ?? "file:./data/dev.sqlite",
) {
  return new PrismaClient({ adapter: createSqliteAdapter(url) });
}

declare global {
  var prismaGlobal: PrismaClient | undefined;
}

// One client per process; kept across dev-server reloads.
const prisma = globalThis.prismaGlobal ?? createPrismaClient();
if (process.env.NODE_ENV !== "production") globalThis.prismaGlobal = prisma;

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
export default prisma;
