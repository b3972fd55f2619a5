import { and, asc, eq, inArray, isNull, lte, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { type Relation, scopeFor } from '../../core/access.js';
import type { Actor } from '../../core/actor.js';
import { conflict, invalid, invalidInput, notFound } from '../../core/errors.js';
import { canHaveReports, ROLE_LABELS, type Role } from '../../core/roles.js';
import type { Db } from '../../db/open.js';
import { passwords, people } from '../../db/schema/people.js';
import { isUniqueViolation, queryRows } from '../../db/sql.js';
import { type Person, PersonCreate, type PersonUpdate, SetPassword } from './contract.js';
import { decoyHash, hashPassword, verifyPassword } from './password.js';
import { relationOf, relationParts, subtreeIds } from './queries.js';

export { type BulkPeopleResult, type PersonRecord, upsertPeople } from './bulk.js';
export { ancestorIds, placeOf, relationOf, subtreeIds } from './queries.js';

const manager = alias(people, 'manager');

/** The one place a people row becomes an API shape: nothing else about a person leaks. */
function selectPeople(db: Db) {
  return db
    .select({
      id: people.id,
      email: people.email,
      name: people.name,
      role: people.role,
      managerId: people.managerId,
      managerName: manager.name,
      team: people.team,
      startDate: people.startDate,
      active: people.active,
      directReports: sql<number>`(select count(*)::int from people r
        where r.org_id = ${people.orgId} and r.manager_id = ${people.id} and r.active)`,
    })
    .from(people)
    .leftJoin(manager, and(eq(manager.orgId, people.orgId), eq(manager.id, people.managerId)));
}

/** Who asks, as far as a people service needs to know; none for the command line (the machine's owner). */
type Asker = Pick<Actor, 'personId' | 'role'>;

export interface ListPeopleOptions {
  orgId: string;
  /** The list is cut to what `person.read` lets the actor see; without one, the whole organisation. */
  actor?: Asker | undefined;
  /** Only this manager's direct reports (their team). */
  managerId?: string | undefined;
  includeInactive?: boolean | undefined;
}

export async function listPeople(db: Db, opts: ListPeopleOptions): Promise<Person[]> {
  const conditions = [eq(people.orgId, opts.orgId)];
  if (!opts.includeInactive) conditions.push(eq(people.active, true));
  if (opts.managerId) conditions.push(eq(people.managerId, opts.managerId));
  const scope = opts.actor ? scopeFor(opts.actor.role, 'person.read') : 'all';
  const actorId = opts.actor?.personId ?? '';
  if (scope === 'nobody') return [];
  if (scope === 'self') conditions.push(eq(people.id, actorId));
  if (scope === 'selfAndBelow') {
    const visible = [actorId, ...(await subtreeIds(db, opts.orgId, actorId))];
    conditions.push(inArray(people.id, visible));
  }
  return selectPeople(db)
    .where(and(...conditions))
    .orderBy(asc(people.name), asc(people.email));
}

/** The reporting line in brief: the active people of an org, without the per-person counts (for large orgs). */
export interface PersonBrief {
  id: string;
  email: string;
  name: string;
  role: Role;
  managerId: string | null;
  startDate: string | null;
}

/**
 * Active people. With `teamsOf`, only those people, their teammates (everyone sharing one of their
 * managers) and those managers: what comparing people with their teams needs, without reading the
 * whole org. With `ids`, exactly those people, whether or not they have left (authors of records).
 */
export async function listPeopleBrief(
  db: Db,
  orgId: string,
  opts: { teamsOf?: readonly string[]; ids?: readonly string[] } = {},
): Promise<PersonBrief[]> {
  const conditions = [
    eq(people.orgId, orgId),
    opts.ids ? inArray(people.id, [...opts.ids]) : eq(people.active, true),
  ];
  if (opts.teamsOf) {
    const ids = sql`${`{${opts.teamsOf.join(',')}}`}::uuid[]`;
    const managers = sql`(select m.manager_id from people m where m.org_id = ${orgId} and m.id = any(${ids}) and m.manager_id is not null)`;
    conditions.push(
      sql`(${people.id} = any(${ids}) or ${people.managerId} in ${managers} or ${people.id} in ${managers})`,
    );
  }
  return db
    .select({
      id: people.id,
      email: people.email,
      name: people.name,
      role: people.role,
      managerId: people.managerId,
      startDate: people.startDate,
    })
    .from(people)
    .where(and(...conditions));
}

export async function getPerson(db: Db, opts: { orgId: string; personId: string }): Promise<Person> {
  const [row] = await selectPeople(db).where(and(eq(people.orgId, opts.orgId), eq(people.id, opts.personId)));
  if (!row) throw notFound('no such person in this organisation');
  return row;
}

export async function findPersonByEmail(
  db: Db,
  opts: { orgId: string; email: string },
): Promise<Person | undefined> {
  const [row] = await selectPeople(db).where(
    and(eq(people.orgId, opts.orgId), eq(people.email, opts.email.trim().toLowerCase())),
  );
  return row;
}

/** Checks that `managerId` can take `personId` (or a new person) as a report. */
async function checkManager(db: Db, orgId: string, managerId: string, personId?: string): Promise<void> {
  const [m] = await db
    .select({ role: people.role, active: people.active, name: people.name })
    .from(people)
    .where(and(eq(people.orgId, orgId), eq(people.id, managerId)));
  if (!m) throw invalid('the chosen manager is not a person of this organisation', 'managerId');
  if (!m.active) throw invalid(`${m.name} is inactive and cannot have people reporting to them`, 'managerId');
  if (!canHaveReports(m.role))
    throw invalid(`${m.name} is a sales rep; reps cannot have people reporting to them`, 'managerId');
  if (personId) {
    if (managerId === personId) throw invalid('a person cannot report to themselves', 'managerId');
    const rel = await relationOf(db, orgId, personId, managerId);
    if (rel === 'below')
      throw invalid(
        `${m.name} reports to this person; that would make a loop in the reporting line`,
        'managerId',
      );
  }
}

export interface AddPersonOptions {
  orgId: string;
  person: PersonCreate;
  /** Resolve the manager by email instead of id (CLI and imports speak in emails). */
  managerEmail?: string | undefined;
}

export async function addPerson(db: Db, opts: AddPersonOptions): Promise<Person> {
  const { orgId } = opts;
  const parsed = PersonCreate.safeParse(opts.person);
  if (!parsed.success) {
    throw invalidInput(parsed.error.issues);
  }
  const data = parsed.data;
  let managerId = data.managerId ?? null;
  if (opts.managerEmail) {
    const m = await findPersonByEmail(db, { orgId, email: opts.managerEmail });
    if (!m) throw invalid(`no person with email ${opts.managerEmail.toLowerCase()} to report to`, 'manager');
    managerId = m.id;
  }
  if (managerId) await checkManager(db, orgId, managerId);
  const hash = data.password ? await hashPassword(data.password) : undefined;
  try {
    const id = await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(people)
        .values({
          orgId,
          email: data.email,
          name: data.name,
          role: data.role,
          managerId,
          team: data.team ?? null,
          startDate: data.startDate ?? null,
        })
        .returning({ id: people.id });
      if (!row) throw new Error('insert returned no row');
      if (hash) await tx.insert(passwords).values({ orgId, personId: row.id, hash });
      return row.id;
    });
    return getPerson(db, { orgId, personId: id });
  } catch (err) {
    if (isUniqueViolation(err))
      throw conflict(`${data.email} is already a person of this organisation`, 'email');
    throw err;
  }
}

