import { sql } from 'drizzle-orm';
import type { Db } from '../../db/open.js';
import { inPipeline, pipelineOf } from '../../db/schema/crm.js';
import { queryRows } from '../../db/sql.js';
import { diagnosedPipelineSql } from './funnel.js';

/** What the diagnosis's figures rest on beyond the CRM's own records, for it to say so. */
export interface DataCaveats {
  /** Opportunities the CRM gave no stage history for: their entries are inferred (`inferHistory`). */
  inferred: number;
  /** Opportunities with an amount in a currency that has no rate: left out of money figures. */
  unpriced: { currency: string; opportunities: number }[];
  /** The pipeline the diagnosis reads ('' : the unnamed one). */
  pipeline: string;
  /** The organisation's other pipelines and their opportunities: kept, not in these figures. */
  otherPipelines: { name: string; opportunities: number }[];
}

/**
 * The organisation's caveats about the pipeline the diagnosis reads: inferred and unpriced deals from
 * small partial indexes; the pipelines' sizes from one pass over the opportunities (the diagnosis
 * caches its answer per CRM data version, so this runs once after each import).
 */
export async function dataCaveats(db: Db, orgId: string): Promise<DataCaveats> {
  const [inferred, unpriced, pipelines] = await Promise.all([
    queryRows<{ n: number }>(
      db,
      sql`select count(distinct h.opportunity_id)::int as n from stage_history h
          join opportunities o on o.org_id = h.org_id and o.crm_id = h.opportunity_id
          where h.org_id = ${orgId} and h.inferred and ${inPipeline('o', diagnosedPipelineSql(orgId))}`,
    ),
    queryRows<{ currency: string; opportunities: number }>(
      db,
      sql`select currency, count(*)::int as opportunities from opportunities
          where org_id = ${orgId} and amount is not null and amount_minor is null
            and ${inPipeline('', diagnosedPipelineSql(orgId))}
          group by currency order by currency`,
    ),
    queryRows<{ name: string; opportunities: number; diagnosed: boolean }>(
      db,
      sql`select name, count(*)::int as opportunities, name = ${diagnosedPipelineSql(orgId)} as diagnosed
          from (select ${pipelineOf('')} as name from opportunities where org_id = ${orgId}) o
          group by name order by 2 desc, 1`,
    ),
  ]);
  return {
    inferred: inferred[0]?.n ?? 0,
    unpriced,
    pipeline: pipelines.find((p) => p.diagnosed)?.name ?? '',
    otherPipelines: pipelines
      .filter((p) => !p.diagnosed)
      .map(({ name, opportunities }) => ({ name, opportunities })),
  };
}
