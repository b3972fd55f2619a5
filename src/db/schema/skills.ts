import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { EVIDENCE_SOURCES } from '../../core/skillProfile.js';
import { orgs } from './orgs.js';
import { people } from './people.js';

/**
 * An organisation's skills framework, versioned: an edit adds a version of the skill, so a rating
 * keeps the rubric it was given against. An organisation with no rows uses the default framework
 * (`core/skills.ts`) as version 1 of each skill; the first edit writes them.
 */
export const skillVersions = pgTable(
  'skill_versions',
  {
    orgId: uuid()
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    slug: text().notNull(),
    version: integer().notNull(),
    name: text().notNull(),
    description: text().notNull(),
    /** What a rep at level 1…5 is seen doing, in order. */
    rubric: text().array().notNull(),
    /** Retired skills keep their ratings but take no new ones and leave the profile. */
    retired: boolean().notNull().default(false),
    /** Where the skill sits in the framework's list. */
    position: integer().notNull(),
    createdBy: uuid(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.slug, t.version] }),
    check('skill_versions_rubric_levels', sql`cardinality(${t.rubric}) = 5`),
  ],
);

/** An organisation's own stage → skill mapping for the diagnosis, over the default one. */
export const stageSkills = pgTable(
  'stage_skills',
  {
    orgId: uuid()
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    stage: text().notNull(),
    skill: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.stage] })],
);

/**
 * Every rating of a rep on a skill is a dated piece of evidence with its source and author: an
 * assessment, a self-assessment, a ride-along, a call review, a knowledge check, the diagnosis.
 * Ratings given together (one assessment form) share `assessmentId`.
 */
export const skillEvidence = pgTable(
  'skill_evidence',
  {
    orgId: uuid().notNull(),
    id: uuid().notNull().defaultRandom(),
    personId: uuid().notNull(),
    skill: text().notNull(),
    /** The version of the skill's rubric the rating was given against. */
    skillVersion: integer().notNull(),
    level: smallint().notNull(),
    source: text({ enum: EVIDENCE_SOURCES }).notNull(),
    observedOn: date({ mode: 'string' }).notNull(),
    /** Who gave it; null for evidence the system derived (the diagnosis). */
    authorId: uuid(),
    note: text(),
    assessmentId: uuid(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({ columns: [t.orgId, t.personId], foreignColumns: [people.orgId, people.id] }).onDelete(
      'cascade',
    ),
    index('skill_evidence_person_idx').on(t.orgId, t.personId, t.skill, t.observedOn),
    check('skill_evidence_level', sql`${t.level} between 1 and 5`),
  ],
);

/** An organisation's own mastery rules (`MasteryRules`), over the defaults; no row: the defaults. */
export const skillSettings = pgTable('skill_settings', {
  orgId: uuid()
    .primaryKey()
    .references(() => orgs.id, { onDelete: 'cascade' }),
  masteryRules: jsonb().notNull(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
