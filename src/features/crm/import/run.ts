import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { AppError } from '../../../core/errors.js';
import { toCopyCsvRow } from '../../../db/copy.js';
import type { Database, Db, Session } from '../../../db/open.js';
import { inSlices, lineRanges, sliceCount } from '../../../db/slices.js';
import { changedRows, queryRows } from '../../../db/sql.js';
import { getOrg } from '../../orgs/service.js';
import { listPeople } from '../../people/service.js';
import type { ImportSummary, Reject } from '../contract.js';
import { allFunnels } from '../funnel.js';
import { ActivityCounter, saveActivityCounts } from './activityCounts.js';
import { makeAdapter, type SourceOptions } from './adapt.js';
import { findRejects } from './checks.js';
import { NUL_REASON, readCsvRecords } from './csv.js';
import { MAX_REPORTED_REJECTS } from './job.js';
import {
  countsTableOf,
  flipsTableOf,
  jobSessionName,
  jobTables,
  rejectsTableOf,
  storedTableOf,
} from './jobTables.js';
import { mergeRange, oneMergeAtATime } from './merge.js';
import { mergeActivityFile } from './mergeActivities.js';
import { moneyOf, pipelineContext, type RowContext, RowError } from './rows.js';
import { SPECS, type StagedKind, stageTableOf } from './specs.js';
import { phaseTimer } from './timing.js';

/** COPY input sent at a time (characters), lines merged per transaction, rows between progress reports. */
const COPY_CHUNK_CHARS = 1 << 20;
const MERGE_RANGE = 1_000_000;
/** Lines merged per transaction on the embedded database (`db/slices.ts`). */
const EMBEDDED_MERGE_LINES = 20_000;
const PROGRESS_EVERY = 20_000;
/** Staged lines the dry run counts per statement on the embedded database (`db/slices.ts`). */
const EMBEDDED_DRY_RUN_LINES = 200_000;

/** A file of one of the staged kinds, inside its import job. */
export interface StagedFileOptions {
  orgId: string;
  kind: StagedKind;
  input: Readable;
  /** Named in every rejected row, e.g. `opportunities.csv`. */
  fileName: string;
  /** Check everything and report what would change, without changing anything. */
  dryRun: boolean;
  /** Commit nothing when any row is rejected. */
  strict: boolean;
  onProgress: (rowsRead: number) => void | Promise<void>;
  /** Where the file comes from: generic, salesforce or hubspot, plus mappings. */
  source: SourceOptions;
}

async function rowContext(database: Database, orgId: string, source: SourceOptions): Promise<RowContext> {
  const people = await listPeople(database.db, { orgId, includeInactive: true });
  const assumed = source.dryRunAssumes;
  const stored = await allFunnels(database.db, orgId);
  // A dry run checks rows against the funnels the export would set, as if set.
  const setByExport = assumed?.funnels ?? [];
  const replaced = new Set(setByExport.map((f) => (f.pipeline ?? '').toLowerCase()));
  const funnels = [
    ...stored.funnels.filter((f) => !replaced.has((f.pipeline ?? '').toLowerCase())),
    ...setByExport,
  ];
  // A dry run of a whole export checks rows as owned by the people it would add: ids of their own.
  const known = new Set(people.map((p) => p.email));
  const planned = [...(assumed?.people ?? [])]
    .filter(([email]) => !known.has(email))
    .map(([email, name]) => ({ id: randomUUID(), email, name }));
  const { currency } = await getOrg(database.db, { orgId });
  const names = new Map<string, string[]>();
  for (const p of [...people, ...planned])
    names.set(p.name.toLowerCase(), [...(names.get(p.name.toLowerCase()) ?? []), p.email]);
  return {
    owners: new Map([...people, ...planned].map((p) => [p.email, p.id])),
    names,
    ...pipelineContext(funnels, assumed?.diagnosed ?? stored.diagnosed),
    lastOwner: ['', ''],
    money: moneyOf(currency, source.rates),
    dateStyle: source.dateStyle,
  };
}

