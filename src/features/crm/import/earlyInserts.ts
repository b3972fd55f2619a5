import { sql } from 'drizzle-orm';
import type { Database, Db } from '../../../db/open.js';
import { changedRows, queryRows } from '../../../db/sql.js';

/**
 * A first import of activities into an organisation that has none: every valid row is new, so rows
 * can go into `activities` while the rest of the file is still being read. The file is staged in
 * batches, each COPYed into its own child of the staging table (`<table>_<n>`, inheriting from it,
 * so the checks still see the whole file); as each batch lands, a second connection inserts it.
 * Rows pointing to an unknown opportunity are left out on the way (they will be rejected); a key
 * seen again later in the file loses to the first (ON CONFLICT DO NOTHING, in line order), and the
 * duplicate check reports it as usual; `keysToPurge` and `purge` take out what that leaves behind.
 */
export interface EarlyInserts {
  /** The table the next batch is COPYed into (created here). */
  nextBatchTable(db: Db): Promise<string>;
  /** The batch just COPYed into `table` is complete: insert it (in the background). */
  landed(table: string): void;
  /** No more batches: waits for every insert and returns how many rows went in. */
  finish(): Promise<number>;
}

export function startEarlyInserts(
  database: Database,
  orgId: string,
  parent: string,
  sessionName: string,
): EarlyInserts {
  const queue: string[] = [];
  let batches = 0;
  let closed = false;
  let wake: () => void = () => {};
  const insertBatch = (db: Db, table: string) =>
    changedRows(
      db,
      sql`insert into activities (org_id, crm_id, owner_id, type, occurred_at, opportunity_id, contact_level)
        select ${orgId}, s.crm_id, s.owner_id, s.type, s.occurred_at, s.opportunity_id, s.contact_level
        from ${sql.raw(table)} s
        where s.opportunity_id is null
           or exists (select 1 from opportunities o where o.org_id = ${orgId} and o.crm_id = s.opportunity_id)
        order by s.line
        on conflict (org_id, crm_id) do nothing`,
    );
  const worker = database.session(async (other) => {
    let inserted = 0;
    for (;;) {
      const table = queue.shift();
      if (table) inserted += await insertBatch(other.db, table);
      else if (closed) return inserted;
      else await new Promise<void>((resolve) => (wake = resolve));
    }
  }, sessionName);
  worker.catch(() => {}); // reported by finish()
  return {
    async nextBatchTable(db) {
      const table = `${parent}_${batches++}`;
      await db.execute(sql.raw(`create unlogged table ${table} () inherits (${parent})`));
      return table;
    },
    landed(table) {
      queue.push(table);
      wake();
    },
    finish() {
      closed = true;
      wake();
      return worker;
    },
  };
}

/** True when the organisation has no activities yet (the early path applies). */
export async function hasNoActivities(db: Db, orgId: string): Promise<boolean> {
  const [row] = await queryRows<{ none: boolean }>(
    db,
    sql`select not exists (select 1 from activities where org_id = ${orgId}) as none`,
  );
  return row?.none ?? false;
}

/**
 * After the file-wide checks, before the rejected lines leave the staging table: the keys whose first
 * line was rejected for its opportunity. A later line with the same key (rejected as a duplicate)
 * may have gone in early; `purge` takes such rows out again.
 */
export async function keysToPurge(db: Db, parent: string, badLines: number[]): Promise<string[]> {
  if (badLines.length === 0) return [];
  const lines = `{${badLines.join(',')}}`;
  const rows = await queryRows<{ crm_id: string }>(
    db,
    sql`select t.crm_id from ${sql.raw(parent)} t
        where t.crm_id in (select crm_id from ${sql.raw(parent)} where line = any(${lines}::int[]))
        group by t.crm_id having min(t.line) = any(${lines}::int[])`,
  );
  return rows.map((r) => r.crm_id);
}

/** Deletes these keys' activities (the org had none before this import: they are all its own). */
export async function purge(db: Db, orgId: string, keys: string[]): Promise<number> {
  if (keys.length === 0) return 0;
  return changedRows(
    db,
    sql`delete from activities where org_id = ${orgId} and crm_id = any(${textArray(keys)}::text[])`,
  );
}

/** A PostgreSQL text[] literal (each element quoted, quotes and backslashes escaped). */
function textArray(values: string[]): string {
  return `{${values.map((v) => `"${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join(',')}}`;
}
