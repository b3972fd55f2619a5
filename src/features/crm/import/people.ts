import type { Readable } from 'node:stream';
import { AppError } from '../../../core/errors.js';
import { isRole, ROLES } from '../../../core/roles.js';
import type { Db } from '../../../db/open.js';
import type { Person } from '../../people/contract.js';
import { addPerson, listPeople, updatePerson } from '../../people/service.js';
import { emptySummary, type ImportSummary, PEOPLE_HEADER, type Reject } from '../contract.js';
import { NUL_REASON, readCsvRecords } from './csv.js';

export const PEOPLE_COLUMNS = PEOPLE_HEADER.columns;

interface PersonRow {
  line: number;
  email: string;
  name: string;
  role: Person['role'];
  managerEmail: string;
  team: string | null;
  startDate: string | null;
}

/** The column an AppError's field path refers to, in the file's words. */
function columnOf(path: string | undefined): string {
  const map: Record<string, string> = {
    managerId: 'manager_email',
    manager: 'manager_email',
    startDate: 'start_date',
  };
  const key = path?.split('.').pop() ?? '';
  return map[key] ?? key;
}

/**
 * Imports people (small files: read whole). Adds new people, updates changed ones, then sets
 * managers in a second pass so a file may name a manager further down. People missing from the
 * file are left alone: leaving is recorded as inactive, never by omission.
 */
export async function importPeople(
  db: Db,
  opts: {
    orgId: string;
    input: Readable;
    fileName: string;
    dryRun: boolean;
    strict: boolean;
    onProgress: (rowsRead: number) => Promise<void>;
  },
): Promise<ImportSummary> {
  let read = 0;
  const rejects: Reject[] = [];
  const reject = (line: number, column: string, reason: string) =>
    rejects.push({ file: opts.fileName, line, column, reason });
  const rows: PersonRow[] = [];
  const seen = new Map<string, number>();
  const readPerson = (line: number, record: Record<string, string | undefined>): void => {
    const email = (record.email ?? '').trim().toLowerCase();
    const role = (record.role ?? '').trim().toLowerCase();
    if (!email) {
      reject(line, 'email', 'email is empty');
      return;
    }
    if (!isRole(role)) {
      reject(line, 'role', `"${record.role ?? ''}" is not one of ${ROLES.join(', ')}`);
      return;
    }
    const first = seen.get(email);
    if (first !== undefined) {
      reject(line, 'email', `duplicate email ${email} (first on line ${first})`);
      return;
    }
    seen.set(email, line);
    rows.push({
      line,
      email,
      name: (record.name ?? '').trim(),
      role,
      managerEmail: (record.manager_email ?? '').trim().toLowerCase(),
      team: (record.team ?? '').trim() || null,
      startDate: (record.start_date ?? '').trim() || null,
    });
  };
  let names: string[] | undefined;
  for await (const batch of readCsvRecords(opts.input, opts.fileName)) {
    for (const { fields, line, error, nulField } of batch) {
      if (!names) {
        names = fields.map((h) => h.trim().toLowerCase());
        const missing = PEOPLE_HEADER.required.filter((c) => !names?.includes(c));
        if (missing.length > 0)
          throw new AppError(
            'invalid',
            `${opts.fileName}: missing column(s) ${missing.join(', ')}; the header has ${names.join(', ')}`,
          );
        continue;
      }
      read++;
      if (error) reject(line, '', `unreadable CSV row: ${error}`);
      else if (fields.length !== names.length)
        reject(line, '', `unreadable CSV row: ${fields.length} fields where the header has ${names.length}`);
      else if (nulField !== undefined) reject(line, names[nulField] ?? '', NUL_REASON);
      else readPerson(line, Object.fromEntries(names.map((n, i) => [n, fields[i]])));
    }
  }
  if (!names) throw new AppError('invalid', `${opts.fileName}: the file is empty (no header row)`);
  await opts.onProgress(read);
  const existing = new Map(
    (await listPeople(db, { orgId: opts.orgId, includeInactive: true })).map((p) => [p.email, p]),
  );
  const known = new Set([...existing.keys(), ...rows.map((r) => r.email)]);
  for (const r of rows) {
    if (r.managerEmail && !known.has(r.managerEmail))
      reject(r.line, 'manager_email', `no person with email ${r.managerEmail} in this file or organisation`);
  }
  const rejectedLines = new Set(rejects.map((r) => r.line));
  const valid = rows.filter((r) => !rejectedLines.has(r.line));
  let inserted = 0;
  let updated = 0;
  let unchanged = 0;
  const write = !opts.dryRun && !(opts.strict && rejects.length > 0);
  // Every write happens in one transaction (one commit, not two per person; a kill leaves nothing
  // half-imported), each person's step in a savepoint of its own so a refused one leaves the rest.
  const writeAll = (fn: (tx: Db) => Promise<void>) => (write ? db.transaction(fn) : fn(db));
  await writeAll(async (tx) => {
    const apply = async (r: PersonRow, step: (sp: Db) => Promise<unknown>) => {
      try {
        await tx.transaction(step);
        return true;
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        reject(r.line, columnOf(err.issues[0]?.path), err.message);
        return false;
      }
    };
    // Pass 1: people and their fields; pass 2: reporting lines (managers may come later in the file).
    const ids = new Map([...existing].map(([e, p]) => [e, p.id]));
    const changedInPass1 = new Set<string>();
    for (const r of valid) {
      const current = existing.get(r.email);
      if (!current) {
        const added =
          !write ||
          (await apply(r, async (sp) =>
            ids.set(
              r.email,
              (
                await addPerson(sp, {
                  orgId: opts.orgId,
                  person: {
                    email: r.email,
                    name: r.name,
                    role: r.role,
                    team: r.team,
                    startDate: r.startDate,
                  },
                })
              ).id,
            ),
          ));
        if (added) inserted++;
        continue;
      }
      const patch = {
        ...(r.name !== current.name && { name: r.name }),
        ...(r.team !== current.team && { team: r.team }),
        ...(r.startDate !== current.startDate && { startDate: r.startDate }),
        ...(r.role !== current.role && { role: r.role }),
      };
      if (Object.keys(patch).length > 0) {
        changedInPass1.add(r.email);
        if (write)
          await apply(r, (sp) => updatePerson(sp, { orgId: opts.orgId, personId: current.id, patch }));
      }
    }
    for (const r of valid) {
      const current = existing.get(r.email);
      const managerId = r.managerEmail ? (ids.get(r.managerEmail) ?? null) : null;
      const managerChanged = (current?.managerId ?? null) !== managerId;
      if (current && !changedInPass1.has(r.email)) {
        if (managerChanged) updated++;
        else unchanged++;
      } else if (current) updated++;
      if (write && managerChanged && ids.has(r.email)) {
        await apply(r, (sp) =>
          updatePerson(sp, { orgId: opts.orgId, personId: ids.get(r.email) as string, patch: { managerId } }),
        );
      }
    }
  });
  rejects.sort((a, b) => a.line - b.line);
  const rejected = new Set(rejects.map((r) => r.line)).size;
  return write || opts.dryRun
    ? { inserted, updated, unchanged, rejected, rejects }
    : { ...emptySummary(), rejected, rejects };
}
