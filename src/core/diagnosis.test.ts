import { describe, expect, it } from 'vitest';
import { type DiagnosisRep, diagnose } from './diagnosis.js';
import { type AccuracyFigures, simulate } from './diagnosisSimulation.js';
import { DEFAULT_FUNNEL } from './funnel.js';
import { computeKpis, type RepTotals, skillForStage } from './kpis.js';

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

function pooled(list: AccuracyFigures[]) {
  const sum = (f: (a: AccuracyFigures) => number) => list.reduce((s, a) => s + f(a), 0);
  const planted = sum((a) => a.planted);
  const clean = sum((a) => a.clean);
  return {
    planted,
    clean,
    recall: sum((a) => a.found) / planted,
    falseAlarmRate: sum((a) => a.falseAlarms) / clean,
  };
}

describe('diagnosis accuracy on generated orgs with planted gaps', () => {
  it('recovers ≥ 90% of planted gaps with enough data and flags ≤ 2% of the rest; the naive rule flags far more', () => {
    const seeds = [1, 2, 3, 4];
    const runs = seeds.map((seed) => simulate({ seed, reps: 800 }));
    for (const [i, r] of runs.entries()) {
      console.log(
        `seed ${seeds[i]}: diagnosis recall ${pct(r.diagnosis.recall)} (${r.diagnosis.found}/${r.diagnosis.planted}), ` +
          `false alarms ${pct(r.diagnosis.falseAlarmRate)} (${r.diagnosis.falseAlarms}/${r.diagnosis.clean}); ` +
          `naive "below 80% of the team" recall ${pct(r.naive.recall)}, false alarms ${pct(r.naive.falseAlarmRate)}`,
      );
    }
    for (const r of runs) {
      expect(r.diagnosis.recall).toBeGreaterThanOrEqual(0.9);
      expect(r.diagnosis.falseAlarmRate).toBeLessThanOrEqual(0.02);
    }
    const d = pooled(runs.map((r) => r.diagnosis));
    const naive = pooled(runs.map((r) => r.naive));
    console.log(
      `all seeds (${d.planted} planted gaps, ${d.clean} clean rep×metric pairs): diagnosis recall ${pct(d.recall)}, ` +
        `false alarms ${pct(d.falseAlarmRate)}; naive recall ${pct(naive.recall)}, false alarms ${pct(naive.falseAlarmRate)}`,
    );
    expect(d.planted).toBeGreaterThan(300);
    expect(d.recall).toBeGreaterThanOrEqual(0.9);
    expect(d.falseAlarmRate).toBeLessThanOrEqual(0.02);
    expect(naive.falseAlarmRate).toBeGreaterThan(3 * d.falseAlarmRate);
  }, 120_000);

  it('flags ≤ 2% when every rep has the same true rates and only chance differs', () => {
    const r = simulate({ seed: 11, reps: 800, plantedShare: 0, sameRates: true });
    console.log(
      `same true rates: diagnosis flags ${pct(r.diagnosis.falseAlarmRate)} of ${r.diagnosis.clean} pairs; naive ${pct(r.naive.falseAlarmRate)}`,
    );
    expect(r.diagnosis.falseAlarmRate).toBeLessThanOrEqual(0.02);
    expect(r.naive.falseAlarmRate).toBeGreaterThan(r.diagnosis.falseAlarmRate);
  }, 60_000);
});

function totals(over: Partial<RepTotals> & { conv?: [number, number][] } = {}): RepTotals {
  const conv = over.conv ?? [
    [60, 40],
    [40, 20],
    [30, 20],
    [30, 20],
    [30, 20],
  ];
  return {
    weeks: 26,
    stages: DEFAULT_FUNNEL.stages.slice(0, -1).map((stage, i) => {
      const [advanced, lost] = conv[i] ?? [0, 0];
      return { stage, entered: advanced + lost, advanced, lost, daysAdvanced: advanced * 10 };
    }),
    created: 104,
    createdSeniorReached: 30,
    won: 30,
    lost: 20,
    wonAmountMinor: 30 * 2_500_000,
    wonPriced: over.won ?? 30,
    wonCycleDays: 30 * 60,
    openPipelineMinor: 40 * 2_500_000,
    activities: { call: 300, email: 400, social: 50, meeting: 60 },
    ...over,
  };
}

const rep = (id: string, t: RepTotals, tenureWeeks = 26): DiagnosisRep => ({
  id,
  email: `${id}@x.test`,
  name: id,
  managerId: 'm',
  managerEmail: 'm@x.test',
  totals: t,
  tenureWeeks,
});

