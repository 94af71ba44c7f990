/** Opens the SQLite database with the pragmas hoithi relies on, and applies the migrations. */
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { is } from 'drizzle-orm';
import { SQLiteTransaction, type BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as schema from './schema.js';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
/** The database or a transaction on it: what repositories take, so they work inside transactions. */
export type DbLike = BaseSQLiteDatabase<'sync', Database.RunResult, typeof schema>;

/** A transaction on the database, as `write` hands it to its function. */
export type Tx = Parameters<Parameters<DbLike['transaction']>[0]>[0];

/**
 * Runs `fn` in an immediate transaction: the write lock is taken at BEGIN, so two writers queue
 * instead of one failing with SQLITE_BUSY on upgrade. Every write of hoithi goes through here.
 */
export function write<T>(db: DbLike, fn: (tx: Tx) => T): T {
  if (is(db, SQLiteTransaction)) return savepoint(db as Tx, fn);
  return db.transaction(fn, { behavior: 'immediate' });
}

/**
 * A write inside a transaction (a group commit, or a write that calls another): a savepoint on the
 * same transaction object. drizzle's nested transaction would do the same but build a new database
 * object each time, a sizable part of a sheet PUT's CPU. One name serves every level: SQLite
 * releases and rolls back to the innermost savepoint of that name.
 */
function savepoint<T>(tx: Tx, fn: (tx: Tx) => T): T {
  const connection = connectionOf(tx);
  // Prepared (and kept by openDb's statement cache), not exec: exec would parse them at every write.
  connection.prepare('SAVEPOINT hoithi_write').run();
  try {
    const result = fn(tx);
    connection.prepare('RELEASE hoithi_write').run();
    return result;
  } catch (error) {
    // Unless SQLite already ended the whole transaction (then the caller's rolls back).
    if (connection.inTransaction) connection.exec('ROLLBACK TO hoithi_write; RELEASE hoithi_write');
    throw error;
  }
}

/** The better-sqlite3 connection under a database or a transaction on it (drizzle's session holds it). */
function connectionOf(db: DbLike): Database.Database {
  return (db as unknown as { session: { client: Database.Database } }).session.client;
}

/**
 * A query drizzle builds once per connection instead of at every call: `build` returns it
 * prepared (`.prepare()`, with `sql.placeholder` for its values). Building a query costs drizzle
 * more than SQLite spends running it, so the hot paths (a sheet PUT and the audit append) hold
 * theirs. Works on the database and on any transaction on it: they share the connection.
 */
export function prepared<Q>(build: (db: DbLike) => Q): (db: DbLike) => Q {
  const byConnection = new WeakMap<Database.Database, Q>();
  return (db) => {
    const connection = connectionOf(db);
    let query = byConnection.get(connection);
    if (query === undefined) {
      query = build(db);
      byConnection.set(connection, query);
    }
    return query;
  };
}

/**
 * Where the database stands, for a memo of something read from it: a text that changes with every
 * commit that may change the data, this connection's (its count of changed rows) or another
 * connection's, the write thread's (`PRAGMA data_version`). Null inside a transaction, whose reads
 * may see writes that are not committed yet (and may never be).
 */
export function dataVersion(db: DbLike): string | null {
  if (is(db, SQLiteTransaction)) return null;
  const connection = connectionOf(db);
  if (connection.inTransaction) return null;
  const row = versionQuery(connection).get() as { changes: number; version: number };
  return `${row.changes}/${row.version}`;
}

const versionStatements = new WeakMap<Database.Database, Database.Statement>();
function versionQuery(connection: Database.Database): Database.Statement {
  let stmt = versionStatements.get(connection);
  if (stmt === undefined) {
    stmt = connection.prepare('SELECT total_changes() AS changes, data_version AS version FROM pragma_data_version');
    versionStatements.set(connection, stmt);
  }
  return stmt;
}

export const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

/**
 * `file` is a path, or ':memory:' for a throw-away database (each test gets its own). A second
 * connection to a database the process already opened (the write thread's) skips the migrations.
 */
export function openDb(file: string, { migrate: migrations = true } = {}): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new Database(file);
  if (file !== ':memory:') sqlite.pragma('journal_mode = WAL');
  // An acknowledged write must survive a power cut: FULL syncs the WAL at every commit.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  cacheStatements(sqlite);
  const db = drizzle(sqlite, { schema }) as Db;
  if (migrations) migrate(db, { migrationsFolder: MIGRATIONS_DIR });
  return db;
}

/**
 * drizzle prepares a new SQLite statement for every query it runs; preparing costs more than
 * running. Statements are kept by their SQL text (drizzle binds values separately, so one shape
 * of query is one text) and handed back reset to their default modes.
 */
function cacheStatements(sqlite: Database.Database, limit = 1000): void {
  const cache = new Map<string, Database.Statement>();
  const prepare = sqlite.prepare.bind(sqlite);
  sqlite.prepare = ((source: string) => {
    let stmt = cache.get(source);
    if (stmt === undefined) {
      stmt = prepare(source);
      if (cache.size >= limit) cache.delete(cache.keys().next().value!);
      cache.set(source, stmt);
    } else if (stmt.reader) {
      stmt.raw(false);
      stmt.pluck(false);
      stmt.expand(false);
    }
    return stmt;
  }) as typeof sqlite.prepare;
}
