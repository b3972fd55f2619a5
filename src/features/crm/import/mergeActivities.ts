import { sql } from 'drizzle-orm';
import type { Funnel } from '../../../core/funnel.js';
import type { Database, Db, Session } from '../../../db/open.js';
import { seniorContact } from '../../../db/schema/crm.js';
import { inSlices, lineRanges, type Slice, sliceCount, whole } from '../../../db/slices.js';
import { changedRows, queryRows } from '../../../db/sql.js';
import { applySeniorFlips, rebuildRollups, weekOf } from '../rollups.js';
import { type MergeCounts, ORG_LOCK } from './merge.js';
import { phaseTimer } from './timing.js';

export interface ActivityMerge {
  orgId: string;
  /** The import's staging table (unlogged, visible to every session). */
  table: string;
  /** Its stored-rows table, created here. */
  storedTable: string;
  /** What its valid rows count per rep × type × week (`saveActivityCounts`). */
  countsTable: string;
  /** Its opportunities whose senior reach the file changes, created here. */
  flipsTable: string;
  /** The highest staged line, and how many rows are staged. */
  maxLine: number;
  rows: number;
  /** Names the extra sessions, so other processes can tell they are alive. */
  sessionName: string;
}

/**
 * Rows one statement goes through on the embedded database, per step (see `db/slices.ts`): each
 * slice then takes about a fifth of a second there (bench/responsive).
 */
const EMBEDDED_ROWS = {
  /** Staged lines inserted into activities. */
  insert: 25_000,
  /** Staged rows matched against the stored ones. */
  stored: 200_000,
  /** Staged rows judged for senior reach. */
  senior: 300_000,
  /** Changed rows updated. */
  changed: 20_000,
  /** Rep × type × week counts added to the rollup. */
  counts: 20_000,
  /** Opportunities whose senior reach flips. */
  flips: 30_000,
} as const;

/**
 * Merges a staged activities file. The work is split so that PostgreSQL can use more than one core:
 *
 * 1. The rows the file already has in the database are read once into a stored-rows table, and the
 *    opportunities whose first senior (C-level or VP) contact the file adds or removes are found.
 * 2. Then, at the same time, each on its own connection and in its own transaction: the new rows are
 *    inserted, a range of lines per connection (a plain insert: the org's advisory lock and the
 *    duplicate check leave nothing for ON CONFLICT's per-row speculation to catch, and the insert
 *    never scans the table it writes); and the changed rows are updated together with the rollups'
 *    deltas — activity counts (+1 per row of the file, −1 per stored row it replaces) and
 *    the deal rollup's senior reach — so their cost follows the rows imported, not the rows stored.
 *    The file's own counts were taken while it was read (`ActivityCounter`), so this transaction is
 *    light and the inserts get the cores: one connection each, a range of lines apiece.
 *
 * Each transaction commits whole or not at all; a kill between them leaves the rollups out of step
 * with the rows, which the next import of the org notices (a dead job) and repairs by rebuilding its
 * rollups. PGlite has one connection and runs in this process, so there the same steps run one after
 * another and every one goes in slices (`db/slices.ts`), each its own short statement, with a turn
 * for waiting requests between: one long statement would leave every request waiting. The staging
 * table has an index on `line` there (`stageAndMerge`), for the insert's slices.
 */
