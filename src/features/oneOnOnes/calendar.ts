import { createHash, randomBytes } from 'node:crypto';
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';
import { and, eq, inArray, or } from 'drizzle-orm';
import ical, { ICalCalendarMethod, type ICalEventRepeatingFreq } from 'ical-generator';
import { cadenceRule } from '../../core/cadence.js';
import type { Db } from '../../db/open.js';
import { calendarFeeds, oneOnOneMeetings, oneOnOneSeries } from '../../db/schema/oneOnOnes.js';
import { listPeopleBrief } from '../people/service.js';
import type { CalendarFeed } from './contract.js';

/**
 * A person's one-on-ones as an iCalendar feed that Google, Outlook and Apple calendars subscribe
 * to: one recurring event per series (its rule, in its time zone), skipped meetings excluded,
 * moved ones as overrides of their occurrence. The address is a secret, stored only hashed.
 */

dayjs.extend(utc);
dayjs.extend(timezone);

const sha256 = (s: string) => createHash('sha256').update(s).digest('base64url');

/** The feed's path below the server's origin. */
export const feedPath = (secret: string) => `/api/calendar/${secret}.ics`;

export async function calendarFeedOf(
  db: Db,
  opts: { orgId: string; personId: string },
): Promise<CalendarFeed> {
  const [row] = await db
    .select({ createdAt: calendarFeeds.createdAt })
    .from(calendarFeeds)
    .where(and(eq(calendarFeeds.orgId, opts.orgId), eq(calendarFeeds.personId, opts.personId)));
  return { active: Boolean(row), createdAt: row?.createdAt.toISOString() ?? null };
}

/** A new secret address; the previous one, if any, stops working. */
export async function renewCalendarFeed(
  db: Db,
  opts: { orgId: string; personId: string; origin: string; now: Date },
): Promise<CalendarFeed> {
  const secret = randomBytes(32).toString('base64url');
  await db
    .insert(calendarFeeds)
    .values({ orgId: opts.orgId, personId: opts.personId, secretHash: sha256(secret), createdAt: opts.now })
    .onConflictDoUpdate({
      target: [calendarFeeds.orgId, calendarFeeds.personId],
      set: { secretHash: sha256(secret), createdAt: opts.now },
    });
  return { active: true, createdAt: opts.now.toISOString(), url: `${opts.origin}${feedPath(secret)}` };
}

export async function revokeCalendarFeed(db: Db, opts: { orgId: string; personId: string }): Promise<void> {
  await db
    .delete(calendarFeeds)
    .where(and(eq(calendarFeeds.orgId, opts.orgId), eq(calendarFeeds.personId, opts.personId)));
}

/** The feed behind a secret address, or undefined when it is unknown or revoked. */
export async function calendarFor(
  db: Db,
  opts: { secret: string; origin: string },
): Promise<string | undefined> {
  const [feed] = await db
    .select()
    .from(calendarFeeds)
    .where(eq(calendarFeeds.secretHash, sha256(opts.secret)));
  if (!feed) return undefined;
  const series = await db
    .select()
    .from(oneOnOneSeries)
    .where(
      and(
        eq(oneOnOneSeries.orgId, feed.orgId),
        eq(oneOnOneSeries.active, true),
        or(eq(oneOnOneSeries.managerId, feed.personId), eq(oneOnOneSeries.repId, feed.personId)),
      ),
    );
  const meetings =
    series.length === 0
      ? []
      : await db
          .select()
          .from(oneOnOneMeetings)
          .where(
            and(
              eq(oneOnOneMeetings.orgId, feed.orgId),
              inArray(
                oneOnOneMeetings.seriesId,
                series.map((s) => s.id),
              ),
            ),
          );
  const names = new Map(
    (await listPeopleBrief(db, feed.orgId, { ids: series.flatMap((s) => [s.managerId, s.repId]) })).map(
      (p) => [p.id, p.name],
    ),
  );
  const calendar = ical({ name: 'Touchline one-on-ones', prodId: '//Touchline//one-on-ones//EN' });
  calendar.method(ICalCalendarMethod.PUBLISH);
  for (const s of series) {
    const other = names.get(s.managerId === feed.personId ? s.repId : s.managerId) ?? 'someone who left';
    const uid = `one-on-one-${s.id}@touchline`;
    const minutes = s.durationMinutes * 60_000;
    const own = meetings.filter((m) => m.seriesId === s.id && m.occurrenceAt >= s.firstAt);
    const skipped = own.filter((m) => m.status === 'skipped');
    const moved = own.filter(
      (m) => m.status !== 'skipped' && m.startsAt.getTime() !== m.occurrenceAt.getTime(),
    );
    const summary = `One-on-one: ${other}`;
    // Day.js instants, so that the library writes each time on the series' wall clock (TZID).
    const at = (d: Date | number) => dayjs(d);
    const description = `Agenda, KPIs and notes: ${opts.origin}/one-on-ones`;
    const rule = Object.fromEntries(
      cadenceRule(s.cadence)
        .split(';')
        .map((part) => part.split('=')),
    );
    calendar.createEvent({
      id: uid,
      start: at(s.firstAt),
      end: at(s.firstAt.getTime() + minutes),
      timezone: s.timeZone,
      summary,
      description,
      repeating: {
        freq: rule.FREQ as ICalEventRepeatingFreq,
        interval: Number(rule.INTERVAL ?? 1),
        ...(skipped.length > 0 ? { exclude: skipped.map((m) => at(m.occurrenceAt)) } : {}),
      },
      stamp: s.createdAt,
    });
    for (const m of moved)
      calendar.createEvent({
        id: uid,
        recurrenceId: at(m.occurrenceAt),
        start: at(m.startsAt),
        end: at(m.startsAt.getTime() + minutes),
        timezone: s.timeZone,
        summary,
        description,
        stamp: m.createdAt,
      });
  }
  return calendar.toString();
}
