import { and, eq } from 'drizzle-orm';
import type { Actor } from '../../core/actor.js';
import { conflict, invalid } from '../../core/errors.js';
import type { Db } from '../../db/open.js';
import { oneOnOneMeetings } from '../../db/schema/oneOnOnes.js';
import { type Meeting, type MeetingHistory, type MeetingPrep, StoredSnapshot } from './contract.js';
import { mentions, presentMeetings, seriesMeetings } from './meeting.js';
import { meetingFor, requireSeriesManager, scheduleNext, seriesFor, summarise } from './series.js';
import { meetingFigures } from './snapshot.js';

/** A meeting's page, its series' history, the manager's prep, and holding, skipping or moving it. */

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

export async function getMeeting(
  db: Db,
  opts: { actor: Actor; meetingId: string; now: Date },
): Promise<Meeting> {
  const { meeting, series } = await meetingFor(db, opts.actor, opts.meetingId, 'oneOnOne.read');
  const all = await seriesMeetings(db, series);
  const [presented] = await presentMeetings(db, {
    actor: opts.actor,
    series,
    all,
    wanted: all.filter((m) => m.id === meeting.id),
    today: isoDay(opts.now),
  });
  if (!presented) throw new Error('getMeeting: nothing presented');
  return presented;
}

/** Every past meeting of a series, newest first, optionally only those mentioning `q`. */
export async function meetingHistory(
  db: Db,
  opts: { actor: Actor; seriesId: string; q?: string | undefined; now: Date },
): Promise<MeetingHistory> {
  const series = await seriesFor(db, opts.actor, opts.seriesId, 'oneOnOne.read');
  const all = await seriesMeetings(db, series);
  const past = all.filter((m) => m.status !== 'scheduled');
  const meetings = await presentMeetings(db, {
    actor: opts.actor,
    series,
    all,
    wanted: past,
    today: isoDay(opts.now),
  });
  const [summary] = await summarise(db, series.orgId, [series], opts.now);
  if (!summary) throw new Error('meetingHistory: no summary');
  const q = opts.q?.trim();
  return {
    series: summary,
    meetings: (q ? meetings.filter((m) => mentions(m, q)) : meetings).reverse(),
  };
}

/** What changed since the last meeting, for the manager before this one. */
export async function meetingPrep(
  db: Db,
  opts: { actor: Actor; meetingId: string; now: Date },
): Promise<MeetingPrep> {
  const { meeting: row, series } = await meetingFor(db, opts.actor, opts.meetingId, 'oneOnOne.manage');
  requireSeriesManager(opts.actor, series);
  const all = await seriesMeetings(db, series);
  const [meeting] = await presentMeetings(db, {
    actor: opts.actor,
    series,
    all,
    wanted: all.filter((m) => m.id === row.id),
    today: isoDay(opts.now),
  });
  if (!meeting) throw new Error('meetingPrep: nothing presented');
  const index = all.findIndex((m) => m.id === meeting.id);
  const lastHeld = all
    .slice(0, Math.max(0, index))
    .filter((m) => m.status === 'held')
    .at(-1);
  const before = lastHeld?.snapshot ? StoredSnapshot.parse(lastHeld.snapshot) : null;
  const gapKey = (g: { metric: string; stage: string }) => `${g.metric}\u0000${g.stage}`;
  const gapsThen = new Set((before?.gaps ?? []).map(gapKey));
  const gapsNow = new Set(meeting.snapshot.gaps.map(gapKey));
  const today = isoDay(opts.now);
  const plan = meeting.development;
  const planStatus: MeetingPrep['plan'] = !plan
    ? { status: 'none', detail: `${meeting.rep.name} has no active development plan` }
    : plan.reviewOn <= today
      ? { status: 'review_due', detail: `the plan’s review was due on ${plan.reviewOn}` }
      : !plan.acknowledged
        ? { status: 'not_acknowledged', detail: `${meeting.rep.name} has not acknowledged the plan yet` }
        : { status: 'active', detail: `review on ${plan.reviewOn}` };
  const open = meeting.actions.filter((a) => a.doneAt === null);
  return {
    meetingId: meeting.id,
    rep: meeting.rep,
    lastHeldAt: lastHeld?.heldAt?.toISOString() ?? null,
    kpiMoves: meeting.snapshot.rows.map((r) => ({
      name: r.name,
      unit: r.unit,
      previous: r.previous,
      value: r.value,
      team: r.team,
      move: r.move,
    })),
    newGaps: meeting.snapshot.gaps.filter((g) => !gapsThen.has(gapKey(g))),
    closedGaps: (before?.gaps ?? []).filter((g) => !gapsNow.has(gapKey(g))),
    overdueActions: open.filter((a) => a.overdue),
    openActions: open.length,
    plan: planStatus,
    repAgenda: meeting.agenda.filter((a) => a.side === 'rep').map((a) => a.text),
  };
}

