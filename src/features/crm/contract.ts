import { z } from 'zod';
import { CRM_FORMATS, readPairs } from '../../core/crmFormats.js';
import { DATE_STYLES } from '../../core/crmValues.js';
import { isPlainText, PLAIN_TEXT_MESSAGE } from '../../core/text.js';

export const IMPORT_KINDS = ['people', 'opportunities', 'stage_history', 'activities'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** The generic format's file for each kind, in the order `import dir` loads them. */
export const IMPORT_FILES: Record<ImportKind, string> = {
  people: 'people.csv',
  opportunities: 'opportunities.csv',
  stage_history: 'stage_history.csv',
  activities: 'activities.csv',
};

/**
 * The funnels as `touchline export` writes them and `import dir` reads them: per pipeline, one row per
 * stage in order, `kind` open for each open stage, then won, then lost; `pipeline` names the CRM
 * pipeline (empty: the unnamed one) and `diagnosed` is true on the rows of the pipeline the diagnosis
 * reads. A file of only `stage,kind` is the unnamed pipeline's funnel.
 */
export const FUNNEL_FILE = {
  name: 'funnel.csv',
  columns: ['stage', 'kind', 'pipeline', 'diagnosed'],
} as const;

/** `source=target` pairs, comma-separated: `"Deal #=id, Rep=owner_email"`. */
export const pairs = z.string().transform((text, ctx) => {
  const { pairs, bad } = readPairs(text);
  if (bad !== undefined) ctx.addIssue({ code: 'custom', message: `"${bad}" is not source=target` });
  return pairs;
});
/** A yes/no switch: a JSON boolean, or "true"/"false" from a form field. */
export const flag = z
  .union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')])
  .default(false);

/**
 * What to import and how: the upload's form fields (sent before the file), `touchline import`'s
 * flags and the CRM data page's form all parse with this.
 */
export const ImportRequest = z
  .strictObject({
    kind: z.enum(IMPORT_KINDS, { error: `use one of ${IMPORT_KINDS.join(', ')}` }),
    format: z.enum(CRM_FORMATS, { error: `use one of ${CRM_FORMATS.join(', ')}` }).default('generic'),
    /** Extra or overriding column mapping, source=target (target is a generic column). */
    map: pairs.optional(),
    /** Extra or overriding stage mapping, source=target (target is a funnel stage). */
    stageMap: pairs.optional(),
    /** How the file writes day-first or month-first dates (`3/4/2026`); ISO dates need none. */
    dateFormat: z.enum(DATE_STYLES, { error: `use ${DATE_STYLES.join(' or ')}` }).optional(),
    /** Check everything and report what would change, without changing anything. */
    dryRun: flag,
    /** Import nothing if any row is rejected. */
    strict: flag,
    /** The new import's id, chosen by the caller so that it can follow the import while it runs. */
    jobId: z.uuid('use a UUID').optional(),
  })
  .superRefine((r, ctx) => {
    if (r.kind === 'people' && (r.format !== 'generic' || r.map?.length || r.stageMap?.length))
      ctx.addIssue({
        code: 'custom',
        path: ['format'],
        message:
          'people files are read in the generic format only (email,name,role,manager_email,team,start_date)',
      });
  })
  .meta({ id: 'ImportRequest' });
export type ImportRequest = z.output<typeof ImportRequest>;

/** The people file's columns (generic format only). */
export const PEOPLE_HEADER = {
  columns: ['email', 'name', 'role', 'manager_email', 'team', 'start_date'],
  required: ['email', 'name', 'role'],
} as const;

export const Reject = z.object({
  file: z.string(),
  line: z.number().int(),
  column: z.string(),
  reason: z.string(),
});
export type Reject = z.infer<typeof Reject>;

export const ImportSummary = z
  .object({
    inserted: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    rejected: z.number().int(),
    /** The first rejected rows (all of them up to a thousand). */
    rejects: z.array(Reject),
    /**
     * History rows that repeated the stage before them (a CRM's log of edits) and were counted as the
     * one entry into that stage, not rejected. Present when the import collapses repeats.
     */
    collapsed: z.number().int().optional(),
  })
  .meta({ id: 'ImportSummary' });
export type ImportSummary = z.infer<typeof ImportSummary>;

/** A summary of nothing done: the start of a sum, or the counts of a job that failed. */
export const emptySummary = (): ImportSummary => ({
  inserted: 0,
  updated: 0,
  unchanged: 0,
  rejected: 0,
  rejects: [],
});

/** A funnel stage's name as a person types it. */
const stageName = z.string().trim().min(1).max(60).refine(isPlainText, PLAIN_TEXT_MESSAGE);

export const FunnelShape = z
  .object({
    stages: z.array(z.string()).min(2).max(20),
    lost: z.string(),
    /** The CRM pipeline it is the funnel of; absent for a CRM without named pipelines. */
    pipeline: z.string().optional(),
  })
  .meta({ id: 'Funnel' });

/** The organisation's pipelines, each with its funnel; the one the diagnosis reads first. */
export const PipelineList = z
  .object({
    pipelines: z.array(
      z.object({
        /** As the CRM names it; empty for the deals of a CRM without named pipelines. */
        name: z.string(),
        /** The diagnosis, the KPIs, goals and one-on-ones read this pipeline's deals. */
        diagnosed: z.boolean(),
        opportunities: z.number().int(),
        funnel: FunnelShape,
      }),
    ),
  })
  .meta({ id: 'PipelineList' });

/** Which pipeline the diagnosis reads (its name as listed, matched ignoring case). */
export const DiagnosedPipelineUpdate = z
  .strictObject({ pipeline: z.string().trim().max(200) })
  .meta({ id: 'DiagnosedPipelineUpdate' });

export const FunnelUpdate = z.strictObject({
  stages: z.array(stageName).min(2).max(20),
  lost: stageName.optional(),
});

export const ImportJob = z
  .object({
    id: z.uuid(),
    kind: z.enum(IMPORT_KINDS),
    fileName: z.string(),
    status: z.enum(['running', 'done', 'failed']),
    dryRun: z.boolean(),
    rowsRead: z.number().int(),
    inserted: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    rejected: z.number().int(),
    rejects: z.array(Reject),
    error: z.string().nullable(),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .meta({ id: 'ImportJob' });
export type ImportJob = z.infer<typeof ImportJob>;

export const ImportJobList = z.object({ jobs: z.array(ImportJob) }).meta({ id: 'ImportJobList' });
export const ImportJobParams = z.strictObject({ jobId: z.uuid() });
