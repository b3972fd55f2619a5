import { sql } from 'drizzle-orm';
import type { Db } from '../../db/open.js';
import { queryRows } from '../../db/sql.js';

/**
 * A token that changes whenever the organisation's CRM data may have changed: an import (or a dry
 * run's sibling, a failed merge, an interrupted job) ended, or the funnel was set. What is computed
 * from the CRM data can be kept while the token stays the same. One small query.
 */
export async function crmDataVersion(db: Db, opts: { orgId: string }): Promise<string> {
  const [row] = await queryRows<{ imports: string | null; funnel: string | null }>(
    db,
    sql`select
          (select max(finished_at)::text from import_jobs where org_id = ${opts.orgId} and status <> 'running' and not dry_run) as imports,
          (select string_agg(kind || ':' || name, '|' order by position) from funnel_stages where org_id = ${opts.orgId}) as funnel`,
  );
  return `${row?.imports ?? '-'}#${row?.funnel ?? '-'}`;
}
