import type { Role } from '../../../core/roles.js';

/** A row of Salesforce's `User.csv`, the fields Touchline reads (lower-cased keys). */
export interface SalesforceUser {
  id: string;
  email: string;
  name: string;
  active: boolean;
  managerId: string;
  roleId: string;
  /** `Standard` for people with a Salesforce licence; others are automation, integrations, portals. */
  userType: string;
}

/** Someone already in the organisation, as the plan needs them. */
export interface ExistingPerson {
  email: string;
  role: Role;
  managerEmail: string | null;
  team: string | null;
  startDate: string | null;
}

/** A person to write (the people import's columns) and where they came from. */
export interface PlannedPerson {
  email: string;
  name: string;
  role: Role;
  managerEmail: string;
  /** The Salesforce user ids this person stands for (a repeated email gives several). */
  userIds: string[];
  /** Already in the organisation (matched by email): their role stays as it is there. */
  existing: boolean;
  /** What a CRM's users do not say, kept as the organisation has it (empty for a new person). */
  team: string;
  startDate: string;
}

export interface PeoplePlan {
  people: PlannedPerson[];
  /** Salesforce user id (lower-cased) → the email of the person their records go to. */
  owners: Map<string, string>;
  /** Users left out, and why, in words. */
  skipped: { user: string; reason: string }[];
  /** Emails more than one user has: who won, and who else. */
  clashes: { email: string; kept: string; others: string[] }[];
}

/** Role names that make a user a manager of reps (Salesforce roles are the company's own words). */
const MANAGER_ROLE =
  /\b(manager|director|head|lead|vp|vice president|chief|cro|supervisor|gerente|jefe|directeur|leiter)\b/i;

/**
 * Which Salesforce users become people, with what role and manager. Users who own records (any
 * opportunity, task or event) are the sales team: reps, unless their role's name says they manage;
 * users others report to are managers (leaders when managers report to them). Users who are not
 * `Standard` licence holders (automated process, integration, portal) are left out unless they own
 * records; standard users who neither own records nor manage anyone are left out too (admins,
 * finance). An email several users share goes to the one who owns records (else the active one,
 * else the first), and every user id with that email maps to that person. People already in the
 * organisation keep their role; an empty `ManagerId` keeps the manager they have.
 */
export function planSalesforcePeople(
  users: readonly SalesforceUser[],
  opts: {
    roleNames: ReadonlyMap<string, string>;
    /** Lower-cased user ids → how many records they own. */
    owns: ReadonlyMap<string, number>;
    existing: ReadonlyMap<string, ExistingPerson>;
  },
): PeoplePlan {
  const key = (id: string) => id.trim().toLowerCase();
  const owned = (u: SalesforceUser) => (opts.owns.get(key(u.id)) ?? 0) > 0;
  const reportsTo = new Map<string, SalesforceUser[]>();
  for (const u of users)
    if (u.managerId) reportsTo.set(key(u.managerId), [...(reportsTo.get(key(u.managerId)) ?? []), u]);
  const skipped: PeoplePlan['skipped'] = [];
  const label = (u: SalesforceUser) => `${u.name || u.id} (${u.id})`;
  // Who is in: owners, and the managers above them.
  const inTeam = new Set<string>();
  const byId = new Map(users.map((u) => [key(u.id), u]));
  for (const u of users) {
    if (!owned(u)) continue;
    let at: SalesforceUser | undefined = u;
    for (let depth = 0; at && depth < 50 && !inTeam.has(key(at.id)); depth++) {
      inTeam.add(key(at.id));
      at = at.managerId ? byId.get(key(at.managerId)) : undefined;
    }
  }
  const candidates: SalesforceUser[] = [];
  const teamEmails = new Set(
    users.filter((u) => inTeam.has(key(u.id))).map((u) => u.email.trim().toLowerCase()),
  );
  for (const u of users) {
    if (!u.email) {
      skipped.push({ user: label(u), reason: 'has no email' });
      continue;
    }
    if (inTeam.has(key(u.id))) candidates.push(u);
    else if (teamEmails.has(u.email.trim().toLowerCase()))
      skipped.push({ user: label(u), reason: `owns no records; another user with ${u.email} is imported` });
    else if (u.userType && u.userType.toLowerCase() !== 'standard')
      skipped.push({ user: label(u), reason: `user type ${u.userType}, owns no records` });
    else
      skipped.push({
        user: label(u),
        reason: 'owns no opportunities or activities and manages no one who does',
      });
  }
  // One person per email: the user who owns records wins, then the active one, then the first.
  const byEmail = new Map<string, SalesforceUser[]>();
  for (const u of candidates) {
    const email = u.email.trim().toLowerCase();
    byEmail.set(email, [...(byEmail.get(email) ?? []), u]);
  }
  const clashes: PeoplePlan['clashes'] = [];
  const owners = new Map<string, string>();
  const chosen = new Map<string, SalesforceUser>();
  for (const [email, same] of byEmail) {
    const ranked = [...same].sort(
      (a, b) => Number(owned(b)) - Number(owned(a)) || Number(b.active) - Number(a.active),
    );
    const kept = ranked[0] as SalesforceUser;
    chosen.set(email, kept);
    for (const u of same) owners.set(key(u.id), email);
    if (same.length > 1) clashes.push({ email, kept: label(kept), others: ranked.slice(1).map(label) });
  }
  const emailOf = (id: string) => owners.get(key(id));
  const people: PlannedPerson[] = [];
  for (const [email, u] of chosen) {
    const existing = opts.existing.get(email);
    const reports = byEmail.get(email)?.flatMap((s) => reportsTo.get(key(s.id)) ?? []) ?? [];
    const teamReports = reports.filter((r) => inTeam.has(key(r.id)));
    const managesManagers = teamReports.some((r) =>
      (reportsTo.get(key(r.id)) ?? []).some((x) => inTeam.has(key(x.id))),
    );
    const roleName = opts.roleNames.get(key(u.roleId)) ?? '';
    const derived: Role =
      teamReports.length > 0
        ? managesManagers
          ? 'leader'
          : 'manager'
        : owned(u) && MANAGER_ROLE.test(roleName)
          ? 'manager'
          : 'rep';
    const manager = u.managerId ? emailOf(u.managerId) : undefined;
    people.push({
      email,
      name: u.name || email,
      role: existing?.role ?? derived,
      managerEmail: manager && manager !== email ? manager : (existing?.managerEmail ?? ''),
      userIds: (byEmail.get(email) ?? []).map((s) => s.id),
      existing: Boolean(existing),
      team: existing?.team ?? '',
      startDate: existing?.startDate ?? '',
    });
  }
  return { people, owners, skipped, clashes };
}
