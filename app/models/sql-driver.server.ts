import type BetterSqlite3 from "better-sqlite3";
import type pg from "pg";

/**
 * The database driver itself, under Prisma (docs/decisions/0029-direct-sql-on-the-hot-path.md).
 * Prisma compiles and interprets every query, raw ones included, in about 250 µs of CPU; the
 * driver runs a prepared statement in a few. The webhook path (about 35 statements an order)
 * speaks to the driver through these, on the very connection and transaction Prisma opened, so
 * the two mix freely in one transaction. Values come back as Prisma's raw queries give them:
 * DateTime columns as Date, Boolean columns as boolean, integers as numbers.
 */
export interface SqlStatement {
  /** With `?` placeholders (SQLite). */
  sql: string;
  /** With `$1` placeholders (PostgreSQL). */
  text: string;
  values: unknown[];
}

export interface SqlDriver {
  rows<T>(statement: SqlStatement): Promise<T[]>;
  /** Rows changed. */
  execute(statement: SqlStatement): Promise<number>;
}

type Row = Record<string, unknown>;
type Convert = (value: unknown) => unknown;

/** How the Prisma SQLite adapter writes a DateTime ("…T…+00:00"): text comparisons stay true. */
function sqliteArg(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString().replace("Z", "+00:00");
  if (typeof value === "boolean") return value ? 1 : 0;
  return value === undefined ? null : value;
}

const sqliteConverters: Record<string, Convert> = {
  DATETIME: (value) =>
    value === null ? null : new Date(value as string | number),
  BOOLEAN: (value) => (value === null ? null : value !== 0),
};

interface Prepared {
  statement: BetterSqlite3.Statement;
  /** Columns whose declared type needs converting, or null for a statement that reads nothing. */
  converted: [string, Convert][] | null;
}

const MAX_PREPARED = 500;

/**
 * One better-sqlite3 connection, statements prepared once and kept. `turn`, when given, runs each
 * statement in the connection's turn (outside a transaction: app/db.server.ts's gate); inside the
 * transaction that holds the connection, statements run at once.
 */
export class SqliteDriver implements SqlDriver {
  constructor(
    private readonly database: BetterSqlite3.Database,
    private readonly turn?: <T>(work: () => Promise<T>) => Promise<T>,
    private readonly prepared = new Map<string, Prepared>(),
  ) {}

  /** The same connection and statements, inside the transaction that holds the connection. */
  inTransaction(): SqliteDriver {
    return new SqliteDriver(this.database, undefined, this.prepared);
  }

  private prepare(sql: string): Prepared {
    let prepared = this.prepared.get(sql);
    if (prepared) return prepared;
    // The adapter's connection reads integers as bigint (defaultSafeIntegers); ours are numbers.
    const statement = this.database.prepare(sql).safeIntegers(false);
    let converted: Prepared["converted"] = null;
    if (statement.reader) {
      converted = [];
      for (const column of statement.columns()) {
        const convert = sqliteConverters[column.type?.toUpperCase() ?? ""];
        if (convert) converted.push([column.name, convert]);
      }
    }
    prepared = { statement, converted };
    if (this.prepared.size >= MAX_PREPARED)
      this.prepared.delete(this.prepared.keys().next().value as string);
    this.prepared.set(sql, prepared);
    return prepared;
  }

  private inTurn<T>(work: () => T): Promise<T> {
    if (!this.turn) {
      try {
        return Promise.resolve(work());
      } catch (error) {
        return Promise.reject(error as Error);
      }
    }
    return this.turn(async () => work());
  }

  rows<T>(statement: SqlStatement): Promise<T[]> {
    return this.inTurn(() => {
      const { statement: prepared, converted } = this.prepare(statement.sql);
      const args = statement.values.map(sqliteArg);
      if (!converted) {
        prepared.run(args);
        return [];
      }
      const rows = prepared.all(args) as Row[];
      if (converted.length > 0)
        for (const row of rows)
          for (const [name, convert] of converted)
            row[name] = convert(row[name]);
      return rows as T[];
    });
  }

  execute(statement: SqlStatement): Promise<number> {
    return this.inTurn(
      () =>
        this.prepare(statement.sql).statement.run(
          statement.values.map(sqliteArg),
        ).changes,
    );
  }
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** How the Prisma PostgreSQL adapter writes a DateTime: UTC, no zone (the columns are `timestamp(3)`). */
function postgresDateTime(date: Date): string {
  const ms = date.getUTCMilliseconds();
  return (
    `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}` +
    (ms ? `.${pad(ms, 3)}` : "")
  );
}

function postgresArg(value: unknown): unknown {
  if (value instanceof Date) return postgresDateTime(value);
  return value === undefined ? null : value;
}

const ALL_COLUMNS = /(SELECT|RETURNING|,)\s+(\w+\.)?\*|"\.\*/i;

const TIMESTAMP = 1114;
const TIMESTAMPTZ = 1184;
const INT8 = 20;
const NUMERIC = 1700;

const postgresParsers: Record<number, Convert> = {
  // Stored as UTC without a zone: read as UTC, whatever the machine's zone.
  [TIMESTAMP]: (text) => new Date(`${(text as string).replace(" ", "T")}Z`),
  [TIMESTAMPTZ]: (text) => new Date(text as string),
  [INT8]: (text) => Number(text),
  [NUMERIC]: (text) => Number(text),
};

/**
 * A pg pool (outside a transaction) or the pooled connection a transaction holds. Each statement
 * text is prepared once per connection, under a name of its own (the first 500 texts).
 */
export class PostgresDriver implements SqlDriver {
  private static readonly names = new Map<string, string>();

  constructor(
    private readonly client: Pick<pg.Pool | pg.PoolClient, "query">,
    private readonly types: pg.CustomTypesConfig,
    private readonly isOpen: () => boolean,
  ) {}

  /** `isOpen`: for a transaction's connection, whether the transaction still holds it. */
  static for(
    client: Pick<pg.Pool | pg.PoolClient, "query">,
    pgTypes: { getTypeParser: pg.CustomTypesConfig["getTypeParser"] },
    isOpen: () => boolean = () => true,
  ): PostgresDriver {
    const types = {
      getTypeParser: ((oid: number, format?: string) =>
        postgresParsers[oid] ??
        pgTypes.getTypeParser(
          oid,
          format as "text",
        )) as pg.CustomTypesConfig["getTypeParser"],
    };
    return new PostgresDriver(client, types, isOpen);
  }

  private query(statement: SqlStatement) {
    if (!this.isOpen())
      throw new Error(
        "the transaction is over (committed, rolled back or timed out): this statement was not run",
      );
    // A `SELECT *` is not kept prepared: after a migration adds a column, PostgreSQL would refuse
    // a plan whose result changed ("cached plan must not change result type") until reconnecting.
    const reusable = !ALL_COLUMNS.test(statement.text);
    let name = reusable ? PostgresDriver.names.get(statement.text) : undefined;
    if (reusable && !name && PostgresDriver.names.size < MAX_PREPARED) {
      name = `loyalty_${PostgresDriver.names.size + 1}`;
      PostgresDriver.names.set(statement.text, name);
    }
    // Past the limit (statements with lists of every length), new texts run unprepared.
    return this.client.query({
      name,
      text: statement.text,
      values: statement.values.map(postgresArg),
      types: this.types,
    });
  }

  async rows<T>(statement: SqlStatement): Promise<T[]> {
    return (await this.query(statement)).rows as T[];
  }

  async execute(statement: SqlStatement): Promise<number> {
    return (await this.query(statement)).rowCount ?? 0;
  }
}