export interface UpdatePersonOptions {
  orgId: string;
  /** Who asks, when a person does (not the CLI): an admin may not deactivate themself. */
  actor?: Asker | undefined;
  personId: string;
  patch: PersonUpdate;
}

async function activeAdminCount(db: Db, orgId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(people)
    .where(and(eq(people.orgId, orgId), eq(people.role, 'admin'), eq(people.active, true)));
  return row?.n ?? 0;
}

export async function updatePerson(db: Db, opts: UpdatePersonOptions): Promise<Person> {
  const { orgId, personId: id, patch } = opts;
  const current = await getPerson(db, { orgId, personId: id });
  const role: Role = patch.role ?? current.role;
  const active = patch.active ?? current.active;
  if (patch.managerId) await checkManager(db, orgId, patch.managerId, id);
  const losesReports = !canHaveReports(role) || !active;
  if (losesReports && current.directReports > 0) {
    const why = !active ? 'deactivated' : `made a ${ROLE_LABELS[role].toLowerCase()}`;
    throw invalid(
      `${current.name} has ${current.directReports} active people reporting to them; give them another manager before ${current.name} is ${why}`,
      !active ? 'active' : 'role',
    );
  }
  const stopsBeingAdmin = current.role === 'admin' && current.active && (role !== 'admin' || !active);
  if (stopsBeingAdmin && (await activeAdminCount(db, orgId)) <= 1) {
    throw invalid(
      'this is the only active administrator; make someone else an administrator first',
      !active ? 'active' : 'role',
    );
  }
  if (id === opts.actor?.personId && patch.active === false)
    throw invalid('you cannot deactivate yourself', 'active');
  await db
    .update(people)
    .set({
      ...(patch.name !== undefined && { name: patch.name }),
      ...(patch.role !== undefined && { role: patch.role }),
      ...(patch.managerId !== undefined && { managerId: patch.managerId }),
      ...(patch.team !== undefined && { team: patch.team }),
      ...(patch.startDate !== undefined && { startDate: patch.startDate }),
      ...(patch.active !== undefined && { active: patch.active }),
      // Coming back starts a new active spell: nothing issued before it signs them in again.
      ...(patch.active === true && !current.active && { activeSince: sql`now()` }),
      updatedAt: sql`now()`,
    })
    .where(and(eq(people.orgId, orgId), eq(people.id, id)));
  return getPerson(db, { orgId, personId: id });
}

