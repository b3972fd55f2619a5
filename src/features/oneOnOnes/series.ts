import { and, asc, desc, eq, inArray, or, sql } from 'drizzle-orm';
import { authorize, type RuleName } from '../../core/access.js';
import type { Actor } from '../../core/actor.js';
import { isTimeZone, nextOccurrence, type SeriesSchedule } from '../../core/cadence.js';
import { AppError, conflict, invalid, notFound } from '../../core/errors.js';
import type { Db } from '../../db/open.js';
import {
  oneOnOneActions,
  oneOnOneAgendaItems,
  oneOnOneMeetings,
  oneOnOneSeries,
} from '../../db/schema/oneOnOnes.js';
import { isUniqueViolation } from '../../db/sql.js';
import { getPerson, listPeopleBrief, placeOf, subtreeIds } from '../people/service.js';
import type { SeriesInput, SeriesSummary, SeriesUpdate } from './contract.js';

/** One-on-one series: starting one, the meeting that comes next, and whether meetings happen. */

export type SeriesRow = typeof oneOnOneSeries.$inferSelect;
export type MeetingRow = typeof oneOnOneMeetings.$inferSelect;

const DAY = 86_400_000;

/** The series' schedule for core/cadence: its rule, first meeting and zone. */
export function scheduleOf(s: SeriesRow): SeriesSchedule {
  return { cadence: s.cadence, firstAt: s.firstAt, timeZone: s.timeZone };
}

/** Starts a series between the actor (who runs it) and someone below them; its first meeting is scheduled. */
export async function startSeries(
  db: Db,
  opts: { actor: Actor; repId: string; input: SeriesInput; now: Date },
): Promise<string> {
  const { actor, input } = opts;
  if (opts.repId === actor.personId) throw invalid('a one-on-one is with someone else', 'personId');
  const rep = await getPerson(db, { orgId: actor.orgId, personId: opts.repId });
  if (!rep.active) throw invalid(`${rep.name} is no longer active`, 'personId');
  if (!isTimeZone(input.timeZone))
    throw invalid(`"${input.timeZone}" is not a time zone; use a name such as Europe/Madrid`, 'timeZone');
  const firstAt = new Date(input.firstAt);
  if (firstAt.getTime() < opts.now.getTime() - DAY)
    throw invalid('the first meeting cannot be more than a day in the past', 'firstAt');
  try {
    return await db.transaction(async (tx) => {
      const [series] = await tx
        .insert(oneOnOneSeries)
        .values({
          orgId: actor.orgId,
          managerId: actor.personId,
          repId: rep.id,
          cadence: input.cadence,
          firstAt,
          durationMinutes: input.durationMinutes,
          timeZone: input.timeZone,
        })
        .returning({ id: oneOnOneSeries.id });
      if (!series) throw new Error('startSeries: the insert returned no row');
      await tx.insert(oneOnOneMeetings).values({
        orgId: actor.orgId,
        seriesId: series.id,
        occurrenceAt: firstAt,
        startsAt: firstAt,
        status: 'scheduled',
      });
      return series.id;
    });
  } catch (err) {
    if (isUniqueViolation(err))
      throw conflict(`You already have a one-on-one series with ${rep.name}: change its cadence instead.`);
    throw err;
  }
}

/** Loads a series and checks the actor may apply `rule` to it (its owner is the person met). */
export async function seriesFor(db: Db, actor: Actor, seriesId: string, rule: RuleName): Promise<SeriesRow> {
  const [row] = await db
    .select()
    .from(oneOnOneSeries)
    .where(and(eq(oneOnOneSeries.orgId, actor.orgId), eq(oneOnOneSeries.id, seriesId)));
  if (!row) throw notFound('No such one-on-one series in your organisation.');
  authorize(actor, rule, await placeOf(db, actor, { orgId: row.orgId, ownerId: row.repId }));
  return row;
}

/** Loads a meeting with its series, authorised by `rule` on the series' rep. */
export async function meetingFor(
  db: Db,
  actor: Actor,
  meetingId: string,
  rule: RuleName,
): Promise<{ meeting: MeetingRow; series: SeriesRow }> {
  const [row] = await db
    .select({ meeting: oneOnOneMeetings, series: oneOnOneSeries })
    .from(oneOnOneMeetings)
    .innerJoin(
      oneOnOneSeries,
      and(eq(oneOnOneSeries.orgId, oneOnOneMeetings.orgId), eq(oneOnOneSeries.id, oneOnOneMeetings.seriesId)),
    )
    .where(and(eq(oneOnOneMeetings.orgId, actor.orgId), eq(oneOnOneMeetings.id, meetingId)));
  if (!row) throw notFound('No such one-on-one meeting in your organisation.');
  authorize(actor, rule, await placeOf(db, actor, { orgId: row.series.orgId, ownerId: row.series.repId }));
  return row;
}

