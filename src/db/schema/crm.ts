import { type SQL, sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { SENIOR_CONTACT_LEVELS } from '../../core/crmValues.js';
import { orgs } from './orgs.js';

/**
 * The one SQL form of "this activity reaches a senior contact on an opportunity" (C-level
 * engagement), for the partial index below and for every query that counts senior reach. Pass the
 * two columns, or a table alias for raw SQL (`seniorContact('a')`).
 */
export function seniorContact(level: SQL | string, opportunity?: SQL): SQL {
  const levels = sql.raw(SENIOR_CONTACT_LEVELS.map((l) => `'${l}'`).join(', '));
  if (typeof level === 'string') {
    const prefix = level ? `${level}.` : '';
    return sql`${sql.raw(`${prefix}contact_level`)} in (${levels}) and ${sql.raw(`${prefix}opportunity_id`)} is not null`;
  }
  return sql`${level} in (${levels}) and ${opportunity} is not null`;
}

/**
 * The one SQL form of "this opportunity is in that CRM pipeline": `alias` is the opportunities table's
 * alias ('' for none), `pipeline` a name or an SQL expression; an opportunity that names no pipeline
 * is in the unnamed one (the empty name).
 */
export function inPipeline(alias: string, pipeline: string | SQL): SQL {
  if (typeof pipeline !== 'string') return sql`${pipelineOf(alias)} = ${pipeline}`;
  // A plain column test, not an expression, so that the planner can estimate it from the column's
  // statistics (the column holds null or a name, never ''). A freshly loaded table has none yet:
  // statements over a whole import keep it out of WHERE (see `inFunnelPipeline` in rollups.ts).
  const column = sql.raw(alias ? `${alias}.pipeline` : 'pipeline');
  return pipeline ? sql`${column} = ${pipeline}::text` : sql`${column} is null`;
}

/** The CRM pipeline an opportunity (`alias`, '' for none) is in, as SQL: '' for one that names none. */
export function pipelineOf(alias: string): SQL {
  return sql`coalesce(${sql.raw(alias ? `${alias}.pipeline` : 'pipeline')}, '')`;
}

const orgId = () =>
  uuid()
    .notNull()
    .references(() => orgs.id, { onDelete: 'cascade' });

/**
 * The org id of the bulk-loaded CRM tables (opportunities, stage history, activities, rollups): no
 * foreign key, since each is a per-row trigger and those triggers doubled the cost of an import. Their
 * rows are written only by the import, which resolves every owner against people and every
 * opportunity id against opportunities first (in SQL, set-wise); people are never deleted (they are
 * marked as left), and deleting an organisation deletes these rows through the trigger in migration
 * 0005.
 */
const bulkOrgId = () => uuid().notNull();

export const stageKindEnum = pgEnum('stage_kind', ['open', 'won', 'lost']);

/**
 * The organisation's funnels, one per CRM pipeline, each in order; without rows the default funnel
 * applies. `pipeline` is the CRM's pipeline name as the opportunities carry it; the empty name is the
 * funnel of a CRM without named pipelines.
 */
export const funnelStages = pgTable(
  'funnel_stages',
  {
    orgId: orgId(),
    pipeline: text().notNull().default(''),
    name: text().notNull(),
    position: integer().notNull(),
    kind: stageKindEnum().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.pipeline, t.name] }),
    unique('funnel_stages_org_pipeline_position').on(t.orgId, t.pipeline, t.position),
  ],
);

/**
 * Which pipeline the diagnosis (and every KPI built on it) reads: its funnel is the organisation's
 * funnel. No row: the unnamed pipeline (the empty name), which holds every opportunity naming none.
 */
export const crmSettings = pgTable('crm_settings', {
  orgId: uuid()
    .primaryKey()
    .references(() => orgs.id, { onDelete: 'cascade' }),
  pipeline: text().notNull().default(''),
});

/** Opportunities as the CRM knows them, keyed by the CRM's own id. */
export const opportunities = pgTable(
  'opportunities',
  {
    orgId: bulkOrgId(),
    crmId: text().notNull(),
    ownerId: uuid().notNull(),
    account: text().notNull(),
    name: text().notNull(),
    /**
     * In the organisation's currency, minor units (cents); null when the amount is unknown (the CRM
     * left it empty) or its currency has no conversion rate: kept out of every money figure.
     */
    amountMinor: bigint({ mode: 'number' }),
    /** The amount exactly as the CRM gave it, in `currency`; null when it gave none. */
    amount: numeric(),
    /** ISO 4217 code of `amount`; null means the organisation's currency. */
    currency: text(),
    /**
     * The CRM's pipeline the deal is in (HubSpot), whose funnel its stages are of; null when the CRM
     * has one or does not say (the unnamed pipeline, `funnel_stages.pipeline` ''), never ''.
     */
    pipeline: text(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    stage: text().notNull(),
    closedAt: timestamp({ withTimezone: true }),
    /** Null while open. */
    won: boolean(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.crmId] }),
    index('opportunities_owner_idx').on(t.orgId, t.ownerId),
    // Amounts in a currency without a rate: the diagnosis names them (money figures leave them out).
    index('opportunities_unpriced_idx')
      .on(t.orgId, t.currency)
      .where(sql`${t.amount} is not null and ${t.amountMinor} is null`),
    check('opportunities_amount_nonnegative', sql`${t.amountMinor} >= 0`),
    check('opportunities_pipeline_named', sql`${t.pipeline} <> ''`),
  ],
);

