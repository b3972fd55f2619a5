import {
  type DateStyle,
  isDateOnly,
  parseAmount,
  parseBoolean,
  parseContactLevel,
  parseTimestampIso,
  SAME_DAY_SPAN_MS,
  toMinorUnits,
} from '../../../core/crmValues.js';
import { defaultFunnel, type Funnel, knownStages, wonStage } from '../../../core/funnel.js';

/** What row checks need to know about the organisation, loaded once per import. */
export interface RowContext {
  /** Lower-cased email → person id. */
  owners: Map<string, string>;
  /** Lower-cased full name → the emails of the people with that name. */
  names: Map<string, string[]>;
  /** The diagnosed pipeline's funnel (the rollups count its opportunities). */
  funnel: Funnel;
  /** Lower-cased stage → its name as the funnel spells it. */
  stages: Map<string, string>;
  /** Every pipeline's funnel and stages, by lower-cased pipeline name (the diagnosed one's too). */
  pipelines: Map<string, PipelineStages>;
  /**
   * Every pipeline's stages, the diagnosed one's first: a history row names no pipeline, so its stage
   * is checked against all of them.
   */
  anyStage: Map<string, string>;
  /** The owner value of the last row and its person id (a cache: files come grouped by owner). */
  lastOwner: [string, string];
  /** The organisation's currency and the rates into it. */
  money: Money;
  /** How the file writes day-first or month-first dates, when it does. */
  dateStyle?: DateStyle | undefined;
  /** Counts each activity row accepted (an import's rollup delta, see ActivityCounter). */
  counter?: { add(ownerId: string, type: string, occurredAtIso: string): void };
}

/** Money as an import reads it: the organisation's currency and what other currencies are worth in it. */
export interface Money {
  currency: string;
  /** Units of the organisation's currency one unit of `currency` was worth at `at` (ISO), if known. */
  rate(currency: string, at: string): number | undefined;
}

/**
 * A conversion rate as an export or a rates file gives it: units of the organisation's currency one
 * unit of `currency` is worth, from `from` (ISO; always, when absent) until the next rate's `from`.
 */
export interface RateRow {
  currency: string;
  rate: number;
  from?: string | undefined;
}

/** Money in `currency`, converting with `rates`; amounts in a currency without a rate stay unpriced. */
export function moneyOf(currency: string, rates: readonly RateRow[] = []): Money {
  const byCurrency = new Map<string, RateRow[]>();
  for (const r of rates) byCurrency.set(r.currency, [...(byCurrency.get(r.currency) ?? []), r]);
  for (const list of byCurrency.values()) list.sort((a, b) => (a.from ?? '').localeCompare(b.from ?? ''));
  return {
    currency,
    rate(c, at) {
      if (c === currency) return 1;
      let found: number | undefined;
      for (const r of byCurrency.get(c) ?? []) if (!r.from || r.from <= at) found = r.rate;
      return found;
    },
  };
}

export function stageLookup(funnel: Funnel): Map<string, string> {
  return new Map(knownStages(funnel).map((s) => [s.toLowerCase(), s]));
}

/** A pipeline's funnel with its stage lookup. */
export interface PipelineStages {
  funnel: Funnel;
  stages: Map<string, string>;
}

/**
 * The row context's funnels: `funnels` (any order), the diagnosed pipeline's named by `diagnosed`
 * (it must be among them).
 */
export function pipelineContext(
  funnels: readonly Funnel[],
  diagnosed: string,
): Pick<RowContext, 'funnel' | 'stages' | 'pipelines' | 'anyStage'> {
  const pipelines = new Map(
    funnels.map((f): [string, PipelineStages] => [
      (f.pipeline ?? '').toLowerCase(),
      { funnel: f, stages: stageLookup(f) },
    ]),
  );
  // The unnamed pipeline before any funnel of it is set: the default one.
  if (!pipelines.has('')) {
    const funnel = defaultFunnel();
    pipelines.set('', { funnel, stages: stageLookup(funnel) });
  }
  const main = pipelines.get(diagnosed.toLowerCase());
  if (!main) throw new Error(`no funnel for the diagnosed pipeline "${diagnosed}"`);
  const anyStage = new Map(main.stages);
  for (const p of pipelines.values()) for (const [k, v] of p.stages) if (!anyStage.has(k)) anyStage.set(k, v);
  return { funnel: main.funnel, stages: main.stages, pipelines, anyStage };
}

