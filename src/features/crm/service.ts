import { createReadStream, existsSync, mkdirSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { AppError } from '../../core/errors.js';
import type { Database, Db } from '../../db/open.js';
import { activities, importJobs, opportunities, stageHistory } from '../../db/schema/crm.js';
import { errorMessage } from '../../db/sql.js';
import { listPeople } from '../people/service.js';
import { IMPORT_FILES, IMPORT_KINDS, type ImportKind, type ImportSummary } from './contract.js';
import { getFunnel } from './funnel.js';
import type { SourceOptions } from './import/adapt.js';
import { deadJobs, dropJobTables, running } from './import/jobTables.js';
import { importPeople, PEOPLE_COLUMNS } from './import/people.js';
import { ACTIVITY_COLUMNS, HISTORY_COLUMNS, OPPORTUNITY_COLUMNS } from './import/rows.js';
import { importFile } from './import/run.js';
import { finishJob, startJob } from './jobs.js';
import { rebuildRollups, rollupsAreStale } from './rollups.js';

export { getFunnel, setFunnel } from './funnel.js';
export { getImportJob, listImportJobs, rejectsCsv } from './jobs.js';

export interface ImportOptions {
  database: Database;
  orgId: string;
  kind: ImportKind;
  input: Readable;
  fileName: string;
  now: Date;
  dryRun?: boolean;
  strict?: boolean;
  onProgress?: (rowsRead: number) => void;
  source?: SourceOptions;
  createdBy?: string | undefined;
}

/**
 * Imports whose process died (kill -9, power cut) leave their job "running" and their scratch tables
 * behind, and an activities import may have committed its rows without its rollups. A job is dead
 * when no process runs it (see `deadJobs`): it is marked failed, its tables are dropped and, if it
 * could have written CRM rows, the organisation's rollups are rebuilt from the rows.
 */
async function clearInterruptedImports(database: Database, orgId: string, now: Date): Promise<void> {
  const db = database.db;
  const candidates = await db
    .select({
      id: importJobs.id,
      kind: importJobs.kind,
      dryRun: importJobs.dryRun,
      startedAt: importJobs.startedAt,
    })
    .from(importJobs)
    .where(and(eq(importJobs.orgId, orgId), eq(importJobs.status, 'running')));
  // People imports run on the shared pool, not in a named session: on PostgreSQL another process's
  // people import counts as dead only after a day.
  const dayAgo = now.getTime() - 86_400_000;
  const judged = candidates.filter(
    (c) =>
      c.kind !== 'people' ||
      database.kind === 'pglite' ||
      c.startedAt.getTime() < dayAgo ||
      running.has(c.id),
  );
  const dead = new Set(
    await deadJobs(
      database,
      judged.map((c) => c.id),
    ),
  );
  const jobs = candidates.filter((c) => dead.has(c.id));
  if (jobs.length === 0) return;
  await db
    .update(importJobs)
    .set({ status: 'failed', error: 'interrupted before it finished; run the import again', finishedAt: now })
    .where(and(eq(importJobs.orgId, orgId), inArray(importJobs.id, [...dead])));
  for (const job of jobs) if (job.kind !== 'people') await dropJobTables(database, job.kind, job.id);
  if (jobs.some((j) => j.kind !== 'people' && !j.dryRun))
    await rebuildRollups(db, orgId, await getFunnel(db, orgId));
}

export async function importCsv(opts: ImportOptions): Promise<ImportSummary & { jobId: string }> {
  await clearInterruptedImports(opts.database, opts.orgId, opts.now);
  if (opts.kind === 'people') {
    if (opts.source && (opts.source.format !== 'generic' || opts.source.map?.length)) {
      throw new AppError(
        'invalid',
        'people files are read in the generic format only (email,name,role,manager_email,team,start_date)',
      );
    }
    const db = opts.database.db;
    const jobId = await startJob(db, {
      orgId: opts.orgId,
      kind: 'people',
      fileName: opts.fileName,
      dryRun: opts.dryRun ?? false,
      createdBy: opts.createdBy ?? null,
      now: opts.now,
    });
    running.add(jobId);
    try {
      const summary = await importPeople(opts);
      await finishJob(
        db,
        opts.orgId,
        jobId,
        summary,
        opts.strict && summary.rejected > 0 ? 'failed' : 'done',
      );
      return { ...summary, jobId };
    } catch (err) {
      await finishJob(
        db,
        opts.orgId,
        jobId,
        { inserted: 0, updated: 0, unchanged: 0, rejected: 0, rejects: [] },
        'failed',
        errorMessage(err),
      );
      throw err;
    } finally {
      running.delete(jobId);
    }
  }
  return importFile({ ...opts, kind: opts.kind });
}

/** Imports the generic format's four files from a folder, in dependency order; missing files are skipped. */
export async function importDir(
  opts: Omit<ImportOptions, 'kind' | 'input' | 'fileName'> & {
    dir: string;
    onFile?: (kind: ImportKind, present: boolean) => void;
    /** Opens each file (the CLI wraps it in a progress bar); default: a plain read stream. */
    open?: (path: string) => { input: Readable; onRows: (rows: number) => void; stop: () => void };
  },
): Promise<ImportSummary> {
  const total: ImportSummary = { inserted: 0, updated: 0, unchanged: 0, rejected: 0, rejects: [] };
  for (const kind of IMPORT_KINDS) {
    const path = join(opts.dir, IMPORT_FILES[kind]);
    const present = existsSync(path);
    opts.onFile?.(kind, present);
    if (!present) continue;
    const opened = opts.open?.(path) ?? { input: createReadStream(path), onRows: () => {}, stop: () => {} };
    let result: ImportSummary & { jobId: string };
    try {
      result = await importCsv({
        ...opts,
        kind,
        input: opened.input,
        fileName: IMPORT_FILES[kind],
        onProgress: (rows) => {
          opened.onRows(rows);
          opts.onProgress?.(rows);
        },
      });
    } finally {
      opened.stop();
    }
    const { jobId: _, ...s } = result;
    total.inserted += s.inserted;
    total.updated += s.updated;
    total.unchanged += s.unchanged;
    total.rejected += s.rejected;
    total.rejects.push(...s.rejects);
  }
  return total;
}

const iso = (d: Date | null) => (d ? d.toISOString() : '');
const money = (minor: number) => `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;

/** Writes a query's rows to a CSV file page by page (keyset pagination keeps memory flat). */
async function writePaged<T>(
  path: string,
  header: readonly string[],
  page: (after: T | undefined) => Promise<T[]>,
  row: (r: T) => unknown[],
) {
  const file = await open(path, 'w');
  try {
    await file.write(stringify([header as string[]]));
    let after: T | undefined;
    for (;;) {
      const rows = await page(after);
      if (rows.length === 0) break;
      await file.write(stringify(rows.map(row), { cast: { boolean: (v) => (v ? 'true' : 'false') } }));
      after = rows[rows.length - 1];
    }
  } finally {
    await file.close();
  }
}

const PAGE = 10_000;

/** Writes the organisation's people and CRM data in the generic format (all four files). */
export async function exportOrg(db: Db, orgId: string, dir: string): Promise<Record<ImportKind, number>> {
  mkdirSync(dir, { recursive: true });
  const people = await listPeople(db, { orgId, scope: 'all', includeInactive: true });
  const emailOf = new Map(people.map((p) => [p.id, p.email]));
  const counts: Record<ImportKind, number> = {
    people: people.length,
    opportunities: 0,
    stage_history: 0,
    activities: 0,
  };
  const byId = new Map(people.map((p) => [p.id, p]));
  await writePaged<(typeof people)[number]>(
    join(dir, IMPORT_FILES.people),
    PEOPLE_COLUMNS,
    async (after) => (after ? [] : people),
    (p) => [
      p.email,
      p.name,
      p.role,
      p.managerId ? (byId.get(p.managerId)?.email ?? '') : '',
      p.team ?? '',
      p.startDate ?? '',
    ],
  );
  type Opp = typeof opportunities.$inferSelect;
  await writePaged<Opp>(
    join(dir, IMPORT_FILES.opportunities),
    OPPORTUNITY_COLUMNS,
    (after) =>
      db
        .select()
        .from(opportunities)
        .where(
          and(
            eq(opportunities.orgId, orgId),
            after ? sql`${opportunities.crmId} > ${after.crmId}` : undefined,
          ),
        )
        .orderBy(asc(opportunities.crmId))
        .limit(PAGE),
    (o) => {
      counts.opportunities++;
      return [
        o.crmId,
        emailOf.get(o.ownerId) ?? '',
        o.account,
        o.name,
        money(o.amountMinor),
        iso(o.createdAt),
        o.stage,
        iso(o.closedAt),
        o.won === null ? '' : o.won,
      ];
    },
  );
  type Hist = typeof stageHistory.$inferSelect;
  await writePaged<Hist>(
    join(dir, IMPORT_FILES.stage_history),
    HISTORY_COLUMNS,
    (after) =>
      db
        .select()
        .from(stageHistory)
        .where(
          and(
            eq(stageHistory.orgId, orgId),
            after
              ? sql`(${stageHistory.opportunityId}, ${stageHistory.enteredAt}, ${stageHistory.stage}) > (${after.opportunityId}, ${after.enteredAt.toISOString()}::timestamptz, ${after.stage})`
              : undefined,
          ),
        )
        .orderBy(asc(stageHistory.opportunityId), asc(stageHistory.enteredAt), asc(stageHistory.stage))
        .limit(PAGE),
    (h) => {
      counts.stage_history++;
      return [h.opportunityId, h.stage, iso(h.enteredAt)];
    },
  );
  type Act = typeof activities.$inferSelect;
  await writePaged<Act>(
    join(dir, IMPORT_FILES.activities),
    ACTIVITY_COLUMNS,
    (after) =>
      db
        .select()
        .from(activities)
        .where(
          and(eq(activities.orgId, orgId), after ? sql`${activities.crmId} > ${after.crmId}` : undefined),
        )
        .orderBy(asc(activities.crmId))
        .limit(PAGE),
    (a) => {
      counts.activities++;
      return [
        a.crmId,
        emailOf.get(a.ownerId) ?? '',
        a.type,
        iso(a.occurredAt),
        a.opportunityId ?? '',
        a.contactLevel ?? '',
      ];
    },
  );
  return counts;
}

/**
 * Rebuilds an org's rollups when they predate the current shape (a migration reshaped them).
 * Returns whether it did.
 */
export async function refreshStaleRollups(db: Db, orgId: string): Promise<boolean> {
  if (!(await rollupsAreStale(db, orgId))) return false;
  await rebuildRollups(db, orgId, await getFunnel(db, orgId));
  return true;
}

export { type TotalsWindow, type WindowTotals, windowTotals } from './totals.js';
