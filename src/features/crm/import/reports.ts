import { and, desc, eq } from 'drizzle-orm';
import { authorize } from '../../../core/access.js';
import type { Actor } from '../../../core/actor.js';
import { notFound } from '../../../core/errors.js';
import type { Db } from '../../../db/open.js';
import { importJobs } from '../../../db/schema/crm.js';
import { placeOf } from '../../people/service.js';
import type { ImportJob } from '../contract.js';
import { toCsv } from '../csvOut.js';
import { presentImportJob } from '../present.js';

/** How many imports the CRM data page lists. */
const RECENT_JOBS = 20;

/** The organisation's latest imports, newest first (rule `crm.import`: admins see them all). */
export async function listImportJobs(db: Db, opts: { orgId: string; limit?: number }): Promise<ImportJob[]> {
  const rows = await db
    .select()
    .from(importJobs)
    .where(eq(importJobs.orgId, opts.orgId))
    .orderBy(desc(importJobs.startedAt))
    .limit(opts.limit ?? RECENT_JOBS);
  return rows.map(presentImportJob);
}

/** One import, for an actor the rule `importJob.read` lets read it. */
export async function getImportJob(
  db: Db,
  opts: { orgId: string; actor: Actor; jobId: string },
): Promise<ImportJob> {
  const [row] = await db
    .select()
    .from(importJobs)
    .where(and(eq(importJobs.orgId, opts.orgId), eq(importJobs.id, opts.jobId)));
  if (!row) throw notFound('no such import');
  authorize(
    opts.actor,
    'importJob.read',
    await placeOf(db, opts.actor, { orgId: row.orgId, ownerId: row.createdBy }),
  );
  return presentImportJob(row);
}

/** The rejected rows as a CSV a person can open beside their file. */
export function rejectsCsv(job: ImportJob): string {
  return toCsv(
    job.rejects.map((r) => [r.file, r.line, r.column, r.reason]),
    { header: true, columns: ['file', 'line', 'column', 'reason'] },
  );
}
