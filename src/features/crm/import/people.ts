import type { Readable } from 'node:stream';
import { AppError } from '../../../core/errors.js';
import { isRole, ROLES } from '../../../core/roles.js';
import type { Db } from '../../../db/open.js';
import { type BulkPeopleResult, type PersonRecord, upsertPeople } from '../../people/service.js';
import { emptySummary, type ImportSummary, PEOPLE_HEADER, type Reject } from '../contract.js';
import { NUL_REASON, readCsvRecords } from './csv.js';

export const PEOPLE_COLUMNS = PEOPLE_HEADER.columns;

interface PersonRow extends PersonRecord {
  line: number;
}

/** The file's column for each field the people rules judge. */
const COLUMN_OF: Record<BulkPeopleResult['refused'][number]['field'], string> = {
  email: 'email',
  name: 'name',
  role: 'role',
  manager: 'manager_email',
  team: 'team',
  startDate: 'start_date',
};

/**
 * Imports people (read whole: a few thousand rows at most). New people are added and changed ones
 * updated set-wise by the people service (`upsertPeople`: the people rules judged over the whole file,
 * a few statements in one transaction); a file may name a manager further down. People missing from
 * the file are left alone: leaving is recorded as inactive, never by omission.
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
  // Roles, managers, loops and the last administrator are judged over the whole file at once. With
  // --strict nothing is written if any row is refused: the file is judged first, written only if clean.
  const judge = (dryRun: boolean) => upsertPeople(db, { orgId: opts.orgId, records: rows, dryRun });
  let result = await judge(opts.dryRun || opts.strict);
  const clean = rejects.length === 0 && result.refused.length === 0;
  if (opts.strict && !opts.dryRun && clean) result = await judge(false);
  for (const r of result.refused) {
    const row = rows[r.index];
    if (row) reject(row.line, COLUMN_OF[r.field], r.reason);
  }
  const write = !opts.dryRun && !(opts.strict && !clean);
  const { inserted, updated, unchanged } = result;
  rejects.sort((a, b) => a.line - b.line);
  const rejected = new Set(rejects.map((r) => r.line)).size;
  return write || opts.dryRun
    ? { inserted, updated, unchanged, rejected, rejects }
    : { ...emptySummary(), rejected, rejects };
}
