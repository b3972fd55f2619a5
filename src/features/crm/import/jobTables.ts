import { sql } from 'drizzle-orm';
import type { Database } from '../../../db/open.js';
import { queryRows } from '../../../db/sql.js';
import { SPECS, type StagedKind, stageTableOf } from './specs.js';

/** The import jobs this process is running (PGlite's only liveness signal: one process at a time). */
export const running = new Set<string>();

/** The PostgreSQL `application_name` of a job's sessions: while one is connected, the job is alive. */
export function jobSessionName(jobId: string): string {
  return `touchline import ${jobId}`;
}

/** The activities merge's table of stored rows for a job. */
export function storedTableOf(jobId: string): string {
  return `import_stored_${jobId.replaceAll('-', '')}`;
}

/** The activities import's table of rows counted per rep × type × week. */
export function countsTableOf(jobId: string): string {
  return `import_counts_${jobId.replaceAll('-', '')}`;
}

/** The activities merge's opportunities whose senior reach the file changes. */
export function flipsTableOf(jobId: string): string {
  return `import_flips_${jobId.replaceAll('-', '')}`;
}

/** The lines an import's SQL checks rejected, with why. */
export function rejectsTableOf(jobId: string): string {
  return `import_rejects_${jobId.replaceAll('-', '')}`;
}

/** Every scratch table a job may have created (unlogged; dropped when it ends, or by `dropJobTables`). */
export function jobTables(kind: StagedKind, jobId: string): string[] {
  return [
    stageTableOf(kind, jobId),
    storedTableOf(jobId),
    countsTableOf(jobId),
    flipsTableOf(jobId),
    rejectsTableOf(jobId),
  ];
}

/**
 * Of these jobs recorded as running, the ones whose process is gone (kill -9, power cut): not run
 * by this process, and — on PostgreSQL — with no session connected under the job's name.
 */
export async function deadJobs(database: Database, ids: readonly string[]): Promise<string[]> {
  const elsewhere = ids.filter((id) => !running.has(id));
  if (elsewhere.length === 0 || database.kind === 'pglite') return elsewhere;
  const alive = await queryRows<{ name: string }>(
    database.db,
    sql`select distinct application_name as name from pg_stat_activity
        where application_name = any(${`{${elsewhere.map((id) => `"${jobSessionName(id)}"`).join(',')}}`}::text[])`,
  );
  const names = new Set(alive.map((a) => a.name));
  return elsewhere.filter((id) => !names.has(jobSessionName(id)));
}

/** Drops a dead job's scratch tables. */
export async function dropJobTables(database: Database, kind: StagedKind, jobId: string): Promise<void> {
  if (!(kind in SPECS)) return;
  for (const t of jobTables(kind, jobId)) await database.db.execute(sql.raw(`drop table if exists ${t}`));
}
