import { describe, expect, it } from 'vitest';
import { cadenceRule, isTimeZone, nextOccurrence, scheduledBetween, upcomingMeetings } from './cadence.js';

const iso = (dates: Date[]) => dates.map((d) => d.toISOString());
const first = new Date('2026-12-07T15:00:00Z'); // a Monday, 15:00 UTC

describe('one-on-one cadence', () => {
  it('writes the cadence as an iCalendar rule', () => {
    expect(cadenceRule('weekly')).toBe('FREQ=WEEKLY;INTERVAL=1');
    expect(cadenceRule('biweekly')).toBe('FREQ=WEEKLY;INTERVAL=2');
    expect(cadenceRule('monthly')).toBe('FREQ=MONTHLY;INTERVAL=1');
  });

  it('lists the next meetings, weekly or every other week, from any day', () => {
    expect(
      iso(upcomingMeetings({ cadence: 'weekly', firstAt: first }, new Date('2026-12-09T00:00:00Z'), 3)),
    ).toEqual(['2026-12-14T15:00:00.000Z', '2026-12-21T15:00:00.000Z', '2026-12-28T15:00:00.000Z']);
    expect(
      iso(upcomingMeetings({ cadence: 'biweekly', firstAt: first }, new Date('2026-12-01T00:00:00Z'), 2)),
    ).toEqual(['2026-12-07T15:00:00.000Z', '2026-12-21T15:00:00.000Z']);
  });

  it('moves or skips one meeting without breaking the series', () => {
    const exceptions = new Map<string, Date | null>([
      ['2026-12-21T15:00:00.000Z', new Date('2026-12-22T09:30:00Z')], // moved to Tuesday morning
      ['2026-12-28T15:00:00.000Z', null], // skipped: the holidays
    ]);
    expect(
      iso(
        upcomingMeetings(
          { cadence: 'weekly', firstAt: first, exceptions },
          new Date('2026-12-15T00:00:00Z'),
          3,
        ),
      ),
    ).toEqual(['2026-12-22T09:30:00.000Z', '2027-01-04T15:00:00.000Z', '2027-01-11T15:00:00.000Z']);
    // A meeting moved from before `from` to after it still shows.
    const late = new Map<string, Date | null>([
      ['2026-12-14T15:00:00.000Z', new Date('2026-12-16T10:00:00Z')],
    ]);
    expect(
      iso(
        upcomingMeetings(
          { cadence: 'weekly', firstAt: first, exceptions: late },
          new Date('2026-12-15T00:00:00Z'),
          2,
        ),
      ),
    ).toEqual(['2026-12-16T10:00:00.000Z', '2026-12-21T15:00:00.000Z']);
    // December: four Mondays from the 7th to the 28th, one of them skipped.
    expect(
      scheduledBetween(
        { cadence: 'weekly', firstAt: first, exceptions },
        new Date('2026-12-01T00:00:00Z'),
        new Date('2027-01-01T00:00:00Z'),
      ),
    ).toBe(3);
  });
});

describe('a series in a time zone', () => {
  it('keeps the wall-clock time across a change to winter time', () => {
    // 09:00 in Madrid on Monday 19 October 2026 (summer time, UTC+2); winter time from 25 October.
    const schedule = {
      cadence: 'weekly' as const,
      firstAt: new Date('2026-10-19T07:00:00Z'),
      timeZone: 'Europe/Madrid',
    };
    expect(iso(upcomingMeetings(schedule, new Date('2026-10-01T00:00:00Z'), 2))).toEqual([
      '2026-10-19T07:00:00.000Z',
      '2026-10-26T08:00:00.000Z',
    ]);
    expect(nextOccurrence(schedule, new Date('2026-10-19T07:00:00Z')).toISOString()).toBe(
      '2026-10-26T08:00:00.000Z',
    );
  });

  it('knows a time zone from a typo', () => {
    expect(isTimeZone('America/New_York')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });
});
