import { randomUUID } from 'node:crypto';
import { stringify } from 'csv-stringify/sync';
import { and, desc, eq } from 'drizzle-orm';
import { notFound } from '../../core/errors.js';
import type { Db } from '../../db/open.js';
import { importJobs } from '../../db/schema/crm.js';
import type { ImportJob, ImportKind, ImportSummary, Reject } from './contract.js';

function present(row: typeof importJobs.$inferSelect): ImportJob {
  return {
    id: row.id,
    kind: row.kind,
    fileName: row.fileName,
    status: row.status,
    dryRun: row.dryRun,
    rowsRead: row.rowsRead,
    inserted: row.inserted,
    updated: row.updated,
    unchanged: row.unchanged,
    rejected: row.rejected,
    rejects: row.rejects as Reject[],
    error: row.error,
    startedAt: row.startedAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

export async function listImportJobs(db: Db, orgId: string, limit = 20): Promise<ImportJob[]> {
  const rows = await db
    .select()
    .from(importJobs)
    .where(eq(importJobs.orgId, orgId))
    .orderBy(desc(importJobs.startedAt))
    .limit(limit);
  return rows.map(present);
}

export async function getImportJob(db: Db, orgId: string, id: string): Promise<ImportJob> {
  const [row] = await db
    .select()
    .from(importJobs)
    .where(and(eq(importJobs.orgId, orgId), eq(importJobs.id, id)));
  if (!row) throw notFound('no such import');
  return present(row);
}

/** The rejected rows as a CSV a person can open beside their file. */
export function rejectsCsv(job: ImportJob): string {
  return stringify(
    job.rejects.map((r) => [r.file, r.line, r.column, r.reason]),
    { header: true, columns: ['file', 'line', 'column', 'reason'] },
  );
}

export interface JobStart {
  orgId: string;
  kind: ImportKind;
  fileName: string;
  dryRun: boolean;
  createdBy: string | null;
  now: Date;
}

/** Records an import as it starts; returns its id. */
export async function startJob(db: Db, job: JobStart): Promise<string> {
  const id = randomUUID();
  await db.insert(importJobs).values({
    orgId: job.orgId,
    id,
    kind: job.kind,
    fileName: job.fileName,
    status: 'running',
    dryRun: job.dryRun,
    createdBy: job.createdBy,
    startedAt: job.now,
  });
  return id;
}

export async function jobProgress(db: Db, orgId: string, id: string, rowsRead: number): Promise<void> {
  await db
    .update(importJobs)
    .set({ rowsRead })
    .where(and(eq(importJobs.orgId, orgId), eq(importJobs.id, id)));
}

export async function finishJob(
  db: Db,
  orgId: string,
  id: string,
  summary: ImportSummary,
  status: 'done' | 'failed',
  error?: string,
): Promise<void> {
  await db
    .update(importJobs)
    .set({
      ...summary,
      rejects: summary.rejects.slice(0, 1000),
      status,
      error: error ?? null,
      finishedAt: new Date(),
    })
    .where(and(eq(importJobs.orgId, orgId), eq(importJobs.id, id)));
}
