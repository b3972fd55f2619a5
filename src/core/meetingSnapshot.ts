import jStat from 'jstat';
import { KPIS, type KpiId, type KpiUnit, type KpiValue } from './kpis.js';

/**
 * The KPIs a one-on-one looks at: the same set every time (the organisation chooses it once), each
 * with the rep's value, the team's median and the value at the last meeting. A meeting's snapshot is
 * frozen when it is held, so the history compares like with like. Pure.
 */

export interface SnapshotRow {
  kpi: KpiId;
  /** The stage or activity type of a per-stage or per-type KPI. */
  key: string | null;
  name: string;
  unit: KpiUnit;
  higherIsBetter: boolean;
  value: number | null;
  /** What the value rests on (resolved entries, weeks, deals). */
  n: number;
  /** The median of the rep's teammates who have a value (the rep included). */
  team: number | null;
}

const keyOf = (kpi: string, key: string | null | undefined) => `${kpi}\u0000${key ?? ''}`;

/** The rep's KPIs of the chosen set, each beside the team median, in the order of the set. */
export function snapshotRows(
  chosen: readonly KpiId[],
  rep: readonly KpiValue[],
  team: readonly (readonly KpiValue[])[],
): SnapshotRow[] {
  const teamValues = new Map<string, number[]>();
  for (const member of team)
    for (const v of member) {
      if (v.value === null) continue;
      const k = keyOf(v.kpi, v.key);
      const list = teamValues.get(k);
      if (list) list.push(v.value);
      else teamValues.set(k, [v.value]);
    }
  const rows: SnapshotRow[] = [];
  for (const id of chosen) {
    const def = KPIS[id];
    for (const v of rep.filter((x) => x.kpi === id)) {
      const values = teamValues.get(keyOf(v.kpi, v.key));
      rows.push({
        kpi: id,
        key: v.key ?? null,
        name: v.key ? `${def.name}: ${v.key}` : def.name,
        unit: def.unit,
        higherIsBetter: def.higherIsBetter,
        value: v.value,
        n: v.n,
        team: values && values.length > 0 ? jStat.median(values) : null,
      });
    }
  }
  return rows;
}

export type Move = 'better' | 'worse' | 'same' | null;

/**
 * How a KPI moved since the last meeting, in the rep's favour or not: `same` within 2% of the
 * earlier value (noise on small counts), null when either value is missing.
 */
export function moveOf(row: Pick<SnapshotRow, 'value' | 'higherIsBetter'>, previous: number | null): Move {
  if (row.value === null || previous === null) return null;
  const delta = row.value - previous;
  if (Math.abs(delta) <= Math.abs(previous) * 0.02) return 'same';
  return delta > 0 === row.higherIsBetter ? 'better' : 'worse';
}

/** The earlier value of each row, from the last held meeting's snapshot (same KPI and key). */
export function previousValues(
  rows: readonly { kpi: string; key: string | null }[],
  earlier: readonly { kpi: string; key: string | null; value: number | null }[] | null,
): (number | null)[] {
  const byKey = new Map((earlier ?? []).map((r) => [keyOf(r.kpi, r.key), r.value]));
  return rows.map((r) => byKey.get(keyOf(r.kpi, r.key)) ?? null);
}
