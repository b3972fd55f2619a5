import { type SQL, sql } from 'drizzle-orm';
import type { RecordPlace, Relation } from '../../core/access.js';
import type { Db } from '../../db/open.js';
import { queryRows } from '../../db/sql.js';

/** Reporting lines are shallow; this guards the recursion against a cycle that slipped in by hand. */
const MAX_DEPTH = 50;

/** Ids of everyone below `personId` (not including them), at any depth. */
export async function subtreeIds(db: Db, orgId: string, personId: string): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`with recursive below(id, depth) as (
          select id, 1 from people where org_id = ${orgId} and manager_id = ${personId}
          union all
          select p.id, b.depth + 1 from people p join below b on p.org_id = ${orgId} and p.manager_id = b.id
          where b.depth < ${MAX_DEPTH}
        )
        select distinct id from below`,
  );
  return rows.map((r) => r.id);
}

/** The managers above `personId`, nearest first. */
export async function ancestorIds(db: Db, orgId: string, personId: string): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`with recursive up(id, manager_id, depth) as (
          select id, manager_id, 0 from people where org_id = ${orgId} and id = ${personId}
          union all
          select p.id, p.manager_id, u.depth + 1 from people p join up u on p.org_id = ${orgId} and p.id = u.manager_id
          where u.depth < ${MAX_DEPTH}
        )
        select id from up where depth > 0 order by depth`,
  );
  return rows.map((r) => r.id);
}

/**
 * The parts of a query that places `targetId` relative to the actor `actor` (an id, or an expression
 * of the query it joins) in the reporting line: CTEs to put after `with recursive`, and an expression
 * that is null when the target is not a person of this organisation, else its `Relation`.
 */
export function relationParts(orgId: string, actor: SQL, targetId: string): { ctes: SQL; relation: SQL } {
  return {
    ctes: sql`up_target(id, depth) as (
          select manager_id, 1 from people where org_id = ${orgId} and id = ${targetId} and manager_id is not null
          union all
          select p.manager_id, u.depth + 1 from people p join up_target u on p.org_id = ${orgId} and p.id = u.id
          where p.manager_id is not null and u.depth < ${MAX_DEPTH}
        ), up_actor(id, depth) as (
          select manager_id, 1 from people where org_id = ${orgId} and id = ${actor} and manager_id is not null
          union all
          select p.manager_id, u.depth + 1 from people p join up_actor u on p.org_id = ${orgId} and p.id = u.id
          where p.manager_id is not null and u.depth < ${MAX_DEPTH}
        )`,
    relation: sql`case
          when not exists(select 1 from people where org_id = ${orgId} and id = ${targetId}) then null
          when ${actor} = ${targetId}::uuid then 'self'
          when exists(select 1 from up_target where id = ${actor}) then 'below'
          when exists(select 1 from up_actor where id = ${targetId}) then 'above'
          else 'outside' end`,
  };
}

/**
 * Where `targetId` stands relative to `actorId` in the reporting line, or undefined when the target
 * is not a person of this organisation (which callers report as "not found").
 */
export async function relationOf(
  db: Db,
  orgId: string,
  actorId: string,
  targetId: string,
): Promise<Relation | undefined> {
  const { ctes, relation } = relationParts(orgId, sql`${actorId}::uuid`, targetId);
  const [row] = await queryRows<{ relation: Relation | null }>(
    db,
    sql`with recursive ${ctes} select ${relation} as relation`,
  );
  return row?.relation ?? undefined;
}

/**
 * Where a record stands for the access policy (`authorize` in core/access): its organisation and
 * where its owner stands relative to the actor. One query, none when the actor owns it.
 */
export async function placeOf(
  db: Db,
  actor: { orgId: string; personId: string },
  record: { orgId: string; ownerId: string | null },
): Promise<RecordPlace> {
  if (record.orgId !== actor.orgId || record.ownerId === null)
    return { orgId: record.orgId, owner: 'nobody' };
  if (record.ownerId === actor.personId) return { orgId: record.orgId, owner: 'self' };
  const relation = await relationOf(db, actor.orgId, actor.personId, record.ownerId);
  return { orgId: record.orgId, owner: relation ?? 'outside' };
}