describe('diagnose', () => {
  const team = ['a', 'b', 'c', 'd', 'e'].map((id) => rep(id, totals()));

  it('flags a clear closing gap with its skill, interval, probability and impact in money', () => {
    const john = rep(
      'john',
      totals({
        conv: [
          [60, 40],
          [40, 20],
          [30, 20],
          [30, 20],
          [15, 35],
        ],
      }),
    );
    const [d] = diagnose([john, ...team], DEFAULT_FUNNEL);
    const gap = d?.gaps[0];
    expect(gap).toMatchObject({ metric: 'conversion', stage: 'Negotiation', skill: 'closing', n: 50 });
    expect(gap?.probabilityBelow).toBeGreaterThan(0.99);
    expect(gap?.low).toBeLessThan(gap?.rate ?? 0);
    expect(gap?.high).toBeLessThan(gap?.benchmark ?? 0);
    // 50 Negotiation entries in 26 weeks → 25 a quarter; × (0.6 − rate) more wins × $25,000.
    const expected = (50 / 26) * 13 * ((gap?.benchmark ?? 0) - (gap?.rate ?? 0)) * 25_000;
    expect(gap?.impact).toBeCloseTo(expected, -1);
    expect(gap?.impactLow).toBeLessThan(gap?.impact ?? 0);
    expect(gap?.impactHigh).toBeGreaterThan(gap?.impact ?? 0);
  });

  it('does not judge a ramping rep on volume, nor a stage with too few resolved deals', () => {
    const newHire = rep('new', totals({ weeks: 0, created: 3, conv: [[2, 8]] }), 4);
    const [d] = diagnose([newHire, ...team], DEFAULT_FUNNEL);
    expect(d?.ramping).toBe(true);
    expect(d?.assessments.some((a) => a.metric === 'new_opportunities')).toBe(false);
    expect(d?.gaps).toEqual([]);
  });

  it('judges no one at a stage where no one else has data (a new pipeline of one rep’s deals)', () => {
    const only = rep('only', totals({ conv: [[1, 0]] }));
    const idle = rep('idle', totals({ weeks: 26, created: 0, conv: [] }));
    const out = diagnose([only, idle], DEFAULT_FUNNEL);
    const numbers = JSON.stringify(out, (_k, v) =>
      typeof v === 'number' && !Number.isFinite(v) ? 'NaN' : v,
    );
    expect(numbers).not.toContain('NaN');
    // Its only stage with data has no benchmark from anyone else: not assessed, not a gap.
    expect(out[0]?.assessments.filter((a) => a.metric === 'conversion')).toEqual([]);
  });

  it('reports a credible strength and ranks gaps by impact', () => {
    const sheila = rep(
      'sheila',
      totals({
        created: 30,
        conv: [
          [18, 12],
          [12, 6],
          [9, 6],
          [9, 6],
          [45, 5],
        ],
      }),
    );
    const [d] = diagnose([sheila, ...team], DEFAULT_FUNNEL);
    expect(d?.gaps[0]).toMatchObject({
      metric: 'new_opportunities',
      stage: 'Prospecting',
      skill: 'prospecting',
    });
    expect(d?.strengths.map((s) => s.stage)).toContain('Negotiation');
    const impacts = d?.gaps.map((g) => g.impact) ?? [];
    expect([...impacts].sort((a, b) => b - a)).toEqual(impacts);
  });
});

describe('KPI catalog', () => {
  it('computes every KPI from a rep’s totals', () => {
    const k = computeKpis(totals());
    const value = (kpi: string, key?: string) => k.find((x) => x.kpi === kpi && x.key === key)?.value;
    expect(value('new_opportunities')).toBeCloseTo(4, 6);
    expect(value('conversion', 'Prospecting')).toBeCloseTo(0.6, 6);
    expect(value('win_rate')).toBeCloseTo(0.6, 6);
    expect(value('avg_won_deal')).toBe(25_000);
    expect(value('sales_cycle_days')).toBe(60);
    expect(value('days_in_stage', 'Meeting')).toBe(10);
    expect(value('open_pipeline')).toBe(1_000_000);
    expect(value('c_level_engagement')).toBeCloseTo(30 / 104, 6);
    expect(value('activity_yield')).toBeCloseTo((100 * (104 + 60)) / 750, 6);
    expect(value('activities', 'call')).toBeCloseTo(300 / 26, 6);
  });

  it('maps stages to skills by name, and unknown stages by their place in the funnel', () => {
    expect(skillForStage(DEFAULT_FUNNEL, 'Negotiation')).toBe('closing');
    expect(skillForStage(DEFAULT_FUNNEL, 'Meeting')).toBe('qualifying');
    const custom = { stages: ['Lead', 'Qualified', 'Demo', 'Contract', 'Closed Won'], lost: 'Closed Lost' };
    expect(skillForStage(custom, 'Lead')).toBe('prospecting');
    expect(skillForStage(custom, 'Contract')).toBe('closing');
    expect(skillForStage(custom, 'Lead', { Lead: 'social-selling' })).toBe('social-selling');
  });
});
