import { snapshotRows } from '../../core/meetingSnapshot.js';
import type { Db } from '../../db/open.js';
import { diagnoseReps } from '../diagnosis/service.js';
import { getPerson } from '../people/service.js';
import { activePlanOf } from '../plans/service.js';
import type { DevelopmentCheckIn, StoredSnapshot } from './contract.js';
import type { SeriesRow } from './series.js';
import { meetingKpis } from './settings.js';

/**
 * A one-on-one's figures today: the organisation's KPI set for the person met, beside their team's
 * median (the reps under the same manager), and the gaps the diagnosis flags. Someone who is not
 * a rep has no funnel: their snapshot is empty.
 */
export async function liveSnapshot(db: Db, series: SeriesRow, today: string): Promise<StoredSnapshot> {
  const person = await getPerson(db, { orgId: series.orgId, personId: series.repId });
  const empty = { asOf: today, currency: '', rows: [], gaps: [] };
  if (person.role !== 'rep') return empty;
  const asOf = new Date(`${today}T12:00:00Z`);
  const kpis = await meetingKpis(db, series.orgId);
  // The team's diagnosis (cached for the day); a rep no longer below the series' manager alone.
  let diagnosis = await diagnoseReps(db, {
    orgId: series.orgId,
    target: { managerId: series.managerId },
    asOf,
  });
  let rep = diagnosis.reps.find((r) => r.id === person.id);
  if (!rep) {
    diagnosis = await diagnoseReps(db, { orgId: series.orgId, target: { repId: person.id }, asOf });
    rep = diagnosis.reps[0];
  }
  if (!rep) return { ...empty, currency: diagnosis.currency };
  const team = diagnosis.reps.filter((r) => r.manager === rep.manager);
  return {
    asOf: diagnosis.asOf,
    currency: diagnosis.currency,
    rows: snapshotRows(
      kpis,
      rep.kpis.map((k) => ({ ...k, kpi: k.kpi as (typeof kpis)[number] })),
      team.map((t) => t.kpis.map((k) => ({ ...k, kpi: k.kpi as (typeof kpis)[number] }))),
    ),
    gaps: rep.gaps.map((g) => ({ metric: g.metric, stage: g.stage, skill: g.skill })),
  };
}

/** The development check-in: the person's active plan, its focus skills' level, mastery and KPI now. */
export async function developmentNow(
  db: Db,
  series: SeriesRow,
  today: string,
): Promise<DevelopmentCheckIn | null> {
  const plan = await activePlanOf(db, { orgId: series.orgId, repId: series.repId, today });
  // A plan started after `today` did not exist yet (a past meeting being recorded).
  if (!plan || plan.startedOn > today) return null;
  return {
    planId: plan.id,
    reviewOn: plan.reviewOn,
    acknowledged: plan.acknowledgedAt !== null,
    focus: plan.focus.map((f) => ({
      skill: f.skill,
      currentLevel: f.currentLevel,
      targetLevel: f.targetLevel,
      mastery: f.mastery.stage,
      kpi: f.kpi ? { ...f.kpi, now: f.kpiNow } : null,
    })),
  };
}
