import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

const IDENT = /^[a-z_][a-z0-9_]*$/;

function copyStatement(table: string, columns: readonly string[], source: string): string {
  for (const name of [table, ...columns])
    if (!IDENT.test(name)) throw new Error(`not an identifier: ${name}`);
  return `COPY ${table} (${columns.join(', ')}) FROM ${source} WITH (FORMAT csv)`;
}

/** PGlite reads COPY input from a virtual /dev/blob file handed over with the query. */
export async function copyIntoPglite(
  client: PGlite,
  table: string,
  columns: readonly string[],
  csv: string,
): Promise<void> {
  if (!csv) return;
  await client.query(copyStatement(table, columns, `'/dev/blob'`), [], { blob: new Blob([csv]) });
}

/** PostgreSQL: COPY … FROM STDIN on one pooled connection, streamed. */
export async function copyIntoPostgres(
  pool: pg.Pool,
  table: string,
  columns: readonly string[],
  csv: string,
): Promise<void> {
  if (!csv) return;
  const client = await pool.connect();
  try {
    const stream = client.query(copyFrom(copyStatement(table, columns, 'STDIN')));
    await pipeline(Readable.from([csv]), stream);
  } finally {
    client.release();
  }
}

/**
 * Encodes rows for `COPY … WITH (FORMAT csv)`: null becomes an unquoted empty field (SQL NULL) and
 * every other value is quoted, so an empty string stays an empty string.
 */
export function toCopyCsv(rows: readonly (readonly (string | number | boolean | null)[])[]): string {
  let out = '';
  for (const row of rows) {
    out += `${row.map((v) => (v === null ? '' : `"${String(v).replaceAll('"', '""')}"`)).join(',')}\n`;
  }
  return out;
}