/**
 * Holds a meeting: its KPI snapshot and the plan as they stand are frozen into it, and the series'
 * next meeting is scheduled. A meeting held well before its time is moved to now.
 */
export async function holdMeeting(
  db: Db,
  opts: { actor: Actor; meetingId: string; now: Date },
): Promise<void> {
  const { meeting, series } = await meetingFor(db, opts.actor, opts.meetingId, 'oneOnOne.manage');
  requireSeriesManager(opts.actor, series);
  if (meeting.status !== 'scheduled') throw conflict(`This meeting was already ${meeting.status}.`);
  const today = isoDay(opts.now);
  const { snapshot, development } = await meetingFigures(db, series, today);
  await db.transaction(async (tx) => {
    const held = await tx
      .update(oneOnOneMeetings)
      .set({
        status: 'held',
        heldAt: opts.now,
        snapshot: { ...snapshot, development },
        // Held well before its time (not just a few minutes early): it happened now, and the
        // calendar and the history should say so.
        ...(meeting.startsAt.getTime() - opts.now.getTime() > series.durationMinutes * 60_000
          ? { startsAt: opts.now }
          : {}),
      })
      .where(
        and(
          eq(oneOnOneMeetings.orgId, meeting.orgId),
          eq(oneOnOneMeetings.id, meeting.id),
          eq(oneOnOneMeetings.status, 'scheduled'),
        ),
      )
      .returning({ id: oneOnOneMeetings.id });
    if (held.length === 0) throw conflict('This meeting was held or skipped meanwhile.');
    await scheduleNext(tx, series, meeting.occurrenceAt, opts.now);
  });
}

/** Skips a meeting (the holidays): the series goes on with the next occurrence. */
export async function skipMeeting(
  db: Db,
  opts: { actor: Actor; meetingId: string; now: Date },
): Promise<void> {
  const { meeting, series } = await meetingFor(db, opts.actor, opts.meetingId, 'oneOnOne.manage');
  requireSeriesManager(opts.actor, series);
  if (meeting.status !== 'scheduled') throw conflict(`This meeting was already ${meeting.status}.`);
  await db.transaction(async (tx) => {
    await tx
      .update(oneOnOneMeetings)
      .set({ status: 'skipped' })
      .where(and(eq(oneOnOneMeetings.orgId, meeting.orgId), eq(oneOnOneMeetings.id, meeting.id)));
    await scheduleNext(tx, series, meeting.occurrenceAt, opts.now);
  });
}

/** Moves one meeting; the series' rule is unchanged. */
export async function rescheduleMeeting(
  db: Db,
  opts: { actor: Actor; meetingId: string; startsAt: string; now: Date },
): Promise<void> {
  const { meeting, series } = await meetingFor(db, opts.actor, opts.meetingId, 'oneOnOne.manage');
  requireSeriesManager(opts.actor, series);
  if (meeting.status !== 'scheduled')
    throw conflict(`This meeting was already ${meeting.status}; it cannot move.`);
  const startsAt = new Date(opts.startsAt);
  if (startsAt.getTime() < opts.now.getTime() - 3_600_000)
    throw invalid('move the meeting to a time that has not passed', 'startsAt');
  await db
    .update(oneOnOneMeetings)
    .set({ startsAt })
    .where(and(eq(oneOnOneMeetings.orgId, meeting.orgId), eq(oneOnOneMeetings.id, meeting.id)));
}
