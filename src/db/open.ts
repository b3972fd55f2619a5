import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import {
  type CopyReader,
  type CopyWriter,
  copyReaderPglite,
  copyReaderPostgres,
  copyWriterPglite,
  copyWriterPostgres,
} from './copy.js';
import { lockDataDir } from './lock.js';
import { runMigrations } from './migrate.js';
import * as schema from './schema/index.js';

export type Schema = typeof schema;
/** One type for both drivers: features never know which database they run on. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /**
   * Runs `fn` on one dedicated connection, for work that needs its own session: temporary tables,
   * session settings, a long COPY. PostgreSQL opens a fresh connection (named `name`, with room for
   * bulk work) and closes it afterwards; PGlite has only its one connection.
   */
  session<T>(fn: (session: Session) => Promise<T>, name?: string): Promise<T>;
  /**
   * How many sessions can do work at the same time: several on PostgreSQL (each its own backend,
   * so its own core), one on PGlite (one connection; sessions share it and must take turns).
   */
  parallelism: number;
  /**
   * Lets requests waiting for the database go first: on PGlite a turn of the event loop (its
   * statements run on this thread, and a chain of them would otherwise leave no gap for a request);
   * nothing on PostgreSQL. Bulk work calls it between its statements.
   */
  turn(): Promise<void>;
  /** Multiplies the embedded database's slice sizes (`db/slices.ts`); 1 but in tests. */
  sliceScale: number;
  /** Where PGlite keeps its files (absent for PostgreSQL or an in-memory PGlite). */
  dataDir: string | undefined;
  close(): Promise<void>;
}

/** A dedicated connection: a Db on it, and COPY into tables and out of queries through it. */
export interface Session {
  db: Db;
  copyWriter(table: string, columns: readonly string[]): CopyWriter;
  copyOut: CopyReader;
}

export interface OpenOptions {
  /** `postgres://…`: use a PostgreSQL server through a connection pool. */
  url?: string | undefined;
  /** Touchline's data directory; PGlite lives in `<dataDir>/pglite`. Ignored with `url`. */
  dataDir?: string | undefined;
  /** An already-open PGlite (tests load a migrated template into memory). */
  pglite?: PGlite;
  /** Apply pending migrations before returning (default true). */
  migrate?: boolean;
  poolSize?: number;
  /**
   * Multiplies the embedded database's slice sizes (`db/slices.ts`), 1 by default: tests shrink
   * them, so that files of a few rows go through every sliced path.
   */
  sliceScale?: number;
}

function pgliteSession(client: PGlite, db: Db): Session {
  return {
    db,
    copyWriter: (table, columns) => copyWriterPglite(client, table, columns),
    copyOut: copyReaderPglite(client),
  };
}

/** A fresh connection with room for bulk work: sorts and hashes over a whole file stay in memory. */
async function postgresSession<T>(
  url: string,
  fn: (session: Session) => Promise<T>,
  name: string | undefined,
): Promise<T> {
  // The name shows in pg_stat_activity: how another process tells this session is still alive.
  const client = new pg.Client({ connectionString: url, ...(name ? { application_name: name } : {}) });
  client.on('error', () => {}); // a dropped connection fails the query in flight; nothing else to do
  await client.connect();
  try {
    await client.query(`set work_mem = '256MB'`);
    const db = drizzleNodePg({ client, schema, casing }) as unknown as Db;
    return await fn({
      db,
      copyWriter: (table, columns) => copyWriterPostgres(client, table, columns),
      copyOut: copyReaderPostgres(client),
    });
  } finally {
    await client.end().catch(() => {});
  }
}

/** Resolves after the event loop's next round, in which I/O that arrived meanwhile is handled. */
const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

export function defaultDataDir(): string {
  return process.env.TOUCHLINE_DATA_DIR ?? join(process.cwd(), 'data');
}

const casing = 'snake_case' as const;

export async function openDatabase(opts: OpenOptions = {}): Promise<Database> {
  const migrate = opts.migrate ?? true;
  if (opts.url) {
    // A request waits at most this long for a connection, so a vanished server is a quick 503.
    const pool = new pg.Pool({
      connectionString: opts.url,
      max: opts.poolSize ?? 10,
      connectionTimeoutMillis: 5_000,
    });
    // An idle client's network error must not crash the process; the pool replaces the client.
    pool.on('error', () => {});
    const db = drizzleNodePg({ client: pool, schema, casing }) as unknown as Db;
    const database: Database = {
      db,
      kind: 'postgres',
      dataDir: undefined,
      session: (fn, name) => postgresSession(opts.url as string, fn, name),
      parallelism: 2,
      turn: () => Promise.resolve(),
      sliceScale: 1,
      close: () => pool.end(),
    };
    if (migrate) await runMigrations(database, pool);
    return database;
  }
  if (opts.pglite) {
    const client = opts.pglite;
    const db = drizzlePglite({ client, schema, casing }) as unknown as Db;
    const database: Database = {
      db,
      kind: 'pglite',
      dataDir: undefined,
      session: (fn) => fn(pgliteSession(client, db)),
      parallelism: 1,
      turn: nextTick,
      sliceScale: opts.sliceScale ?? 1,
      close: () => client.close(),
    };
    if (migrate) await runMigrations(database);
    return database;
  }
  const dataDir = opts.dataDir ?? defaultDataDir();
  const lock = lockDataDir(dataDir);
  try {
    const dir = join(dataDir, 'pglite');
    mkdirSync(dir, { recursive: true });
    const client = await PGlite.create({ dataDir: dir });
    const db = drizzlePglite({ client, schema, casing }) as unknown as Db;
    const database: Database = {
      db,
      kind: 'pglite',
      dataDir,
      session: (fn) => fn(pgliteSession(client, db)),
      parallelism: 1,
      turn: nextTick,
      sliceScale: opts.sliceScale ?? 1,
      async close() {
        try {
          await client.close();
        } finally {
          lock.release();
        }
      },
    };
    if (migrate) await runMigrations(database);
    return database;
  } catch (err) {
    lock.release();
    throw err;
  }
}
