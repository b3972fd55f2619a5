import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { canHaveReports, ROLE_LABELS, type Role } from '../../core/roles.js';
import type { Db } from '../../db/open.js';
import { people } from '../../db/schema/people.js';
import { PersonCreate } from './contract.js';

/** One person as a file gives them: the manager by email ('' for none). */
export interface PersonRecord {
  email: string;
  name: string;
  role: string;
  managerEmail: string;
  team: string | null;
  startDate: string | null;
}

export interface BulkPeopleResult {
  inserted: number;
  updated: number;
  unchanged: number;
  /** Records refused, by their index in the list, with the field and why (the people rules). */
  refused: {
    index: number;
    field: 'email' | 'name' | 'role' | 'manager' | 'team' | 'startDate';
    reason: string;
  }[];
}

/** Rows per statement when writing: well under PostgreSQL's 65,535 bind parameters. */
const WRITE_CHUNK = 2_000;

const Fields = PersonCreate.pick({ email: true, name: true, role: true, team: true, startDate: true });

interface State {
  id: string;
  email: string;
  name: string;
  role: Role;
  managerEmail: string | null;
  team: string | null;
  startDate: string | null;
  active: boolean;
  existing: boolean;
}

/**
 * Adds and updates many people at once, by email, with the rules each person added one at a time
 * obeys — checked over the whole set in memory: fields as `PersonCreate` says, a manager who is a
 * person (in the list or the organisation), active, and not a rep; no loop in the reporting line;
 * nobody made a rep while people still report to them; the last active administrator stays one. A
 * record that breaks a rule is refused (and what depended on it re-judged); the rest is written in a
 * few statements, in one transaction (or not at all with `dryRun`). People not in the list are left
 * alone. Thousands of people take a second, not a minute.
 */
