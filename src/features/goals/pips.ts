import { and, eq } from 'drizzle-orm';
import { authorize, type RuleName } from '../../core/access.js';
import type { Actor } from '../../core/actor.js';
import { AppError, conflict, invalid, notFound } from '../../core/errors.js';
import { addDays, checkInDates, NEXT, type PipStep, refusal } from '../../core/improvementPlan.js';
import { DEFAULT_MEETING_KPIS, type KpiId } from '../../core/kpis.js';
import { snapshotRows } from '../../core/meetingSnapshot.js';
import type { Db } from '../../db/open.js';
import { goals, pipCheckIns, pipEvents, pips } from '../../db/schema/goals.js';
import type { RepDiagnosis } from '../diagnosis/contract.js';
import { diagnoseReps } from '../diagnosis/service.js';
import { getPerson, placeOf, relationOf } from '../people/service.js';
import type { PipDraft } from './contract.js';
import { setGoal } from './service.js';

/**
 * Performance improvement plans. Every change is appended to `pip_events` in the same transaction
 * as the change itself (the table refuses updates and deletes). A plan is written by a manager above
 * the rep, reviewed by someone above that manager (or an admin), acknowledged by the rep.
 */

type PipRow = typeof pips.$inferSelect;
type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

async function appendEvent(
  tx: Db | Tx,
  row: Pick<PipRow, 'orgId' | 'id'>,
  actorId: string | null,
  kind: string,
  detail: Record<string, unknown>,
  at: Date,
) {
  await tx.insert(pipEvents).values({ orgId: row.orgId, pipId: row.id, actorId, kind, detail, at });
}

/** The rep's KPIs when the plan is written, beside their team's median: the objective evidence. */
async function snapshotOf(db: Db, orgId: string, repId: string, today: string) {
  const person = await getPerson(db, { orgId, personId: repId });
  const diagnosis = await diagnoseReps(db, {
    orgId,
    target: person.managerId ? { managerId: person.managerId } : { repId },
    asOf: new Date(`${today}T12:00:00Z`),
  });
  const rep = diagnosis.reps.find((r) => r.id === repId);
  const values = (d: RepDiagnosis) => d.kpis.map((k) => ({ ...k, kpi: k.kpi as KpiId }));
  const team = diagnosis.reps.filter((r) => r.manager === rep?.manager);
  const rows = rep ? snapshotRows(DEFAULT_MEETING_KPIS, values(rep), team.map(values)) : [];
  return {
    asOf: diagnosis.asOf,
    rows: rows.map((r) => ({ name: r.name, unit: r.unit, value: r.value, team: r.team })),
  };
}

/** Writes a draft for a rep below the actor, with its expectations as goals of the plan. */
export async function startPip(
  db: Db,
  opts: { actor: Actor; repId: string; draft: PipDraft; today: string; now: Date },
): Promise<string> {
  const rep = await getPerson(db, { orgId: opts.actor.orgId, personId: opts.repId });
  if (rep.role !== 'rep')
    throw invalid(`${rep.name} is a ${rep.role}; improvement plans are for reps`, 'personId');
  if (rep.id === opts.actor.personId) throw invalid('a plan is for someone who reports to you', 'personId');
  const snapshot = await snapshotOf(db, opts.actor.orgId, rep.id, opts.today);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(pips)
      .values({
        orgId: opts.actor.orgId,
        repId: rep.id,
        managerId: opts.actor.personId,
        status: 'draft',
        concern: opts.draft.concern,
        examples: opts.draft.examples,
        snapshot,
        support: opts.draft.support,
        consequences: opts.draft.consequences,
        durationDays: opts.draft.durationDays,
        checkInEveryDays: opts.draft.checkInEveryDays,
        createdAt: opts.now,
      })
      .returning();
    if (!row) throw new Error('startPip: the insert returned no row');
    await setExpectations(tx, opts.actor, row, opts.draft, opts.today);
    await appendEvent(tx, row, opts.actor.personId, 'drafted', { draft: opts.draft }, opts.now);
    return row.id;
  });
}