/** Only the two people in a one-on-one write in it; a skip-level reader does not. */
export function requireParticipant(actor: Actor, series: SeriesRow): 'rep' | 'manager' {
  if (actor.personId === series.managerId) return 'manager';
  if (actor.personId === series.repId) return 'rep';
  throw new AppError('forbidden', 'Only the two people in this one-on-one can change it.');
}

/** Holding, skipping, moving, private notes: the manager who runs the series. */
export function requireSeriesManager(actor: Actor, series: SeriesRow): void {
  if (actor.personId !== series.managerId)
    throw new AppError('forbidden', 'Only the manager who runs this one-on-one can do this.');
}

/**
 * Schedules the series' next meeting after `after` (a meeting just held or skipped), unless one is
 * already scheduled or the series has ended. Occurrences before now are not scheduled: a series
 * picks up from today after a gap.
 */
export async function scheduleNext(db: Db, series: SeriesRow, after: Date, now: Date): Promise<void> {
  if (!series.active) return;
  const [pending] = await db
    .select({ id: oneOnOneMeetings.id })
    .from(oneOnOneMeetings)
    .where(
      and(
        eq(oneOnOneMeetings.orgId, series.orgId),
        eq(oneOnOneMeetings.seriesId, series.id),
        eq(oneOnOneMeetings.status, 'scheduled'),
      ),
    );
  if (pending) return;
  const [latest] = await db
    .select({ occurrenceAt: oneOnOneMeetings.occurrenceAt })
    .from(oneOnOneMeetings)
    .where(and(eq(oneOnOneMeetings.orgId, series.orgId), eq(oneOnOneMeetings.seriesId, series.id)))
    .orderBy(desc(oneOnOneMeetings.occurrenceAt))
    .limit(1);
  const floor = Math.max(after.getTime(), now.getTime(), latest?.occurrenceAt.getTime() ?? 0);
  const at = nextOccurrence(scheduleOf(series), new Date(floor));
  await db
    .insert(oneOnOneMeetings)
    .values({ orgId: series.orgId, seriesId: series.id, occurrenceAt: at, startsAt: at, status: 'scheduled' })
    .onConflictDoNothing();
}

/** Changes a series' cadence or length (the next meeting moves to the new rule), or ends it. */
export async function updateSeries(
  db: Db,
  opts: { actor: Actor; seriesId: string; update: SeriesUpdate; now: Date },
): Promise<void> {
  const series = await seriesFor(db, opts.actor, opts.seriesId, 'oneOnOne.manage');
  requireSeriesManager(opts.actor, series);
  if (!series.active) throw conflict('This series has ended; start a new one instead.');
  const { cadence, durationMinutes, active } = opts.update;
  await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(oneOnOneSeries)
      .set({
        // A new cadence runs from what would have been the next meeting (the calendar feed and the
        // adherence count start there too; earlier meetings stay in the history).
        ...(cadence && cadence !== series.cadence
          ? { cadence, firstAt: nextOccurrence(scheduleOf(series), opts.now) }
          : {}),
        ...(durationMinutes ? { durationMinutes } : {}),
        ...(active === false ? { active: false } : {}),
      })
      .where(and(eq(oneOnOneSeries.orgId, series.orgId), eq(oneOnOneSeries.id, series.id)))
      .returning();
    if (!updated) throw notFound('No such one-on-one series in your organisation.');
    if (active === false || (cadence && cadence !== series.cadence)) {
      // The scheduled meeting belonged to the old rule: an untouched one goes; one moved by hand or
      // with an agenda, notes or actions stays.
      const scheduled = await tx
        .select({ id: oneOnOneMeetings.id })
        .from(oneOnOneMeetings)
        .where(
          and(
            eq(oneOnOneMeetings.orgId, series.orgId),
            eq(oneOnOneMeetings.seriesId, series.id),
            eq(oneOnOneMeetings.status, 'scheduled'),
            sql`${oneOnOneMeetings.startsAt} = ${oneOnOneMeetings.occurrenceAt}`,
            sql`not exists (select 1 from ${oneOnOneAgendaItems} a where a.org_id = ${oneOnOneMeetings.orgId} and a.meeting_id = ${oneOnOneMeetings.id})`,
            sql`not exists (select 1 from ${oneOnOneActions} x where x.org_id = ${oneOnOneMeetings.orgId} and x.meeting_id = ${oneOnOneMeetings.id})`,
            sql`not exists (select 1 from one_on_one_notes n where n.org_id = ${oneOnOneMeetings.orgId} and n.meeting_id = ${oneOnOneMeetings.id})`,
          ),
        );
      if (scheduled.length > 0)
        await tx.delete(oneOnOneMeetings).where(
          and(
            eq(oneOnOneMeetings.orgId, series.orgId),
            inArray(
              oneOnOneMeetings.id,
              scheduled.map((m) => m.id),
            ),
          ),
        );
      if (active !== false) await scheduleNext(tx, updated, opts.now, opts.now);
    }
  });
}

