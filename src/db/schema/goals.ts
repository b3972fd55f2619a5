import { sql } from 'drizzle-orm';
import {
  check,
  date,
  doublePrecision,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { PIP_OUTCOMES, PIP_STATUSES } from '../../core/improvementPlan.js';
import { orgs } from './orgs.js';
import { people } from './people.js';

/**
 * A SMART goal: a rep's, or a team's (owned by its manager). A KPI goal names a catalog KPI (and its
 * stage for a per-stage KPI); its baseline is filled from the data when it is set and its progress is
 * computed from the data, never typed. A described outcome has a manual measure instead. A goal may
 * roll up into a team goal, and a PIP's expectations are goals of the PIP.
 */
export const goals = pgTable(
  'goals',
  {
    orgId: uuid().notNull(),
    id: uuid().notNull().defaultRandom(),
    ownerKind: text({ enum: ['rep', 'team'] }).notNull(),
    ownerId: uuid().notNull(),
    title: text().notNull(),
    kpi: text(),
    kpiKey: text(),
    outcome: text(),
    unit: text().notNull(),
    baseline: doublePrecision(),
    target: doublePrecision().notNull(),
    /** A described outcome's measure, recorded by the manager (KPI goals never have one). */
    manualActual: doublePrecision(),
    startOn: date({ mode: 'string' }).notNull(),
    dueOn: date({ mode: 'string' }).notNull(),
    /** `string[]` of ISO dates. */
    checkIns: jsonb().notNull(),
    parentId: uuid(),
    pipId: uuid(),
    status: text({ enum: ['active', 'closed'] })
      .notNull()
      .default('active'),
    createdBy: uuid().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({ columns: [t.orgId, t.ownerId], foreignColumns: [people.orgId, people.id] }).onDelete(
      'cascade',
    ),
    foreignKey({ columns: [t.orgId, t.parentId], foreignColumns: [t.orgId, t.id] }),
    index('goals_owner_idx').on(t.orgId, t.ownerId),
    index('goals_pip_idx').on(t.orgId, t.pipId),
    check('goals_kpi_or_outcome', sql`(${t.kpi} is not null) <> (${t.outcome} is not null)`),
    check('goals_manual_only_without_kpi', sql`${t.kpi} is null or ${t.manualActual} is null`),
    check('goals_dates', sql`${t.dueOn} > ${t.startOn}`),
  ],
);

/**
 * A performance improvement plan: the concern with dated, objective examples and the KPI snapshot
 * when it was written; expectations (goals with this `pipId`); the support given; the check-in
 * schedule; the consequences; its length. Draft → in review (a leader above the manager or an admin)
 * → active (the rep acknowledges receipt, and may respond) → extended → closed with an outcome.
 */
export const pips = pgTable(
  'pips',
  {
    orgId: uuid().notNull(),
    id: uuid().notNull().defaultRandom(),
    repId: uuid().notNull(),
    managerId: uuid().notNull(),
    status: text({ enum: PIP_STATUSES }).notNull(),
    concern: text().notNull(),
    /** `{ on: string; text: string }[]`: dated, objective examples. */
    examples: jsonb().notNull(),
    /** The KPI snapshot when the plan was written (features/pips/contract.ts `PipSnapshot`). */
    snapshot: jsonb().notNull(),
    /** `{ kind: string; text: string }[]`: coaching, training, resources, ride-alongs. */
    support: jsonb().notNull(),
    consequences: text().notNull(),
    durationDays: integer().notNull(),
    checkInEveryDays: integer().notNull(),
    startOn: date({ mode: 'string' }),
    endOn: date({ mode: 'string' }),
    reviewerId: uuid(),
    reviewedAt: timestamp({ withTimezone: true }),
    acknowledgedAt: timestamp({ withTimezone: true }),
    repResponse: text(),
    outcome: text({ enum: PIP_OUTCOMES }),
    closedOn: date({ mode: 'string' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({ columns: [t.orgId, t.repId], foreignColumns: [people.orgId, people.id] }).onDelete(
      'cascade',
    ),
    index('pips_rep_idx').on(t.orgId, t.repId),
    check(
      'pips_closed',
      sql`(${t.status} = 'closed') = (${t.outcome} is not null and ${t.closedOn} is not null)`,
    ),
    check(
      'pips_active_dates',
      sql`${t.status} not in ('active', 'extended') or (${t.startOn} is not null and ${t.endOn} is not null)`,
    ),
  ],
);

/** A check-in of an active PIP: the date and what was seen. */
export const pipCheckIns = pgTable(
  'pip_check_ins',
  {
    orgId: uuid().notNull(),
    id: uuid().notNull().defaultRandom(),
    pipId: uuid().notNull(),
    on: date({ mode: 'string' }).notNull(),
    note: text().notNull(),
    authorId: uuid().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({ columns: [t.orgId, t.pipId], foreignColumns: [pips.orgId, pips.id] }).onDelete('cascade'),
  ],
);

/**
 * Every change to a PIP, appended: who, when, what. Never updated or deleted — a trigger refuses
 * both (migration 0014), since the app connects as the table owner and privileges alone would not
 * hold. Only deleting the whole organisation takes its events with it.
 */
export const pipEvents = pgTable(
  'pip_events',
  {
    orgId: uuid().notNull(),
    id: uuid().notNull().defaultRandom(),
    pipId: uuid().notNull(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    actorId: uuid(),
    kind: text().notNull(),
    /** What changed, in the event's own shape (features/pips/contract.ts `PipEvent`). */
    detail: jsonb().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({ columns: [t.orgId, t.pipId], foreignColumns: [pips.orgId, pips.id] }).onDelete('cascade'),
    index('pip_events_pip_idx').on(t.orgId, t.pipId, t.at),
  ],
);

/** How the organisation judges goals: the largest stretch from the baseline before Attainable warns. */
export const goalSettings = pgTable('goal_settings', {
  orgId: uuid()
    .primaryKey()
    .references(() => orgs.id, { onDelete: 'cascade' }),
  /** A share: 0.5 lets a goal ask for half as much again as today before warning. */
  maxImprovement: doublePrecision().notNull(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
