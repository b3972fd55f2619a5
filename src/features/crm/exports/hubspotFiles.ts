import { basename, extname } from 'node:path';
import { AppError } from '../../../core/errors.js';
import { makeAdapter } from '../import/adapt.js';
import { readCsvRecords } from '../import/csv.js';
import type { ExportStage } from './funnelPlan.js';
import type { SalesforceUser } from './salesforcePeople.js';
import { type ExportEncoding, openDecoded, type Row } from './source.js';

/**
 * The files of a HubSpot export Touchline reads, recognised by name: HubSpot names its exports
 * `hubspot-crm-exports-all-deals-2026-11-30.csv`, people save them as `deals.csv`. One file per
 * engagement type (calls, meetings, emails, tasks, notes) or one of all activities. Earlier patterns
 * win: `deal-pipelines.csv` is the pipelines, not the deals.
 */
export const HUBSPOT_FILES = [
  { object: 'Pipelines', pattern: /pipeline|deal.?stage/, required: false },
  { object: 'Deals', pattern: /deal/, required: true },
  { object: 'Users', pattern: /user|owner/, required: true },
  { object: 'Calls', pattern: /call/, required: false, type: 'call' },
  { object: 'Meetings', pattern: /meeting/, required: false, type: 'meeting' },
  { object: 'Emails', pattern: /e-?mail/, required: false, type: 'email' },
  { object: 'Tasks', pattern: /task/, required: false, type: 'task' },
  { object: 'Notes', pattern: /note/, required: false, type: 'note' },
  { object: 'Activities', pattern: /activit|engagement/, required: false },
] as const;
export type HubspotObject = (typeof HUBSPOT_FILES)[number]['object'];

/** The engagement files, in the order they are imported. */
export const HUBSPOT_ACTIVITY_FILES = HUBSPOT_FILES.filter(
  (f) => f.object !== 'Pipelines' && f.object !== 'Deals' && f.object !== 'Users',
);

/** What each missing optional file means for the import, in words. */
export function hubspotMissingMeans(object: HubspotObject): string {
  if (object === 'Pipelines') return 'the stage order is read from when deals entered each stage';
  return `no ${object.toLowerCase()} are imported as activities`;
}

/**
 * Which object each CSV of the export is. A second file of an object is reported, not read; files
 * of objects Touchline does not read (contacts, companies) are listed as such.
 */
export function classifyHubspotFiles(paths: Iterable<string>): {
  found: Map<HubspotObject, string>;
  ignored: string[];
} {
  const found = new Map<HubspotObject, string>();
  const ignored: string[] = [];
  for (const path of [...paths].sort()) {
    const name = basename(path, extname(path)).toLowerCase();
    const hit = HUBSPOT_FILES.find((f) => f.pattern.test(name));
    if (hit && !found.has(hit.object)) found.set(hit.object, path);
    else ignored.push(basename(path));
  }
  return { found, ignored };
}

/** Columns the users file must have one of each. */
const USER_COLUMNS = {
  email: ['email', 'user email', 'email address'],
  id: ['user id', 'owner id', 'id', 'hubspot user id'],
  first: ['first name', 'firstname'],
  last: ['last name', 'lastname'],
  name: ['name', 'full name', 'owner name', 'user'],
  role: ['role', 'permission set', 'job title', 'title'],
  team: ['primary team', 'team', 'teams'],
} as const;

/** Reads the header of a file and refuses it when empty or when the import cannot read it. */
export async function checkHubspotHeader(
  object: HubspotObject,
  path: string,
  encoding: ExportEncoding,
  defaultType: string | undefined,
): Promise<void> {
  const name = basename(path);
  let header: string[] | undefined;
  for await (const batch of readCsvRecords(openDecoded(path, encoding), name)) {
    header = batch[0]?.fields;
    if (header) break;
  }
  if (!header) throw new AppError('invalid', `${name}: the file is empty (no header row)`);
  const have = new Set(header.map((h) => h.trim().toLowerCase()));
  const refuse = (what: string) =>
    new AppError('invalid', `${name}: ${what}; the header has ${header?.join(', ')}`);
  if (object === 'Deals') {
    makeAdapter('opportunities', name, { format: 'hubspot' }).readHeader(header);
    return;
  }
  if (object === 'Users') {
    if (!USER_COLUMNS.email.some((c) => have.has(c))) throw refuse('no Email column');
    const named =
      USER_COLUMNS.name.some((c) => have.has(c)) ||
      (USER_COLUMNS.first.some((c) => have.has(c)) && USER_COLUMNS.last.some((c) => have.has(c)));
    if (!named) throw refuse('no name column (First Name and Last Name, or Name)');
    return;
  }
  if (object === 'Pipelines') {
    if (!have.has('pipeline') || !STAGE_NAME.some((c) => have.has(c)))
      throw refuse('a pipelines file needs the columns Pipeline and Stage');
    return;
  }
  makeAdapter('activities', name, { format: 'hubspot', ...(defaultType && { defaultType }) }).readHeader(
    header,
  );
}

