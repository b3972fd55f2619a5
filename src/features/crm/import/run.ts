import type { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { AppError } from '../../../core/errors.js';
import { toCopyCsvRow } from '../../../db/copy.js';
import type { Database, Db, Session } from '../../../db/open.js';
import { changedRows, errorMessage, queryRows } from '../../../db/sql.js';
import { listPeople } from '../../people/service.js';
import type { ImportSummary, Reject } from '../contract.js';
import { getFunnel } from '../funnel.js';
import { finishJob, jobProgress, startJob } from '../jobs.js';
import { ActivityCounter, saveActivityCounts } from './activityCounts.js';
import { makeAdapter, type SourceOptions } from './adapt.js';
import { findRejects } from './checks.js';
import { readCsvRecords } from './csv.js';
import {
  countsTableOf,
  jobSessionName,
  jobTables,
  rejectsTableOf,
  running,
  storedTableOf,
} from './jobTables.js';
import { mergeRange } from './merge.js';
import { mergeActivityFile } from './mergeActivities.js';
import { type RowContext, RowError, stageLookup } from './rows.js';
import { SPECS, type StagedKind, stageTableOf } from './specs.js';
import { phaseTimer } from './timing.js';

/** COPY input sent at a time (characters), lines merged per transaction, rows between progress reports. */
const COPY_CHUNK_CHARS = 1 << 20;
const MERGE_RANGE = 1_000_000;
const PROGRESS_EVERY = 20_000;
/** Rejected rows kept in full in the report (all are counted). */
export const MAX_REPORTED_REJECTS = 1_000;

export interface ImportFileOptions {
  database: Database;
  orgId: string;
  kind: StagedKind;
  input: Readable;
  /** Named in every rejected row, e.g. `opportunities.csv`. */
  fileName: string;
  now: Date;
  /** Check everything and report what would change, without changing anything. */
  dryRun?: boolean;
  /** Commit nothing when any row is rejected. */
  strict?: boolean;
  onProgress?: (rowsRead: number) => void | Promise<void>;
  /** Where the file comes from: generic (default), salesforce or hubspot, plus mappings. */
  source?: SourceOptions;
  /** The person who started it (none from the command line). */
  createdBy?: string | undefined;
}

async function rowContext(database: Database, orgId: string): Promise<RowContext> {
  const people = await listPeople(database.db, { orgId, scope: 'all', includeInactive: true });
  const funnel = await getFunnel(database.db, orgId);
  const names = new Map<string, string[]>();
  for (const p of people)
    names.set(p.name.toLowerCase(), [...(names.get(p.name.toLowerCase()) ?? []), p.email]);
  return {
    owners: new Map(people.map((p) => [p.email, p.id])),
    names,
    funnel,
    stages: stageLookup(funnel),
    lastOwner: ['', ''],
  };
}

/** Streams the file into the staging table through one COPY; returns the rows rejected on the way. */
async function stageFile(
  opts: ImportFileOptions,
  session: Session,
  table: string,
  ctx: RowContext,
): Promise<{ read: number; rows: number; maxLine: number; rejects: Reject[]; rejected: number }> {
  const spec = SPECS[opts.kind];
  const adapter = makeAdapter(opts.kind, opts.fileName, opts.source ?? { format: 'generic' });
  const rejects: Reject[] = [];
  let rejected = 0;
  const reject = (line: number, column: string, reason: string) => {
    rejected++;
    if (rejects.length < MAX_REPORTED_REJECTS) rejects.push({ file: opts.fileName, line, column, reason });
  };
  const writer = session.copyWriter(table, ['line', ...spec.stageColumns]);
  let width = -1;
  let read = 0;
  /** Rows sent to the staging table, and the last line they came from. */
  let rows = 0;
  let maxLine = -1;
  let out = '';
  let reported = 0;
  try {
    for await (const records of readCsvRecords(opts.input, opts.fileName)) {
      for (const { fields, line, error } of records) {
        if (width < 0) {
          adapter.readHeader(fields);
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
        await opts.onProgress?.(read);
      }
    }
    if (width < 0) throw new AppError('invalid', `${opts.fileName}: the file is empty (no header row)`);
    await writer.write(out);
    await writer.end();
  } catch (err) {
    await writer.end().catch(() => {}); // the reason is err; the staged rows are dropped with the table
    throw err;
  }
  await opts.onProgress?.(read);
  return { read, rows, maxLine, rejects, rejected };
}

/** What merging would do, counted without writing (for --dry-run). */
async function wouldChange(
  db: Db,
  kind: StagedKind,
  table: string,
  orgId: string,
): Promise<{ inserted: number; updated: number }> {
  const t = sql.raw(table);
  const q =
    kind === 'opportunities'
      ? sql`select count(*) filter (where o.crm_id is null)::int as inserted,
              count(*) filter (where o.crm_id is not null and (o.owner_id, o.account, o.name, o.amount_minor, o.created_at, o.stage, o.closed_at, o.won)
                is distinct from (s.owner_id, s.account, s.name, s.amount_minor, s.created_at, s.stage, s.closed_at, s.won))::int as updated
            from ${t} s left join opportunities o on o.org_id = ${orgId} and o.crm_id = s.crm_id`
      : kind === 'stage_history'
        ? sql`select count(*) filter (where h.opportunity_id is null)::int as inserted, 0 as updated
            from ${t} s left join stage_history h on h.org_id = ${orgId} and h.opportunity_id = s.opportunity_id
              and h.stage = s.stage and h.entered_at = s.entered_at`
        : sql`select count(*) filter (where a.crm_id is null)::int as inserted,
              count(*) filter (where a.crm_id is not null and (a.owner_id, a.type, a.occurred_at, a.opportunity_id, a.contact_level)
                is distinct from (s.owner_id, s.type, s.occurred_at, s.opportunity_id, s.contact_level))::int as updated
            from ${t} s left join activities a on a.org_id = ${orgId} and a.crm_id = s.crm_id`;
  const [row] = await queryRows<{ inserted: number; updated: number }>(db, q);
  return { inserted: row?.inserted ?? 0, updated: row?.updated ?? 0 };
}

/**
 * Imports one CSV file (generic, Salesforce or HubSpot, mapped by its adapter). Streams it (constant
 * memory) through one COPY into an unlogged staging table of its own, finds duplicates and
 * broken references in SQL, then merges: opportunities and history in ranges, each in one
 * transaction with the rollups it affects; activities as `mergeActivityFile` describes.
 */
export async function importFile(opts: ImportFileOptions): Promise<ImportSummary & { jobId: string }> {
  const { database, orgId, kind } = opts;
  const db = database.db;
  const jobId = await startJob(db, {
    orgId,
    kind,
    fileName: opts.fileName,
    dryRun: opts.dryRun ?? false,
    createdBy: opts.createdBy ?? null,
    now: opts.now,
  });
  const onProgress = async (rowsRead: number) => {
    await opts.onProgress?.(rowsRead);
    await jobProgress(db, orgId, jobId, rowsRead);
  };
  const finish = async (summary: ImportSummary, status: 'done' | 'failed', error?: string) => {
    await finishJob(db, orgId, jobId, summary, status, error);
    return { ...summary, jobId };
  };
  running.add(jobId);
  try {
    const ctx = await rowContext(database, orgId);
    const summary = await database.session(async (session) => {
      const table = stageTableOf(kind, jobId);
      await session.db.execute(
        sql.raw(`create unlogged table ${table} (line integer not null, ${SPECS[kind].stageTypes})`),
      );
      try {
        return await stageAndMerge({ ...opts, onProgress }, session, table, jobId, ctx);
      } finally {
        for (const t of jobTables(kind, jobId))
          await session.db.execute(sql.raw(`drop table if exists ${t}`)).catch(() => {});
      }
    }, jobSessionName(jobId));
    const strictFailure = !opts.dryRun && opts.strict && summary.rejected > 0;
    return finish(
      summary,
      strictFailure ? 'failed' : 'done',
      strictFailure ? 'rejected rows with --strict: nothing was imported' : undefined,
    );
  } catch (err) {
    await finish(
      { inserted: 0, updated: 0, unchanged: 0, rejected: 0, rejects: [] },
      'failed',
      errorMessage(err),
    ).catch(() => {});
    throw err;
  } finally {
    running.delete(jobId);
  }
}

async function stageAndMerge(
  opts: ImportFileOptions,
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
  const rejectsTable = rejectsTableOf(jobId);
  const checked = await findRejects(opts.database, db, {
    kind,
    table,
    rejectsTable,
    orgId,
    limit: MAX_REPORTED_REJECTS,
  });
  timing('checked in SQL');
  // The report keeps the first rejections by line, from reading and from the SQL checks together.
  const rejects = [...staged.rejects, ...checked.first.map((r) => ({ file: opts.fileName, ...r }))]
    .sort((a, b) => a.line - b.line)
    .slice(0, MAX_REPORTED_REJECTS);
  const rejected = staged.rejected + checked.lines;
  const refused = Boolean(opts.strict) && rejected > 0;
  if (counter && !opts.dryRun && !refused)
    await saveActivityCounts(session, counter, {
      table,
      countsTable: countsTableOf(jobId),
      rejectsTable,
      rejectedLines: checked.lines,
    });
  const dropped =
    checked.lines > 0
      ? await changedRows(
          db,
          sql`delete from ${sql.raw(table)} where line in (select line from ${sql.raw(rejectsTable)})`,
        )
      : 0;
  const valid = staged.rows - dropped;
  if (opts.dryRun) {
    const would = await wouldChange(db, kind, table, orgId);
    return { ...would, unchanged: valid - would.inserted - would.updated, rejected, rejects };
  }
  if (refused) return { inserted: 0, updated: 0, unchanged: 0, rejected, rejects };
  let inserted = 0;
  let updated = 0;
  if (kind === 'activities') {
    ({ inserted, updated } = await mergeActivityFile(
      opts.database,
      session,
      {
        orgId,
        table,
        storedTable: storedTableOf(jobId),
        countsTable: countsTableOf(jobId),
        maxLine: staged.maxLine,
        sessionName: jobSessionName(jobId),
      },
      ctx.funnel,
    ));
  } else {
    for (let from = 0; from <= staged.maxLine; from += MERGE_RANGE) {
      const counts = await mergeRange(
        db,
        kind,
        { orgId, table, from, to: from + MERGE_RANGE - 1 },
        ctx.funnel,
      );
      inserted += counts.inserted;
      updated += counts.updated;
    }
  }
  timing('merged with rollups');
  return { inserted, updated, unchanged: valid - inserted - updated, rejected, rejects };
}
