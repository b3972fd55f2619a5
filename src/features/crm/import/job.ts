import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { conflict } from '../../../core/errors.js';
import type { Db } from '../../../db/open.js';
import { importJobs } from '../../../db/schema/crm.js';
import { errorMessage, isUniqueViolation } from '../../../db/sql.js';
import { emptySummary, type ImportKind, type ImportSummary } from '../contract.js';
import { running } from './jobTables.js';

/** Rejected rows kept in full in a job's report (all are counted). */
export const MAX_REPORTED_REJECTS = 1_000;

export interface JobMeta {
  orgId: string;
  kind: ImportKind;
  fileName: string;
  dryRun: boolean;
  /** Import nothing if any row is rejected: the job then ends `failed`, saying why. */
  strict: boolean;
  /** The person who started it (none from the command line). */
  createdBy: string | null;
  now: Date;
  /** The id the caller chose, to follow the job while it runs; otherwise a new one. */
  jobId?: string | undefined;
}

/** What the work inside a job gets: its id, and a way to record how far it has read. */
export interface JobHandle {
  jobId: string;
  progress: (rowsRead: number) => Promise<void>;
}

/**
 * The one lifecycle of an import job: recorded as `running` (and registered as alive in this process)
 * before `work` starts; `done` with its summary when it ends, or `failed` — with the database's reason,
 * never its SQL — when it throws or when `strict` refused rejected rows. The job is never left running
 * by a failure this process sees (a killed process is found by `clearInterruptedImports`).
 */
export async function withImportJob(
  db: Db,
  meta: JobMeta,
  work: (job: JobHandle) => Promise<ImportSummary>,
): Promise<ImportSummary & { jobId: string }> {
  const jobId = meta.jobId ?? randomUUID();
  try {
    await db.insert(importJobs).values({
      orgId: meta.orgId,
      id: jobId,
      kind: meta.kind,
      fileName: meta.fileName,
      status: 'running',
      dryRun: meta.dryRun,
      createdBy: meta.createdBy,
      startedAt: meta.now,
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(`an import with the id ${jobId} exists already`, 'jobId');
    throw err;
  }
  running.add(jobId);
  let rowsRead = 0;
  const progress = async (rows: number) => {
    rowsRead = rows;
    await db
      .update(importJobs)
      .set({ rowsRead: rows })
      .where(and(eq(importJobs.orgId, meta.orgId), eq(importJobs.id, jobId)));
  };
  try {
    const summary = await work({ jobId, progress });
    const refused = !meta.dryRun && meta.strict && summary.rejected > 0;
    await finish(db, meta.orgId, jobId, {
      summary,
      rowsRead,
      status: refused ? 'failed' : 'done',
      error: refused ? 'rejected rows with --strict: nothing was imported' : null,
    });
    return { ...summary, jobId };
  } catch (err) {
    await finish(db, meta.orgId, jobId, {
      summary: emptySummary(),
      rowsRead,
      status: 'failed',
      error: errorMessage(err),
    }).catch(() => {});
    throw err;
  } finally {
    running.delete(jobId);
  }
}

async function finish(
  db: Db,
  orgId: string,
  jobId: string,
  end: { summary: ImportSummary; rowsRead: number; status: 'done' | 'failed'; error: string | null },
): Promise<void> {
  const { summary } = end;
  await db
    .update(importJobs)
    .set({
      inserted: summary.inserted,
      updated: summary.updated,
      unchanged: summary.unchanged,
      rejected: summary.rejected,
      rejects: summary.rejects.slice(0, MAX_REPORTED_REJECTS),
      rowsRead: end.rowsRead,
      status: end.status,
      error: end.error,
      finishedAt: new Date(),
    })
    .where(and(eq(importJobs.orgId, orgId), eq(importJobs.id, jobId)));
}
