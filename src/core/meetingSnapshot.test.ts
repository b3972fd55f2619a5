import { describe, expect, it } from 'vitest';
import type { KpiValue } from './kpis.js';
import { moveOf, previousValues, snapshotRows } from './meetingSnapshot.js';

const rep: KpiValue[] = [
  { kpi: 'new_opportunities', value: 3, n: 10 },
  { kpi: 'conversion', key: 'Discovery', value: 0.4, n: 20 },
  { kpi: 'conversion', key: 'Proposal', value: null, n: 0 },
  { kpi: 'win_rate', value: 0.25, n: 8 },
];
const others: KpiValue[][] = [
  [
    { kpi: 'new_opportunities', value: 5, n: 10 },
    { kpi: 'conversion', key: 'Discovery', value: 0.6, n: 15 },
  ],
  [
    { kpi: 'new_opportunities', value: 4, n: 10 },
    { kpi: 'conversion', key: 'Discovery', value: null, n: 0 },
  ],
];

describe('the one-on-one KPI snapshot', () => {
  it('shows the chosen KPIs in the chosen order, each stage of a per-stage KPI, beside the team median', () => {
    const rows = snapshotRows(['win_rate', 'conversion', 'new_opportunities'], rep, [rep, ...others]);
    expect(rows.map((r) => [r.name, r.value, r.team])).toEqual([
      ['Win rate', 0.25, 0.25],
      ['Stage conversion: Discovery', 0.4, 0.5],
      ['Stage conversion: Proposal', null, null],
      ['New opportunities per week', 3, 4],
    ]);
  });

  it('says whether a KPI moved in the rep’s favour, and ignores noise', () => {
    expect(moveOf({ value: 0.3, higherIsBetter: true }, 0.25)).toBe('better');
    expect(moveOf({ value: 40, higherIsBetter: false }, 30)).toBe('worse');
    expect(moveOf({ value: 100, higherIsBetter: true }, 101)).toBe('same');
    expect(moveOf({ value: null, higherIsBetter: true }, 1)).toBeNull();
  });

  it('finds the value at the last meeting by KPI and stage', () => {
    const rows = snapshotRows(['conversion'], rep, [rep]);
    expect(
      previousValues(rows, [
        { kpi: 'conversion', key: 'Proposal', value: 0.5 },
        { kpi: 'conversion', key: 'Discovery', value: 0.35 },
      ]),
    ).toEqual([0.35, 0.5]);
    expect(previousValues(rows, null)).toEqual([null, null]);
  });
});