/** Streams the file into the staging table through one COPY; returns the rows rejected on the way. */
async function stageFile(
  opts: StagedFileOptions,
  session: Session,
  table: string,
  ctx: RowContext,
): Promise<{ read: number; rows: number; maxLine: number; rejects: Reject[]; rejected: number }> {
  const spec = SPECS[opts.kind];
  const adapter = makeAdapter(opts.kind, opts.fileName, opts.source);
  const rejects: Reject[] = [];
  let rejected = 0;
  const reject = (line: number, column: string, reason: string) => {
    rejected++;
    if (rejects.length < MAX_REPORTED_REJECTS) rejects.push({ file: opts.fileName, line, column, reason });
  };
  const writer = session.copyWriter(table, ['line', ...spec.stageColumns]);
  let width = -1;
  let header: string[] = [];
  let read = 0;
  /** Rows sent to the staging table, and the last line they came from. */
  let rows = 0;
  let maxLine = -1;
  let out = '';
  let reported = 0;
  try {
    for await (const records of readCsvRecords(opts.input, opts.fileName)) {
      for (const { fields, line, error, nulField } of records) {
        if (width < 0) {
          adapter.readHeader(fields);
          header = fields;
          width = fields.length;
          continue;
        }
        read++;
        if (error) {
          reject(line, '', `unreadable CSV row: ${error}`);
          continue;
        }
        if (fields.length !== width) {
          reject(line, '', `unreadable CSV row: ${fields.length} fields where the header has ${width}`);
          continue;
        }
        if (nulField !== undefined) {
          reject(line, header[nulField] ?? '', NUL_REASON);
          continue;
        }
        try {
          // A line's rows (HubSpot history: several) are all staged or, if one is bad, none is.
          const generic = adapter.adapt(fields, ctx);
          let text = '';
          for (let part = 0; part < generic.length; part++)
            text += `${line},${toCopyCsvRow(spec.toRow(generic[part] as Record<string, string>, ctx, part), spec.plain)}`;
          out += text;
          rows += generic.length;
          maxLine = line;
        } catch (err) {
          if (!(err instanceof RowError)) throw err;
          reject(line, adapter.sourceColumn(err.column), err.reason);
        }
      }
      // The database parses one piece while the next is read; `write` waits while it is behind.
      if (out.length >= COPY_CHUNK_CHARS) {
        await writer.write(out);
        out = '';
      }
      if (read - reported >= PROGRESS_EVERY) {
        reported = read;
        await opts.onProgress(read);
      }
    }
    if (width < 0) throw new AppError('invalid', `${opts.fileName}: the file is empty (no header row)`);
    await writer.write(out);
    await writer.end();
  } catch (err) {
    await writer.end().catch(() => {}); // the reason is err; the staged rows are dropped with the table
    throw err;
  }
  await opts.onProgress(read);
  return { read, rows, maxLine, rejects, rejected };
}

/**
 * Imports one CSV file of a staged kind (generic, Salesforce or HubSpot, mapped by its adapter), as
 * the work of its job. Streams it (constant memory) through one COPY into an unlogged staging table
 * of its own, finds duplicates and broken references in SQL, then merges: opportunities and history
 * in ranges, each in one transaction with the rollups it affects; activities as
 * `mergeActivityFile` describes.
 */
export async function importStagedFile(
  database: Database,
  opts: StagedFileOptions,
  jobId: string,
): Promise<ImportSummary> {
  const { kind } = opts;
  const ctx = await rowContext(database, opts.orgId, opts.source);
  return database.session(async (session) => {
    const table = stageTableOf(kind, jobId);
    await session.db.execute(
      sql.raw(`create unlogged table ${table} (line integer not null, ${SPECS[kind].stageTypes})`),
    );
    try {
      return await stageAndMerge(database, opts, session, table, jobId, ctx);
    } finally {
      for (const t of jobTables(kind, jobId))
        await session.db.execute(sql.raw(`drop table if exists ${t}`)).catch(() => {});
    }
  }, jobSessionName(jobId));
}

