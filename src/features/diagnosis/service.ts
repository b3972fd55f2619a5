import { sql } from 'drizzle-orm';
import { LRUCache } from 'lru-cache';
import { DEFAULT_BENCHMARK, DIAGNOSIS_WINDOW_DAYS } from '../../core/benchmark.js';
import {
  type BenchmarkKind,
  type DiagnosisRep,
  type DiagnosisSettings,
  diagnose,
} from '../../core/diagnosis.js';
import { AppError } from '../../core/errors.js';
import { computeKpis } from '../../core/kpis.js';
import { RAMP_WEEKS } from '../../core/ramp.js';
import type { Db } from '../../db/open.js';
import { queryRows } from '../../db/sql.js';
import { crmDataVersion, dataCaveats, getFunnel, windowTotals } from '../crm/service.js';
import { getOrg } from '../orgs/service.js';
import {
  getPerson,
  listPeopleBrief,
  type PersonBrief,
  peopleVersion,
  subtreeIds,
} from '../people/service.js';
import { stageSkillOverrides, stageSkillsVersion } from '../skills/service.js';
import type { Diagnosis, RepDiagnosis } from './contract.js';

const DAY = 86_400_000;
const WEEK = 7 * DAY;

export interface DiagnoseOptions {
  orgId: string;
  /** The reps to report: a manager's (or leader's) subtree, one rep, or the whole org. */
  target: { managerId: string } | { repId: string } | 'org';
  asOf: Date;
  windowDays?: number;
  benchmark?: BenchmarkKind;
  rampWeeks?: number;
  settings?: Partial<DiagnosisSettings>;
}

const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);
/** Monday (UTC) of the ISO week holding `t`. */
function mondayOf(t: number): number {
  const d = new Date(t);
  const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  return day - ((new Date(day).getUTCDay() + 6) % 7) * DAY;
}

/** Diagnoses kept in this process, for their data's version (`diagnoseReps`). */
const CACHED_DIAGNOSES = 200;
const cache = new LRUCache<string, Diagnosis>({ max: CACHED_DIAGNOSES });

/**
 * Diagnoses the target reps against their teams. A diagnosis depends only on its options (the as-of
 * day, not the hour), the CRM data, the reporting line and the stage → skill mapping: it is kept until
 * an import lands, the funnel changes, anyone's place in the organisation does or the mapping does
 * (one small query for the three versions decides).
 */
export async function diagnoseReps(db: Db, o: DiagnoseOptions): Promise<Diagnosis> {
  const [versions] = await queryRows<{ crm: string; people: string; skills: string | null }>(
    db,
    sql`select ${crmDataVersion(o.orgId)} as crm, ${peopleVersion(o.orgId)} as people,
          ${stageSkillsVersion(o.orgId)} as skills`,
  );
  const key = JSON.stringify([
    versions?.crm,
    versions?.people,
    versions?.skills,
    { ...o, asOf: isoDay(o.asOf.getTime()) },
  ]);
  const kept = cache.get(key);
  if (kept) return kept;
  const fresh = await computeDiagnosis(db, o);
  cache.set(key, fresh);
  return fresh;
}

/**
 * Only the rollups are read: the reps in scope, their teammates (the benchmark and the prior need
 * them) and, for an org benchmark or a team too small to be its own yardstick, the whole org.
 */
