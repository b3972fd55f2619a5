import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../../db/open.js';
import { importJobs } from '../../../db/schema/crm.js';
import { getFunnel } from '../funnel.js';
import { rebuildRollups } from '../rollups.js';
import { deadJobs, dropJobTables, running } from './jobTables.js';

/** How long another process's people import (which has no named session) may run before it counts as dead. */
const PEOPLE_IMPORT_GRACE_MS = 86_400_000;

/**
 * Imports whose process died (kill -9, power cut) leave their job "running" and their scratch tables
 * behind, and an activities import may have committed its rows without its rollups. A job is dead
 * when no process runs it (see `deadJobs`): it is marked failed, its tables are dropped and, if it
 * could have written CRM rows, the organisation's rollups are rebuilt from the rows. Runs before each
 * import of the organisation and when the server starts; returns how many jobs it found dead.
 */
export async function clearInterruptedImports(
  database: Database,
  opts: { orgId: string; now: Date },
): Promise<number> {
  const { orgId, now } = opts;
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
  // people import counts as dead only after the grace period.
  const graceEnd = now.getTime() - PEOPLE_IMPORT_GRACE_MS;
  const judged = candidates.filter(
    (c) =>
      c.kind !== 'people' ||
      database.kind === 'pglite' ||
      c.startedAt.getTime() < graceEnd ||
      running.has(c.id),
  );
  const dead = new Set(
    await deadJobs(
      database,
      judged.map((c) => c.id),
    ),
  );
  const jobs = candidates.filter((c) => dead.has(c.id));
  if (jobs.length === 0) return 0;
  await db
    .update(importJobs)
    .set({ status: 'failed', error: 'interrupted before it finished; run the import again', finishedAt: now })
    .where(and(eq(importJobs.orgId, orgId), inArray(importJobs.id, [...dead])));
  for (const job of jobs) if (job.kind !== 'people') await dropJobTables(database, job.kind, job.id);
  if (jobs.some((j) => j.kind !== 'people' && !j.dryRun))
    await rebuildRollups(db, orgId, await getFunnel(db, { orgId }));
  return jobs.length;
}
