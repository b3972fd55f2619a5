import { type SQL, sql } from 'drizzle-orm';
import type { Db } from './open.js';
import { queryRows } from './sql.js';

/**
 * Reads a query's rows a page at a time through one server-side cursor: the query runs once (no
 * re-planned page queries), memory holds one page, and it works the same on PGlite and PostgreSQL.
 * The cursor lives in a transaction, so the pages are one consistent snapshot.
 */
export async function forEachPage<T>(
  db: Db,
  query: SQL,
  pageSize: number,
  onPage: (rows: T[]) => Promise<void>,
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`declare touchline_pages no scroll cursor for ${query}`);
    for (;;) {
      const rows = await queryRows<T>(tx, sql.raw(`fetch ${pageSize} from touchline_pages`));
      if (rows.length === 0) break;
      await onPage(rows);
    }
    await tx.execute(sql`close touchline_pages`);
  });
}
