import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { sql } from 'drizzle-orm';
import { toCopyCsv } from '../../../db/copy.js';
import type { Database } from '../../../db/open.js';
import { queryRows } from '../../../db/sql.js';
import { listPeople } from '../../people/service.js';
import type { ImportSummary, Reject } from '../contract.js';
import { getFunnel } from '../funnel.js';
import { finishJob, jobProgress, startJob } from '../jobs.js';
import { makeAdapter, type SourceOptions } from './adapt.js';
import { findRejects } from './checks.js';
import { mergeRange } from './merge.js';
import { type RowContext, RowError, stageLookup } from './rows.js';
import { SPECS, type StagedKind } from './specs.js';

/** Rows sent to the database per COPY, and lines merged per transaction. */
const COPY_BATCH = 5_000;
const MERGE_RANGE = 250_000;
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
  return { owners: new Map(people.map((p) => [p.email, p.id])), names, funnel, stages: stageLookup(funnel) };
}

/** Streams the file into the staging table in COPY batches; returns the rows rejected on the way. */
async function stageFile(
  opts: ImportFileOptions,
  jobId: string,
  ctx: RowContext,
): Promise<{ read: number; rejects: Reject[]; rejected: number }> {
  const spec = SPECS[opts.kind];
  const adapter = makeAdapter(opts.kind, opts.fileName, opts.source ?? { format: 'generic' });
  const rejects: Reject[] = [];
  let rejected = 0;
  const reject = (line: number, column: string, reason: string) => {
    rejected++;
    if (rejects.length < MAX_REPORTED_REJECTS) rejects.push({ file: opts.fileName, line, column, reason });
  };
  // Records come as arrays tagged with their line (cheaper than csv-parse's `columns` and `info`).
  type Line = string[] & { line: number };
  const parser = opts.input.pipe(
    parse({
      bom: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_record: (fields: string[], context: { lines: number }) =>
        Object.assign(fields, { line: context.lines }),
    }),
  );
  let names: string[] | undefined;
  parser.on('skip', (err: Error & { lines?: number }) =>
    reject(err.lines ?? 0, '', `unreadable CSV row: ${err.message}`),
  );
  let batch: (string | number | boolean | null)[][] = [];
  let read = 0;
  // One COPY may be in flight while the next batch is parsed: the database and the parser work at once.
  let inflight: Promise<void> = Promise.resolve();
  const flush = async () => {
    await inflight;
    if (batch.length === 0) return;
    const csv = toCopyCsv(batch);
    batch = [];
    inflight = opts.database.copyCsv(
      spec.stageTable,
      ['org_id', 'job_id', 'line', ...spec.stageColumns],
      csv,
    );
    inflight.catch(() => {}); // handled when awaited at the next flush; this only silences the interim
  };
  for await (const fields of parser as AsyncIterable<Line>) {
    if (!names) {
      names = adapter.readHeader(fields);
      continue;
    }
    const info = { lines: fields.line };
    const record: Record<string, string> = {};
    for (let i = 0; i < names.length; i++) record[names[i] as string] = fields[i] ?? '';
    read++;
    try {
      const rows = adapter.adapt(record, ctx).map((generic, part) => spec.toRow(generic, ctx, part));
      for (const row of rows) batch.push([opts.orgId, jobId, info.lines, ...row]);
    } catch (err) {
      if (!(err instanceof RowError)) throw err;
      reject(info.lines, adapter.sourceColumn(err.column), err.reason);
    }
    if (batch.length >= COPY_BATCH) {
      await flush();
      await opts.onProgress?.(read);
    }
  }
  await flush();
  await inflight;
  await opts.onProgress?.(read);
  return { read, rejects, rejected };
}

async function clearStaging(
  database: Database,
  kind: StagedKind,
  orgId: string,
  jobId: string,
): Promise<void> {
  await database.db.execute(
    sql`delete from ${sql.raw(SPECS[kind].stageTable)} where org_id = ${orgId} and job_id = ${jobId}`,
  );
}

/** With TOUCHLINE_IMPORT_TIMING=1, how long each phase took, on stderr (for tuning and benchmarks). */
function phaseTimer(label: string): (phase: string) => void {
  let last = performance.now();
  return (phase) => {
    if (!process.env.TOUCHLINE_IMPORT_TIMING) return;
    const now = performance.now();
    process.stderr.write(`${label}: ${phase} in ${((now - last) / 1000).toFixed(2)} s\n`);
    last = now;
  };
}