export async function setPassword(
  db: Db,
  opts: { orgId: string; personId: string; password: string },
): Promise<void> {
  const { orgId, personId, password } = opts;
  const checked = SetPassword.safeParse({ password });
  if (!checked.success)
    throw invalid(`password: ${checked.error.issues[0]?.message ?? 'not accepted'}`, 'password');
  await getPerson(db, { orgId, personId });
  const hash = await hashPassword(password);
  await db
    .insert(passwords)
    .values({ orgId, personId, hash })
    .onConflictDoUpdate({
      target: [passwords.orgId, passwords.personId],
      set: { hash, updatedAt: sql`now()` },
    });
}

export interface Identity {
  orgId: string;
  personId: string;
  email: string;
  name: string;
  role: Role;
}

/**
 * The active person behind a session or token, or undefined when they were deactivated or removed —
 * or when the credential was issued (`issuedAt`) before their current active spell began.
 */
export async function activeIdentity(
  db: Db,
  opts: { orgId: string; personId: string; issuedAt?: Date | undefined },
): Promise<Identity | undefined> {
  const { orgId, personId, issuedAt } = opts;
  const current = issuedAt ? or(isNull(people.activeSince), lte(people.activeSince, issuedAt)) : undefined;
  const [row] = await db
    .select({
      orgId: people.orgId,
      personId: people.id,
      email: people.email,
      name: people.name,
      role: people.role,
    })
    .from(people)
    .where(and(eq(people.orgId, orgId), eq(people.id, personId), eq(people.active, true), current));
  return row;
}

/**
 * The active person a credential names, read in one query with the credential itself: `credential`
 * is the caller's query of its own table, with columns `person_id` and `issued_at` and any others it
 * wants back (as `credential`, in JSON: timestamps come back as text). Not found when the person was
 * deactivated or removed, or came back after the credential was issued (`activeIdentity`). With
 * `relationTo`, the same query also places that person relative to them (`relationOf`), since most
 * requests about a person need both.
 */
export async function activeIdentityWith<C>(
  db: Db,
  opts: { orgId: string; credential: SQL; relationTo?: string | undefined },
): Promise<(Identity & { credential: C; relation: Relation | undefined }) | undefined> {
  const { orgId, relationTo } = opts;
  const placed = relationTo ? relationParts(orgId, sql`(select person_id from c)`, relationTo) : undefined;
  const [row] = await queryRows<Identity & { credential: C; relation: Relation | null }>(
    db,
    sql`with recursive c as (${opts.credential})${placed ? sql`, ${placed.ctes}` : sql``}
      select p.org_id as "orgId", p.id as "personId", p.email, p.name, p.role, to_jsonb(c) as credential,
        ${placed ? placed.relation : sql`null`} as relation
      from c
      join ${people} p on p.org_id = ${orgId} and p.id = c.person_id
      where p.active and (p.active_since is null or p.active_since <= c.issued_at)`,
  );
  return row ? { ...row, relation: row.relation ?? undefined } : undefined;
}

/**
 * Password checks one sign-in attempt makes, whatever the number of accounts behind its email: an
 * unknown email, one account or two cost the same, so timing tells nobody how many organisations
 * know an email. An email with more accounts than this must name its organisation.
 */
export const SIGN_IN_CHECKS = 2;

export interface CredentialCheck {
  /** The active people whose email and password match (in `orgId` only, when given). */
  matches: Identity[];
  /** More accounts share the email than one attempt checks: the organisation must be named. */
  tooMany: boolean;
}

/** Checks an email and password, always with `SIGN_IN_CHECKS` hash verifications (decoys pad). */
export async function checkCredentials(
  db: Db,
  opts: { email: string; password: string; orgId?: string | undefined },
): Promise<CredentialCheck> {
  const { email, password } = opts;
  const candidates = await db
    .select({
      orgId: people.orgId,
      personId: people.id,
      email: people.email,
      name: people.name,
      role: people.role,
      hash: passwords.hash,
    })
    .from(people)
    .innerJoin(passwords, and(eq(passwords.orgId, people.orgId), eq(passwords.personId, people.id)))
    .where(
      and(
        eq(people.email, email.trim().toLowerCase()),
        eq(people.active, true),
        opts.orgId ? eq(people.orgId, opts.orgId) : undefined,
      ),
    )
    .limit(SIGN_IN_CHECKS + 1);
  const decoy = await decoyHash();
  // Side by side on the thread pool: the same work whatever matched, in the time of one check.
  const checks = await Promise.all(
    Array.from({ length: SIGN_IN_CHECKS }, (_, i) => verifyPassword(password, candidates[i]?.hash ?? decoy)),
  );
  const matches: Identity[] = [];
  for (const [i, ok] of checks.entries()) {
    const candidate = candidates[i];
    if (ok && candidate) {
      const { hash: _, ...identity } = candidate;
      matches.push(identity);
    }
  }
  return { matches, tooMany: candidates.length > SIGN_IN_CHECKS };
}

/**
 * A token that changes whenever anyone of the organisation is added or changed (role, manager, team,
 * start date, active): what is computed from the reporting line can be kept while it stays the same.
 * A text expression, to be asked for in one query with other versions.
 */
export function peopleVersion(orgId: string): SQL<string> {
  return sql<string>`(select count(*)::text || '@' || coalesce(max(updated_at)::text, '-') from people where org_id = ${orgId})`;
}