/** The organisation's named pipelines, as a clause of a rejection. */
function namedPipelines(ctx: RowContext): string {
  const names = [...ctx.pipelines.values()].flatMap((p) =>
    p.funnel.pipeline ? [`"${p.funnel.pipeline}"`] : [],
  );
  return names.length > 0
    ? `this organisation's named pipelines are ${names.join(', ')}`
    : 'this organisation has no named pipelines';
}

/**
 * The pipeline a row names (`value`, matched ignoring case) with its funnel; an empty value is the
 * unnamed pipeline. Null when the organisation keeps no funnel of the named pipeline.
 */
export function pipelineOfRow(value: string, ctx: RowContext): PipelineStages | null {
  return ctx.pipelines.get(value.trim().toLowerCase()) ?? null;
}

export class RowError {
  constructor(
    readonly column: string,
    readonly reason: string,
  ) {}
}

type Record = { [column: string]: string | undefined };

function text(r: Record, column: string, required: boolean, max = 500): string {
  const v = (r[column] ?? '').trim();
  if (required && !v) throw new RowError(column, `${column} is empty`);
  if (v.length > max) throw new RowError(column, `${column} is longer than ${max} characters`);
  return v;
}

/** An ISO 8601 timestamp in UTC, as the database will read it. */
function time(r: Record, column: string, required: boolean, ctx: RowContext): string | null {
  const v = text(r, column, required);
  if (!v) return null;
  const p = parseTimestampIso(v, ctx.dateStyle);
  if (!p.ok) throw new RowError(column, p.reason);
  return p.value;
}

function owner(r: Record, ctx: RowContext, column = 'owner_email'): string {
  const raw = r[column] ?? '';
  // Files come grouped by owner: the last one found answers most rows without a lookup.
  if (raw === ctx.lastOwner[0] && raw) return ctx.lastOwner[1];
  const email = text(r, column, true).toLowerCase();
  const id = ctx.owners.get(email);
  if (id) ctx.lastOwner = [raw, id];
  if (!id)
    throw new RowError(column, `no person with email ${email} in this organisation (import people first)`);
  return id;
}

function stage(r: Record, lookup: Map<string, string>, column = 'stage'): string {
  const v = text(r, column, true);
  const known = lookup.get(v.toLowerCase());
  if (!known)
    throw new RowError(column, `unknown stage "${v}"; known stages: ${[...lookup.values()].join(', ')}`);
  return known;
}

/** Values in the order of the staging table's columns after (org_id, job_id, line). */
export type Staged = (string | number | boolean | null)[];

export const OPPORTUNITY_COLUMNS = [
  'id',
  'owner_email',
  'account',
  'name',
  'amount',
  'created_at',
  'stage',
  'closed_at',
  'won',
  'currency',
  'pipeline',
] as const;
export const OPPORTUNITY_STAGE_COLUMNS = [
  'crm_id',
  'owner_id',
  'account',
  'name',
  'amount_minor',
  'created_at',
  'stage',
  'closed_at',
  'won',
  'amount',
  'currency',
  'pipeline',
] as const;