async function computeDiagnosis(db: Db, o: DiagnoseOptions): Promise<Diagnosis> {
  const windowDays = o.windowDays ?? DIAGNOSIS_WINDOW_DAYS.default;
  const benchmark = o.benchmark ?? DEFAULT_BENCHMARK;
  const rampWeeks = o.rampWeeks ?? RAMP_WEEKS;
  const asOfDay = Date.parse(isoDay(o.asOf.getTime()));
  const end = asOfDay + DAY;
  const from = mondayOf(end - windowDays * DAY);
  const window = { fromWeek: isoDay(from), asOfWeek: isoDay(mondayOf(asOfDay)) };
  const targetIds = await targetIdsOf(db, o);
  const [org, funnel, listed, caveats, skillOverrides] = await Promise.all([
    getOrg(db, { orgId: o.orgId }),
    getFunnel(db, { orgId: o.orgId }),
    listPeopleBrief(db, o.orgId, targetIds && benchmark !== 'org_median' ? { teamsOf: targetIds } : {}),
    dataCaveats(db, o.orgId),
    stageSkillOverrides(db, o.orgId),
  ]);
  let everyone = listed;
  const started = (p: PersonBrief) => !p.startDate || Date.parse(p.startDate) < end;
  const repsOf = (list: PersonBrief[]) => list.filter((p) => p.role === 'rep' && started(p));
  const wantedIds = targetIds ? new Set(targetIds) : undefined;
  const targets = repsOf(everyone).filter((r) => !wantedIds || wantedIds.has(r.id));
  const targetTeams = new Set(targets.map((r) => r.managerId));
  const teamSize = (list: PersonBrief[], managerId: string | null) =>
    repsOf(list).filter((r) => r.managerId === managerId).length;
  // A team too small to be its own yardstick is measured against the whole org.
  const needOrg =
    !targetIds || benchmark === 'org_median' || [...targetTeams].some((m) => teamSize(everyone, m) < 4);
  if (needOrg && targetIds && benchmark !== 'org_median') everyone = await listPeopleBrief(db, o.orgId);
  const reps = repsOf(everyone);
  const compared = needOrg ? reps : reps.filter((r) => targetTeams.has(r.managerId));
  const totals = await windowTotals(
    db,
    o.orgId,
    funnel,
    compared.map((r) => r.id),
    window,
  );
  const byId = new Map(everyone.map((p) => [p.id, p]));
  const input: DiagnosisRep[] = compared.map((r) => {
    const start = r.startDate ? Date.parse(r.startDate) : Number.NEGATIVE_INFINITY;
    const weeksFrom = (t: number) => Math.max(0, (end - Math.max(from, t)) / WEEK);
    const t = totals.get(r.id);
    if (!t) throw new Error(`no totals for ${r.id}`);
    return {
      id: r.id,
      email: r.email,
      name: r.name,
      managerId: r.managerId,
      managerEmail: (r.managerId && byId.get(r.managerId)?.email) || null,
      tenureWeeks: weeksFrom(start),
      totals: { ...t, weeks: weeksFrom(start + rampWeeks * WEEK) },
    };
  });
  const results = diagnose(input, funnel, { ...o.settings, benchmark }, skillOverrides);
  const wanted = new Set(targets.map((r) => r.id));
  const inputs = new Map(input.map((i) => [i.id, i]));
  const repsOut: RepDiagnosis[] = results
    .filter((d) => wanted.has(d.id))
    .map((d) => {
      const person = byId.get(d.id);
      const rep = inputs.get(d.id);
      return {
        id: d.id,
        email: d.email,
        name: d.name,
        manager: d.managerEmail,
        managerName: (person?.managerId && byId.get(person.managerId)?.name) || null,
        startDate: person?.startDate ?? null,
        ramping: d.ramping,
        gaps: d.gaps,
        strengths: d.strengths,
        assessments: d.assessments,
        kpis: rep ? computeKpis(rep.totals) : [],
      };
    })
    .sort((a, b) => a.email.localeCompare(b.email));
  return {
    asOf: isoDay(asOfDay),
    windowDays,
    fromWeek: window.fromWeek,
    benchmark,
    currency: org.currency,
    stages: funnel.stages.slice(0, -1),
    reps: repsOut,
    caveats,
  };
}

/** The ids of the people to report on: a rep, everyone below a manager, or (null) the whole org. */
async function targetIdsOf(db: Db, o: DiagnoseOptions): Promise<string[] | null> {
  if (o.target === 'org') return null;
  if ('repId' in o.target) {
    const person = await getPerson(db, { orgId: o.orgId, personId: o.target.repId });
    if (person.role !== 'rep')
      throw new AppError('invalid', `${person.name} is a ${person.role}; the diagnosis covers reps`);
    return [person.id];
  }
  return subtreeIds(db, o.orgId, o.target.managerId);
}
