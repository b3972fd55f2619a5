import type { importJobs } from '../../db/schema/crm.js';
import type { ImportJob, Reject } from './contract.js';

/**
 * An import job as the API shows it. Only those the rule `importJob.read` lets through reach it, and
 * they may read all of it: the person who started it, the file name, counts, rejected rows and the
 * database's reason for a failure (never its SQL).
 */
export function presentImportJob(row: typeof importJobs.$inferSelect): ImportJob {
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
