import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';
import * as rrulePackage from 'rrule';

dayjs.extend(utc);
dayjs.extend(timezone);

// rrule ships CommonJS with an ES build Node does not pick: under Node its default export carries the
// classes; under a CommonJS loader (drizzle-kit reading the schema) the module itself does.
type RRuleModule = typeof import('rrule');
const loaded = rrulePackage as unknown as RRuleModule & { default?: RRuleModule };
const { RRule } = loaded.default?.RRule ? loaded.default : loaded;

/**
 * When a one-on-one series meets: a cadence (weekly by default, every other week, monthly), a first
 * meeting, a duration and a time zone — stored as an iCalendar RRULE so calendars read it as is. A
 * meeting moved or skipped is an exception of its own; the series goes on. Pure: dates in, dates out.
 */
export const CADENCES = ['weekly', 'biweekly', 'monthly'] as const;
export type Cadence = (typeof CADENCES)[number];

/** Minutes a one-on-one lasts unless the series says otherwise (DOMAIN.md: weekly, about 30 minutes). */
export const DEFAULT_MEETING_MINUTES = 30;
export const DEFAULT_CADENCE: Cadence = 'weekly';

export interface SeriesSchedule {
  cadence: Cadence;
  /** The first meeting (UTC instant). */
  firstAt: Date;
  /**
   * The IANA time zone the series keeps its wall-clock time in (default UTC): a 9:00 meeting in
   * Madrid stays at 9:00 when summer time ends.
   */
  timeZone?: string | undefined;
  /** Meetings moved (original instant ISO → new instant) or skipped (original instant ISO → null). */
  exceptions?: ReadonlyMap<string, Date | null>;
}

/** The series' rule as iCalendar text (`FREQ=WEEKLY;INTERVAL=2`), for storage and calendar feeds. */
export function cadenceRule(cadence: Cadence): string {
  switch (cadence) {
    case 'weekly':
      return 'FREQ=WEEKLY;INTERVAL=1';
    case 'biweekly':
      return 'FREQ=WEEKLY;INTERVAL=2';
    case 'monthly':
      return 'FREQ=MONTHLY;INTERVAL=1';
  }
}

/** Is `zone` a time zone this runtime knows (IANA name such as Europe/Madrid)? */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The rule's occurrences in order, as instants. The rule runs on wall-clock time in the series'
 * zone ("floating" dates whose UTC fields are the local ones), each turned back into an instant.
 */
function* occurrences(schedule: SeriesSchedule): Generator<Date> {
  const zone = schedule.timeZone ?? 'UTC';
  const wall = dayjs(schedule.firstAt).tz(zone).format('YYYY-MM-DDTHH:mm:ss');
  const rule = new RRule({
    ...RRule.parseString(cadenceRule(schedule.cadence)),
    dtstart: new Date(`${wall}Z`),
  });
  let cursor = new Date(Date.parse(`${wall}Z`) - 1);
  for (;;) {
    const next = rule.after(cursor, false);
    if (!next) return;
    cursor = next;
    yield dayjs.tz(next.toISOString().slice(0, 19), zone).toDate();
  }
}

/** The first occurrence of the rule strictly after `after` (moves and skips aside). */
export function nextOccurrence(schedule: SeriesSchedule, after: Date): Date {
  for (const at of occurrences(schedule)) if (at.getTime() > after.getTime()) return at;
  throw new Error('nextOccurrence: the rule has no end, so this cannot happen');
}

/**
 * The next `count` meetings at or after `from`, in order: the rule's occurrences with each moved one
 * at its new time and each skipped one left out.
 */
export function upcomingMeetings(schedule: SeriesSchedule, from: Date, count: number): Date[] {
  const out: Date[] = [];
  // A moved meeting may land before an earlier occurrence: collect a few more than asked, then sort.
  const wanted = count + (schedule.exceptions?.size ?? 0);
  // From the first meeting: an earlier meeting may have been moved past `from`.
  for (const next of occurrences(schedule)) {
    if (out.length >= wanted) break;
    const exception = schedule.exceptions?.get(next.toISOString());
    const at = exception === undefined ? next : exception;
    if (at && at.getTime() >= from.getTime()) out.push(at);
  }
  return out.sort((a, b) => a.getTime() - b.getTime()).slice(0, count);
}

/** How many meetings the series should have held in `[from, to)`: the denominator of cadence adherence. */
export function scheduledBetween(schedule: SeriesSchedule, from: Date, to: Date): number {
  let n = 0;
  for (const at of occurrences(schedule)) {
    if (at.getTime() >= to.getTime()) break;
    if (at.getTime() >= from.getTime() && schedule.exceptions?.get(at.toISOString()) !== null) n++;
  }
  return n;
}

/** The days cadence adherence looks back over (a quarter: long enough for a monthly series). */
export const ADHERENCE_DAYS = 90;
