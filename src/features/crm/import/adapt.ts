import {
  COLUMN_MAPS,
  type CrmFormat,
  detectColumns,
  hubspotActivityType,
  hubspotEnteredColumn,
  normalizeColumn,
  OPTIONAL_COLUMNS,
  REQUIRED_COLUMNS,
  SALESFORCE_OPPORTUNITY_PREFIX,
  STAGE_MAPS,
  type StagedKindName,
  salesforceActivityType,
} from '../../../core/crmFormats.js';
import type { DateStyle } from '../../../core/crmValues.js';
import { AppError } from '../../../core/errors.js';
import { type Funnel, wonStage } from '../../../core/funnel.js';
import type { RateRow, RowContext } from './rows.js';
import { pipelineOfRow, RowError } from './rows.js';

export interface SourceOptions {
  format: CrmFormat;
  /** Extra or overriding column mapping, source=target (target is a generic column). */
  map?: [string, string][];
  /** Extra or overriding stage mapping, source=target (target is a funnel stage). */
  stageMap?: [string, string][];
  /**
   * HubSpot: the stage mapping of each pipeline (lower-cased name) onto its funnel; a deal of a
   * pipeline listed here is mapped with its own instead of `stageMap`.
   */
  pipelineStageMaps?: ReadonlyMap<string, readonly [string, string][]>;
  /** CRM owner (user id or name), lower-cased → person email: from `--owners FILE`. */
  owners?: Map<string, string>;
  /** Salesforce account id (lower-cased) → account name, for files that give only `AccountId`. */
  accounts?: ReadonlyMap<string, string>;
  /** The type of an activity whose row names none (Salesforce: `task` for Task, `meeting` for Event). */
  defaultType?: string;
  /**
   * Stage history lists every edit (Salesforce writes a row for each amount or date change): an
   * opportunity's consecutive rows in the same stage are one entry into it (`collapseRepeats`).
   */
  collapseRepeats?: boolean;
  /** Rates into the organisation's currency, for opportunities in other currencies. */
  rates?: readonly RateRow[];
  /** How the file writes day-first or month-first dates (`--date-format`, or `dateStyleOfFile`). */
  dateStyle?: DateStyle | undefined;
  /** HubSpot: pipelines (lower-cased) whose deals are left out, and reported, not rejected. */
  skipPipelines?: ReadonlySet<string> | undefined;
  /** Deal ids left out of the import (rejected, or of a pipeline left out): an activity linked to one keeps no deal. */
  leftOutDeals?: ReadonlySet<string> | undefined;
  /** A dry run of a whole export: what its earlier files would have written, taken as written. */
  dryRunAssumes?: DryRunAssumptions | undefined;
}

/**
 * What a dry run of a whole export takes as done, so that every file is checked as the import would
 * check it: the people it would add, the funnel it would set, and its opportunities — a table
 * `(crm_id, stage)` the opportunities' dry run fills and the history's and activities' checks read.
 */
export interface DryRunAssumptions {
  /** Email → name of each person the export would add or match. */
  people: ReadonlyMap<string, string>;
  /** The funnels the export would set (one per pipeline), when it would set any. */
  funnels?: readonly Funnel[] | undefined;
  /** The pipeline the export would have the diagnosis read, when it would choose one. */
  diagnosed?: string | undefined;
  /** The scratch table of the export's opportunities (`crm_id` key, `stage`). */
  opportunities: string;
}

export interface Adapter {
  /** Checks the header and learns which field feeds which generic column. */
  readHeader(header: string[]): void;
  /**
   * One source record (its fields in header order) as generic-format records (HubSpot's history
   * gives several). The records are valid until the next call: read them before adapting another.
   */
  adapt(fields: readonly string[], ctx: RowContext): Record<string, string>[];
  /** The source file's name for a generic column, for rejected-row reports. */
  sourceColumn(generic: string): string;
}

function resolveOwner(
  raw: string,
  column: string,
  ctx: RowContext,
  owners: Map<string, string> | undefined,
): string {
  const value = raw.trim();
  if (!value) throw new RowError(column, `${column} is empty`);
  const lower = value.toLowerCase();
  const mapped = owners?.get(lower);
  if (mapped) return mapped;
  if (lower.includes('@')) return lower;
  const byName = ctx.names.get(lower) ?? [];
  if (byName.length === 1 && byName[0]) return byName[0];
  if (byName.length > 1)
    throw new RowError(
      column,
      `owner "${value}" matches ${byName.length} people by name; map it with --owners FILE (owner,email)`,
    );
  throw new RowError(
    column,
    `owner "${value}" matches no person by email or name; map CRM user ids to emails with --owners FILE (owner,email)`,
  );
}

