import { type SQL, sql } from 'drizzle-orm';
import type { Database, Db } from '../../../db/open.js';
import { inSlices, type Slice, sliceCount, whole } from '../../../db/slices.js';
import { queryRows } from '../../../db/sql.js';
import type { StagedKind } from './specs.js';
import { phaseTimer } from './timing.js';

export interface LineReject {
  line: number;
  column: string;
  reason: string;
}

/**
 * Rows whose key appears earlier in the same file: the first stays, later ones are rejected. One hash
 * aggregate over the staged rows finds the repeated keys; only their rows are read again.
 */
function duplicates(table: SQL, key: string[], column: string, what: SQL): Check {
  const keys = sql.raw(key.join(', '));
  const joined = sql.raw(key.map((k) => `s.${k} = d.${k}`).join(' and '));
  // Sliced by the key's first column: rows with one key are always in the same slice.
  const first = sql.raw(key[0] as string);
  return (
    slice,
  ) => sql`select s.line, ${column}::text as "column", ${what} || ' (first on line ' || d.first_line || ')' as reason
    from (select ${keys}, min(line) as first_line from ${table} where ${slice(first)} group by ${keys} having count(*) > 1) d
    join ${table} s on ${joined} and s.line > d.first_line
    where ${slice(sql`s.${first}`)}`;
}

function unknownOpportunity(table: SQL, orgId: string, pending: SQL | undefined): Check {
  return (slice) => sql`select s.line, 'opportunity_id' as "column",
      'no opportunity with id "' || s.opportunity_id || '" (import opportunities first)' as reason
    from ${table} s
    where s.opportunity_id is not null and ${slice(sql`s.opportunity_id`)}
      and not exists (select 1 from opportunities o where o.org_id = ${orgId} and o.crm_id = s.opportunity_id)
      ${pending ? sql`and not exists (select 1 from ${pending} p where p.crm_id = s.opportunity_id)` : sql``}`;
}

/**
 * The opportunities as the checks see them, `(crm_id, stage)`: the stored ones, and in a whole
 * export's dry run those its opportunities file would write (which win).
 */
function currentOpportunities(orgId: string, pending: SQL | undefined): SQL {
  return pending
    ? sql`(select crm_id, stage from ${pending}
          union all
          select o.crm_id, o.stage from opportunities o
          where o.org_id = ${orgId} and not exists (select 1 from ${pending} p where p.crm_id = o.crm_id))`
    : sql`(select crm_id, stage from opportunities where org_id = ${orgId})`;
}

/** One check, written once for any slice of the staged rows. */
type Check = (slice: Slice) => SQL;

/** Staged rows one check goes through per statement on the embedded database (`db/slices.ts`). */
const EMBEDDED_CHECK_ROWS = 250_000;

export interface SqlRejects {
  /** How many lines the checks rejected (a line may fail more than one). */
  lines: number;
  /** The first `limit` rejections by line, for the report. */
  first: LineReject[];
}

/**
 * Checks that need the whole file or the database, run over the staging table `table`: duplicate keys
 * within the file, references to opportunities that do not exist, and history that contradicts its
 * opportunity's current stage. Every rejection goes into the table `rejectsTable(line, column,
 * reason)`, created here — a file of a million bad rows stays in the database, not in memory — and
 * only the count and the first `limit` come back.
 */
export async function findRejects(
  database: Database,
  db: Db,
  job: {
    kind: StagedKind;
    table: string;
    /** How many rows are staged. */
    rows: number;
    rejectsTable: string;
    orgId: string;
    limit: number;
    /** A whole export's dry run: the scratch table of the opportunities it would write. */
    pending?: string | undefined;
  },
): Promise<SqlRejects> {
  const { kind, table, orgId } = job;
  const pending = job.pending ? sql.raw(job.pending) : undefined;
  const timing = phaseTimer(`checks (${kind})`);
  const r = sql.raw(job.rejectsTable);
  await db.execute(
    sql`create unlogged table ${r} (line integer not null, "column" text not null, reason text not null)`,
  );
  const t = sql.raw(table);
  const queries: Check[] = [];
  if (kind === 'opportunities') {
    queries.push(duplicates(t, ['crm_id'], 'id', sql`'duplicate id "' || s.crm_id || '"'`));
  }
  if (kind === 'activities') {
    queries.push(duplicates(t, ['crm_id'], 'id', sql`'duplicate id "' || s.crm_id || '"'`));
    queries.push(unknownOpportunity(t, orgId, pending));
  }
  if (kind === 'stage_history') {
    queries.push(
      duplicates(
        t,
        ['opportunity_id', 'stage', 'entered_at'],
        'entered_at',
        sql`'duplicate row: ' || s.opportunity_id || ' entered ' || s.stage || ' at the same time'`,
      ),
    );
    queries.push(unknownOpportunity(t, orgId, pending));
    // The newest entry, from the file and from what is stored, must name the stage the opportunity is
    // at. Entries at the same time (a deal created and won in one go) have no order: one naming the
    // current stage is the latest.
    queries.push(
      (slice) => sql`with staged as (
          select opportunity_id, stage, entered_at, line from ${t} where ${slice(sql`opportunity_id`)}
        ), entries as (
          select * from staged
          union all
          select h.opportunity_id, h.stage, h.entered_at, null from stage_history h
          where h.org_id = ${orgId} and not h.inferred and h.opportunity_id in (select opportunity_id from staged)
        ), latest as (
          select distinct on (e.opportunity_id) e.opportunity_id, e.stage, e.line, o.crm_id, o.stage as current
          from entries e join ${currentOpportunities(orgId, pending)} o on o.crm_id = e.opportunity_id
          order by e.opportunity_id, e.entered_at desc, (e.stage = o.stage) desc, e.line desc nulls last
        )
        select s.line, 'stage' as "column",
          'opportunity ' || l.crm_id || ' is at stage "' || l.current || '" but its latest history row'
            || coalesce(' (line ' || l.line || ')', '') || ' says "' || l.stage || '"' as reason
        from latest l
        join staged s on s.opportunity_id = l.opportunity_id
        where l.stage <> l.current`,
    );
  }
  const save = (on: Db, q: SQL) => on.execute(sql`insert into ${r} (line, "column", reason) ${q}`);
  // On PostgreSQL the checks run side by side, the first on this session and each other on its own
  // (the staging and rejects tables are visible to all), each whole; on PGlite one after another, in slices.
  if (database.parallelism > 1)
    await Promise.all(
      queries.map((q, i) =>
        i === 0 ? save(db, q(whole)) : database.session((other) => save(other.db, q(whole))),
      ),
    );
  else
    for (const [i, q] of queries.entries()) {
      await inSlices(database, sliceCount(database, job.rows, EMBEDDED_CHECK_ROWS), (slice) =>
        save(db, q(slice)),
      );
      timing(`check ${i + 1} of ${queries.length}`);
    }
  const [counted] = await queryRows<{ lines: number }>(
    db,
    sql`select count(distinct line)::int as lines from ${r}`,
  );
  const first = await queryRows<LineReject>(
    db,
    sql`select line, "column", reason from ${r} order by line, "column", reason limit ${job.limit}`,
  );
  return { lines: counted?.lines ?? 0, first };
}