/** The expectations as goals of the plan, due at its end (replacing a draft's earlier ones). */
async function setExpectations(tx: Db | Tx, actor: Actor, row: PipRow, draft: PipDraft, today: string) {
  await tx.delete(goals).where(and(eq(goals.orgId, row.orgId), eq(goals.pipId, row.id)));
  const dueOn = addDays(row.startOn ?? today, draft.durationDays);
  for (const e of draft.expectations)
    await setGoal(tx as Db, {
      actor,
      ownerId: row.repId,
      pipId: row.id,
      today,
      input: {
        title: e.title,
        kpi: e.kpi,
        kpiKey: e.kpiKey ?? null,
        target: e.target,
        startOn: row.startOn ?? today,
        dueOn,
        checkIns: checkInDates(row.startOn ?? today, dueOn, draft.checkInEveryDays).filter((d) => d < dueOn),
      },
    });
}

/** Loads a plan and checks the actor may apply `rule` to it (its owner is the rep). */
export async function pipFor(db: Db, actor: Actor, pipId: string, rule: RuleName): Promise<PipRow> {
  const [row] = await db
    .select()
    .from(pips)
    .where(and(eq(pips.orgId, actor.orgId), eq(pips.id, pipId)));
  if (!row) throw notFound('No such improvement plan in your organisation.');
  authorize(actor, rule, await placeOf(db, actor, { orgId: row.orgId, ownerId: row.repId }));
  if ((rule === 'pip.manage' || rule === 'pip.review') && actor.personId === row.repId)
    throw new AppError('forbidden', 'Nobody manages or reviews their own improvement plan.');
  return row;
}

function requireStep(row: PipRow, step: PipStep): void {
  const why = refusal(row.status, step);
  if (why) throw conflict(why);
}

/** May the actor review this plan: an admin, or someone above its manager — never its author. */
export async function mayReview(db: Db, actor: Actor, row: PipRow): Promise<boolean> {
  if (actor.personId === row.managerId || actor.personId === row.repId) return false;
  if (actor.role === 'admin') return true;
  return (await relationOf(db, actor.orgId, actor.personId, row.managerId)) === 'below';
}

export async function editPip(
  db: Db,
  opts: { actor: Actor; pipId: string; draft: PipDraft; today: string; now: Date },
) {
  const row = await pipFor(db, opts.actor, opts.pipId, 'pip.manage');
  requireStep(row, 'edit');
  await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(pips)
      .set({
        concern: opts.draft.concern,
        examples: opts.draft.examples,
        support: opts.draft.support,
        consequences: opts.draft.consequences,
        durationDays: opts.draft.durationDays,
        checkInEveryDays: opts.draft.checkInEveryDays,
      })
      .where(and(eq(pips.orgId, row.orgId), eq(pips.id, row.id)))
      .returning();
    if (!updated) throw notFound('No such improvement plan in your organisation.');
    await setExpectations(tx, opts.actor, updated, opts.draft, opts.today);
    await appendEvent(tx, row, opts.actor.personId, 'edited', { draft: opts.draft }, opts.now);
  });
}

/** One step of the plan's life, with its event, in one transaction. */
async function step(
  db: Db,
  row: PipRow,
  actor: Actor,
  s: PipStep,
  set: Partial<typeof pips.$inferInsert>,
  detail: Record<string, unknown>,
  now: Date,
) {
  requireStep(row, s);
  await db.transaction(async (tx) => {
    const moved = await tx
      .update(pips)
      .set({ ...set, ...(NEXT[s] ? { status: NEXT[s] } : {}) })
      .where(and(eq(pips.orgId, row.orgId), eq(pips.id, row.id), eq(pips.status, row.status)))
      .returning({ id: pips.id });
    if (moved.length === 0) throw conflict('The plan changed meanwhile: reload it and try again.');
    await appendEvent(tx, row, actor.personId, s, detail, now);
  });
}

export async function submitPip(db: Db, opts: { actor: Actor; pipId: string; now: Date }) {
  const row = await pipFor(db, opts.actor, opts.pipId, 'pip.manage');
  await step(db, row, opts.actor, 'submit', {}, {}, opts.now);
}

