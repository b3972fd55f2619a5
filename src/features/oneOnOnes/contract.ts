import { z } from 'zod';
import { CADENCES, DEFAULT_CADENCE, DEFAULT_MEETING_MINUTES } from '../../core/cadence.js';
import { KPIS, type KpiId, MAX_MEETING_KPIS } from '../../core/kpis.js';

import { MASTERY_STAGES } from '../../core/skillProfile.js';
import { Goal } from '../goals/contract.js';

const isoDate = z.iso.date('use a date such as 2026-12-14');
const instant = z.iso.datetime({ offset: true, error: 'use a date and time such as 2026-12-14T09:00:00Z' });
const words = (max: number, what: string) =>
  z.string().trim().min(1, `write the ${what}`).max(max, `keep the ${what} under ${max} characters`);

/** The longest a meeting text (shared notes, private note, check-in) may grow. */
export const MAX_NOTE_CHARS = 20_000;
export const MEETING_MINUTES = { min: 10, max: 120 } as const;
export const NOTE_KINDS = ['shared', 'private', 'check_in'] as const;
export type NoteKind = (typeof NOTE_KINDS)[number];
const KPI_IDS = Object.keys(KPIS) as [KpiId, ...KpiId[]];

const Ref = z.object({ id: z.uuid(), name: z.string() });

/** Starting a series with someone who reports to you. */
export const SeriesInput = z
  .strictObject({
    cadence: z
      .enum(CADENCES, { error: `use one of ${CADENCES.join(', ')}` })
      .default(DEFAULT_CADENCE)
      .describe('weekly, biweekly (every other week) or monthly'),
    firstAt: instant.describe('the first meeting, as a date and time with its offset'),
    durationMinutes: z
      .number({ error: 'use a number of minutes' })
      .int('use whole minutes')
      .min(MEETING_MINUTES.min, `a one-on-one lasts at least ${MEETING_MINUTES.min} minutes`)
      .max(MEETING_MINUTES.max, `keep a one-on-one under ${MEETING_MINUTES.max} minutes`)
      .default(DEFAULT_MEETING_MINUTES),
    timeZone: z.string().trim().min(1).default('UTC').describe('an IANA time zone, such as Europe/Madrid'),
  })
  .meta({ id: 'SeriesInput' });
export type SeriesInput = z.infer<typeof SeriesInput>;

/** Changing a series: its cadence, length or time zone from the next meeting on, or ending it. */
export const SeriesUpdate = z
  .strictObject({
    cadence: z.enum(CADENCES, { error: `use one of ${CADENCES.join(', ')}` }).optional(),
    durationMinutes: z
      .number()
      .int('use whole minutes')
      .min(MEETING_MINUTES.min, `a one-on-one lasts at least ${MEETING_MINUTES.min} minutes`)
      .max(MEETING_MINUTES.max, `keep a one-on-one under ${MEETING_MINUTES.max} minutes`)
      .optional(),
    active: z.literal(false, { error: 'a series can be ended (active: false), not restarted' }).optional(),
  })
  .meta({ id: 'SeriesUpdate' });
export type SeriesUpdate = z.infer<typeof SeriesUpdate>;

export const SeriesParams = z.strictObject({ seriesId: z.uuid() });
export const MeetingParams = z.strictObject({ meetingId: z.uuid() });
export const AgendaItemParams = z.strictObject({ meetingId: z.uuid(), itemId: z.uuid() });
export const NoteParams = z.strictObject({
  meetingId: z.uuid(),
  kind: z.enum(NOTE_KINDS, { error: `use one of ${NOTE_KINDS.join(', ')}` }),
});
export const ActionParams = z.strictObject({ actionId: z.uuid() });
export const PersonParams = z.strictObject({ personId: z.uuid() });

export const AgendaInput = z.strictObject({ text: words(500, 'talking point') }).meta({ id: 'AgendaInput' });
export const AgendaUpdate = z.strictObject({ discussed: z.boolean() }).meta({ id: 'AgendaUpdate' });

/** An autosave: the text, and the version it was edited from (0: the note was empty). */
export const NoteSave = z
  .strictObject({
    baseVersion: z.number().int().min(0),
    text: z
      .string()
      .max(MAX_NOTE_CHARS, `keep the note under ${MAX_NOTE_CHARS.toLocaleString('en')} characters`),
  })
  .meta({ id: 'NoteSave' });
export type NoteSave = z.infer<typeof NoteSave>;

export const Note = z
  .object({
    text: z.string(),
    version: z.number().int(),
    savedBy: z.string().nullable(),
    savedAt: z.string().nullable(),
  })
  .meta({ id: 'MeetingNote' });
export type Note = z.infer<typeof Note>;

/** What a save stored: the text now (merged with a save made meanwhile, or holding both). */
export const NoteSaved = Note.extend({
  /** Someone saved meanwhile and the two edits were merged. */
  merged: z.boolean(),
  /** The two edits changed the same words: both are kept in the text, each marked. */
  conflict: z.boolean(),
}).meta({ id: 'NoteSaved' });
export type NoteSaved = z.infer<typeof NoteSaved>;

