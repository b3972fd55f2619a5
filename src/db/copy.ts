import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';

const IDENT = /^[a-z_][a-z0-9_]*$/;

function copyStatement(table: string, columns: readonly string[], source: string): string {
  for (const name of [table, ...columns])
    if (!IDENT.test(name)) throw new Error(`not an identifier: ${name}`);
  return `COPY ${table} (${columns.join(', ')}) FROM ${source} WITH (FORMAT csv)`;
}

/** PGlite reads COPY input from a virtual /dev/blob file handed over with the query. */
async function copyIntoPglite(
  client: PGlite,
  table: string,
  columns: readonly string[],
  csv: string,
): Promise<void> {
  if (!csv) return;
  await client.query(copyStatement(table, columns, `'/dev/blob'`), [], { blob: new Blob([csv]) });
}

/** One COPY into a table, fed piece by piece: `write` resolves when the database can take more. */
export interface CopyWriter {
  write(csv: string): Promise<void>;
  /** Waits until every row written is in the table. */
  end(): Promise<void>;
}

/**
 * PostgreSQL: one `COPY … FROM STDIN` for the whole load on the given client, so the server parses
 * rows while the caller prepares the next ones; `write` waits for the socket to drain (constant memory).
 */
export function copyWriterPostgres(
  client: pg.ClientBase,
  table: string,
  columns: readonly string[],
): CopyWriter {
  const stream = client.query(copyFrom(copyStatement(table, columns, 'STDIN')));
  let failure: Error | undefined;
  const done = new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', (err: Error) => {
      failure = err;
      reject(err);
    });
  });
  done.catch(() => {}); // surfaced by write() or end()
  return {
    async write(csv) {
      if (failure) throw failure;
      if (!csv || stream.write(csv)) return;
      await new Promise<void>((resolve, reject) => {
        const onDrain = () => {
          stream.off('error', onError);
          resolve();
        };
        const onError = (err: Error) => {
          stream.off('drain', onDrain);
          reject(err);
        };
        stream.once('drain', onDrain);
        stream.once('error', onError);
      });
    },
    async end() {
      if (failure) throw failure;
      stream.end();
      await done;
    },
  };
}

/** PGlite reads a whole blob per COPY: each `write` is one COPY, the previous one awaited first. */
export function copyWriterPglite(client: PGlite, table: string, columns: readonly string[]): CopyWriter {
  let inflight: Promise<void> = Promise.resolve();
  return {
    async write(csv) {
      await inflight;
      inflight = copyIntoPglite(client, table, columns, csv);
      inflight.catch(() => {}); // surfaced by the next write() or end()
    },
    async end() {
      await inflight;
    },
  };
}

const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One row for `COPY … WITH (FORMAT csv)`: null becomes an unquoted empty field (SQL NULL); an empty
 * string, and any text with a quote, comma or line break, is quoted, so it reads back as it was.
 * `plain[i]` promises that column i never holds a quote, comma or line break (the check is skipped).
 */
export function toCopyCsvRow(
  row: readonly (string | number | boolean | null)[],
  plain?: readonly boolean[],
): string {
  let out = '';
  for (let i = 0; i < row.length; i++) {
    if (i > 0) out += ',';
    const v = row[i];
    if (v === null || v === undefined) continue;
    if (typeof v !== 'string') out += String(v);
    else if (v === '' || (plain?.[i] !== true && NEEDS_QUOTES.test(v))) out += `"${v.replaceAll('"', '""')}"`;
    else out += v;
  }
  return `${out}\n`;
}

/**
 * The CSV a `COPY (query) TO` writes, whole: callers keep each query to a bounded slice of a table.
 * `query` is a SELECT without bind parameters (COPY takes none): put values in temp tables.
 */
export type CopyReader = (query: string) => Promise<Uint8Array>;

const copyOutStatement = (query: string, target: string) => `COPY (${query}) TO ${target} WITH (FORMAT csv)`;

/** PGlite writes COPY output to a virtual /dev/blob file handed back with the result. */
export function copyReaderPglite(client: PGlite): CopyReader {
  return async (query) => {
    const result = await client.query(copyOutStatement(query, `'/dev/blob'`));
    return result.blob ? new Uint8Array(await result.blob.arrayBuffer()) : new Uint8Array();
  };
}

/** PostgreSQL: `COPY … TO STDOUT` on the given client, read as a stream. */
export function copyReaderPostgres(client: pg.ClientBase): CopyReader {
  return async (query) => {
    const chunks: Buffer[] = [];
    const stream = client.query(copyTo(copyOutStatement(query, 'STDOUT')));
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  };
}
