import { type SQL, sql } from 'drizzle-orm';
import { diagnosedPipelineSql } from './funnel.js';

/**
 * A token that changes whenever the organisation's CRM data may have changed: an import (or a dry
 * run's sibling, a failed merge, an interrupted job) ended, a funnel was set, or another pipeline was chosen for the diagnosis. What is computed
 * from the CRM data can be kept while the token stays the same. A text expression, so a caller that
 * needs other versions too asks for all of them in one small query.
 */
export function crmDataVersion(orgId: string): SQL<string> {
  return sql<string>`(coalesce((select max(finished_at)::text from import_jobs where org_id = ${orgId} and status <> 'running' and not dry_run), '-')
    || '#' || coalesce((select string_agg(pipeline || ':' || kind || ':' || name, '|' order by pipeline, position) from funnel_stages where org_id = ${orgId}), '-')
    || '#' || ${diagnosedPipelineSql(orgId)})`;
}
