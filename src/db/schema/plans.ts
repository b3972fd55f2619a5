import { sql } from 'drizzle-orm';
import {
  check,
  date,
  foreignKey,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { people } from './people.js';

/**
 * A rep's development plan: one or two focus skills, each with a target level and a KPI target,
 * the actions agreed, and a review date. Started by their manager, acknowledged by the rep, then
 * closed at review (achieved, partly, not achieved) or renewed into a new plan. One active plan per rep.
 */
export const developmentPlans = pgTable(
  'development_plans',
  {
    orgId: uuid().notNull(),
    id: uuid().notNull().defaultRandom(),
    repId: uuid().notNull(),
    startedBy: uuid().notNull(),
    status: text({ enum: ['active', 'closed'] }).notNull(),
    /** `PlanFocus[]` (features/plans/contract.ts). */
    focus: jsonb().notNull(),
    /** `PlanAction[]`. */
    actions: jsonb().notNull(),
    startedOn: date({ mode: 'string' }).notNull(),
    reviewOn: date({ mode: 'string' }).notNull(),
    acknowledgedAt: timestamp({ withTimezone: true }),
    closedOn: date({ mode: 'string' }),
    outcome: text({ enum: ['achieved', 'partly', 'not_achieved'] }),
    reviewNote: text(),
    /** The plan this one renewed, if any. */
    renews: uuid(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({ columns: [t.orgId, t.repId], foreignColumns: [people.orgId, people.id] }).onDelete(
      'cascade',
    ),
    uniqueIndex('development_plans_one_active').on(t.orgId, t.repId).where(sql`${t.status} = 'active'`),
    index('development_plans_review_idx').on(t.orgId, t.status, t.reviewOn),
    check(
      'development_plans_closed',
      sql`(${t.status} = 'closed') = (${t.closedOn} is not null and ${t.outcome} is not null)`,
    ),
  ],
);