async function stageAndMerge(
  database: Database,
  opts: StagedFileOptions,
  session: Session,
  table: string,
  jobId: string,
  ctx: RowContext,
): Promise<ImportSummary> {
  const { kind, orgId } = opts;
  const db = session.db;
  const timing = phaseTimer(opts.fileName);
  // Activities are counted for the rollup as they are read (see ActivityCounter).
  const counter = kind === 'activities' ? new ActivityCounter() : undefined;
  const staged = await stageFile(opts, session, table, counter ? { ...ctx, counter } : ctx);
  timing('read and staged');
  // Fresh statistics, or the planner guesses the size of a table it just received a million rows into.
  await db.execute(sql.raw(`analyze ${table}`));
  // On PGlite the merge goes through the staged rows in slices of lines. The rows arrived in line
  // order, so a block-range index finds a slice's lines, and builds in a fraction of a second where a
  // B-tree would hold every request for one long statement (or slow the COPY it grew with).
  if (database.parallelism === 1) await db.execute(sql.raw(`create index on ${table} using brin (line)`));
  timing('analysed and indexed');
  const collapsed =
    kind === 'stage_history' && opts.source.collapseRepeats
      ? await collapseRepeats(database, db, table, staged.rows)
      : undefined;
  if (collapsed !== undefined) timing('repeats collapsed');
  const rejectsTable = rejectsTableOf(jobId);
  const pending = opts.source.dryRunAssumes?.opportunities;
  const checked = await findRejects(database, db, {
    kind,
    table,
    rows: staged.rows,
    rejectsTable,
    orgId,
    limit: MAX_REPORTED_REJECTS,
    pending,
  });
  timing('checked in SQL');
  // The report keeps the first rejections by line, from reading and from the SQL checks together.
  const rejects = [...staged.rejects, ...checked.first.map((r) => ({ file: opts.fileName, ...r }))]
    .sort((a, b) => a.line - b.line)
    .slice(0, MAX_REPORTED_REJECTS);
  const rejected = staged.rejected + checked.lines;
  const refused = opts.strict && rejected > 0;
  if (counter && !opts.dryRun && !refused)
    await saveActivityCounts(session, counter, {
      table,
      countsTable: countsTableOf(jobId),
      rejectsTable,
      rejectedLines: checked.lines,
    });
  timing('counts saved');
  const dropped =
    checked.lines > 0
      ? await changedRows(
          db,
          sql`delete from ${sql.raw(table)} where line in (select line from ${sql.raw(rejectsTable)})`,
        )
      : 0;
  const valid = staged.rows - dropped - (collapsed ?? 0);
  const extra = collapsed === undefined ? {} : { collapsed };
  if (opts.dryRun) {
    // A whole export's dry run: its history and activities are checked against these opportunities.
    if (pending && kind === 'opportunities')
      await db.execute(
        sql`insert into ${sql.raw(pending)} (crm_id, stage) select crm_id, stage from ${sql.raw(table)}
            on conflict (crm_id) do update set stage = excluded.stage`,
      );
    const would = { inserted: 0, updated: 0 };
    for (const [from, to] of lineRanges(database, staged.maxLine, EMBEDDED_DRY_RUN_LINES)) {
      await database.turn();
      const [part] = await queryRows<{ inserted: number; updated: number }>(
        db,
        SPECS[kind].wouldChange(table, orgId, sql`s.line between ${from} and ${to}`),
      );
      if (!part) throw new Error('the dry-run count returned no row');
      would.inserted += part.inserted;
      would.updated += part.updated;
    }
    return { ...would, unchanged: valid - would.inserted - would.updated, rejected, rejects, ...extra };
  }
  if (refused) return { inserted: 0, updated: 0, unchanged: 0, rejected, rejects, ...extra };
  const { inserted, updated } = await oneMergeAtATime(database, orgId, async () => {
    if (kind === 'activities')
      return mergeActivityFile(
        database,
        session,
        {
          orgId,
          table,
          storedTable: storedTableOf(jobId),
          countsTable: countsTableOf(jobId),
          flipsTable: flipsTableOf(jobId),
          maxLine: staged.maxLine,
          rows: valid,
          sessionName: jobSessionName(jobId),
        },
        ctx.funnel,
      );
    const total = { inserted: 0, updated: 0 };
    for (const [from, to] of lineRanges(database, staged.maxLine, EMBEDDED_MERGE_LINES, MERGE_RANGE)) {
      await database.turn();
      const counts = await mergeRange(db, kind, { orgId, table, from, to }, ctx.funnel);
      total.inserted += counts.inserted;
      total.updated += counts.updated;
    }
    return total;
  });
  timing('merged with rollups');
  return { inserted, updated, unchanged: valid - inserted - updated, rejected, rejects, ...extra };
}

/** Staged history rows per statement when collapsing repeats on the embedded database. */
const EMBEDDED_COLLAPSE_ROWS = 200_000;

/**
 * Drops the staged history rows that repeat the stage of the opportunity's row before them (by time,
 * then line): a CRM's history logs every edit, and only a move into a stage is an entry. Rows with the
 * same opportunity, stage and time are one entry too. Returns how many rows it dropped.
 */
async function collapseRepeats(database: Database, db: Db, table: string, rows: number): Promise<number> {
  const t = sql.raw(table);
  return inSlices(database, sliceCount(database, rows, EMBEDDED_COLLAPSE_ROWS), (slice) =>
    changedRows(
      db,
      sql`delete from ${t} s using (
          select line, stage = lag(stage) over (partition by opportunity_id order by entered_at, line) as repeat
          from ${t} where ${slice(sql`opportunity_id`)}
        ) r
        where s.line = r.line and r.repeat`,
    ),
  );
}
