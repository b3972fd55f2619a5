import { sql } from 'drizzle-orm';
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
 * Where `targetId` stands relative to `actorId` in the reporting line, or undefined when the target
 * is not a person of this organisation (which callers report as "not found").
 */
export async function relationOf(
  db: Db,
  orgId: string,
  actorId: string,
  targetId: string,
): Promise<Relation | undefined> {
  const rows = await queryRows<{ exists: boolean; below: boolean; above: boolean }>(
    db,
    sql`with recursive up_target(id, depth) as (
          select manager_id, 1 from people where org_id = ${orgId} and id = ${targetId} and manager_id is not null
          union all
          select p.manager_id, u.depth + 1 from people p join up_target u on p.org_id = ${orgId} and p.id = u.id
          where p.manager_id is not null and u.depth < ${MAX_DEPTH}
        ), up_actor(id, depth) as (
          select manager_id, 1 from people where org_id = ${orgId} and id = ${actorId} and manager_id is not null
          union all
          select p.manager_id, u.depth + 1 from people p join up_actor u on p.org_id = ${orgId} and p.id = u.id
          where p.manager_id is not null and u.depth < ${MAX_DEPTH}
        )
        select
          exists(select 1 from people where org_id = ${orgId} and id = ${targetId}) as exists,
          exists(select 1 from up_target where id = ${actorId}) as below,
          exists(select 1 from up_actor where id = ${targetId}) as above`,
  );
  const row = rows[0];
  if (!row?.exists) return undefined;
  if (actorId === targetId) return 'self';
  if (row.below) return 'below';
  if (row.above) return 'above';
  return 'outside';
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
