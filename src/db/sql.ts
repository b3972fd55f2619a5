import { type SQL, sql } from 'drizzle-orm';
import type { Db } from './open.js';

/** Runs hand-written SQL (recursive CTEs and the like) and returns its rows, on either driver. */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/** True when a database error is a unique-constraint violation (SQLSTATE 23505). */
export function isUniqueViolation(err: unknown): boolean {
  return sqlState(err) === '23505';
}

function sqlState(err: unknown): string | undefined {
  let e: unknown = err;
  // Drizzle wraps driver errors; the SQLSTATE sits on the cause.
  for (let i = 0; i < 3 && e && typeof e === 'object'; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** How many rows a data-changing statement wrote, on either driver. */
export async function changedRows(db: Db, statement: SQL): Promise<number> {
  const result = (await db.execute(statement)) as unknown as {
    rowCount?: number | null;
    affectedRows?: number;
  };
  return result.rowCount ?? result.affectedRows ?? 0;
}

/**
 * What went wrong, in words fit for a person: Drizzle's own message quotes the SQL and its
 * parameters (long, and they may hold secrets), so a query failure is told by its cause.
 */
export function errorMessage(err: unknown): string {
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : undefined;
  if (cause) return `database error: ${cause.message}`;
  return err instanceof Error ? err.message : String(err);
}

/** What may be logged of a failed query: never its parameters (emails, secret hashes) nor the database's detail line. */
export interface DatabaseFailure {
  /** The statement's beginning, with placeholders where the values were: which query it was. */
  statement: string | undefined;
  /** SQLSTATE, when the database gave one. */
  code: string | undefined;
  /** The database's own message (PostgreSQL keeps values out of it; its `detail` holds them). */
  reason: string;
}

const STATEMENT_CHARS = 160;

/** A query failure told safely, or undefined when `err` is not one. */
export function databaseFailure(err: unknown): DatabaseFailure | undefined {
  if (!(err instanceof Error)) return undefined;
  const query = (err as { query?: unknown }).query;
  const cause = err.cause instanceof Error ? err.cause : undefined;
  if (typeof query !== 'string' && !(cause && sqlState(cause))) return undefined;
  return {
    statement:
      typeof query === 'string' ? query.replace(/\s+/g, ' ').trim().slice(0, STATEMENT_CHARS) : undefined,
    code: sqlState(err),
    reason: cause?.message ?? 'the database failed',
  };
}

/**
 * Connection-level failures: the server is down, refuses us, was dropped, or is shutting down —
 * not a problem with one query. Node's socket errors, SQLSTATE class 08 (connection exception),
 * 57P01–57P03 (shutdown, cannot connect now), 3D000 (the database is gone), and the pool's own words.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  let e: unknown = err;
  for (let i = 0; i < 4 && e && typeof e === 'object'; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') {
      if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH'].includes(code))
        return true;
      if (/^08/.test(code) || ['57P01', '57P02', '57P03', '3D000'].includes(code)) return true;
    }
    const message = (e as { message?: unknown }).message;
    if (
      typeof message === 'string' &&
      /Connection terminated|timeout exceeded when trying to connect|Cannot use a pool after calling end|PGlite is closed/i.test(
        message,
      )
    )
      return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** Whether the database answers `select 1` within `timeoutMs`: `ok`, or why not in a few words. */
export async function checkDatabase(db: Db, timeoutMs: number): Promise<'ok' | 'unreachable' | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    return await Promise.race([db.execute(sql`select 1`).then(() => 'ok' as const), timeout]);
  } catch {
    return 'unreachable';
  } finally {
    clearTimeout(timer);
  }
}
