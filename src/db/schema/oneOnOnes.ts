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
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { CADENCES } from '../../core/cadence.js';
import { orgs } from './orgs.js';
import { people } from './people.js';

/**
 * A manager's recurring one-on-one with someone who reports to them: the cadence as an iCalendar
 * rule from the first meeting, in the series' time zone. One active series per pair.
 */
export const oneOnOneSeries = pgTable(
  'one_on_one_series',
  {
    orgId: uuid().notNull(),
    id: uuid().notNull().defaultRandom(),
    managerId: uuid().notNull(),
    repId: uuid().notNull(),
    cadence: text({ enum: CADENCES }).notNull(),
    firstAt: timestamp({ withTimezone: true }).notNull(),
    durationMinutes: integer().notNull(),
    timeZone: text().notNull(),
    active: boolean().notNull().default(true),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({ columns: [t.orgId, t.repId], foreignColumns: [people.orgId, people.id] }).onDelete(
      'cascade',
    ),
    foreignKey({ columns: [t.orgId, t.managerId], foreignColumns: [people.orgId, people.id] }).onDelete(
      'cascade',
    ),
    uniqueIndex('one_on_one_series_one_active').on(t.orgId, t.managerId, t.repId).where(sql`${t.active}`),
    index('one_on_one_series_rep_idx').on(t.orgId, t.repId),
    check('one_on_one_series_two_people', sql`${t.managerId} <> ${t.repId}`),
  ],
);

/**
 * One meeting of a series. `occurrenceAt` is the rule's instant it stands for (a moved meeting
 * keeps it, so the series knows which occurrence moved); `startsAt` is when it happens. The next
 * meeting of an active series exists as a row; later ones come from the rule. `snapshot` is the KPI
 * snapshot frozen when the meeting was held (`MeetingSnapshot`, features/oneOnOnes/contract.ts).
 */
export const oneOnOneMeetings = pgTable(
  'one_on_one_meetings',
  {
    orgId: uuid().notNull(),
    id: uuid().notNull().defaultRandom(),
    seriesId: uuid().notNull(),
    occurrenceAt: timestamp({ withTimezone: true }).notNull(),
    startsAt: timestamp({ withTimezone: true }).notNull(),
    status: text({ enum: ['scheduled', 'held', 'skipped'] }).notNull(),
    heldAt: timestamp({ withTimezone: true }),
    snapshot: jsonb(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({
      columns: [t.orgId, t.seriesId],
      foreignColumns: [oneOnOneSeries.orgId, oneOnOneSeries.id],
    }).onDelete('cascade'),
    uniqueIndex('one_on_one_meetings_occurrence').on(t.orgId, t.seriesId, t.occurrenceAt),
    index('one_on_one_meetings_starts_idx').on(t.orgId, t.seriesId, t.startsAt),
    check(
      'one_on_one_meetings_held',
      sql`(${t.status} = 'held') = (${t.heldAt} is not null and ${t.snapshot} is not null)`,
    ),
  ],
);

/** A talking point. The rep's come first, then the manager's, each in the order added. */
export const oneOnOneAgendaItems = pgTable(
  'one_on_one_agenda_items',
  {
    orgId: uuid().notNull(),
    id: uuid().notNull().defaultRandom(),
    meetingId: uuid().notNull(),
    authorId: uuid().notNull(),
    side: text({ enum: ['rep', 'manager'] }).notNull(),
    text: text().notNull(),
    discussed: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({
      columns: [t.orgId, t.meetingId],
      foreignColumns: [oneOnOneMeetings.orgId, oneOnOneMeetings.id],
    }).onDelete('cascade'),
    index('one_on_one_agenda_meeting_idx').on(t.orgId, t.meetingId),
  ],
);

/**
 * Every saved version of a meeting's texts: the shared notes, the manager's private note, the
 * development check-in. The latest version is the text; earlier ones are the base a late save is
 * merged against, and the log of who wrote what.
 */
export const oneOnOneNotes = pgTable(
  'one_on_one_notes',
  {
    orgId: uuid().notNull(),
    meetingId: uuid().notNull(),
    kind: text({ enum: ['shared', 'private', 'check_in'] }).notNull(),
    version: integer().notNull(),
    text: text().notNull(),
    authorId: uuid().notNull(),
    savedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.meetingId, t.kind, t.version] }),
    foreignKey({
      columns: [t.orgId, t.meetingId],
      foreignColumns: [oneOnOneMeetings.orgId, oneOnOneMeetings.id],
    }).onDelete('cascade'),
    check('one_on_one_notes_version', sql`${t.version} > 0`),
  ],
);

/**
 * An action agreed in a meeting, with an owner and a due date. Open actions carry over to every
 * later meeting of the series until done.
 */
export const oneOnOneActions = pgTable(
  'one_on_one_actions',
  {
    orgId: uuid().notNull(),
    id: uuid().notNull().defaultRandom(),
    seriesId: uuid().notNull(),
    meetingId: uuid().notNull(),
    text: text().notNull(),
    ownerId: uuid().notNull(),
    dueOn: date({ mode: 'string' }),
    doneAt: timestamp({ withTimezone: true }),
    createdBy: uuid().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({
      columns: [t.orgId, t.seriesId],
      foreignColumns: [oneOnOneSeries.orgId, oneOnOneSeries.id],
    }).onDelete('cascade'),
    foreignKey({
      columns: [t.orgId, t.meetingId],
      foreignColumns: [oneOnOneMeetings.orgId, oneOnOneMeetings.id],
    }).onDelete('cascade'),
    index('one_on_one_actions_series_idx').on(t.orgId, t.seriesId, t.createdAt),
  ],
);

/** The organisation's own coaching questions, beside the bank in core/coachingQuestions. */
export const coachingQuestions = pgTable(
  'coaching_questions',
  {
    orgId: uuid()
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    id: uuid().notNull().defaultRandom(),
    /** The skill it is about (a slug), or null for any conversation. */
    skill: text(),
    text: text().notNull(),
    createdBy: uuid().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('coaching_questions_skill_idx').on(t.orgId, t.skill),
  ],
);

/** The KPIs every one-on-one of the organisation shows (chosen once; core's default until then). */
export const oneOnOneSettings = pgTable('one_on_one_settings', {
  orgId: uuid()
    .primaryKey()
    .references(() => orgs.id, { onDelete: 'cascade' }),
  kpis: jsonb().notNull(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/**
 * A person's calendar feed: a secret address (stored hashed) that calendar apps poll for their
 * one-on-ones. Revoking it, or making a new one, stops the old address.
 */
export const calendarFeeds = pgTable(
  'calendar_feeds',
  {
    orgId: uuid().notNull(),
    personId: uuid().notNull(),
    secretHash: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.personId] }),
    uniqueIndex('calendar_feeds_secret_idx').on(t.secretHash),
    foreignKey({ columns: [t.orgId, t.personId], foreignColumns: [people.orgId, people.id] }).onDelete(
      'cascade',
    ),
  ],
);