/** The first non-empty of the fields at these positions, trimmed (or empty). */
function pick(fields: readonly string[], at: readonly number[] | undefined): string {
  if (at)
    for (const i of at) {
      const v = fields[i];
      if (v) {
        const t = v.trim();
        if (t) return t;
      }
    }
  return '';
}

export function makeAdapter(kind: StagedKindName, fileName: string, opts: SourceOptions): Adapter {
  const format = opts.format;
  const generic = format === 'generic';
  if (!generic && !COLUMN_MAPS[format][kind]) {
    throw new AppError(
      'invalid',
      `${fileName}: --format ${format} does not cover ${kind.replace('_', ' ')}; use --format generic with --map`,
    );
  }
  const lowerMap = (pairs: readonly [string, string][] = []) =>
    new Map<string, string>(
      pairs.map(([from, to]): [string, string] => [from.trim().toLowerCase(), to.trim()]),
    );
  const userStages = lowerMap(opts.stageMap);
  const pipelineStages = new Map([...(opts.pipelineStageMaps ?? [])].map(([p, m]) => [p, lowerMap(m)]));
  const defaultStages = new Map<string, string>(Object.entries(generic ? {} : STAGE_MAPS[format]));
  /** Generic column → the source columns that feed it, most preferred first. */
  const from = new Map<string, string[]>();
  /** The same, as field positions: records are arrays, looked up once per field and row. */
  const fromIndex = new Map<string, number[]>();
  /** HubSpot's "Date entered" columns: position, stage, and the pipeline (lower-cased) they are of, if named. */
  let entered: [number, string, string | undefined][] = [];
  const columns = [...REQUIRED_COLUMNS[kind], ...OPTIONAL_COLUMNS[kind]];
  /** Each generic column with the fields that feed it, in one list walked per row. */
  let picks: [string, number[] | undefined][] = [];
  const hasOwner = columns.includes('owner');
  let ownerAt: number[] | undefined;
  let deletedAt: number[] | undefined;
  /** HubSpot: the deal's pipeline, when the file has the column. */
  let pipelineAt: number | undefined;
  /** The record `adapt` returns for a one-record row, valid until the next call. */
  const reused: Record<string, string> = {};
  const only = [reused];
  /** Files come grouped by owner: the last owner resolved, as [source value, email]. */
  let lastOwner: [string, string] = ['', ''];

  // The user's map first; then the pipeline's own funnel; a CRM's default names only after those.
  const mapStage = (raw: string, ctx: RowContext, pipeline = '') => {
    const key = raw.trim().toLowerCase();
    const own = pipelineOfRow(pipeline, ctx)?.stages ?? ctx.stages;
    const user = pipelineStages.get(pipeline.trim().toLowerCase()) ?? userStages;
    return user.get(key) ?? (own.has(key) ? raw.trim() : defaultStages.get(key)) ?? raw.trim();
  };

  return {
    readHeader(header) {
      const names = header.map((h) => h.trim());
      const detected = detectColumns(kind, format, names, opts.map ?? []);
      for (const [k, v] of detected.from) from.set(k, v);
      // A name the header repeats means its last column, as a keyed record would have it.
      const position = new Map(names.map((n, i) => [n, i]));
      for (const [k, v] of from)
        fromIndex.set(
          k,
          v.flatMap((n) => position.get(n) ?? []),
        );
      picks = columns
        .filter((col) => col !== 'owner' && col !== 'is_closed' && col !== 'is_deleted')
        .map((col): [string, number[] | undefined] => [col, fromIndex.get(col)]);
      ownerAt = fromIndex.get('owner');
      deletedAt = fromIndex.get('is_deleted');
      entered = detected.entered.flatMap(([col, label]): [number, string, string | undefined][] => {
        const i = position.get(col);
        return i === undefined ? [] : [[i, label, hubspotEnteredColumn(col)?.pipeline?.toLowerCase()]];
      });
      pipelineAt = format === 'hubspot' ? names.findIndex((n) => normalizeColumn(n) === 'pipeline') : -1;
      if (pipelineAt < 0) pipelineAt = undefined;
      // An activity file without a type column takes the object's own kind.
      if (opts.defaultType || format === 'hubspot')
        detected.missing = detected.missing.filter((c) => c !== 'type');
      if (detected.missing.length > 0) {
        throw new AppError(
          'invalid',
          `${fileName}: missing column(s) ${detected.missing.join(', ')}; the header has ${names.join(', ')}` +
            (generic ? '' : ` (map a column with --map "Their Column=${detected.missing[0]}")`),
        );
      }
    },

    adapt(fields, ctx) {
      // The first non-empty source column wins (Salesforce: Type, else TaskSubtype).
      const get = (col: string) => pick(fields, fromIndex.get(col));
      const pipeline = pipelineAt === undefined ? '' : (fields[pipelineAt] ?? '').trim();
      if (opts.skipPipelines?.has(pipeline.toLowerCase())) return [];
      if (format === 'hubspot' && kind === 'stage_history') {
        const id = get('opportunity_id');
        // A deal rejected (its own line says why) brings no history either.
        if (opts.leftOutDeals?.has(id)) return [];
        const mine = pipeline.toLowerCase();
        return (
          entered
            // Another pipeline's columns say nothing about this deal's stages.
            .filter(([i, , of]) => (fields[i] ?? '').trim() !== '' && (!of || !mine || of === mine))
            .map(([i, label]) => ({
              opportunity_id: id,
              stage: mapStage(label, ctx, pipeline),
              entered_at: (fields[i] ?? '').trim(),
            }))
        );
      }
      // Rows the CRM marks deleted are not part of its data (some exports include them).
      if (deletedAt && /^(true|1|yes)$/i.test(pick(fields, deletedAt))) return [];
      // One object for every row, each key rewritten per row (no deletes): no allocation per row.
      const out = reused;
      for (const [col, at] of picks) out[col] = pick(fields, at);
      if (out.stage !== undefined) out.stage = mapStage(out.stage, ctx, pipeline);
      if (hasOwner) {
        const raw = pick(fields, ownerAt);
        if (raw !== lastOwner[0])
          lastOwner = [raw, resolveOwner(raw, this.sourceColumn('owner'), ctx, opts.owners)];
        out.owner_email = lastOwner[1];
      }
      if (kind === 'opportunities' && format === 'salesforce' && from.has('is_closed')) {
        // Salesforce's CloseDate on an open opportunity is the expected date, not a close.
        if (/^(false|0|no)$/i.test(pick(fields, fromIndex.get('is_closed')))) {
          out.closed_at = '';
          out.won = '';
        }
      }
      if (format === 'salesforce' && kind === 'activities') {
        out.type = salesforceActivityType(
          (fromIndex.get('type') ?? []).map((i) => fields[i] ?? ''),
          opts.defaultType ?? 'task',
        );
        // WhatId names any object; only an opportunity's id links the activity to one.
        const what = out.opportunity_id ?? '';
        if (!what.startsWith(SALESFORCE_OPPORTUNITY_PREFIX)) out.opportunity_id = '';
      }
      if (format === 'salesforce' && kind === 'opportunities' && !out.account && out.account_id)
        out.account = opts.accounts?.get(out.account_id.toLowerCase()) || out.account_id;
      if (format === 'hubspot' && kind === 'activities') {
        // A file per engagement type says the type; a file of all engagements says it per row.
        out.type = opts.defaultType ?? hubspotActivityType(out.type ?? '', 'other');
        // "Associated Deal IDs" lists every deal the engagement is on: the first one counts.
        const deal = (out.opportunity_id ?? '').split(/[;,]/)[0]?.trim() ?? '';
        out.opportunity_id = deal && !opts.leftOutDeals?.has(deal) ? deal : '';
      }
      if (kind === 'opportunities' && format === 'hubspot') {
        const st = out.stage ?? '';
        const funnel = pipelineOfRow(pipeline, ctx)?.funnel ?? ctx.funnel;
        out.won = st === wonStage(funnel) ? 'true' : st === funnel.lost ? 'false' : '';
        if (out.won === '') out.closed_at = '';
      }
      return only;
    },

    sourceColumn(col) {
      const key = col === 'owner_email' ? 'owner' : col;
      return from.get(key)?.[0] ?? col;
    },
  };
}