/** What merging would do, counted without writing (for --dry-run). */
async function wouldChange(
  database: Database,
  kind: StagedKind,
  orgId: string,
  jobId: string,
): Promise<{ inserted: number; updated: number }> {
  const scope = sql`s.org_id = ${orgId} and s.job_id = ${jobId}`;
  const q =
    kind === 'opportunities'
      ? sql`select count(*) filter (where o.crm_id is null)::int as inserted,
              count(*) filter (where o.crm_id is not null and (o.owner_id, o.account, o.name, o.amount_minor, o.created_at, o.stage, o.closed_at, o.won)
                is distinct from (s.owner_id, s.account, s.name, s.amount_minor, s.created_at, s.stage, s.closed_at, s.won))::int as updated
            from import_stage_opportunities s left join opportunities o on o.org_id = s.org_id and o.crm_id = s.crm_id where ${scope}`
      : kind === 'stage_history'
        ? sql`select count(*) filter (where h.opportunity_id is null)::int as inserted, 0 as updated
            from import_stage_history s left join stage_history h on h.org_id = s.org_id and h.opportunity_id = s.opportunity_id
              and h.stage = s.stage and h.entered_at = s.entered_at where ${scope}`
        : sql`select count(*) filter (where a.crm_id is null)::int as inserted,
              count(*) filter (where a.crm_id is not null and (a.owner_id, a.type, a.occurred_at, a.opportunity_id, a.contact_level)
                is distinct from (s.owner_id, s.type, s.occurred_at, s.opportunity_id, s.contact_level))::int as updated
            from import_stage_activities s left join activities a on a.org_id = s.org_id and a.crm_id = s.crm_id where ${scope}`;
  const [row] = await queryRows<{ inserted: number; updated: number }>(database.db, q);
  return { inserted: row?.inserted ?? 0, updated: row?.updated ?? 0 };
}

/**
 * Imports one CSV file (generic, Salesforce or HubSpot, mapped by its adapter). Streams it (constant memory), COPYs valid rows into a
 * staging table, finds duplicates and broken references in SQL, then merges in ranges, each range in
 * its own transaction together with the rollups it affects.
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
  try {
    const ctx = await rowContext(database, orgId);
    const timing = phaseTimer(opts.fileName);
    const staged = await stageFile({ ...opts, onProgress }, jobId, ctx);
    timing('read and staged');
    const sqlRejects = await findRejects(db, kind, orgId, jobId);
    timing('checked in SQL');
    const rejects = [...staged.rejects];
    for (const r of sqlRejects)
      if (rejects.length < MAX_REPORTED_REJECTS) rejects.push({ file: opts.fileName, ...r });
    rejects.sort((a, b) => a.line - b.line);
    const rejected = staged.rejected + new Set(sqlRejects.map((r) => r.line)).size;
    if (sqlRejects.length > 0) {
      const lines = [...new Set(sqlRejects.map((r) => r.line))];
      await db.execute(sql`delete from ${sql.raw(SPECS[kind].stageTable)}
        where org_id = ${orgId} and job_id = ${jobId} and line = any(${`{${lines.join(',')}}`}::int[])`);
    }
    const [left] = await queryRows<{ rows: number; max: number | null }>(
      db,
      sql`select count(*)::int as rows, max(line) as max from ${sql.raw(SPECS[kind].stageTable)} where org_id = ${orgId} and job_id = ${jobId}`,
    );
    const valid = left?.rows ?? 0;
    if ((opts.strict && rejected > 0) || opts.dryRun) {
      const would = opts.dryRun
        ? await wouldChange(database, kind, orgId, jobId)
        : { inserted: 0, updated: 0 };
      await clearStaging(database, kind, orgId, jobId);
      const summary = {
        ...would,
        unchanged: opts.dryRun ? valid - would.inserted - would.updated : 0,
        rejected,
        rejects,
      };
      return finish(
        summary,
        opts.dryRun ? 'done' : 'failed',
        !opts.dryRun && opts.strict && rejected > 0
          ? 'rejected rows with --strict: nothing was imported'
          : undefined,
      );
    }
    let inserted = 0;
    let updated = 0;
    for (let from = 0; from <= (left?.max ?? -1); from += MERGE_RANGE) {
      const counts = await mergeRange(
        db,
        kind,
        { orgId, jobId, from, to: from + MERGE_RANGE - 1 },
        ctx.funnel,
      );
      inserted += counts.inserted;
      updated += counts.updated;
    }
    timing('merged with rollups');
    return finish({ inserted, updated, unchanged: valid - inserted - updated, rejected, rejects }, 'done');
  } catch (err) {
    await clearStaging(database, kind, orgId, jobId).catch(() => {});
    await finish(
      { inserted: 0, updated: 0, unchanged: 0, rejected: 0, rejects: [] },
      'failed',
      err instanceof Error ? err.message : String(err),
    ).catch(() => {});
    throw err;
  }
}
