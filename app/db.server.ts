import { AsyncLocalStorage } from "node:async_hooks";
import { createRequire } from "node:module";
import path from "node:path";

import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@prisma/client";
import type BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import type {
  IsolationLevel,
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
  Transaction,
} from "@prisma/driver-adapter-utils";

import { parseDatabaseEnv } from "~/env.server";
import {
  PostgresDriver,
  type SqlDriver,
  SqliteDriver,
} from "~/models/sql-driver.server";

/**
 * The driver under each client (once connected) and under each transaction `openTransaction`
 * opened: app/models/sql.server.ts speaks to it directly on the hot path
 * (docs/decisions/0029-direct-sql-on-the-hot-path.md).
 */
interface DriverSlot {
  driver: SqlDriver | null;
  /** SQLite: a transaction opened on the connection itself (see `sqliteTransaction`). */
  transaction?: SqliteTransactionRunner;
}
const clientDrivers = new WeakMap<object, DriverSlot>();
const transactionDrivers = new WeakMap<object, SqlDriver>();
/** Set while Prisma opens a transaction: the adapter's startTransaction says which driver holds it. */
const opening = new AsyncLocalStorage<DriverSlot>();

/** The driver a client or an `openTransaction` transaction runs on, if known (else: go through Prisma). */
export function driverOf(db: object): SqlDriver | null {
  return transactionDrivers.get(db) ?? clientDrivers.get(db)?.driver ?? null;
}

/**
 * One transaction. On SQLite, opened on the connection itself (`sqliteTransaction`): `tx` is the
 * client, whose every query inside `work` joins the transaction, and a transaction opened inside
 * another is a savepoint of it. On PostgreSQL, `client.$transaction(work)`, with the driver of the
 * transaction known to `driverOf(tx)`.
 */
export function openTransaction<T>(
  client: PrismaClient,
  work: (tx: Tx) => Promise<T>,
  options: TransactionOptions,
): Promise<T> {
  const own = clientDrivers.get(client)?.transaction;
  if (own) return own(() => work(client as unknown as Tx), options);
  const slot: DriverSlot = { driver: null };
  const { maxWait, timeout } = options;
  return opening.run(slot, () =>
    client.$transaction(
      (tx) => {
        if (slot.driver) transactionDrivers.set(tx, slot.driver);
        return work(tx);
      },
      { maxWait, timeout },
    ),
  );
}

export interface TransactionOptions {
  /** How long to wait for the transaction to start (PostgreSQL: a pooled connection). */
  maxWait: number;
  /** Past this, the transaction is rolled back and the work's next statement fails. */
  timeout: number;
  /** SQLite: take the write lock at BEGIN (BEGIN IMMEDIATE), not at the first write. */
  writeLock?: boolean;
}

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

/**
 * Runs BEGIN, COMMIT, ROLLBACK and savepoint statements, each prepared once per connection (a
 * batch of webhooks opens and releases a few savepoints per webhook).
 */
const controlStatements = new WeakMap<
  BetterSqlite3.Database,
  (sql: string) => void
>();
function control(database: BetterSqlite3.Database): (sql: string) => void {
  let exec = controlStatements.get(database);
  if (!exec) {
    const prepared = new Map<string, BetterSqlite3.Statement>();
    exec = (sql) => {
      let statement = prepared.get(sql);
      if (!statement) {
        statement = database.prepare(sql);
        // Savepoint names are numbered per transaction: a few dozen texts at most.
        if (prepared.size < 200) prepared.set(sql, statement);
      }
      statement.run();
    };
    controlStatements.set(database, exec);
  }
  return exec;
}

/** A transaction this process opened on its SQLite connection, while its work runs. */
interface OpenSqliteTransaction {
  gate: Gate;
  open: boolean;
  /** Rolled back for running past its timeout: the work's next statement fails. */
  expired: boolean;
  savepoints: number;
  /** A batch of webhooks: what it runs must not wait for the network (`assertNetworkAllowed`). */
  noNetwork: boolean;
}
const sqliteTransactionScope = new AsyncLocalStorage<OpenSqliteTransaction>();

const TIMED_OUT =
  "the transaction ran past its timeout and was rolled back: nothing it wrote was kept";

function openTransactionOf(gate: Gate): OpenSqliteTransaction | null {
  const open = sqliteTransactionScope.getStore();
  if (open?.gate !== gate) return null;
  if (open.expired) throw new Error(TIMED_OUT);
  return open.open ? open : null;
}

/**
 * Runs `work` outside the scope of any transaction open here: a drain woken from inside one must
 * not have its statements join it (they wait for their turn like any other).
 */
export function outsideTransaction<T>(work: () => T): T {
  return sqliteTransactionScope.exit(work);
}

