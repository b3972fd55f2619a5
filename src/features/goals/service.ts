import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { authorize, type RuleName } from '../../core/access.js';
import type { Actor } from '../../core/actor.js';
import { DIAGNOSIS_WINDOW_DAYS } from '../../core/benchmark.js';
import { invalid, notFound } from '../../core/errors.js';
import { goalProgress } from '../../core/goalProgress.js';
import { KPIS, type KpiDefinition, type KpiId, unitLabel } from '../../core/kpis.js';
import { DEFAULT_MAX_IMPROVEMENT, smartCheck } from '../../core/smartCheck.js';
import type { Db } from '../../db/open.js';
import { goalSettings, goals } from '../../db/schema/goals.js';
import { getFunnel } from '../crm/service.js';
import { getOrg } from '../orgs/service.js';
import { getPerson, listPeopleBrief, placeOf, relationOf, subtreeIds } from '../people/service.js';
import { activePlanOf } from '../plans/service.js';
import type { Goal, GoalCheck, GoalInput, GoalRollup, GoalSettings, GoalUpdate } from './contract.js';
import { kpiValuesOf } from './values.js';

/** SMART goals: set with a live check, measured from the data, rolled up per team. */

/**
 * A goal's baseline is the KPI over the quarter before it starts; its actual, the KPI since it
 * started (at least the diagnosis's shortest window, so a new goal is not judged on a few days).
 */
export const GOAL_BASELINE_DAYS = 91;
export function actualWindowDays(startOn: string, today: string): number {
  const since = Math.round((Date.parse(today) - Date.parse(startOn)) / 86_400_000);
  return Math.min(DIAGNOSIS_WINDOW_DAYS.max, Math.max(DIAGNOSIS_WINDOW_DAYS.min, since));
}

export type GoalRow = typeof goals.$inferSelect;

export async function getGoalSettings(db: Db, orgId: string): Promise<GoalSettings> {
  const [row] = await db.select().from(goalSettings).where(eq(goalSettings.orgId, orgId));
  return { maxImprovement: row?.maxImprovement ?? DEFAULT_MAX_IMPROVEMENT };
}

export async function setGoalSettings(db: Db, opts: { orgId: string; settings: GoalSettings; now: Date }) {
  await db
    .insert(goalSettings)
    .values({ orgId: opts.orgId, maxImprovement: opts.settings.maxImprovement, updatedAt: opts.now })
    .onConflictDoUpdate({
      target: goalSettings.orgId,
      set: { maxImprovement: opts.settings.maxImprovement, updatedAt: opts.now },
    });
}

/** What a goal is judged against: the owner's plan, the team's values, the KPI's direction. */
async function contextOf(
  db: Db,
  orgId: string,
  ownerId: string,
  input: Pick<GoalInput, 'kpi' | 'kpiKey' | 'parentId'>,
  today: string,
) {
  const owner = await getPerson(db, { orgId, personId: ownerId });
  const kpi = input.kpi ? KPIS[input.kpi] : null;
  const values = input.kpi
    ? await kpiValuesOf(db, {
        orgId,
        ownerId,
        kpi: input.kpi,
        key: input.kpiKey ?? null,
        today,
        windowDays: GOAL_BASELINE_DAYS,
      })
    : null;
  const [plan, settings] = await Promise.all([
    owner.role === 'rep' ? activePlanOf(db, { orgId, repId: ownerId, today }) : null,
    getGoalSettings(db, orgId),
  ]);
  return {
    owner,
    baseline: values?.own ?? null,
    context: {
      higherIsBetter: kpi?.higherIsBetter,
      teamValues: values?.team ?? [],
      planSkills: plan?.focus.map((f) => f.skill) ?? [],
      kpiSkill: kpi ? (kpi.skill === 'by stage' ? (values?.stageSkill ?? null) : kpi.skill) : null,
      hasParentGoal: Boolean(input.parentId),
      isTeamGoal: owner.role !== 'rep',
      maxImprovement: settings.maxImprovement,
    },
  };
}

async function unitOf(db: Db, orgId: string, input: Pick<GoalInput, 'kpi' | 'unit'>): Promise<string> {
  if (!input.kpi) return input.unit?.trim() ?? '';
  return unitLabel(KPIS[input.kpi].unit, (await getOrg(db, { orgId })).currency);
}

/** The live check of a draft: the five letters, and the baseline the data gives today. */
export async function checkGoal(
  db: Db,
  opts: { orgId: string; ownerId: string; input: GoalInput; today: string },
): Promise<GoalCheck> {
  const { baseline, context } = await contextOf(db, opts.orgId, opts.ownerId, opts.input, opts.today);
  const unit = await unitOf(db, opts.orgId, opts.input);
  const smart = smartCheck(
    {
      ...opts.input,
      kpi: opts.input.kpi,
      outcome: opts.input.outcome ?? null,
      baseline,
      unit,
      startOn: opts.input.startOn ?? opts.today,
    },
    context,
  );
  return { smart, baseline, unit };
}

