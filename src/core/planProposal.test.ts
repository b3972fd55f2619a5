import { describe, expect, it } from 'vitest';
import { type DiagnosedGap, proposePlan } from './planProposal.js';

const gap = (skill: string, stage: string, impact: number, rate = 0.3, benchmark = 0.5): DiagnosedGap => ({
  metric: 'conversion',
  stage,
  rate,
  benchmark,
  impactLow: impact / 2,
  impactHigh: impact,
  skill,
});

describe('proposing a development plan', () => {
  it('focuses on the highest-impact gaps, one per skill, at most two, with the benchmark as KPI target', () => {
    const plan = proposePlan(
      [
        gap('closing', 'Negotiation', 90_000),
        gap('closing', 'Proposal', 50_000),
        gap('discovery', 'Discovery', 40_000),
        gap('qualifying', 'Meeting', 10_000),
      ],
      new Map([['closing', 2.5]]),
      { today: '2026-12-01' },
    );
    expect(plan.focus.map((f) => f.skill)).toEqual(['closing', 'discovery']);
    expect(plan.focus[0]).toEqual({
      skill: 'closing',
      currentLevel: 2.5,
      targetLevel: 4,
      kpi: { metric: 'conversion', stage: 'Negotiation', from: 0.3, target: 0.5 },
      impactLow: 45_000,
      impactHigh: 90_000,
    });
    expect(plan.focus[1]?.currentLevel).toBeNull();
    expect(plan.reviewOn).toBe('2027-01-30');
    expect(plan.actions.filter((a) => a.skill === 'closing').map((a) => a.kind)).toEqual([
      'practice',
      'ride_along',
      'play',
    ]);
  });

  it('skips a gap whose skill the rep already shows at the target level', () => {
    const plan = proposePlan(
      [gap('prospecting', 'Prospecting', 80_000), gap('discovery', 'Discovery', 20_000)],
      new Map([['prospecting', 4.2]]),
      {
        today: '2026-12-01',
        targetLevel: 4,
        reviewDays: 30,
      },
    );
    expect(plan.focus.map((f) => f.skill)).toEqual(['discovery']);
    expect(plan.reviewOn).toBe('2026-12-31');
  });

  it('without a KPI gap grows the weakest rated skill below target; with nothing rated, proposes nothing', () => {
    const plan = proposePlan(
      [],
      new Map<string, number | null>([
        ['rapport', 4.5],
        ['discovery', 2.8],
        ['qualifying', 2.8],
        ['closing', null],
      ]),
      { today: '2026-12-01' },
    );
    expect(plan.focus).toEqual([
      { skill: 'discovery', currentLevel: 2.8, targetLevel: 4, kpi: null, impactLow: 0, impactHigh: 0 },
    ]);
    expect(proposePlan([], new Map(), { today: '2026-12-01' })).toMatchObject({ focus: [], actions: [] });
  });
});