export async function mergeActivityFile(
  database: Database,
  session: Session,
  job: ActivityMerge,
  funnel: Funnel,
): Promise<MergeCounts> {
  const db = session.db;
  const { orgId } = job;
  const s = sql.raw(job.table);
  const x = sql.raw(job.storedTable);
  const timing = phaseTimer('activities merge');
  await db.execute(sql`select pg_advisory_lock(${ORG_LOCK}, hashtext(${orgId}))`);
  try {
    const storedRow = (slice: Slice) => sql`
      select s.crm_id, a.owner_id, a.type, a.occurred_at, a.opportunity_id, a.contact_level,
        (a.owner_id, a.type, a.occurred_at, a.opportunity_id, a.contact_level)
          is distinct from (s.owner_id, s.type, s.occurred_at, s.opportunity_id, s.contact_level) as changed
      from ${s} s join activities a on a.org_id = ${orgId} and a.crm_id = s.crm_id
      where ${slice(sql`s.crm_id`)}`;
    const storedSlices = sliceCount(database, job.rows, EMBEDDED_ROWS.stored);
    if (storedSlices === 1) await db.execute(sql`create unlogged table ${x} as ${storedRow(whole)}`);
    else {
      // Filled in slices, with the index the insert's slices look new rows up in.
      await db.execute(sql`create unlogged table ${x} as ${storedRow(whole)} with no data`);
      await db.execute(sql`create index on ${x} (crm_id)`);
      await inSlices(database, storedSlices, (slice) =>
        db.execute(sql`insert into ${x} ${storedRow(slice)}`),
      );
    }
    await db.execute(sql`analyze ${x}`);
    const [stored] = await queryRows<{ changed: number }>(
      db,
      sql`select count(*) filter (where changed)::int as changed from ${x}`,
    );
    const changed = stored?.changed ?? 0;
    timing('stored rows read');
    const insertRange = (on: Db, from: number, to: number) =>
      on.transaction(async (tx) => {
        // A plain count of the rows written: RETURNING would queue a million of them to count.
        return changedRows(
          tx,
          sql`insert into activities (org_id, crm_id, owner_id, type, occurred_at, opportunity_id, contact_level)
            select ${orgId}, s.crm_id, s.owner_id, s.type, s.occurred_at, s.opportunity_id, s.contact_level
            from ${s} s
            where s.line between ${from} and ${to} and not exists (select 1 from ${x} x where x.crm_id = s.crm_id)`,
        );
      });
    let updated = 0;
    let inserted = 0;
    try {
      if (database.parallelism === 1) {
        updated = await updateAndCountInSlices(database, db, job, changed, funnel);
        for (const [from, to] of lineRanges(database, job.maxLine, EMBEDDED_ROWS.insert)) {
          await database.turn();
          inserted += await insertRange(db, from, to);
        }
        timing('inserted');
      } else {
        // The rollups take this session, which has little to do; the inserts take one more each.
        const parts = database.parallelism;
        const step = Math.ceil((job.maxLine + 1) / parts);
        const ranges = Array.from({ length: parts }, (_, i) => [i * step, i * step + step - 1] as const);
        // The inserts start once the rollup transaction holds its snapshot (or not at all if it failed
        // first); every part settles before any failure is reported, so nothing runs when the tables go.
        let release: (go: boolean) => void = () => {};
        const gate = new Promise<boolean>((resolve) => {
          release = resolve;
        });
        const rollups = updateAndCount(db, job, changed, funnel, () => release(true));
        rollups.catch(() => release(false));
        const settled = await Promise.allSettled([
          rollups,
          ...ranges.map(async ([from, to]) =>
            (await gate) ? database.session((other) => insertRange(other.db, from, to), job.sessionName) : 0,
          ),
        ]);
        const failed = settled.find((r) => r.status === 'rejected');
        if (failed) throw failed.reason;
        const counts = settled.map((r) => (r.status === 'fulfilled' ? r.value : 0));
        updated = counts[0] ?? 0;
        inserted = counts.slice(1).reduce((a, b) => a + b, 0);
        timing('inserted, rollups updated');
      }
    } catch (err) {
      // Some of the write transactions may have committed and others not: rebuild the rollups from
      // the rows (on the shared pool, in case this session's connection is what failed).
      await rebuildRollups(database.db, orgId, funnel).catch(() => {});
      throw err;
    }
    return { inserted, updated };
  } finally {
    // Best effort: on a broken connection the session's end drops the tables and the lock anyway.
    const quietly = (q: ReturnType<typeof sql>) => db.execute(q).catch(() => {});
    await quietly(sql`drop table if exists ${x}`);
    await quietly(sql`drop table if exists ${sql.raw(job.flipsTable)}`);
    await quietly(sql`select pg_advisory_unlock(${ORG_LOCK}, hashtext(${orgId}))`);
  }
}

/**
 * Updates the changed rows and applies every rollup delta (activity counts, senior reach), in one
 * repeatable-read transaction: its snapshot is taken before `onSnapshot` lets the inserts start, so
 * it judges senior reach on the rows as they were. Nothing else writes these rows meanwhile (the
 * org's advisory lock; the inserts only add new keys).
 */
async function updateAndCount(
  db: Db,
  job: ActivityMerge,
  changed: number,
  funnel: Funnel,
  onSnapshot: () => void,
): Promise<number> {
  const timing = phaseTimer('activities merge (rollups)');
  return db.transaction(
    async (tx) => {
      await tx.execute(sql`select 1`); // takes the snapshot
      onSnapshot();
      await findSeniorFlips(tx, job, whole);
      timing('senior reach');
      // Skipped when nothing changed: its join would read through the rows the inserts are adding.
      const updated = changed === 0 ? 0 : await updateChanged(tx, job, whole);
      timing('changed rows');
      await addCounts(tx, job, whole);
      if (updated > 0) await dropEmptyCounts(tx, job);
      timing('activity counts');
      await applySeniorFlips(tx, { orgId: job.orgId, flipsTable: job.flipsTable, funnel, slice: whole });
      timing('senior reach applied');
      return updated;
    },
    { isolationLevel: 'repeatable read' },
  );
}

/**
 * The same steps on the embedded database, before any new row is inserted (so senior reach is
 * judged on the rows as they were), each in slices of its own statements. A kill between them is
 * repaired like any other: the dead job's org gets its rollups rebuilt.
 */
