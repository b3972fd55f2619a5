/**
 * What the common CRMs call our columns and stages. Keys are lower-case source names; values are the
 * generic format's columns (see docs) or funnel stages of the default funnel.
 */
export type CrmFormat = 'generic' | 'salesforce' | 'hubspot';
export const CRM_FORMATS: readonly CrmFormat[] = ['generic', 'salesforce', 'hubspot'];

export type StagedKindName = 'opportunities' | 'stage_history' | 'activities';

/** Source column → generic column, in order of preference when several are present. */
export const COLUMN_MAPS: Record<
  Exclude<CrmFormat, 'generic'>,
  Partial<Record<StagedKindName, [string, string][]>>
> = {
  salesforce: {
    opportunities: [
      ['id', 'id'],
      ['opportunity id', 'id'],
      ['name', 'name'],
      ['opportunity name', 'name'],
      ['account name', 'account'],
      ['stagename', 'stage'],
      ['stage', 'stage'],
      ['amount', 'amount'],
      ['createddate', 'created_at'],
      ['created date', 'created_at'],
      ['closedate', 'closed_at'],
      ['close date', 'closed_at'],
      ['iswon', 'won'],
      ['won', 'won'],
      ['isclosed', 'is_closed'],
      ['closed', 'is_closed'],
      ['opportunity owner', 'owner'],
      ['ownerid', 'owner'],
      ['owner', 'owner'],
      ['accountid', 'account_id'],
      ['currencyisocode', 'currency'],
      ['opportunity currency', 'currency'],
      ['isdeleted', 'is_deleted'],
    ],
    stage_history: [
      ['opportunityid', 'opportunity_id'],
      ['opportunity id', 'opportunity_id'],
      ['stagename', 'stage'],
      ['stage', 'stage'],
      ['createddate', 'entered_at'],
      ['created date', 'entered_at'],
      ['isdeleted', 'is_deleted'],
    ],
    activities: [
      ['id', 'id'],
      ['activity id', 'id'],
      ['ownerid', 'owner'],
      ['assigned', 'owner'],
      // The subtype is the more precise (a Task of subtype Call); `salesforceActivityType` decides.
      ['tasksubtype', 'type'],
      ['eventsubtype', 'type'],
      ['type', 'type'],
      ['activitydatetime', 'occurred_at'],
      ['startdatetime', 'occurred_at'],
      ['activitydate', 'occurred_at'],
      ['date', 'occurred_at'],
      ['createddate', 'occurred_at'],
      ['whatid', 'opportunity_id'],
      ['isdeleted', 'is_deleted'],
    ],
  },
  hubspot: {
    opportunities: [
      ['record id', 'id'],
      ['deal id', 'id'],
      ['deal name', 'name'],
      ['deal stage', 'stage'],
      ['amount', 'amount'],
      ['create date', 'created_at'],
      ['created date', 'created_at'],
      ['close date', 'closed_at'],
      ['deal owner', 'owner'],
      ['hubspot owner', 'owner'],
      ['owner', 'owner'],
      ['associated company', 'account'],
      ['associated company (primary)', 'account'],
      ['associated company name', 'account'],
      ['associated companies', 'account'],
      ['company name', 'account'],
      ['currency', 'currency'],
      ['deal currency code', 'currency'],
      ['currency code', 'currency'],
      ['pipeline', 'pipeline'],
    ],
    stage_history: [
      ['record id', 'opportunity_id'],
      ['deal id', 'opportunity_id'],
    ],
    // Engagements (calls, meetings, emails, tasks, notes): one file per type, or one with a type column.
    activities: [
      ['record id', 'id'],
      ['activity id', 'id'],
      ['engagement id', 'id'],
      ['activity assigned to', 'owner'],
      ['assigned to', 'owner'],
      ['activity owner', 'owner'],
      ['hubspot owner', 'owner'],
      ['owner', 'owner'],
      ['activity type', 'type'],
      ['engagement type', 'type'],
      ['type', 'type'],
      ['activity date', 'occurred_at'],
      ['meeting start time', 'occurred_at'],
      ['call date', 'occurred_at'],
      ['due date', 'occurred_at'],
      ['create date', 'occurred_at'],
      ['created at', 'occurred_at'],
      ['associated deal ids', 'opportunity_id'],
      ['associated deal ids (primary)', 'opportunity_id'],
      ['associated deal id', 'opportunity_id'],
      ['deal id', 'opportunity_id'],
    ],
  },
};

