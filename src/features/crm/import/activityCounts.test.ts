import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoWeekStart } from '../../../core/crmValues.js';
import { ActivityCounter, weekMonday, weekNumberUtc } from './activityCounts.js';

const rows = (counter: ActivityCounter) =>
  [...counter.csv(1 << 20)].join('').split('\n').filter(Boolean).sort();

describe('activity counts taken while reading', () => {
  it('puts every timestamp in the ISO week (Monday, UTC) the rollups use', () => {
    const instants = fc.date({
      min: new Date('1970-01-01T00:00:00Z'),
      max: new Date('2400-12-31T23:59:59Z'),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(instants, (t) => {
        expect(weekMonday(weekNumberUtc(t.toISOString()))).toBe(isoWeekStart(t));
      }),
      { numRuns: 5_000 },
    );
    // Sunday night and Monday morning, across a year end and a leap day.
    expect(weekMonday(weekNumberUtc('2026-01-04T23:59:59.999Z'))).toBe('2025-12-29');
    expect(weekMonday(weekNumberUtc('2026-01-05T00:00:00Z'))).toBe('2026-01-05');
    expect(weekMonday(weekNumberUtc('2028-02-29T12:00:00Z'))).toBe('2028-02-28');
    expect(weekNumberUtc('1969-12-31T23:00:00Z')).toBe(-1);
  });

  it('counts rows per rep, type and week', () => {
    const counter = new ActivityCounter();
    counter.add('r1', 'call', '2026-05-04T09:00:00Z');
    counter.add('r1', 'call', '2026-05-10T23:00:00Z'); // the same week's Sunday
    counter.add('r1', 'email', '2026-05-04T09:00:00Z');
    counter.add('r2', 'call', '2026-05-11T00:00:00Z');
    expect(counter.overflowed).toBe(false);
    expect(rows(counter)).toEqual(['r1,call,2026-05-04,2', 'r1,email,2026-05-04,1', 'r2,call,2026-05-11,1']);
  });

  it('gives up, keeping nothing, past its key limit or outside the weeks it can number', () => {
    const small = new ActivityCounter(2);
    small.add('r1', 'call', '2026-05-04T09:00:00Z');
    small.add('r1', 'call', '2026-05-11T09:00:00Z');
    small.add('r1', 'call', '2026-05-04T10:00:00Z'); // an existing key still counts
    expect(small.overflowed).toBe(false);
    small.add('r1', 'call', '2026-05-18T09:00:00Z');
    expect(small.overflowed).toBe(true);
    expect(rows(small)).toEqual([]);
    const old = new ActivityCounter();
    old.add('r1', 'call', '2026-05-04T09:00:00Z');
    old.add('r1', 'call', '1960-05-04T09:00:00Z');
    expect(old.overflowed).toBe(true);
    const wide = new ActivityCounter();
    wide.add('r1', 'call', '2026-05-04T09:00:00Z');
    wide.add('r1', 'call', '2300-05-04T09:00:00Z'); // more than 78 years after the first row
    expect(wide.overflowed).toBe(true);
  });
});