export const ActionInput = z
  .strictObject({
    text: words(500, 'action'),
    ownerId: z.uuid('choose who owns the action'),
    dueOn: isoDate.nullable().optional(),
  })
  .meta({ id: 'ActionInput' });
export type ActionInput = z.infer<typeof ActionInput>;
export const ActionUpdate = z.strictObject({ done: z.boolean() }).meta({ id: 'ActionUpdate' });

export const RescheduleInput = z
  .strictObject({ startsAt: instant.describe('the new date and time') })
  .meta({ id: 'RescheduleInput' });

/** The KPIs every one-on-one shows, chosen once by the organisation. */
export const MeetingKpiSettings = z
  .strictObject({
    kpis: z
      .array(z.enum(KPI_IDS, { error: `use KPIs of the catalog: ${KPI_IDS.join(', ')}` }))
      .min(1, 'choose at least one KPI')
      .max(MAX_MEETING_KPIS, `choose at most ${MAX_MEETING_KPIS} KPIs: a one-on-one is a conversation`)
      .refine((k) => new Set(k).size === k.length, 'choose each KPI once'),
  })
  .meta({ id: 'MeetingKpiSettings' });
export type MeetingKpiSettings = z.infer<typeof MeetingKpiSettings>;

export const QuestionInput = z
  .strictObject({
    skill: z.string().trim().min(1).nullable().describe('the skill slug it is about, or null for any'),
    text: words(300, 'question'),
  })
  .meta({ id: 'QuestionInput' });
export type QuestionInput = z.infer<typeof QuestionInput>;

export const QuestionBank = z
  .object({
    questions: z.array(
      z.object({ id: z.uuid().nullable(), skill: z.string().nullable(), text: z.string(), own: z.boolean() }),
    ),
  })
  .meta({ id: 'QuestionBank' });
export type QuestionBank = z.infer<typeof QuestionBank>;
export const QuestionQuery = z.strictObject({ skill: z.string().trim().min(1).optional() });

const SnapshotRowShape = z.object({
  kpi: z.string(),
  key: z.string().nullable(),
  name: z.string(),
  unit: z.string(),
  higherIsBetter: z.boolean(),
  value: z.number().nullable(),
  n: z.number(),
  team: z.number().nullable(),
});

/** The development check-in: the active plan, each focus skill's level, mastery and KPI now. */
export const DevelopmentCheckIn = z
  .object({
    planId: z.uuid(),
    reviewOn: z.string(),
    acknowledged: z.boolean(),
    focus: z.array(
      z.object({
        skill: z.string(),
        currentLevel: z.number().nullable(),
        targetLevel: z.number(),
        mastery: z.enum(MASTERY_STAGES),
        kpi: z
          .object({
            metric: z.string(),
            stage: z.string(),
            from: z.number(),
            target: z.number(),
            now: z.number().nullable(),
          })
          .nullable(),
      }),
    ),
  })
  .meta({ id: 'DevelopmentCheckIn' });
export type DevelopmentCheckIn = z.infer<typeof DevelopmentCheckIn>;

/** What is stored when a meeting is held: the KPIs then and the gaps the diagnosis flagged then. */
export const StoredSnapshot = z.object({
  asOf: z.string(),
  currency: z.string(),
  rows: z.array(SnapshotRowShape),
  gaps: z.array(z.object({ metric: z.string(), stage: z.string(), skill: z.string() })),
  /** The development plan as it stood (held meetings keep it, as they keep the KPIs). */
  development: DevelopmentCheckIn.nullable().optional(),
});
export type StoredSnapshot = z.infer<typeof StoredSnapshot>;

export const MeetingSnapshot = StoredSnapshot.extend({
  /** Held meetings keep the snapshot taken then; upcoming ones show today's figures. */
  frozen: z.boolean(),
  rows: z.array(
    SnapshotRowShape.extend({
      previous: z.number().nullable(),
      move: z.enum(['better', 'worse', 'same']).nullable(),
    }),
  ),
}).meta({ id: 'MeetingSnapshot' });
export type MeetingSnapshot = z.infer<typeof MeetingSnapshot>;

export const MeetingAction = z
  .object({
    id: z.uuid(),
    text: z.string(),
    owner: Ref,
    dueOn: z.string().nullable(),
    doneAt: z.string().nullable(),
    /** Agreed in an earlier meeting and still open when this one started. */
    carriedOver: z.boolean(),
    agreedOn: z.string(),
    overdue: z.boolean(),
  })
  .meta({ id: 'MeetingAction' });
export type MeetingAction = z.infer<typeof MeetingAction>;