/** Default stages of each CRM mapped onto Touchline's default funnel (DOMAIN.md lists the sources). */
export const STAGE_MAPS: Record<Exclude<CrmFormat, 'generic'>, Record<string, string>> = {
  salesforce: {
    prospecting: 'Prospecting',
    qualification: 'Meeting',
    'needs analysis': 'Discovery',
    'value proposition': 'Discovery',
    'id. decision makers': 'Discovery',
    'perception analysis': 'Proposal',
    'proposal/price quote': 'Proposal',
    'negotiation/review': 'Negotiation',
    'closed won': 'Won',
    'closed lost': 'Lost',
  },
  hubspot: {
    appointmentscheduled: 'Meeting',
    'appointment scheduled': 'Meeting',
    qualifiedtobuy: 'Discovery',
    'qualified to buy': 'Discovery',
    presentationscheduled: 'Proposal',
    'presentation scheduled': 'Proposal',
    decisionmakerboughtin: 'Negotiation',
    'decision maker bought-in': 'Negotiation',
    contractsent: 'Negotiation',
    'contract sent': 'Negotiation',
    closedwon: 'Won',
    'closed won': 'Won',
    closedlost: 'Lost',
    'closed lost': 'Lost',
  },
};

/**
 * HubSpot's stage history columns: `Date entered "Appointment Scheduled (Sales Pipeline)"`.
 * Returns the stage label, or undefined for any other column.
 */
export function hubspotEnteredStage(header: string): string | undefined {
  return hubspotEnteredColumn(header)?.stage;
}

/**
 * The stage and pipeline a HubSpot "Date entered" column is about: `Date entered "Contract Sent
 * (Sales Pipeline)"` → Contract Sent in Sales Pipeline. Older exports leave the pipeline out.
 */
export function hubspotEnteredColumn(
  header: string,
): { stage: string; pipeline: string | undefined } | undefined {
  const m = /^date entered\s+["“]?(.+?)["”]?$/i.exec(header.trim());
  if (!m?.[1]) return undefined;
  const p = /^(.*?)\s*\(([^()]*)\)\s*$/.exec(m[1]);
  return p?.[1]
    ? { stage: p[1].trim(), pipeline: p[2]?.trim() || undefined }
    : { stage: m[1].trim(), pipeline: undefined };
}

/** HubSpot's engagement types as Touchline types activities (anything else: lower-case, underscored). */
const HUBSPOT_TYPES: Record<string, string> = {
  'incoming email': 'email',
  incoming_email: 'email',
  'forwarded email': 'email',
  forwarded_email: 'email',
  'linkedin message': 'social',
  linkedin_message: 'social',
  'linked in message': 'social',
  todo: 'task',
};

/** An activity's type from a HubSpot engagement type ("Call", "INCOMING_EMAIL"), else `fallback`. */
export function hubspotActivityType(value: string, fallback: string): string {
  const t = value.trim().toLowerCase();
  if (!t) return fallback;
  return HUBSPOT_TYPES[t] ?? t.replace(/\s+/g, '_');
}

/** Reads `"Their Column=our_column,Other=x"` (source=target); `bad` is the first malformed pair. */
export function readPairs(text: string): { pairs: [string, string][]; bad: string | undefined } {
  const pairs: [string, string][] = [];
  for (const pair of text.split(',').map((p) => p.trim())) {
    if (!pair) continue;
    const at = pair.lastIndexOf('=');
    const from = pair.slice(0, at).trim();
    const to = pair.slice(at + 1).trim();
    if (at <= 0 || !from || !to) return { pairs, bad: pair };
    pairs.push([from, to]);
  }
  return { pairs, bad: undefined };
}

