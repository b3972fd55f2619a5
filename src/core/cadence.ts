import rrulePackage from 'rrule';

// rrule ships CommonJS with an ES build Node does not pick: its default export carries the classes.
const { RRule } = rrulePackage as unknown as typeof import('rrule');

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

/**
 * The next `count` meetings at or after `from`, in order: the rule's occurrences with each moved one
 * at its new time and each skipped one left out.
 */
export function upcomingMeetings(schedule: SeriesSchedule, from: Date, count: number): Date[] {
  const rule = new RRule({ ...RRule.parseString(cadenceRule(schedule.cadence)), dtstart: schedule.firstAt });
  const out: Date[] = [];
  // A moved meeting may land before an earlier occurrence: collect a few more than asked, then sort.
  const wanted = count + (schedule.exceptions?.size ?? 0);
  // From the first meeting: an earlier meeting may have been moved past `from`.
  let cursor = new Date(schedule.firstAt.getTime() - 1);
  // Skipped occurrences add nothing; the exceptions are finite, so the walk ends.
  while (out.length < wanted) {
    const next = rule.after(cursor, false);
    if (!next) break;
    cursor = next;
    const exception = schedule.exceptions?.get(next.toISOString());
    const at = exception === undefined ? next : exception;
    if (at && at.getTime() >= from.getTime()) out.push(at);
  }
  return out.sort((a, b) => a.getTime() - b.getTime()).slice(0, count);
}

/** How many meetings the series should have held in `[from, to)`: the denominator of cadence adherence. */
export function scheduledBetween(schedule: SeriesSchedule, from: Date, to: Date): number {
  const rule = new RRule({ ...RRule.parseString(cadenceRule(schedule.cadence)), dtstart: schedule.firstAt });
  const occurrences = rule.between(from, to, true).filter((d) => d.getTime() < to.getTime());
  return occurrences.filter((d) => schedule.exceptions?.get(d.toISOString()) !== null).length;
}