/** Marks the SQLite transaction open here as one no network call may hold (a webhook batch). */
export function forbidNetworkInTransaction(): void {
  const open = sqliteTransactionScope.getStore();
  if (open?.open) open.noNetwork = true;
}

/** Thrown by a network call made inside a webhook batch: the webhook is processed alone after. */
export class NetworkInsideTransactionError extends Error {
  constructor() {
    super("a network call inside a transaction that forbids it");
    this.name = "NetworkInsideTransactionError";
  }
}

/** Called before every call to Shopify: never while a webhook batch holds the database. */
export function assertNetworkAllowed(): void {
  const open = sqliteTransactionScope.getStore();
  if (open?.open && open.noNetwork) throw new NetworkInsideTransactionError();
}

/**
 * A transaction on the SQLite connection itself, without Prisma's interactive-transaction round
 * trips (ADR 0029): the gate is held from BEGIN to COMMIT; inside `work`, every statement of this
 * async context, Prisma's or the driver's, runs on the connection at once, so inside the
 * transaction; a transaction opened inside is a savepoint. Contexts that started elsewhere wait
 * for the gate as before.
 */
type SqliteTransactionRunner = <T>(
  work: () => Promise<T>,
  options: TransactionOptions,
) => Promise<T>;

function sqliteTransaction(
  database: BetterSqlite3.Database,
  gate: Gate,
): SqliteTransactionRunner {
  const exec = control(database);
  return async (work, options) => {
    const outer = openTransactionOf(gate);
    if (outer) {
      const name = `nested_${(outer.savepoints += 1)}`;
      exec(`SAVEPOINT "${name}"`);
      try {
        const result = await work();
        exec(`RELEASE SAVEPOINT "${name}"`);
        return result;
      } catch (error) {
        if (database.inTransaction) {
          exec(`ROLLBACK TO SAVEPOINT "${name}"`);
          exec(`RELEASE SAVEPOINT "${name}"`);
        }
        throw error;
      }
    }
    const release = await gate.acquire();
    const open: OpenSqliteTransaction = {
      gate,
      open: true,
      expired: false,
      savepoints: 0,
      noNetwork: false,
    };
    // As Prisma's interactive transactions did: past the timeout, roll back and let the others
    // in. Timers run between statements, so the connection is idle here.
    const expiry = setTimeout(() => {
      if (!open.open) return;
      console.error(
        `a transaction ran past ${options.timeout} ms: rolled back, the connection released`,
      );
      open.expired = true;
      open.open = false;
      if (database.inTransaction) exec("ROLLBACK");
      release();
    }, options.timeout);
    expiry.unref();
    try {
      exec(options.writeLock ? "BEGIN IMMEDIATE" : "BEGIN");
      const result = await sqliteTransactionScope.run(open, work);
      if (open.expired) throw new Error(TIMED_OUT);
      exec("COMMIT");
      return result;
    } catch (error) {
      if (!open.expired && database.inTransaction) exec("ROLLBACK");
      throw error;
    } finally {
      clearTimeout(expiry);
      if (open.open) {
        open.open = false;
        release();
      }
    }
  };
}

/**
 * A transaction Prisma opens by itself (a create with nested writes) inside one of ours: a
 * savepoint, released or rolled back when Prisma sends COMMIT or ROLLBACK.
 */
function savepointTransaction(
  inner: SqlDriverAdapter,
  database: BetterSqlite3.Database,
  outer: OpenSqliteTransaction,
): Transaction {
  const name = `prisma_${(outer.savepoints += 1)}`;
  const exec = control(database);
  exec(`SAVEPOINT "${name}"`);
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    options: { usePhantomQuery: false },
    queryRaw: (query) => inner.queryRaw(query),
    executeRaw: async (query) => {
      const sql = query.sql.trim().toUpperCase();
      if (sql === "COMMIT") {
        exec(`RELEASE SAVEPOINT "${name}"`);
        return 0;
      }
      if (sql === "ROLLBACK") {
        if (database.inTransaction) {
          exec(`ROLLBACK TO SAVEPOINT "${name}"`);
          exec(`RELEASE SAVEPOINT "${name}"`);
        }
        return 0;
      }
      return inner.executeRaw(query);
    },
    commit: async () => undefined,
    rollback: async () => undefined,
  };
}

const CONNECTION_PRAGMAS = [
  "PRAGMA journal_mode = WAL",
  "PRAGMA synchronous = NORMAL",
  "PRAGMA foreign_keys = ON",
  "PRAGMA busy_timeout = 10000",
].join(";\n");