/** Generic columns every source must provide, per kind (the owner may come as an email, name or id). */
export const REQUIRED_COLUMNS: Record<StagedKindName, string[]> = {
  opportunities: ['id', 'owner', 'name', 'amount', 'created_at', 'stage'],
  stage_history: ['opportunity_id', 'stage', 'entered_at'],
  activities: ['id', 'owner', 'type', 'occurred_at'],
};
export const OPTIONAL_COLUMNS: Record<StagedKindName, string[]> = {
  opportunities: [
    'account',
    'closed_at',
    'won',
    'is_closed',
    'account_id',
    'is_deleted',
    'currency',
    'pipeline',
  ],
  stage_history: ['is_deleted'],
  activities: ['opportunity_id', 'contact_level', 'is_deleted'],
};

/** Salesforce's key prefix of Opportunity ids: a `WhatId` without it names another object. */
export const SALESFORCE_OPPORTUNITY_PREFIX = '006';

/** Salesforce subtypes that say nothing beyond the object they are on. */
const GENERIC_SUBTYPES = new Set(['task', 'event', 'other', '']);
/** Salesforce's names for kinds of activity, as Touchline types them. */
const SALESFORCE_TYPES: Record<string, string> = { listemail: 'list_email', 'list email': 'list_email' };

/**
 * An activity's type from Salesforce's fields: the subtype (TaskSubtype, EventSubtype) when it says
 * more than "Task", else the Type picklist, else the object's own kind (`fallback`: a Task is a task,
 * an Event a meeting). Mass "list emails" keep a type of their own.
 */
export function salesforceActivityType(values: readonly string[], fallback: string): string {
  for (const v of values) {
    const t = v.trim().toLowerCase();
    if (!GENERIC_SUBTYPES.has(t)) return SALESFORCE_TYPES[t] ?? t.replace(/\s+/g, '_');
  }
  return fallback;
}

export const normalizeColumn = (s: string): string =>
  s
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, ' ');

/**
 * Which source columns feed each generic column, most preferred first, for a file's header. The
 * user's own pairs (`--map`) win over the format's defaults. HubSpot's stage history comes from its
 * "Date entered …" columns instead.
 */
export function detectColumns(
  kind: StagedKindName,
  format: CrmFormat,
  header: readonly string[],
  userMap: readonly [string, string][] = [],
): { from: Map<string, string[]>; missing: string[]; entered: [string, string][] } {
  const generic = format === 'generic';
  const candidates: [string, string][] = [
    ...userMap.map(([f, t]): [string, string] => [normalizeColumn(f), t === 'owner_email' ? 'owner' : t]),
    ...(generic
      ? [...REQUIRED_COLUMNS[kind], ...OPTIONAL_COLUMNS[kind]].map((c): [string, string] => [
          normalizeColumn(c === 'owner' ? 'owner_email' : c),
          c,
        ])
      : (COLUMN_MAPS[format][kind] ?? []).map(([f, t]): [string, string] => [normalizeColumn(f), t])),
  ];
  const names = header.map((h) => h.trim());
  const from = new Map<string, string[]>();
  for (const [source, target] of candidates) {
    const hit = names.find((n) => normalizeColumn(n) === source);
    if (hit && !(from.get(target) ?? []).includes(hit)) from.set(target, [...(from.get(target) ?? []), hit]);
  }
  let entered: [string, string][] = [];
  if (format === 'hubspot' && kind === 'stage_history') {
    entered = names.flatMap((n): [string, string][] => {
      const stage = hubspotEnteredStage(n);
      return stage ? [[n, stage]] : [];
    });
    if (entered.length > 0) {
      from.set(
        'stage',
        entered.map(([n]) => n),
      );
      from.set(
        'entered_at',
        entered.map(([n]) => n),
      );
    }
  }
  const missing = REQUIRED_COLUMNS[kind]
    .filter((c) => !from.has(c))
    .map((c) => (generic && c === 'owner' ? 'owner_email' : c));
  return { from, missing, entered };
}
