import { sql } from 'drizzle-orm';
import type { Funnel } from '../../../core/funnel.js';
import type { Database, Db, Session } from '../../../db/open.js';
import { seniorContact } from '../../../db/schema/crm.js';
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
  /** The highest staged line. */
  maxLine: number;
  /** Names the extra sessions, so other processes can tell they are alive. */
  sessionName: string;
}

/**
 * Lines inserted per transaction on the embedded database: each slice takes well under a second
 * there, so requests waiting for the database get their turn between slices.
 */
const EMBEDDED_INSERT_LINES = 40_000;

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
 * rollups. PGlite has one connection, so there the same steps run one after another, and the
 * insert goes in slices of lines, each its own short transaction with a turn for the event loop
 * between: PGlite runs in this process, so one long statement would leave every request waiting.
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
  await db.execute(sql`select pg_advisory_lock(${ORG_LOCK}, hashtext(${orgId}))`);
  try {
    await db.execute(sql`create unlogged table ${x} as
      select s.crm_id, a.owner_id, a.type, a.occurred_at, a.opportunity_id, a.contact_level,
        (a.owner_id, a.type, a.occurred_at, a.opportunity_id, a.contact_level)
          is distinct from (s.owner_id, s.type, s.occurred_at, s.opportunity_id, s.contact_level) as changed
      from ${s} s join activities a on a.org_id = ${orgId} and a.crm_id = s.crm_id`);
    await db.execute(sql`analyze ${x}`);
    const [stored] = await queryRows<{ changed: number }>(
      db,
      sql`select count(*) filter (where changed)::int as changed from ${x}`,
    );
    const changed = stored?.changed ?? 0;
    // The rollups take this session, which has little to do; the inserts take one more each.
    const parts = database.parallelism;
    const step = Math.ceil((job.maxLine + 1) / parts);
    const insertRange = (on: Db, from: number, to: number) =>
      on.transaction(async (tx) => {
        const timing = phaseTimer(`activities merge (insert lines ${from}–${to})`);
        // A plain count of the rows written: RETURNING would queue a million of them to count.
        const rows = await changedRows(
          tx,
          sql`insert into activities (org_id, crm_id, owner_id, type, occurred_at, opportunity_id, contact_level)
            select ${orgId}, s.crm_id, s.owner_id, s.type, s.occurred_at, s.opportunity_id, s.contact_level
            from ${s} s
            where s.line between ${from} and ${to} and not exists (select 1 from ${x} x where x.crm_id = s.crm_id)`,
        );
        timing('inserted');
        return rows;
      });
    const ranges = Array.from({ length: parts }, (_, i) => [i * step, i * step + step - 1] as const);
    let updated = 0;
    let inserted: number[] = [];
    try {
      if (database.parallelism === 1) {
        updated = await updateAndCount(db, job, changed, funnel, () => {});
        // The slices find their lines through an index; the staged rows arrived in line order.
        await db.execute(sql`create index on ${s} (line)`);
        for (let from = 0; from <= job.maxLine; from += EMBEDDED_INSERT_LINES) {
          inserted.push(await insertRange(db, from, Math.min(job.maxLine, from + EMBEDDED_INSERT_LINES - 1)));
          await new Promise((resolve) => setImmediate(resolve));
        }
      } else {
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
        inserted = counts.slice(1);
      }
    } catch (err) {
      // Some of the write transactions may have committed and others not: rebuild the rollups from
      // the rows (on the shared pool, in case this session's connection is what failed).
      await rebuildRollups(database.db, orgId, funnel).catch(() => {});
      throw err;
    }
    return { inserted: inserted.reduce((a, b) => a + b, 0), updated };
  } finally {
    // Best effort: on a broken connection the session's end drops the temp table and the lock anyway.
    const quietly = (q: ReturnType<typeof sql>) => db.execute(q).catch(() => {});
    await quietly(sql`drop table if exists ${x}`);
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
  const { orgId } = job;
  const s = sql.raw(job.table);
  const x = sql.raw(job.storedTable);
  const timing = phaseTimer('activities merge (rollups)');
  return db.transaction(
    async (tx) => {
      await tx.execute(sql`select 1`); // takes the snapshot
      onSnapshot();
      // Opportunities whose first senior contact the file adds or removes, judged on the snapshot
      // from before any new row. Reached after = a senior row in the file, or a stored senior row the
      // file does not mention. Each set is read once and hashed (uncorrelated IN): linear cost; the
      // staged rows are read once, into the file's senior opportunities (touched: by a new or
      // changed row).
      await tx.execute(sql`create temp table senior_flips on commit drop as
      with file_senior as materialized (
        select s.opportunity_id, bool_or(x.crm_id is null or x.changed) as touched
        from ${s} s left join ${x} x on x.crm_id = s.crm_id
        where ${seniorContact('s')} group by 1
      )
      select opportunity_id, after as gained from (
        select c.opportunity_id,
          c.opportunity_id in (select a.opportunity_id from activities a where a.org_id = ${orgId} and ${seniorContact('a')}) as before,
          (c.opportunity_id in (select opportunity_id from file_senior)
            or c.opportunity_id in (select a.opportunity_id from activities a where a.org_id = ${orgId} and ${seniorContact('a')}
                                      and not exists (select 1 from ${x} x where x.crm_id = a.crm_id))) as after
        from (
          select opportunity_id from file_senior where touched
          union select opportunity_id from ${x} where changed and ${seniorContact('')}
        ) c
      ) f
      where before <> after`);
      timing('senior reach');
      // Skipped when nothing changed: its join would read through the rows the inserts are adding.
      const updated =
        changed === 0
          ? 0
          : await changedRows(
              tx,
              sql`update activities a set owner_id = s.owner_id, type = s.type, occurred_at = s.occurred_at,
          opportunity_id = s.opportunity_id, contact_level = s.contact_level
        from ${x} x join ${s} s on s.crm_id = x.crm_id
        where x.changed and a.org_id = ${orgId} and a.crm_id = x.crm_id`,
            );
      timing('changed rows');
      // Every valid row of the file counts once, less each stored row it replaces (its old values):
      // new rows add, unchanged rows cancel out, changed rows move their count.
      await tx.execute(sql`insert into activity_week_rollup (org_id, owner_id, type, week, count)
      select ${orgId}, owner_id, type, week, sum(delta)::int from (
        select owner_id, type, week, count as delta from ${sql.raw(job.countsTable)}
        union all
        select owner_id, type, ${weekOf(sql`occurred_at`)}, -count(*) from ${x} group by 1, 2, 3
      ) d group by 2, 3, 4 having sum(delta) <> 0
      on conflict (org_id, owner_id, type, week) do update set count = activity_week_rollup.count + excluded.count`);
      if (updated > 0)
        await tx.execute(sql`delete from activity_week_rollup r
        using (select distinct owner_id, type, ${weekOf(sql`occurred_at`)} as week from ${x} where changed) c
        where r.org_id = ${orgId} and r.owner_id = c.owner_id and r.type = c.type and r.week = c.week and r.count = 0`);
      timing('activity counts');
      await applySeniorFlips(tx, orgId, funnel);
      timing('senior reach applied');
      return updated;
    },
    { isolationLevel: 'repeatable read' },
  );
}