/** Refuses what the database would, with the field to fix. */
async function validate(
  db: Db,
  orgId: string,
  ownerId: string,
  input: GoalInput,
  today: string,
): Promise<void> {
  const startOn = input.startOn ?? today;
  if (input.dueOn <= startOn) throw invalid('the due date must come after the start', 'dueOn');
  for (const [i, d] of input.checkIns.entries())
    if (d <= startOn || d >= input.dueOn)
      throw invalid('a check-in falls between the start and the due date', `checkIns.${i}`);
  if (input.kpi) {
    const def: KpiDefinition = KPIS[input.kpi];
    if (def.per === 'stage') {
      const funnel = await getFunnel(db, { orgId });
      const open = funnel.stages.slice(0, -1);
      if (!input.kpiKey || !open.includes(input.kpiKey))
        throw invalid(`choose the stage this KPI is about: ${open.join(', ')}`, 'kpiKey');
    } else if (def.per === 'activity_type' && !input.kpiKey)
      throw invalid('choose the activity type', 'kpiKey');
    if (input.outcome) throw invalid('a KPI goal has no described outcome; leave one of them out', 'outcome');
  } else {
    if (!input.outcome?.trim()) throw invalid('describe the outcome, or choose a KPI', 'outcome');
    if (!input.unit?.trim()) throw invalid('say what the number counts (its unit)', 'unit');
  }
  if (input.parentId) {
    const [parent] = await db
      .select()
      .from(goals)
      .where(and(eq(goals.orgId, orgId), eq(goals.id, input.parentId)));
    if (parent?.ownerKind !== 'team') throw invalid('the parent must be a team goal', 'parentId');
    const relation =
      parent.ownerId === ownerId ? 'self' : await relationOf(db, orgId, parent.ownerId, ownerId);
    if (relation !== 'below')
      throw invalid('the parent must be a goal of a team this goal’s owner is in', 'parentId');
  }
}

/** Sets a goal for a rep (or a team goal for a manager); the baseline is today's value of its KPI. */
export async function setGoal(
  db: Db,
  opts: { actor: Actor; ownerId: string; input: GoalInput; today: string; pipId?: string },
): Promise<string> {
  const { orgId } = opts.actor;
  await validate(db, orgId, opts.ownerId, opts.input, opts.today);
  const { owner, baseline } = await contextOf(db, orgId, opts.ownerId, opts.input, opts.today);
  const [row] = await db
    .insert(goals)
    .values({
      orgId,
      ownerKind: owner.role === 'rep' ? 'rep' : 'team',
      ownerId: owner.id,
      title: opts.input.title,
      kpi: opts.input.kpi,
      kpiKey: opts.input.kpi ? (opts.input.kpiKey ?? null) : null,
      outcome: opts.input.kpi ? null : (opts.input.outcome?.trim() ?? null),
      unit: await unitOf(db, orgId, opts.input),
      baseline: opts.input.kpi ? baseline : 0,
      target: opts.input.target,
      startOn: opts.input.startOn ?? opts.today,
      dueOn: opts.input.dueOn,
      checkIns: [...opts.input.checkIns].sort(),
      parentId: opts.input.parentId ?? null,
      pipId: opts.pipId ?? null,
      createdBy: opts.actor.personId,
    })
    .returning({ id: goals.id });
  if (!row) throw new Error('setGoal: the insert returned no row');
  return row.id;
}

/** Loads a goal and checks the actor may apply `rule` to it (its owner: the rep, or the team's manager). */
export async function goalFor(db: Db, actor: Actor, goalId: string, rule: RuleName): Promise<GoalRow> {
  const [row] = await db
    .select()
    .from(goals)
    .where(and(eq(goals.orgId, actor.orgId), eq(goals.id, goalId)));
  if (!row) throw notFound('No such goal in your organisation.');
  authorize(actor, rule, await placeOf(db, actor, { orgId: row.orgId, ownerId: row.ownerId }));
  return row;
}

export async function updateGoal(
  db: Db,
  opts: { actor: Actor; goalId: string; update: GoalUpdate },
): Promise<void> {
  const row = await goalFor(db, opts.actor, opts.goalId, 'goal.manage');
  if (opts.update.manualActual !== undefined && row.kpi)
    throw invalid('a KPI goal is measured from the imported data, not typed in', 'manualActual');
  await db
    .update(goals)
    .set({
      ...(opts.update.manualActual !== undefined ? { manualActual: opts.update.manualActual } : {}),
      ...(opts.update.closed ? { status: 'closed' as const } : {}),
    })
    .where(and(eq(goals.orgId, row.orgId), eq(goals.id, row.id)));
}

