import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type GoalDraft, SMART_LETTERS, smartCheck } from './smartCheck.js';

const good: GoalDraft = {
  title: 'Negotiation conversion to 50%',
  kpi: 'conversion',
  baseline: 0.35,
  target: 0.5,
  unit: '%',
  startOn: '2026-12-01',
  dueOn: '2027-02-28',
  checkIns: ['2026-12-29', '2027-01-26'],
};
const context = {
  higherIsBetter: true,
  teamValues: [0.4, 0.45, 0.5, 0.55, 0.6],
  planSkills: ['closing'],
  kpiSkill: 'closing',
};
const statusOf = (results: ReturnType<typeof smartCheck>) =>
  Object.fromEntries(results.map((r) => [r.letter, r.status]));

describe('the SMART check', () => {
  it('passes a KPI goal tied to the plan, within the team’s range, with check-ins', () => {
    const results = smartCheck(good, context);
    expect(results.map((r) => r.letter)).toEqual([...SMART_LETTERS]);
    expect(results.every((r) => r.status === 'pass')).toBe(true);
  });

  it('warns, with the reason, on each letter', () => {
    expect(smartCheck({ ...good, kpi: null, outcome: 'Do better' }, context)[0]).toMatchObject({
      status: 'warning',
      because: expect.stringContaining('Describe the outcome'),
    });
    expect(
      statusOf(
        smartCheck({ ...good, kpi: null, outcome: 'Work on closing more deals this quarter' }, context),
      ).specific,
    ).toBe('warning');
    expect(
      statusOf(
        smartCheck(
          { ...good, kpi: null, outcome: 'Run a lunch-and-learn on the new pricing for the team' },
          context,
        ),
      ).specific,
    ).toBe('pass');
    expect(statusOf(smartCheck({ ...good, unit: '' }, context)).measurable).toBe('warning');
    expect(statusOf(smartCheck({ ...good, target: null }, context)).measurable).toBe('warning');
    expect(smartCheck({ ...good, target: 0.3 }, context)[1]?.because).toMatch(/no better than today/);
    expect(statusOf(smartCheck({ ...good, target: 0.7 }, context)).attainable).toBe('warning');
    expect(
      smartCheck({ ...good, baseline: 0.2, target: 0.5 }, { ...context, teamValues: [] })[2]?.because,
    ).toMatch(/150% better/);
    expect(statusOf(smartCheck(good, { ...context, planSkills: ['prospecting'] })).relevant).toBe('warning');
    expect(statusOf(smartCheck(good, { ...context, planSkills: [], hasParentGoal: true })).relevant).toBe(
      'pass',
    );
    expect(statusOf(smartCheck({ ...good, dueOn: '2028-01-01' }, context)).time_bound).toBe('warning');
    expect(statusOf(smartCheck({ ...good, checkIns: [] }, context)).time_bound).toBe('warning');
    expect(statusOf(smartCheck({ ...good, dueOn: '2026-11-01' }, context)).time_bound).toBe('warning');
  });

  it('respects a configured stretch, and that lower can be better', () => {
    expect(
      statusOf(smartCheck({ ...good, target: 0.5 }, { ...context, teamValues: [], maxImprovement: 0.2 }))
        .attainable,
    ).toBe('warning');
    const cycle = { ...good, kpi: 'sales_cycle_days', baseline: 60, target: 50, unit: 'days' };
    const team = { ...context, higherIsBetter: false, teamValues: [45, 50, 55, 60, 70] };
    expect(statusOf(smartCheck(cycle, team)).attainable).toBe('pass');
    expect(statusOf(smartCheck({ ...cycle, target: 30 }, team)).attainable).toBe('warning');
  });

  it('always answers five letters, and warns on a target above every teammate', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 3, maxLength: 20 }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        fc.integer({ min: -30, max: 800 }),
        (team, baseline, length) => {
          const due = new Date(Date.parse('2026-12-01') + length * 86_400_000).toISOString().slice(0, 10);
          const draft = { ...good, baseline, target: Math.max(...team) + 0.01, dueOn: due };
          const results = smartCheck(draft, { ...context, teamValues: team });
          expect(results).toHaveLength(5);
          expect(statusOf(results).attainable).toBe('warning');
          if (length <= 0 || length > 366) expect(statusOf(results).time_bound).toBe('warning');
        },
      ),
    );
  });
});