/** One row each time an opportunity entered a stage (its first stage included). */
export const stageHistory = pgTable(
  'stage_history',
  {
    orgId: bulkOrgId(),
    opportunityId: text().notNull(),
    stage: text().notNull(),
    enteredAt: timestamp({ withTimezone: true }).notNull(),
    /**
     * Derived, not read: the CRM gave no history for the opportunity, so its creation, current stage
     * and close were taken as its entries (`inferHistory`).
     */
    inferred: boolean().notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.opportunityId, t.stage, t.enteredAt] }),
    // The diagnosis says how many opportunities' counts rest on inferred entries: few rows, small index.
    index('stage_history_inferred_idx').on(t.orgId, t.opportunityId).where(sql`${t.inferred}`),
  ],
);

/** Calls, emails, meetings, demos… keyed by the CRM's id; the largest table, with no index beyond what reads need. */
export const activities = pgTable(
  'activities',
  {
    orgId: bulkOrgId(),
    crmId: text().notNull(),
    ownerId: uuid().notNull(),
    type: text().notNull(),
    occurredAt: timestamp({ withTimezone: true }).notNull(),
    opportunityId: text(),
    contactLevel: text(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.crmId] }),
    // C-level engagement: which opportunities reached a senior contact (a small, partial index).
    index('activities_senior_opportunity_idx')
      .on(t.orgId, t.opportunityId)
      .where(seniorContact(sql`${t.contactLevel}`, sql`${t.opportunityId}`)),
  ],
);

/**
 * Per rep × stage × ISO week (Monday) of entry × ISO week the entry was resolved: opportunities that
 * entered the stage that week and, of those, how many advanced or were lost at it in the resolution
 * week (`infinity` while still open there). Keeping the resolution week lets the diagnosis judge
 * outcomes as of any past date. Kept by every import for the reps and weeks it touched; the diagnosis
 * reads these, never the raw rows.
 */
export const stageWeekRollup = pgTable(
  'stage_week_rollup',
  {
    orgId: bulkOrgId(),
    ownerId: uuid().notNull(),
    stage: text().notNull(),
    week: date({ mode: 'string' }).notNull(),
    /** Week the entries were resolved (advanced or lost); 'infinity' for entries still open. */
    resolvedWeek: date({ mode: 'string' }).notNull(),
    entered: integer().notNull(),
    advanced: integer().notNull(),
    lost: integer().notNull(),
    /** Days spent at the stage, summed over the entries that advanced. */
    daysAdvanced: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.ownerId, t.stage, t.week, t.resolvedWeek] })],
);

export const dealOutcomeEnum = pgEnum('deal_outcome', ['open', 'won', 'lost']);

/**
 * Per rep × ISO week created × ISO week closed × outcome: how many opportunities, their value, the
 * days they took to close and how many reached a C-level or VP contact. Serves new-opportunity
 * volume, win rate, deal size, sales cycle, open pipeline and C-level engagement.
 */
export const opportunityWeekRollup = pgTable(
  'opportunity_week_rollup',
  {
    orgId: bulkOrgId(),
    ownerId: uuid().notNull(),
    week: date({ mode: 'string' }).notNull(),
    /** 'infinity' while open. */
    closedWeek: date({ mode: 'string' }).notNull(),
    outcome: dealOutcomeEnum().notNull(),
    count: integer().notNull(),
    /** Summed over the opportunities whose amount is known in the organisation's currency… */
    amountMinor: bigint({ mode: 'number' }).notNull(),
    /** …which are this many of `count` (averages divide by this, never by `count`). */
    priced: integer().notNull().default(0),
    cycleDays: integer().notNull(),
    seniorReached: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.ownerId, t.week, t.closedWeek, t.outcome] })],
);

/** Per rep × activity type × ISO week. */
export const activityWeekRollup = pgTable(
  'activity_week_rollup',
  {
    orgId: bulkOrgId(),
    ownerId: uuid().notNull(),
    type: text().notNull(),
    week: date({ mode: 'string' }).notNull(),
    count: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.ownerId, t.type, t.week] })],
);

export const importKindEnum = pgEnum('import_kind', [
  'people',
  'opportunities',
  'stage_history',
  'activities',
]);
export const importStatusEnum = pgEnum('import_status', ['running', 'done', 'failed']);

/** Every import, with its counts and (the first thousand) rejected rows. */
export const importJobs = pgTable(
  'import_jobs',
  {
    orgId: orgId(),
    id: uuid().notNull().defaultRandom(),
    kind: importKindEnum().notNull(),
    fileName: text().notNull(),
    status: importStatusEnum().notNull(),
    /** Who started it (null for the command line). */
    createdBy: uuid(),
    /** A check that changed nothing: the counts say what would have changed. */
    dryRun: boolean().notNull().default(false),
    /** Rows read so far, for progress while it runs. */
    rowsRead: integer().notNull().default(0),
    inserted: integer().notNull().default(0),
    updated: integer().notNull().default(0),
    unchanged: integer().notNull().default(0),
    rejected: integer().notNull().default(0),
    rejects: jsonb().notNull().default(sql`'[]'::jsonb`),
    error: text(),
    startedAt: timestamp({ withTimezone: true }).notNull(),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);
