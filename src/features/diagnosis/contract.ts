import { z } from 'zod';
import { BENCHMARK_KINDS, DEFAULT_BENCHMARK, DIAGNOSIS_WINDOW_DAYS } from '../../core/benchmark.js';

const isoDate = z.iso.date('use a date such as 2026-11-22');
const windowDays = `use a whole number of days from ${DIAGNOSIS_WINDOW_DAYS.min} to ${DIAGNOSIS_WINDOW_DAYS.max}`;

/** What a diagnosis reads: the route's query string, the CLI's flags and the web app's controls. */
export const DiagnosisQuery = z.strictObject({
  asOf: isoDate.optional().describe('the window ends on this date (default today); outcomes as of then'),
  windowDays: z.coerce
    .number({ error: windowDays })
    .int(windowDays)
    .min(DIAGNOSIS_WINDOW_DAYS.min, windowDays)
    .max(DIAGNOSIS_WINDOW_DAYS.max, windowDays)
    .optional()
    .describe(`length of the window in days (default ${DIAGNOSIS_WINDOW_DAYS.default})`),
  benchmark: z
    .enum(BENCHMARK_KINDS, { error: `use one of ${BENCHMARK_KINDS.join(', ')}` })
    .optional()
    .describe(`what a rep is compared with (default ${DEFAULT_BENCHMARK})`),
});
export type DiagnosisQuery = z.infer<typeof DiagnosisQuery>;

export const DiagnosisParams = z.strictObject({ personId: z.uuid() });

const Assessment = z
  .object({
    metric: z.enum(['conversion', 'new_opportunities']),
    stage: z.string(),
    rate: z.number(),
    benchmark: z.number(),
    low: z.number(),
    high: z.number(),
    probabilityBelow: z.number(),
    n: z.number(),
    observed: z.number().nullable(),
    impact: z.number(),
    impactLow: z.number(),
    impactHigh: z.number(),
    skill: z.string(),
    flag: z.enum(['gap', 'strength']).nullable(),
  })
  .meta({ id: 'Assessment' });
export type Assessment = z.infer<typeof Assessment>;

const KpiValue = z.object({
  kpi: z.string(),
  key: z.string().optional(),
  value: z.number().nullable(),
  n: z.number(),
});

export const RepDiagnosis = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    manager: z.string().nullable(),
    managerName: z.string().nullable(),
    startDate: z.string().nullable(),
    ramping: z.boolean(),
    gaps: z.array(Assessment),
    strengths: z.array(Assessment),
    assessments: z.array(Assessment),
    kpis: z.array(KpiValue),
  })
  .meta({ id: 'RepDiagnosis' });
export type RepDiagnosis = z.infer<typeof RepDiagnosis>;

export const Diagnosis = z
  .object({
    asOf: z.string(),
    windowDays: z.number(),
    /** The whole ISO weeks the window covers. */
    fromWeek: z.string(),
    benchmark: z.enum(BENCHMARK_KINDS),
    currency: z.string(),
    stages: z.array(z.string()),
    reps: z.array(RepDiagnosis),
    /** What the organisation's figures rest on beyond the CRM's records (the page says so). */
    caveats: z.object({
      /** Opportunities whose stage entries were inferred: the CRM gave no history for them. */
      inferred: z.number().int(),
      /** Opportunities left out of money figures: no rate from their currency. */
      unpriced: z.array(z.object({ currency: z.string(), opportunities: z.number().int() })),
      /** The CRM pipeline these figures are of ('' : a CRM without named pipelines). */
      pipeline: z.string(),
      /** The organisation's other pipelines: their opportunities are kept and not in these figures. */
      otherPipelines: z.array(z.object({ name: z.string(), opportunities: z.number().int() })),
    }),
  })
  .meta({ id: 'Diagnosis' });
export type Diagnosis = z.infer<typeof Diagnosis>;

/** `/api/kpis`: every KPI of the catalog (core/kpis) with its name, unit, formula and the skill it points to. */
export const KpiCatalog = z
  .object({
    kpis: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        unit: z.string(),
        formula: z.string(),
        higherIsBetter: z.boolean(),
        skill: z.string(),
        per: z.string().optional(),
      }),
    ),
  })
  .meta({ id: 'KpiCatalog' });
export type KpiCatalog = z.infer<typeof KpiCatalog>;