export function opportunityRow(r: Record, ctx: RowContext): Staged {
  const id = text(r, 'id', true, 200);
  const ownerId = owner(r, ctx);
  const account = text(r, 'account', false);
  const name = text(r, 'name', true);
  const amount = parseAmount(text(r, 'amount', false));
  if (!amount.ok) throw new RowError('amount', amount.reason);
  const code = text(r, 'currency', false).toUpperCase();
  if (code && !/^[A-Z]{3}$/.test(code))
    throw new RowError('currency', `"${r.currency}" is not a three-letter currency code such as EUR`);
  // Null: the organisation's own currency.
  const currency = code && code !== ctx.money.currency ? code : null;
  const createdAt = time(r, 'created_at', true, ctx) as string;
  const named = text(r, 'pipeline', false, 200);
  const inPipeline = pipelineOfRow(named, ctx);
  if (!inPipeline)
    throw new RowError(
      'pipeline',
      `no funnel for the pipeline "${named}"; ${namedPipelines(ctx)} (import the CRM's whole export, or a funnel.csv with a pipeline column, to bring its stages)`,
    );
  const { funnel } = inPipeline;
  const st = stage(r, inPipeline.stages);
  let closedAt = time(r, 'closed_at', false, ctx);
  // A close date without a time on the day the opportunity was created is a same-day close.
  if (
    closedAt &&
    isDateOnly(r.closed_at ?? '') &&
    Date.parse(closedAt) < Date.parse(createdAt) &&
    Date.parse(createdAt) - Date.parse(closedAt) < SAME_DAY_SPAN_MS
  )
    closedAt = createdAt;
  const won = parseBoolean(r.won ?? '');
  if (!won.ok) throw new RowError('won', won.reason);
  if (closedAt && Date.parse(closedAt) < Date.parse(createdAt))
    throw new RowError('closed_at', 'closed_at is before created_at');
  if (won.value === true && st !== wonStage(funnel))
    throw new RowError('won', `won is true but the stage is "${st}", not "${wonStage(funnel)}"`);
  if (won.value === false && st === wonStage(funnel))
    throw new RowError('won', `won is false but the stage is "${st}"`);
  if (won.value === true && st === funnel.lost)
    throw new RowError('won', `won is true but the stage is the lost stage "${st}"`);
  // In the organisation's currency at the close (or, while open, the creation): unknown without a rate.
  let minor: number | null = null;
  if (amount.value !== null) {
    const rate = currency ? ctx.money.rate(currency, closedAt ?? createdAt) : 1;
    if (rate !== undefined) {
      const converted = toMinorUnits(amount.value, rate);
      if (converted === undefined) throw new RowError('amount', `amount ${amount.value} is too large`);
      minor = converted;
    }
  }
  // As the organisation's funnel spells it; none named: the diagnosed pipeline.
  const pipeline = named ? (funnel.pipeline ?? null) : null;
  return [
    id,
    ownerId,
    account,
    name,
    minor,
    createdAt,
    st,
    closedAt,
    won.value,
    amount.value,
    currency,
    pipeline,
  ];
}

export const HISTORY_COLUMNS = ['opportunity_id', 'stage', 'entered_at'] as const;
export const HISTORY_STAGE_COLUMNS = ['opportunity_id', 'stage', 'entered_at', 'part'] as const;

/** `part` numbers the history rows that one source line holds (HubSpot: one per stage column). */
export function historyRow(r: Record, ctx: RowContext, part = 0): Staged {
  return [
    text(r, 'opportunity_id', true, 200),
    stage(r, ctx.anyStage),
    time(r, 'entered_at', true, ctx) as string,
    part,
  ];
}

export const ACTIVITY_COLUMNS = [
  'id',
  'owner_email',
  'type',
  'occurred_at',
  'opportunity_id',
  'contact_level',
] as const;
export const ACTIVITY_STAGE_COLUMNS = [
  'crm_id',
  'owner_id',
  'type',
  'occurred_at',
  'opportunity_id',
  'contact_level',
] as const;

export function activityRow(r: Record, ctx: RowContext): Staged {
  const id = text(r, 'id', true, 200);
  const ownerId = owner(r, ctx);
  const type = text(r, 'type', true, 40).toLowerCase();
  const occurredAt = time(r, 'occurred_at', true, ctx) as string;
  const opportunityId = text(r, 'opportunity_id', false, 200) || null;
  const level = parseContactLevel(r.contact_level ?? '');
  if (!level.ok) throw new RowError('contact_level', level.reason);
  ctx.counter?.add(ownerId, type, occurredAt);
  return [id, ownerId, type, occurredAt, opportunityId, level.value];
}
