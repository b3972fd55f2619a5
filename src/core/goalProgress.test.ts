import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { goalProgress } from './goalProgress.js';

const base = { baseline: 2, target: 4, startOn: '2026-10-01', dueOn: '2026-12-30' };

describe('goal progress against the straight-line path', () => {
  it('is on track when the actual keeps up with the path, at risk a little behind, off track far behind', () => {
    const half = '2026-11-15';
    expect(goalProgress({ ...base, actual: 3, today: half })).toMatchObject({
      status: 'on_track',
      expected: 3,
    });
    expect(goalProgress({ ...base, actual: 2.6, today: half }).status).toBe('at_risk');
    expect(goalProgress({ ...base, actual: 2.1, today: half }).status).toBe('off_track');
    expect(goalProgress({ ...base, actual: 4.2, today: half }).status).toBe('done');
    expect(goalProgress({ ...base, actual: null, today: half }).status).toBeNull();
  });

  it('works for a KPI where lower is better (a sales cycle from 60 to 45 days)', () => {
    const g = { baseline: 60, target: 45, startOn: '2026-10-01', dueOn: '2026-12-30', higherIsBetter: false };
    expect(goalProgress({ ...g, actual: 52, today: '2026-11-15' }).status).toBe('on_track');
    expect(goalProgress({ ...g, actual: 61, today: '2026-11-15' }).status).toBe('off_track');
  });

  it('is not done by moving the wrong way when the target was set below today', () => {
    // Higher is better, but the target (5) was set under the baseline (5.2): falling to 4.8 is not done.
    const g = { baseline: 5.2, target: 5, startOn: '2026-10-01', dueOn: '2026-12-30', today: '2026-11-15' };
    expect(goalProgress({ ...g, actual: 4.8 }).status).not.toBe('done');
    expect(goalProgress({ ...g, actual: 5.1 }).status).toBe('done');
  });

  it('is off track once the due date passes without reaching the target', () => {
    expect(goalProgress({ ...base, actual: 3.9, today: '2027-01-05' }).status).toBe('off_track');
  });

  it('never calls a goal further from its target better off than one closer to it', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -100, max: 100, noNaN: true }),
        fc.double({ min: -100, max: 100, noNaN: true }),
        fc.integer({ min: 0, max: 120 }),
        (a, b, day) => {
          const today = new Date(Date.parse('2026-10-01') + day * 86_400_000).toISOString().slice(0, 10);
          const rank = { off_track: 0, at_risk: 1, on_track: 2, done: 3 } as const;
          const closer = Math.max(a, b);
          const further = Math.min(a, b);
          const s1 = goalProgress({ ...base, actual: closer, today }).status;
          const s2 = goalProgress({ ...base, actual: further, today }).status;
          if (s1 && s2) expect(rank[s1]).toBeGreaterThanOrEqual(rank[s2]);
        },
      ),
    );
  });
});
