import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { scopeFor } from '../../core/access.js';
import type { Actor } from '../../core/actor.js';
import { checkInDates } from '../../core/improvementPlan.js';
import type { Db } from '../../db/open.js';
import { pipCheckIns, pipEvents, pips } from '../../db/schema/goals.js';
import { listPeopleBrief, subtreeIds } from '../people/service.js';
import type { Pip, PipList } from './contract.js';
import { mayReview, pipFor } from './pips.js';
import { listGoals } from './service.js';

/** Reading improvement plans: one with its whole history, and the list a reader may see. */

/** A plan with its expectations' progress, check-ins and whole history. */
export async function getPip(db: Db, opts: { actor: Actor; pipId: string; today: string }): Promise<Pip> {
  const row = await pipFor(db, opts.actor, opts.pipId, 'pip.read');
  const [checkIns, events, expectations] = await Promise.all([
    db
      .select()
      .from(pipCheckIns)
      .where(and(eq(pipCheckIns.orgId, row.orgId), eq(pipCheckIns.pipId, row.id)))
      .orderBy(asc(pipCheckIns.on)),
    db
      .select()
      .from(pipEvents)
      .where(and(eq(pipEvents.orgId, row.orgId), eq(pipEvents.pipId, row.id)))
      .orderBy(asc(pipEvents.at)),
    listGoals(db, { orgId: row.orgId, ownerIds: [row.repId], today: opts.today, pipId: row.id }),
  ]);
  const ids = [
    row.repId,
    row.managerId,
    row.reviewerId,
    ...checkIns.map((c) => c.authorId),
    ...events.map((e) => e.actorId),
  ].filter((x): x is string => Boolean(x));
  const names = new Map((await listPeopleBrief(db, row.orgId, { ids })).map((p) => [p.id, p.name]));
  const nameOf = (id: string) => names.get(id) ?? 'someone who left';
  const manages = scopeFor(opts.actor.role, 'pip.manage') !== 'nobody' && opts.actor.personId !== row.repId;
  return {
    id: row.id,
    rep: { id: row.repId, name: nameOf(row.repId) },
    manager: { id: row.managerId, name: nameOf(row.managerId) },
    status: row.status,
    concern: row.concern,
    examples: row.examples as Pip['examples'],
    snapshot: row.snapshot as Pip['snapshot'],
    expectations,
    support: row.support as Pip['support'],
    consequences: row.consequences,
    durationDays: row.durationDays,
    checkInEveryDays: row.checkInEveryDays,
    startOn: row.startOn,
    endOn: row.endOn,
    checkInDates: row.startOn && row.endOn ? checkInDates(row.startOn, row.endOn, row.checkInEveryDays) : [],
    reviewer: row.reviewerId ? { id: row.reviewerId, name: nameOf(row.reviewerId) } : null,
    reviewedAt: row.reviewedAt?.toISOString() ?? null,
    acknowledgedAt: row.acknowledgedAt?.toISOString() ?? null,
    repResponse: row.repResponse,
    outcome: row.outcome,
    closedOn: row.closedOn,
    checkIns: checkIns.map((c) => ({ on: c.on, note: c.note, author: nameOf(c.authorId) })),
    events: events.map((e) => ({
      at: e.at.toISOString(),
      actor: e.actorId ? nameOf(e.actorId) : null,
      kind: e.kind,
      detail: e.detail as Record<string, unknown>,
    })),
    can: {
      edit: manages && row.status === 'draft',
      review: row.status === 'in_review' && (await mayReview(db, opts.actor, row)),
      acknowledge:
        opts.actor.personId === row.repId && (row.status === 'active' || row.status === 'extended'),
      manage: manages && row.status !== 'closed',
    },
  };
}

/** The plans the actor may read: their own, those of people below them, every one for an admin. */
export async function listPips(db: Db, opts: { actor: Actor | null; orgId: string }): Promise<PipList> {
  let repIds: string[] | undefined;
  if (opts.actor && opts.actor.role !== 'admin')
    repIds = [opts.actor.personId, ...(await subtreeIds(db, opts.orgId, opts.actor.personId))];
  const rows = await db
    .select()
    .from(pips)
    .where(and(eq(pips.orgId, opts.orgId), repIds ? inArray(pips.repId, repIds) : undefined))
    .orderBy(desc(pips.createdAt));
  const names = new Map(
    (await listPeopleBrief(db, opts.orgId, { ids: rows.flatMap((r) => [r.repId, r.managerId]) })).map((p) => [
      p.id,
      p.name,
    ]),
  );
  return {
    pips: rows.map((r) => ({
      id: r.id,
      rep: { id: r.repId, name: names.get(r.repId) ?? 'someone who left' },
      manager: { id: r.managerId, name: names.get(r.managerId) ?? 'someone who left' },
      status: r.status,
      startOn: r.startOn,
      endOn: r.endOn,
    })),
  };
}
