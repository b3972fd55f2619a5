import { DIAGNOSIS_WINDOW_DAYS } from './benchmark.js';
import {
  DEFAULT_DIAGNOSIS_SETTINGS,
  type DiagnosisRep,
  type DiagnosisSettings,
  diagnose,
} from './diagnosis.js';
import { DEFAULT_FUNNEL } from './funnel.js';
import { RAMP_WEEKS } from './ramp.js';
import { BASE_STAGE_RATES, type RepProfile, syntheticDeals, syntheticPeople } from './synthetic.js';
import { totalsFromDeals } from './syntheticTotals.js';

/**
 * Accuracy of the diagnosis on generated orgs with planted gaps, against the naive rule "raw rate
 * below 80% of the team's". Used by the accuracy tests and `bench/diagnose`.
 */

export interface AccuracyFigures {
  /** Planted gaps with enough data (enough resolved at the stage to be judged; volume: judged reps). */
  planted: number;
  found: number;
  /** Rep × metric pairs with no planted gap (and data to judge). */
  clean: number;
  falseAlarms: number;
  recall: number;
  falseAlarmRate: number;
  /** False alarms by metric ("conversion:Meeting", "new_opportunities"). */
  falseByMetric: Record<string, number>;
}

export interface SimulationResult {
  diagnosis: AccuracyFigures;
  naive: AccuracyFigures;
}

export interface SimulationOptions {
  seed: number;
  reps: number;
  now?: Date;
  weeks?: number;
  windowDays?: number;
  opportunitiesPerWeek?: number;
  /** Share of reps given a planted gap (0 for an org where only chance differs). */
  plantedShare?: number;
  /** Natural spread of reps' true rates (log sd); 0 makes every rep the same. */
  sameRates?: boolean;
  settings?: Partial<DiagnosisSettings>;
}

export function simulate(o: SimulationOptions): SimulationResult {
  const now = o.now ?? new Date('2026-11-02T00:00:00Z');
  const gen = {
    reps: o.reps,
    weeks: o.weeks ?? 40,
    seed: o.seed,
    now,
    opportunitiesPerWeek: o.opportunitiesPerWeek ?? 6,
    plantedShare: o.plantedShare ?? 0.15,
  };
  const { reps } = syntheticPeople(gen);
  if (o.sameRates)
    for (const r of reps) {
      r.volume = 1;
      r.stageRates = BASE_STAGE_RATES.map(() => 1);
    }
  const input = totalsFromDeals(reps, syntheticDeals(reps, gen), {
    now,
    windowDays: o.windowDays ?? DIAGNOSIS_WINDOW_DAYS.default,
    rampWeeks: RAMP_WEEKS,
  });
  const result = diagnose(input, DEFAULT_FUNNEL, o.settings);
  const minResolved = o.settings?.minResolved ?? DEFAULT_DIAGNOSIS_SETTINGS.minResolved;
  const flagged = new Set<string>();
  for (const r of result) for (const g of r.gaps) flagged.add(`${r.id}|${g.metric}|${g.stage}`);
  return {
    diagnosis: score(reps, input, (key) => flagged.has(key), minResolved),
    naive: score(reps, input, naiveFlags(input), minResolved),
  };
}

function naiveFlags(input: readonly DiagnosisRep[]): (key: string) => boolean {
  const flagged = new Set<string>();
  const teams = new Map<string, DiagnosisRep[]>();
  for (const r of input) teams.set(r.managerId ?? '', [...(teams.get(r.managerId ?? '') ?? []), r]);
  for (const team of teams.values()) {
    for (const [i, stage] of DEFAULT_FUNNEL.stages.slice(0, -1).entries()) {
      let k = 0;
      let n = 0;
      for (const r of team) {
        k += r.totals.stages[i]?.advanced ?? 0;
        n += (r.totals.stages[i]?.advanced ?? 0) + (r.totals.stages[i]?.lost ?? 0);
      }
      for (const r of team) {
        const s = r.totals.stages[i];
        const rn = (s?.advanced ?? 0) + (s?.lost ?? 0);
        if (rn > 0 && n > 0 && (s?.advanced ?? 0) / rn < 0.8 * (k / n))
          flagged.add(`${r.id}|conversion|${stage}`);
      }
    }
    const judged = team.filter((r) => r.totals.weeks > 0);
    const rate =
      judged.reduce((a, r) => a + r.totals.created, 0) / judged.reduce((a, r) => a + r.totals.weeks, 0);
    for (const r of judged)
      if (r.totals.created / r.totals.weeks < 0.8 * rate)
        flagged.add(`${r.id}|new_opportunities|${DEFAULT_FUNNEL.stages[0]}`);
  }
  return (key) => flagged.has(key);
}

function score(
  reps: readonly RepProfile[],
  input: readonly DiagnosisRep[],
  isFlagged: (key: string) => boolean,
  /** Stages with fewer resolved opportunities are too thin to count for or against the diagnosis. */
  minResolved: number,
): AccuracyFigures {
  const f = { planted: 0, found: 0, clean: 0, falseAlarms: 0 };
  const falseByMetric: Record<string, number> = {};
  for (const [r, rep] of reps.entries()) {
    const totals = input[r]?.totals;
    if (!totals) continue;
    const pairs: { key: string; planted: boolean; enough: boolean }[] = DEFAULT_FUNNEL.stages
      .slice(0, -1)
      .map((stage, i) => {
        const s = totals.stages[i];
        const resolved = (s?.advanced ?? 0) + (s?.lost ?? 0);
        return {
          key: `${rep.email}|conversion|${stage}`,
          planted: rep.planted?.kind === 'stage' && rep.planted.transition === i,
          enough: resolved >= minResolved,
        };
      });
    if (totals.weeks > 0)
      pairs.push({
        key: `${rep.email}|new_opportunities|${DEFAULT_FUNNEL.stages[0]}`,
        planted: rep.planted?.kind === 'volume',
        enough: true,
      });
    for (const p of pairs) {
      if (p.planted) {
        if (!p.enough) continue;
        f.planted++;
        if (isFlagged(p.key)) f.found++;
      } else {
        f.clean++;
        if (isFlagged(p.key)) {
          f.falseAlarms++;
          const metric = p.key.split('|').slice(1).join(':');
          falseByMetric[metric] = (falseByMetric[metric] ?? 0) + 1;
        }
      }
    }
  }
  return {
    ...f,
    falseByMetric,
    recall: f.found / Math.max(1, f.planted),
    falseAlarmRate: f.falseAlarms / Math.max(1, f.clean),
  };
}
