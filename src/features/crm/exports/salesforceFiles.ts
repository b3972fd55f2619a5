import { basename } from 'node:path';
import { AppError } from '../../../core/errors.js';
import { makeAdapter } from '../import/adapt.js';
import { readCsvRecords } from '../import/csv.js';
import { type ExportEncoding, openDecoded } from './source.js';

/** The objects of a Salesforce Data Export that Touchline reads, and whether it needs each. */
export const OBJECTS = [
  { object: 'User', required: true },
  { object: 'Opportunity', required: true },
  { object: 'UserRole', required: false },
  { object: 'OpportunityStage', required: false },
  { object: 'Account', required: false },
  { object: 'OpportunityHistory', required: false },
  { object: 'Task', required: false },
  { object: 'Event', required: false },
  { object: 'CurrencyType', required: false },
  { object: 'DatedConversionRate', required: false },
] as const;
export type ObjectName = (typeof OBJECTS)[number]['object'];

/** The export's records that own opportunities or activities. */
export const OWNING: readonly ObjectName[] = ['Opportunity', 'Task', 'Event'];

/** What each object is imported as, and the activity type its rows default to. */
export const KIND_OF: Partial<
  Record<ObjectName, { kind: 'opportunities' | 'stage_history' | 'activities'; defaultType?: string }>
> = {
  Opportunity: { kind: 'opportunities' },
  OpportunityHistory: { kind: 'stage_history' },
  Task: { kind: 'activities', defaultType: 'task' },
  Event: { kind: 'activities', defaultType: 'meeting' },
};

/** Columns Touchline needs from the files it reads whole. */
const NEEDED: Partial<Record<ObjectName, string[]>> = {
  CurrencyType: ['IsoCode', 'ConversionRate'],
  DatedConversionRate: ['IsoCode', 'ConversionRate', 'StartDate'],
  User: ['Id', 'Email'],
  UserRole: ['Id', 'Name'],
  OpportunityStage: ['MasterLabel', 'SortOrder', 'IsClosed', 'IsWon'],
  Account: ['Id', 'Name'],
};

/** Refuses a file that is empty or lacks a column Touchline needs, naming the file and the column. */
export async function checkHeader(object: ObjectName, path: string, encoding: ExportEncoding): Promise<void> {
  const name = basename(path);
  let header: string[] | undefined;
  for await (const batch of readCsvRecords(openDecoded(path, encoding), name)) {
    header = batch[0]?.fields;
    if (header) break;
  }
  if (!header) throw new AppError('invalid', `${name}: the file is empty (no header row)`);
  const staged = KIND_OF[object];
  if (staged) {
    makeAdapter(staged.kind, name, {
      format: 'salesforce',
      ...(staged.defaultType && { defaultType: staged.defaultType }),
    }).readHeader(header);
    return;
  }
  const have = new Set(header.map((h) => h.trim().toLowerCase()));
  const missing = (NEEDED[object] ?? []).filter((c) => !have.has(c.toLowerCase()));
  if (missing.length > 0)
    throw new AppError(
      'invalid',
      `${name}: missing column(s) ${missing.join(', ')}; the header has ${header.join(', ')}`,
    );
}

export function missingMeans(object: ObjectName): string {
  switch (object) {
    case 'UserRole':
      return 'roles are judged from who reports to whom';
    case 'OpportunityStage':
      return "the stages are matched to the organisation's funnel by name";
    case 'Account':
      return 'opportunities keep their account ids instead of names';
    case 'OpportunityHistory':
      return 'no stage history is imported';
    case 'CurrencyType':
      return "amounts in another currency than the organisation's are kept but left out of money figures";
    case 'DatedConversionRate':
      return 'the rates of CurrencyType.csv apply to every date';
    case 'Task':
    case 'Event':
      return `no ${object === 'Task' ? 'tasks' : 'events'} are imported as activities`;
    default:
      return 'skipped';
  }
}
