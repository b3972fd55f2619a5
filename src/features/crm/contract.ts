import { z } from 'zod';

export const IMPORT_KINDS = ['people', 'opportunities', 'stage_history', 'activities'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** The generic format's file for each kind, in the order `import dir` loads them. */
export const IMPORT_FILES: Record<ImportKind, string> = {
  people: 'people.csv',
  opportunities: 'opportunities.csv',
  stage_history: 'stage_history.csv',
  activities: 'activities.csv',
};

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
  })
  .meta({ id: 'ImportSummary' });
export type ImportSummary = z.infer<typeof ImportSummary>;

export const FunnelShape = z
  .object({
    stages: z.array(z.string().trim().min(1).max(60)).min(2).max(20),
    lost: z.string().trim().min(1).max(60),
  })
  .meta({ id: 'Funnel' });

export const FunnelUpdate = z.strictObject({
  stages: z.array(z.string().trim().min(1).max(60)).min(2).max(20),
  lost: z.string().trim().min(1).max(60).optional(),
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