async function updateAndCountInSlices(
  database: Database,
  db: Db,
  job: ActivityMerge,
  changed: number,
  funnel: Funnel,
): Promise<number> {
  const timing = phaseTimer('activities merge (rollups, in slices)');
  const rowsOf = async (table: string) =>
    (await queryRows<{ n: number }>(db, sql`select count(*)::int as n from ${sql.raw(table)}`))[0]?.n ?? 0;
  await inSlices(database, sliceCount(database, job.rows, EMBEDDED_ROWS.senior), (slice) =>
    findSeniorFlips(db, job, slice),
  );
  timing('senior reach');
  const updated =
    changed === 0
      ? 0
      : await inSlices(database, sliceCount(database, changed, EMBEDDED_ROWS.changed), (slice) =>
          updateChanged(db, job, slice),
        );
  timing('changed rows');
  await inSlices(
    database,
    sliceCount(database, await rowsOf(job.countsTable), EMBEDDED_ROWS.counts),
    (slice) => addCounts(db, job, slice),
  );
  if (updated > 0) await dropEmptyCounts(db, job);
  timing('activity counts');
  await inSlices(database, sliceCount(database, await rowsOf(job.flipsTable), EMBEDDED_ROWS.flips), (slice) =>
    applySeniorFlips(db, { orgId: job.orgId, flipsTable: job.flipsTable, funnel, slice }),
  );
  timing('senior reach applied');
  return updated;
}

/**
 * Adds to the job's flips table the opportunities (of this slice) whose first senior contact the file
 * adds or removes, judged on the rows as they are before any new row. Reached after = a senior row in
 * the file, or a stored senior row the file does not mention. Each set is read once and hashed
 * (uncorrelated IN): linear cost; the staged rows are read once, into the file's senior opportunities
 * (touched: by a new or changed row).
 */
async function findSeniorFlips(db: Db, job: ActivityMerge, slice: Slice): Promise<void> {
  const { orgId } = job;
  const s = sql.raw(job.table);
  const x = sql.raw(job.storedTable);
  const f = sql.raw(job.flipsTable);
  await db.execute(
    sql`create unlogged table if not exists ${f} (opportunity_id text not null, gained boolean not null)`,
  );
  await db.execute(sql`insert into ${f} (opportunity_id, gained)
    with file_senior as materialized (
      select s.opportunity_id, bool_or(x.crm_id is null or x.changed) as touched
      from ${s} s left join ${x} x on x.crm_id = s.crm_id
      where ${seniorContact('s')} and ${slice(sql`s.opportunity_id`)} group by 1
    )
    select opportunity_id, after from (
      select c.opportunity_id,
        c.opportunity_id in (select a.opportunity_id from activities a where a.org_id = ${orgId} and ${seniorContact('a')}) as before,
        (c.opportunity_id in (select opportunity_id from file_senior)
          or c.opportunity_id in (select a.opportunity_id from activities a where a.org_id = ${orgId} and ${seniorContact('a')}
                                    and not exists (select 1 from ${x} x where x.crm_id = a.crm_id))) as after
      from (
        select opportunity_id from file_senior where touched
        union select opportunity_id from ${x} where changed and ${seniorContact('')} and ${slice(sql`opportunity_id`)}
      ) c
    ) f
    where before <> after`);
}

/** Writes the file's values over the stored rows it changes (of this slice); returns how many. */
function updateChanged(db: Db, job: ActivityMerge, slice: Slice): Promise<number> {
  return changedRows(
    db,
    sql`update activities a set owner_id = s.owner_id, type = s.type, occurred_at = s.occurred_at,
      opportunity_id = s.opportunity_id, contact_level = s.contact_level
    from ${sql.raw(job.storedTable)} x join ${sql.raw(job.table)} s on s.crm_id = x.crm_id
    where x.changed and a.org_id = ${job.orgId} and a.crm_id = x.crm_id and ${slice(sql`x.crm_id`)}`,
  );
}

/**
 * Every valid row of the file counts once, less each stored row it replaces (its old values): new
 * rows add, unchanged rows cancel out, changed rows move their count. Sliced by rep.
 */
async function addCounts(db: Db, job: ActivityMerge, slice: Slice): Promise<void> {
  const x = sql.raw(job.storedTable);
  await db.execute(sql`insert into activity_week_rollup (org_id, owner_id, type, week, count)
    select ${job.orgId}, owner_id, type, week, sum(delta)::int from (
      select owner_id, type, week, count as delta from ${sql.raw(job.countsTable)} where ${slice(sql`owner_id`)}
      union all
      select owner_id, type, ${weekOf(sql`occurred_at`)}, -count(*) from ${x} where ${slice(sql`owner_id`)} group by 1, 2, 3
    ) d group by 2, 3, 4 having sum(delta) <> 0
    on conflict (org_id, owner_id, type, week) do update set count = activity_week_rollup.count + excluded.count`);
}

/** Removes the count cells that changed rows emptied. */
async function dropEmptyCounts(db: Db, job: ActivityMerge): Promise<void> {
  await db.execute(sql`delete from activity_week_rollup r
    using (select distinct owner_id, type, ${weekOf(sql`occurred_at`)} as week from ${sql.raw(job.storedTable)} where changed) c
    where r.org_id = ${job.orgId} and r.owner_id = c.owner_id and r.type = c.type and r.week = c.week and r.count = 0`);
}