const first = (r: Row, columns: readonly string[]) => {
  for (const c of columns) {
    const v = r[c]?.trim();
    if (v) return v;
  }
  return '';
};
const yes = (v: string) => /^(true|1|yes)$/i.test(v.trim());

/** A HubSpot user: its name, email and id, the role and team it says, whether it is deactivated. */
export interface HubspotUser {
  id: string;
  email: string;
  name: string;
  role: string;
  team: string;
  active: boolean;
}

export function hubspotUserOf(r: Row): HubspotUser {
  const email = first(r, USER_COLUMNS.email).toLowerCase();
  const status = (r.status ?? '').trim().toLowerCase();
  return {
    id: first(r, USER_COLUMNS.id) || email,
    email,
    name:
      first(r, USER_COLUMNS.name) ||
      `${first(r, USER_COLUMNS.first)} ${first(r, USER_COLUMNS.last)}`.trim() ||
      email,
    role: first(r, USER_COLUMNS.role),
    // "Teams" may list several; the first is the user's own.
    team: (first(r, USER_COLUMNS.team).split(/[;,]/)[0] ?? '').trim(),
    active: !(yes(r.deactivated ?? '') || yes(r.archived ?? '') || status === 'deactivated'),
  };
}

/** Role names that make a user a manager (HubSpot roles and permission sets are the company's words). */
export const HUBSPOT_MANAGER_ROLE =
  /\b(manager|director|head|lead|vp|vice president|chief|cro|supervisor|gerente|jefe|directeur|leiter)\b/i;

/**
 * HubSpot users as the people plan reads users. HubSpot has no "reports to": a team with exactly one
 * member whose role says manager gives the team's other members that manager.
 */
export function asPlannedUsers(users: readonly HubspotUser[]): SalesforceUser[] {
  const byTeam = new Map<string, HubspotUser[]>();
  for (const u of users)
    if (u.team) byTeam.set(u.team.toLowerCase(), [...(byTeam.get(u.team.toLowerCase()) ?? []), u]);
  const managerOf = new Map<string, string>();
  for (const members of byTeam.values()) {
    const managers = members.filter((m) => HUBSPOT_MANAGER_ROLE.test(m.role));
    if (managers.length !== 1) continue;
    const boss = managers[0] as HubspotUser;
    for (const m of members) if (m !== boss) managerOf.set(m.id, boss.id);
  }
  return users.map((u) => ({
    id: u.id,
    email: u.email,
    name: u.name,
    active: u.active,
    managerId: managerOf.get(u.id) ?? '',
    roleId: u.role,
    userType: '',
  }));
}

/**
 * Every way the export names a user as an owner, lower-cased, to the user's id: the id, the email,
 * the name, and "Name (email)". Names several users share are left out and returned, for a warning.
 */
export function ownerKeys(users: readonly HubspotUser[]): { keys: Map<string, string>; shared: string[] } {
  const keys = new Map<string, string>();
  const byName = new Map<string, HubspotUser[]>();
  for (const u of users) {
    byName.set(u.name.toLowerCase(), [...(byName.get(u.name.toLowerCase()) ?? []), u]);
    keys.set(u.id.toLowerCase(), u.id);
    if (u.email) {
      keys.set(u.email, u.id);
      keys.set(`${u.name} (${u.email})`.toLowerCase(), u.id);
    }
  }
  const shared: string[] = [];
  for (const [name, same] of byName) {
    const emails = new Set(same.map((u) => u.email));
    if (emails.size > 1) shared.push(same[0]?.name ?? name);
    else if (same[0]) keys.set(name, same[0].id);
  }
  return { keys, shared };
}

const STAGE_NAME = ['stage', 'stage label', 'label', 'deal stage'];

/**
 * The stages of one pipeline from a pipelines file (Pipeline, Stage, Display order, and Probability
 * or Is closed / Is won): probability 1 is won, 0 on a closed stage is lost.
 */
export function pipelineStages(rows: readonly Row[], pipeline: string): ExportStage[] {
  return rows
    .filter((r) => (r.pipeline ?? '').trim().toLowerCase() === pipeline.toLowerCase())
    .map((r, i) => {
      // An empty cell is no figure at all (Number('') would read it as 0: closed lost).
      const number = (columns: readonly string[]) => {
        const text = first(r, columns);
        const n = Number(text);
        return text && Number.isFinite(n) ? n : undefined;
      };
      const probability = number(['probability', 'win probability', 'deal probability']);
      const closedText = first(r, ['is closed', 'closed']);
      const closed = closedText ? yes(closedText) : probability === 0 || probability === 1;
      const wonText = first(r, ['is won', 'is closed won', 'closed won']);
      return {
        name: first(r, STAGE_NAME),
        order: number(['display order', 'order', 'position', 'sort order']) ?? i,
        closed,
        won: closed && (wonText ? yes(wonText) : probability === 1),
        active: true,
      };
    })
    .filter((s) => s.name);
}