/** Goals as answers show them: the actual from the data, the progress and the SMART check. */
export async function presentGoals(
  db: Db,
  orgId: string,
  rows: readonly GoalRow[],
  today: string,
): Promise<Goal[]> {
  if (rows.length === 0) return [];
  const names = new Map(
    (await listPeopleBrief(db, orgId, { ids: rows.map((r) => r.ownerId) })).map((p) => [p.id, p.name]),
  );
  const out: Goal[] = [];
  for (const r of rows) {
    const kpi = r.kpi ? KPIS[r.kpi as KpiId] : null;
    const { context } = await contextOf(
      db,
      orgId,
      r.ownerId,
      { kpi: r.kpi as KpiId | null, kpiKey: r.kpiKey, parentId: r.parentId },
      today,
    );
    const actual = r.kpi
      ? ((
          await kpiValuesOf(db, {
            orgId,
            ownerId: r.ownerId,
            kpi: r.kpi as KpiId,
            key: r.kpiKey,
            today,
            windowDays: actualWindowDays(r.startOn, today),
          })
        ).own ?? null)
      : r.manualActual;
    const progress =
      r.baseline === null
        ? { expected: null, covered: null, elapsed: 0, status: null }
        : goalProgress({
            baseline: r.baseline,
            target: r.target,
            actual,
            startOn: r.startOn,
            dueOn: r.dueOn,
            today,
          });
    out.push({
      id: r.id,
      owner: { id: r.ownerId, name: names.get(r.ownerId) ?? 'someone who left' },
      ownerKind: r.ownerKind,
      title: r.title,
      kpi: r.kpi,
      kpiKey: r.kpiKey,
      kpiUnit: kpi?.unit ?? null,
      outcome: r.outcome,
      unit: r.unit,
      baseline: r.baseline,
      target: r.target,
      actual,
      startOn: r.startOn,
      dueOn: r.dueOn,
      checkIns: r.checkIns as string[],
      parentId: r.parentId,
      pipId: r.pipId,
      closed: r.status === 'closed',
      progress,
      smart: smartCheck({ ...r, kpi: r.kpi, checkIns: r.checkIns as string[] }, context),
    });
  }
  return out;
}

/** A person's goals (a PIP's expectations included), the open ones first, by due date. */
export async function listGoals(
  db: Db,
  opts: { orgId: string; ownerIds: readonly string[]; today: string; pipId?: string },
) {
  if (opts.ownerIds.length === 0) return [];
  const rows = await db
    .select()
    .from(goals)
    .where(
      and(
        eq(goals.orgId, opts.orgId),
        inArray(goals.ownerId, [...opts.ownerIds]),
        opts.pipId ? eq(goals.pipId, opts.pipId) : undefined,
      ),
    )
    .orderBy(asc(goals.status), asc(goals.dueOn));
  return presentGoals(db, opts.orgId, rows, opts.today);
}

/** Every goal of the organisation, or of a manager's subtree (`touchline goals list`). */
export async function listAllGoals(
  db: Db,
  opts: { orgId: string; managerId?: string | undefined; today: string },
) {
  const owners = opts.managerId
    ? [opts.managerId, ...(await subtreeIds(db, opts.orgId, opts.managerId))]
    : (await listPeopleBrief(db, opts.orgId)).map((p) => p.id);
  return listGoals(db, { orgId: opts.orgId, ownerIds: owners, today: opts.today });
}

/** A manager's team goals with what rolls up into them, and each rep's goals by status. */
export async function goalRollup(
  db: Db,
  opts: { orgId: string; managerId: string; today: string },
): Promise<GoalRollup> {
  const below = await subtreeIds(db, opts.orgId, opts.managerId);
  const people = await listPeopleBrief(db, opts.orgId, { ids: below });
  const reps = people.filter((p) => p.role === 'rep').sort((a, b) => a.name.localeCompare(b.name));
  const all = await listGoals(db, {
    orgId: opts.orgId,
    ownerIds: [opts.managerId, ...below],
    today: opts.today,
  });
  const open = all.filter((g) => !g.closed && !g.pipId);
  const teamGoals = open
    .filter((g) => g.ownerKind === 'team')
    .map((g) => ({ ...g, children: open.filter((c) => c.parentId === g.id) }));
  return {
    teamGoals,
    reps: reps.map((r) => {
      const counts = { on_track: 0, at_risk: 0, off_track: 0, done: 0 };
      for (const g of open.filter((x) => x.owner.id === r.id))
        if (g.progress.status) counts[g.progress.status]++;
      return { rep: { id: r.id, name: r.name }, counts };
    }),
  };
}

/** Goals still open with no PIP, for the one-on-one page. */
export async function openGoalsOf(
  db: Db,
  opts: { orgId: string; ownerId: string; today: string },
): Promise<Goal[]> {
  const rows = await db
    .select()
    .from(goals)
    .where(
      and(
        eq(goals.orgId, opts.orgId),
        eq(goals.ownerId, opts.ownerId),
        eq(goals.status, 'active'),
        isNull(goals.pipId),
      ),
    )
    .orderBy(asc(goals.dueOn));
  return presentGoals(db, opts.orgId, rows, opts.today);
}