export const Meeting = z
  .object({
    id: z.uuid(),
    seriesId: z.uuid(),
    rep: Ref,
    manager: Ref,
    /** How the caller takes part: the rep, the manager who runs it, or someone reading it. */
    viewer: z.enum(['rep', 'manager', 'reader']),
    startsAt: z.string(),
    durationMinutes: z.number().int(),
    timeZone: z.string(),
    status: z.enum(['scheduled', 'held', 'skipped']),
    heldAt: z.string().nullable(),
    moved: z.boolean(),
    agenda: z.array(
      z.object({
        id: z.uuid(),
        side: z.enum(['rep', 'manager']),
        author: z.string(),
        text: z.string(),
        discussed: z.boolean(),
      }),
    ),
    snapshot: MeetingSnapshot,
    development: DevelopmentCheckIn.nullable(),
    notes: z.object({ shared: Note, checkIn: Note }),
    /** The manager's private note: only in answers to the manager and the managers above them. */
    privateNote: Note.optional(),
    actions: z.array(MeetingAction),
    /** The person's open goals with their progress (upcoming meetings; held ones keep their notes). */
    goals: z.array(Goal),
    questions: z.array(z.string()),
    previousMeetingId: z.uuid().nullable(),
    nextMeetingId: z.uuid().nullable(),
  })
  .meta({ id: 'Meeting' });
export type Meeting = z.infer<typeof Meeting>;

export const SeriesSummary = z
  .object({
    id: z.uuid(),
    rep: Ref,
    manager: Ref,
    cadence: z.enum(CADENCES),
    durationMinutes: z.number().int(),
    timeZone: z.string(),
    active: z.boolean(),
    heldCount: z.number().int(),
    lastHeldAt: z.string().nullable(),
    next: z
      .object({
        meetingId: z.uuid(),
        startsAt: z.string(),
        /** Its time has passed and it was neither held nor skipped. */
        overdue: z.boolean(),
        repItems: z.number().int(),
        openActions: z.number().int(),
      })
      .nullable(),
  })
  .meta({ id: 'SeriesSummary' });
export type SeriesSummary = z.infer<typeof SeriesSummary>;

export const MySeries = z
  .object({ asManager: z.array(SeriesSummary), asRep: z.array(SeriesSummary) })
  .meta({ id: 'MyOneOnOnes' });
export type MySeries = z.infer<typeof MySeries>;

export const HistoryQuery = z.strictObject({
  q: z.string().trim().max(200, 'keep the search under 200 characters').optional(),
});
export const MeetingHistory = z
  .object({ series: SeriesSummary, meetings: z.array(Meeting) })
  .meta({ id: 'MeetingHistory' });
export type MeetingHistory = z.infer<typeof MeetingHistory>;

/** The manager's preparation: what changed since the last meeting, on one screen. */
export const MeetingPrep = z
  .object({
    meetingId: z.uuid(),
    rep: Ref,
    lastHeldAt: z.string().nullable(),
    kpiMoves: z.array(
      z.object({
        name: z.string(),
        unit: z.string(),
        previous: z.number().nullable(),
        value: z.number().nullable(),
        team: z.number().nullable(),
        move: z.enum(['better', 'worse', 'same']).nullable(),
      }),
    ),
    newGaps: z.array(z.object({ stage: z.string(), metric: z.string(), skill: z.string() })),
    closedGaps: z.array(z.object({ stage: z.string(), metric: z.string(), skill: z.string() })),
    overdueActions: z.array(MeetingAction),
    openActions: z.number().int(),
    plan: z.object({
      status: z.enum(['none', 'review_due', 'not_acknowledged', 'active']),
      detail: z.string(),
    }),
    repAgenda: z.array(z.string()),
  })
  .meta({ id: 'MeetingPrep' });
export type MeetingPrep = z.infer<typeof MeetingPrep>;

/** Held vs scheduled per manager over a window: do the one-on-ones happen? */
export const CadenceAdherence = z
  .object({
    from: z.string(),
    to: z.string(),
    managers: z.array(
      z.object({
        manager: Ref,
        series: z.number().int(),
        scheduled: z.number().int(),
        held: z.number().int(),
        /** held ÷ scheduled, null when nothing was scheduled. */
        rate: z.number().nullable(),
      }),
    ),
  })
  .meta({ id: 'CadenceAdherence' });
export type CadenceAdherence = z.infer<typeof CadenceAdherence>;

export const CalendarFeed = z
  .object({
    active: z.boolean(),
    createdAt: z.string().nullable(),
    /** The secret address: only in the answer that made it (it is stored hashed). */
    url: z.string().optional(),
  })
  .meta({ id: 'CalendarFeed' });
export type CalendarFeed = z.infer<typeof CalendarFeed>;
export const CalendarParams = z.strictObject({ token: z.string().min(10).max(200) });

/** `touchline one-on-ones list --json`. */
export const SeriesReport = z
  .object({
    series: z.array(
      z.object({
        rep: z.string(),
        manager: z.string(),
        cadence: z.enum(CADENCES),
        heldCount: z.number().int(),
        nextAt: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'OneOnOneSeriesReport' });
export type SeriesReport = z.infer<typeof SeriesReport>;