export async function upsertPeople(
  db: Db,
  opts: { orgId: string; records: readonly PersonRecord[]; dryRun: boolean },
): Promise<BulkPeopleResult> {
  const { orgId } = opts;
  const current = await db
    .select({
      id: people.id,
      email: people.email,
      name: people.name,
      role: people.role,
      managerId: people.managerId,
      team: people.team,
      startDate: people.startDate,
      active: people.active,
    })
    .from(people)
    .where(eq(people.orgId, orgId));
  const emailOf = new Map(current.map((p) => [p.id, p.email]));
  const before = new Map<string, State>(
    current.map((p) => [
      p.email,
      {
        ...p,
        managerEmail: p.managerId ? (emailOf.get(p.managerId) ?? null) : null,
        existing: true,
      },
    ]),
  );
  const refused: BulkPeopleResult['refused'] = [];
  const wanted = new Map<string, { index: number; state: State }>();
  for (const [index, r] of opts.records.entries()) {
    const parsed = Fields.safeParse({
      email: r.email,
      name: r.name,
      role: r.role,
      team: r.team,
      startDate: r.startDate,
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      refused.push({
        index,
        field: (issue?.path[0] as BulkPeopleResult['refused'][number]['field']) ?? 'email',
        reason: issue?.message ?? 'not accepted',
      });
      continue;
    }
    const f = parsed.data;
    const was = before.get(f.email);
    wanted.set(f.email, {
      index,
      state: {
        id: was?.id ?? randomUUID(),
        email: f.email,
        name: f.name,
        role: f.role,
        managerEmail: r.managerEmail.trim().toLowerCase() || null,
        team: f.team ?? null,
        startDate: f.startDate ?? null,
        active: was?.active ?? true,
        existing: Boolean(was),
      },
    });
  }
  // Judge the whole set; a refusal may break what another record relied on, so judge again.
  const refuse = (email: string, field: BulkPeopleResult['refused'][number]['field'], reason: string) => {
    const w = wanted.get(email);
    if (!w) return;
    refused.push({ index: w.index, field, reason });
    wanted.delete(email);
  };
  const stateAfter = () => {
    const after = new Map(before);
    for (const [email, w] of wanted) after.set(email, w.state);
    return after;
  };
  for (let pass = 0; pass < 10; pass++) {
    const refusedBefore = refused.length;
    // First the changes to people others already report to: a manager made a rep while people stay
    // below them is that row's mistake, not theirs.
    let after = stateAfter();
    for (const [email, { state }] of wanted) {
      const was = before.get(email);
      if (!was || canHaveReports(state.role) || !canHaveReports(was.role)) continue;
      const staying = [...after.values()].filter((s) => s.active && s.managerEmail === email).length;
      if (staying > 0)
        refuse(
          email,
          'role',
          `${state.name} has ${staying} people reporting to them; give them another manager before ${state.name} is made a ${ROLE_LABELS[state.role].toLowerCase()}`,
        );
    }
    const admins = (m: Map<string, State>) =>
      [...m.values()].filter((s) => s.active && s.role === 'admin').length;
    if (admins(before) > 0 && admins(stateAfter()) === 0)
      for (const [email, { state }] of wanted)
        if (before.get(email)?.role === 'admin' && state.role !== 'admin')
          refuse(
            email,
            'role',
            'this is the only active administrator; make someone else an administrator first',
          );
    // Then every reporting line the set asks for.
    after = stateAfter();
    for (const [email, { state }] of wanted) {
      const m = state.managerEmail;
      if (!m) continue;
      const manager = after.get(m);
      if (m === email) refuse(email, 'manager', 'a person cannot report to themselves');
      else if (!manager) refuse(email, 'manager', `no person with email ${m} in this file or organisation`);
      else if (!manager.active)
        refuse(email, 'manager', `${manager.name} is inactive and cannot have people reporting to them`);
      else if (!canHaveReports(manager.role))
        refuse(email, 'manager', `${manager.name} is a sales rep; reps cannot have people reporting to them`);
    }
    // Loops: walk up from each changed person; meeting them again means their new manager closes one.
    after = stateAfter();
    for (const [email] of wanted) {
      let at = after.get(email)?.managerEmail ?? null;
      for (let depth = 0; at && depth <= after.size; depth++) {
        if (at === email) {
          refuse(
            email,
            'manager',
            'that manager reports to this person; it would make a loop in the reporting line',
          );
          break;
        }
        at = after.get(at)?.managerEmail ?? null;
      }
    }
    if (refused.length === refusedBefore) break;
  }
  const changed = (s: State) => {
    const was = before.get(s.email);
    return (
      !was ||
      was.name !== s.name ||
      was.role !== s.role ||
      was.team !== s.team ||
      was.startDate !== s.startDate ||
      was.managerEmail !== s.managerEmail
    );
  };
  const states = [...wanted.values()].map((w) => w.state);
  const result = {
    inserted: states.filter((s) => !s.existing).length,
    updated: states.filter((s) => s.existing && changed(s)).length,
    unchanged: states.filter((s) => s.existing && !changed(s)).length,
    refused: refused.sort((a, b) => a.index - b.index),
  };
  if (opts.dryRun) return result;
  const idOf = new Map([...before.values(), ...states].map((s) => [s.email, s.id]));
  const fresh = states.filter((s) => !s.existing);
  const edits = states.filter((s) => s.existing && changed(s));
  await db.transaction(async (tx) => {
    for (let i = 0; i < fresh.length; i += WRITE_CHUNK)
      await tx.insert(people).values(
        fresh.slice(i, i + WRITE_CHUNK).map((s) => ({
          orgId,
          id: s.id,
          email: s.email,
          name: s.name,
          role: s.role,
          team: s.team,
          startDate: s.startDate,
        })),
      );
    // Managers after everyone exists: a file may name a manager further down.
    const rows = [...fresh, ...edits];
    for (let i = 0; i < rows.length; i += WRITE_CHUNK) {
      const values = rows
        .slice(i, i + WRITE_CHUNK)
        .map(
          (s) =>
            sql`(${s.id}::uuid, ${s.name}, ${s.role}::role, ${s.team}, ${s.startDate}::date, ${
              s.managerEmail ? (idOf.get(s.managerEmail) ?? null) : null
            }::uuid)`,
        );
      await tx.execute(sql`update ${people} p set name = v.name, role = v.role, team = v.team,
          start_date = v.start_date, manager_id = v.manager_id, updated_at = now()
        from (values ${sql.join(values, sql`, `)}) as v(id, name, role, team, start_date, manager_id)
        where p.org_id = ${orgId} and p.id = v.id`);
    }
  });
  return result;
}
