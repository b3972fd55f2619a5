import { sql } from 'drizzle-orm';
import type { Db } from '../../db/open.js';
import { queryRows } from '../../db/sql.js';

/** What the diagnosis's figures rest on beyond the CRM's own records, for it to say so. */
export interface DataCaveats {
  /** Opportunities the CRM gave no stage history for: their entries are inferred (`inferHistory`). */
  inferred: number;
  /** Opportunities with an amount in a currency that has no rate: left out of money figures. */
  unpriced: { currency: string; opportunities: number }[];
}

/** The organisation's caveats, from two small partial indexes. */
export async function dataCaveats(db: Db, orgId: string): Promise<DataCaveats> {
  const [inferred, unpriced] = await Promise.all([
    queryRows<{ n: number }>(
      db,
      sql`select count(distinct opportunity_id)::int as n from stage_history where org_id = ${orgId} and inferred`,
    ),
    queryRows<{ currency: string; opportunities: number }>(
      db,
      sql`select currency, count(*)::int as opportunities from opportunities
          where org_id = ${orgId} and amount is not null and amount_minor is null
          group by currency order by currency`,
    ),
  ]);
  return { inferred: inferred[0]?.n ?? 0, unpriced };
}
