import type { KpiId } from '../../core/kpis.js';
import { snapshotRows } from '../../core/meetingSnapshot.js';
import type { Db } from '../../db/open.js';
import type { RepDiagnosis } from '../diagnosis/contract.js';
import { diagnoseReps } from '../diagnosis/service.js';
import { getPerson } from '../people/service.js';
import { activePlanOf } from '../plans/service.js';
import type { DevelopmentCheckIn, StoredSnapshot } from './contract.js';
import type { SeriesRow } from './series.js';
import { meetingKpis } from './settings.js';

export interface MeetingFigures {
  snapshot: StoredSnapshot;
  development: DevelopmentCheckIn | null;
}

/**
 * A one-on-one's figures on `today`, from one diagnosis of the team: the organisation's KPI set for
 * the person met beside their team's median (the reps under the same manager), the gaps the
 * diagnosis flags, and the development check-in (the active plan's focus, level, mastery and KPI).
 * Someone who is not a rep has no funnel: their snapshot is empty.
 */
export async function meetingFigures(db: Db, series: SeriesRow, today: string): Promise<MeetingFigures> {
  const person = await getPerson(db, { orgId: series.orgId, personId: series.repId });
  const empty: StoredSnapshot = { asOf: today, currency: '', rows: [], gaps: [] };
  if (person.role !== 'rep')
    return { snapshot: empty, development: await developmentOf(db, series, today, undefined) };
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
  const development = await developmentOf(db, series, today, rep);
  if (!rep) return { snapshot: { ...empty, currency: diagnosis.currency }, development };
  const team = diagnosis.reps.filter((r) => r.manager === rep.manager);
  const values = (d: RepDiagnosis) => d.kpis.map((k) => ({ ...k, kpi: k.kpi as KpiId }));
  return {
    snapshot: {
      asOf: diagnosis.asOf,
      currency: diagnosis.currency,
      rows: snapshotRows(kpis, values(rep), team.map(values)),
      gaps: rep.gaps.map((g) => ({ metric: g.metric, stage: g.stage, skill: g.skill })),
    },
    development,
  };
}

/** The active plan as of `today` (a plan started later did not exist yet), with its progress. */
async function developmentOf(
  db: Db,
  series: SeriesRow,
  today: string,
  diagnosis: RepDiagnosis | undefined,
): Promise<DevelopmentCheckIn | null> {
  const plan = await activePlanOf(db, { orgId: series.orgId, repId: series.repId, today, diagnosis });
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