function serialise(
  inner: SqlDriverAdapter,
  slot: DriverSlot,
): SqlDriverAdapter {
  const gate = new Gate();
  const database = (inner as unknown as { client: BetterSqlite3.Database })
    .client;
  // Inside a transaction this context opened: at once. Anywhere else: in the connection's turn.
  const inTurn = <T>(work: () => Promise<T>): Promise<T> =>
    openTransactionOf(gate) ? work() : gate.run(work);
  // The adapter's own better-sqlite3 connection, spoken to directly.
  const driver = new SqliteDriver(database, inTurn);
  slot.driver = driver;
  slot.transaction = sqliteTransaction(database, gate);
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    queryRaw: (query) => inTurn(() => inner.queryRaw(query)),
    executeRaw: (query) => inTurn(() => inner.executeRaw(query)),
    executeScript: (script) => inTurn(() => inner.executeScript(script)),
    getConnectionInfo: inner.getConnectionInfo?.bind(inner),
    dispose: () => inner.dispose(),
    async startTransaction(isolationLevel): Promise<Transaction> {
      // Prisma's own transaction for one nested write, inside ours: a savepoint of it.
      const outer = openTransactionOf(gate);
      if (outer) return savepointTransaction(inner, database, outer);
      const release = await gate.acquire();
      let transaction: Transaction;
      try {
        transaction = await inner.startTransaction(isolationLevel);
      } catch (error) {
        release();
        throw error;
      }
      const opened = opening.getStore();
      if (opened) opened.driver = driver.inTransaction();
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
  slot: DriverSlot = { driver: null },
): SqlMigrationAwareDriverAdapterFactory {
  const factory = new PrismaBetterSQLite3({ url });
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    async connect() {
      const adapter = await factory.connect();
      await adapter.executeScript(CONNECTION_PRAGMAS);
      return serialise(adapter, slot);
    },
    connectToShadowDb: () => factory.connectToShadowDb(),
  };
}

/**
 * Prisma's PostgreSQL adapter, with its pool and each transaction's pooled connection known as
 * drivers (`driverOf`).
 */
function createPostgresAdapter(
  url: string,
  max: number | undefined,
  slot: DriverSlot,
): SqlMigrationAwareDriverAdapterFactory {
  const factory = new PrismaPg({ connectionString: url, max });
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    async connect() {
      const adapter = await factory.connect();
      slot.driver = PostgresDriver.for(
        (adapter as unknown as { client: pg.Pool }).client,
        pg.types,
      );
      const start = adapter.startTransaction.bind(adapter);
      adapter.startTransaction = async (isolationLevel?: IsolationLevel) => {
        const transaction = await start(isolationLevel);
        const opened = opening.getStore();
        if (opened) {
          // Once Prisma commits or rolls back (its timeout included), the connection goes back
          // to the pool: a statement the work still sends must fail, not run elsewhere.
          let open = true;
          opened.driver = PostgresDriver.for(
            (transaction as unknown as { client: pg.PoolClient }).client,
            pg.types,
            () => open,
          );
          const { commit, rollback } = transaction;
          transaction.commit = () => {
            open = false;
            return commit.call(transaction);
          };
          transaction.rollback = () => {
            open = false;
            return rollback.call(transaction);
          };
        }
        return transaction;
      };
      return adapter;
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

/**
 * Prisma sends the `findUnique` calls made in one tick together, from a callback that runs in
 * the async context of the first. On SQLite that context decides whether a statement runs inside
 * the transaction open here or waits for it (`sqliteTransaction`): an outside call batched
 * behind an inside one would read uncommitted rows, an inside one behind an outside one would
 * wait for its own transaction. So each call is sent on its own, in its own context. Batching
 * only saves round trips, which an in-process database does not make. Prisma's version is
 * pinned; if its request handler changes shape, this fails at startup rather than silently.
 */
function withoutFindUniqueBatching(client: PrismaClient): PrismaClient {
  const loader = (
    client as unknown as {
      _requestHandler?: {
        dataloader?: { options?: { batchBy?: (request: unknown) => unknown } };
      };
    }
  )._requestHandler?.dataloader?.options;
  if (typeof loader?.batchBy !== "function")
    throw new Error(
      "Prisma's request batching is not where app/db.server.ts expects it: check withoutFindUniqueBatching against this Prisma version",
    );
  loader.batchBy = () => undefined;
  return client;
}

/** PostgreSQL when the URL says so (`postgresql://…`), SQLite otherwise (`file:…`). */
export function createPrismaClient(url = parseDatabaseEnv().DATABASE_URL) {
  const slot: DriverSlot = { driver: null };
  const client = isPostgresUrl(url)
    ? new (loadPostgresClient())({
        adapter: createPostgresAdapter(
          url,
          parseDatabaseEnv().DATABASE_POOL_SIZE,
          slot,
        ),
      })
    : withoutFindUniqueBatching(
        new PrismaClient({ adapter: createSqliteAdapter(url, slot) }),
      );
  clientDrivers.set(client, slot);
  return client;
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