/** The second pair of eyes: approve (the plan starts today) or send it back with what to change. */
export async function reviewPip(
  db: Db,
  opts: {
    actor: Actor;
    pipId: string;
    approve: boolean;
    note?: string | undefined;
    today: string;
    now: Date;
  },
) {
  const row = await pipFor(db, opts.actor, opts.pipId, 'pip.review');
  if (!(await mayReview(db, opts.actor, row)))
    throw new AppError(
      'forbidden',
      'A plan is reviewed by someone above its manager, or by an admin — not by its author.',
    );
  if (!opts.approve) {
    if (!opts.note?.trim()) throw invalid('say what to change when sending the plan back', 'note');
    await step(db, row, opts.actor, 'send_back', {}, { note: opts.note }, opts.now);
    return;
  }
  const endOn = addDays(opts.today, row.durationDays);
  await step(
    db,
    row,
    opts.actor,
    'approve',
    { startOn: opts.today, endOn, reviewerId: opts.actor.personId, reviewedAt: opts.now },
    { note: opts.note ?? null, startOn: opts.today, endOn },
    opts.now,
  );
  // The expectations run from the start to the end.
  await db
    .update(goals)
    .set({
      startOn: opts.today,
      dueOn: endOn,
      checkIns: checkInDates(opts.today, endOn, row.checkInEveryDays).filter((d) => d < endOn),
    })
    .where(and(eq(goals.orgId, row.orgId), eq(goals.pipId, row.id)));
}

/** The rep says they received the plan (not that they agree), and may answer it in writing. */
export async function acknowledgePip(
  db: Db,
  opts: { actor: Actor; pipId: string; response?: string | undefined; now: Date },
) {
  const row = await pipFor(db, opts.actor, opts.pipId, 'pip.acknowledge');
  if (row.acknowledgedAt && !opts.response) return;
  await step(
    db,
    row,
    opts.actor,
    'acknowledge',
    {
      acknowledgedAt: row.acknowledgedAt ?? opts.now,
      ...(opts.response ? { repResponse: opts.response } : {}),
    },
    { response: opts.response ?? null },
    opts.now,
  );
}

export async function checkInPip(
  db: Db,
  opts: { actor: Actor; pipId: string; on: string; note: string; now: Date },
) {
  const row = await pipFor(db, opts.actor, opts.pipId, 'pip.manage');
  requireStep(row, 'check_in');
  if (row.startOn && opts.on < row.startOn)
    throw invalid('a check-in falls on or after the plan’s start', 'on');
  await db.transaction(async (tx) => {
    await tx.insert(pipCheckIns).values({
      orgId: row.orgId,
      pipId: row.id,
      on: opts.on,
      note: opts.note,
      authorId: opts.actor.personId,
    });
    await appendEvent(tx, row, opts.actor.personId, 'check_in', { on: opts.on, note: opts.note }, opts.now);
  });
}

export async function extendPip(
  db: Db,
  opts: { actor: Actor; pipId: string; days: number; reason: string; now: Date },
) {
  const row = await pipFor(db, opts.actor, opts.pipId, 'pip.manage');
  const endOn = addDays(row.endOn ?? '', opts.days);
  await step(
    db,
    row,
    opts.actor,
    'extend',
    { endOn },
    { days: opts.days, reason: opts.reason, endOn },
    opts.now,
  );
  await db
    .update(goals)
    .set({ dueOn: endOn })
    .where(and(eq(goals.orgId, row.orgId), eq(goals.pipId, row.id)));
}

export async function closePip(
  db: Db,
  opts: {
    actor: Actor;
    pipId: string;
    outcome: NonNullable<PipRow['outcome']>;
    note: string;
    today: string;
    now: Date;
  },
) {
  const row = await pipFor(db, opts.actor, opts.pipId, 'pip.manage');
  if ((row.status === 'draft' || row.status === 'in_review') && opts.outcome !== 'withdrawn')
    throw invalid('a plan that never started can only be withdrawn', 'outcome');
  await step(
    db,
    row,
    opts.actor,
    'close',
    { outcome: opts.outcome, closedOn: opts.today },
    { outcome: opts.outcome, note: opts.note },
    opts.now,
  );
  await db
    .update(goals)
    .set({ status: 'closed' })
    .where(and(eq(goals.orgId, row.orgId), eq(goals.pipId, row.id)));
}