/** Series as lists show them: who, the cadence, how many held, and the next meeting. */
export async function summarise(
  db: Db,
  orgId: string,
  rows: readonly SeriesRow[],
  now: Date,
): Promise<SeriesSummary[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [names, meetings, counts] = await Promise.all([
    listPeopleBrief(db, orgId, { ids: rows.flatMap((r) => [r.repId, r.managerId]) }),
    db
      .select()
      .from(oneOnOneMeetings)
      .where(
        and(
          eq(oneOnOneMeetings.orgId, orgId),
          inArray(oneOnOneMeetings.seriesId, ids),
          or(eq(oneOnOneMeetings.status, 'scheduled'), eq(oneOnOneMeetings.status, 'held')),
        ),
      )
      .orderBy(asc(oneOnOneMeetings.startsAt)),
    db
      .select({
        meetingId: oneOnOneAgendaItems.meetingId,
        repItems: sql<number>`count(*) filter (where ${oneOnOneAgendaItems.side} = 'rep')::int`,
      })
      .from(oneOnOneAgendaItems)
      .innerJoin(
        oneOnOneMeetings,
        and(
          eq(oneOnOneMeetings.orgId, oneOnOneAgendaItems.orgId),
          eq(oneOnOneMeetings.id, oneOnOneAgendaItems.meetingId),
        ),
      )
      .where(
        and(
          eq(oneOnOneAgendaItems.orgId, orgId),
          inArray(oneOnOneMeetings.seriesId, ids),
          eq(oneOnOneMeetings.status, 'scheduled'),
        ),
      )
      .groupBy(oneOnOneAgendaItems.meetingId),
  ]);
  const openActions = await db
    .select({ seriesId: oneOnOneActions.seriesId, n: sql<number>`count(*)::int` })
    .from(oneOnOneActions)
    .where(
      and(
        eq(oneOnOneActions.orgId, orgId),
        inArray(oneOnOneActions.seriesId, ids),
        sql`${oneOnOneActions.doneAt} is null`,
      ),
    )
    .groupBy(oneOnOneActions.seriesId);
  const nameOf = new Map(names.map((p) => [p.id, p.name]));
  const items = new Map(counts.map((c) => [c.meetingId, c.repItems]));
  const open = new Map(openActions.map((a) => [a.seriesId, a.n]));
  return rows.map((s) => {
    const own = meetings.filter((m) => m.seriesId === s.id);
    const held = own.filter((m) => m.status === 'held');
    const next = own.find((m) => m.status === 'scheduled');
    return {
      id: s.id,
      rep: { id: s.repId, name: nameOf.get(s.repId) ?? 'someone who left' },
      manager: { id: s.managerId, name: nameOf.get(s.managerId) ?? 'someone who left' },
      cadence: s.cadence,
      durationMinutes: s.durationMinutes,
      timeZone: s.timeZone,
      active: s.active,
      heldCount: held.length,
      lastHeldAt: held.at(-1)?.heldAt?.toISOString() ?? null,
      next: next
        ? {
            meetingId: next.id,
            startsAt: next.startsAt.toISOString(),
            overdue: next.startsAt.getTime() + s.durationMinutes * 60_000 < now.getTime(),
            repItems: items.get(next.id) ?? 0,
            openActions: open.get(s.id) ?? 0,
          }
        : null,
    };
  });
}

/** The caller's own series: those they run, and those they are met in. */
export async function mySeries(db: Db, opts: { actor: Actor; now: Date }) {
  const rows = await db
    .select()
    .from(oneOnOneSeries)
    .where(
      and(
        eq(oneOnOneSeries.orgId, opts.actor.orgId),
        eq(oneOnOneSeries.active, true),
        or(eq(oneOnOneSeries.managerId, opts.actor.personId), eq(oneOnOneSeries.repId, opts.actor.personId)),
      ),
    );
  const all = await summarise(db, opts.actor.orgId, rows, opts.now);
  const byNext = (a: SeriesSummary, b: SeriesSummary) =>
    (a.next?.startsAt ?? '9999').localeCompare(b.next?.startsAt ?? '9999');
  return {
    asManager: all.filter((s) => s.manager.id === opts.actor.personId).sort(byNext),
    asRep: all.filter((s) => s.rep.id === opts.actor.personId).sort(byNext),
  };
}

/** Every active series, or those run by managers in one manager's subtree (the CLI). */
export async function listSeries(
  db: Db,
  opts: { orgId: string; managerId?: string | undefined; now: Date },
): Promise<SeriesSummary[]> {
  const managers = opts.managerId
    ? [opts.managerId, ...(await subtreeIds(db, opts.orgId, opts.managerId))]
    : null;
  const rows = await db
    .select()
    .from(oneOnOneSeries)
    .where(
      and(
        eq(oneOnOneSeries.orgId, opts.orgId),
        eq(oneOnOneSeries.active, true),
        managers ? inArray(oneOnOneSeries.managerId, managers) : undefined,
      ),
    );
  const out = await summarise(db, opts.orgId, rows, opts.now);
  return out.sort(
    (a, b) => a.manager.name.localeCompare(b.manager.name) || a.rep.name.localeCompare(b.rep.name),
  );
}
