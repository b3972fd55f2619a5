import { type SQL, sql } from 'drizzle-orm';

/**
 * What merging a staged file would do, counted without writing (for `--dry-run`): one row
 * `{inserted, updated}` per kind, from the staged rows `s` that meet `lines` against the stored rows.
 */
export function wouldChangeOpportunities(table: string, orgId: string, lines: SQL): SQL {
  return sql`select count(*) filter (where o.crm_id is null)::int as inserted,
      count(*) filter (where o.crm_id is not null
        and (o.owner_id, o.account, o.name, o.amount_minor, o.created_at, o.stage, o.closed_at, o.won, o.amount, o.currency, o.pipeline)
        is distinct from (s.owner_id, s.account, s.name, s.amount_minor, s.created_at, s.stage, s.closed_at, s.won, s.amount, s.currency, s.pipeline))::int as updated
    from ${sql.raw(table)} s left join opportunities o on o.org_id = ${orgId} and o.crm_id = s.crm_id
    where ${lines}`;
}

/** History entries are never updated: an entry is its opportunity, stage and time. */
export function wouldChangeHistory(table: string, orgId: string, lines: SQL): SQL {
  return sql`select count(*) filter (where h.opportunity_id is null)::int as inserted, 0 as updated
    from ${sql.raw(table)} s left join stage_history h on h.org_id = ${orgId} and h.opportunity_id = s.opportunity_id
      and h.stage = s.stage and h.entered_at = s.entered_at
    where ${lines}`;
}

export function wouldChangeActivities(table: string, orgId: string, lines: SQL): SQL {
  return sql`select count(*) filter (where a.crm_id is null)::int as inserted,
      count(*) filter (where a.crm_id is not null and (a.owner_id, a.type, a.occurred_at, a.opportunity_id, a.contact_level)
        is distinct from (s.owner_id, s.type, s.occurred_at, s.opportunity_id, s.contact_level))::int as updated
    from ${sql.raw(table)} s left join activities a on a.org_id = ${orgId} and a.crm_id = s.crm_id
    where ${lines}`;
}
