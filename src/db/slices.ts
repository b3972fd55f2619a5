import { type SQL, sql } from 'drizzle-orm';
import type { Database } from './open.js';

/**
 * Bulk work on the embedded database goes in slices. PGlite runs each statement (and each
 * transaction, whole) on this process's one thread, so while one runs no request is answered; a
 * slice is sized to take a small fraction of a second there, and between slices waiting requests get
 * their turn (`Database.turn`). On PostgreSQL a statement holds up nobody else, so it runs whole.
 */

const scaled = (database: Database, perSlice: number) =>
  Math.max(1, Math.round(perSlice * database.sliceScale));

/** How many slices a step over `rows` rows takes, at most `perSlice` rows each on the embedded database. */
export function sliceCount(database: Database, rows: number, perSlice: number): number {
  return database.parallelism > 1 ? 1 : Math.max(1, Math.ceil(rows / scaled(database, perSlice)));
}

/**
 * The condition "`key` falls in slice `i` of `n`": by the key's hash, so the slices are disjoint,
 * cover every row between them, and come out about even whatever the keys look like.
 */
export function inSlice(key: SQL, i: number, n: number): SQL {
  return n === 1 ? sql`true` : sql`(hashtext((${key})::text) & 2147483647) % ${n}::int = ${i}::int`;
}

/**
 * Line ranges `[from, to]` covering lines 0 to `maxLine` of a staged file, at most `perSlice` lines
 * each on the embedded database and `otherwise` lines each on PostgreSQL (by default one range).
 */
export function lineRanges(
  database: Database,
  maxLine: number,
  perSlice: number,
  otherwise = Number.POSITIVE_INFINITY,
): [number, number][] {
  const step = database.parallelism > 1 ? otherwise : scaled(database, perSlice);
  const ranges: [number, number][] = [];
  for (let from = 0; from <= maxLine; from += step) ranges.push([from, Math.min(maxLine, from + step - 1)]);
  return ranges;
}

/** A slice's condition on a key column, for a step written once for every slice. */
export type Slice = (key: SQL) => SQL;

/** The whole table as one slice. */
export const whole: Slice = () => sql`true`;

/**
 * Runs `step` once per slice of `n`, in order, giving other work its turn before each; returns the
 * sum of the numbers the steps return (rows written, say).
 */
export async function inSlices(
  database: Database,
  n: number,
  step: (slice: Slice) => PromiseLike<unknown>,
): Promise<number> {
  let total = 0;
  for (let i = 0; i < n; i++) {
    await database.turn();
    const result = await step((key) => inSlice(key, i, n));
    if (typeof result === 'number') total += result;
  }
  return total;
}
