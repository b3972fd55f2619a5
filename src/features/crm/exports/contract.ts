import { z } from 'zod';
import { DATE_STYLES } from '../../../core/crmValues.js';
import { flag, IMPORT_KINDS, ImportSummary, pairs } from '../contract.js';

/** The text encodings an export file may come in (`--encoding` names one of them). */
export const EXPORT_ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252'] as const;
export type ExportEncoding = (typeof EXPORT_ENCODINGS)[number];

/** The CRMs whose whole export folder Touchline reads with one command. */
export const EXPORT_SOURCES = ['salesforce', 'hubspot'] as const;

/** How to read a CRM export folder or `.zip` (the CLI's flags; the web form's fields). */
export const ExportImportRequest = z.strictObject({
  source: z.enum(EXPORT_SOURCES),
  dryRun: flag,
  /** Every file's encoding, when detection should not decide. */
  encoding: z.enum(EXPORT_ENCODINGS, { error: `use one of ${EXPORT_ENCODINGS.join(', ')}` }).optional(),
  /** How the files write day-first or month-first dates, when detection cannot tell. */
  dateFormat: z.enum(DATE_STYLES, { error: `use ${DATE_STYLES.join(' or ')}` }).optional(),
  /** Export stage → funnel stage, over what matching by name and order finds. */
  stageMap: pairs.optional(),
  /**
   * HubSpot: the pipeline the diagnosis reads (default: the one it reads already, else the one with
   * most deals); every pipeline's deals are imported, each with its own funnel.
   */
  pipeline: z.string().trim().min(1).max(200).optional(),
});
export type ExportImportRequest = z.output<typeof ExportImportRequest>;

export const ExportFile = z.object({
  object: z.string(),
  /** The file it was read from, or null when the export has none. */
  file: z.string().nullable(),
  encoding: z.enum(EXPORT_ENCODINGS).nullable(),
  required: z.boolean(),
});

export const ExportObjectResult = z.object({
  object: z.string(),
  file: z.string(),
  kind: z.enum(IMPORT_KINDS),
  summary: ImportSummary,
});

/** What importing a CRM export did, in the words the CLI prints and the web page shows. */
export const ExportReport = z
  .object({
    source: z.enum(EXPORT_SOURCES),
    dryRun: z.boolean(),
    files: z.array(ExportFile),
    people: z.object({
      /** Users in the export. */
      users: z.number().int(),
      /** People new to the organisation, and people matched by email. */
      added: z.number().int(),
      matched: z.number().int(),
      skipped: z.array(z.object({ user: z.string(), reason: z.string() })),
      clashes: z.array(z.object({ email: z.string(), kept: z.string(), others: z.array(z.string()) })),
    }),
    funnel: z.object({
      stages: z.array(z.string()),
      lost: z.string(),
      /** `export`: set from the export (the organisation had no CRM data); `organisation`: its own. */
      from: z.enum(['export', 'organisation']),
      /** Export stages read as another stage of the funnel. */
      mapped: z.array(z.tuple([z.string(), z.string()])),
    }),
    /**
     * HubSpot: the pipeline the diagnosis reads (its funnel is `funnel`), and the other pipelines,
     * imported with their own funnels.
     */
    pipeline: z
      .object({
        name: z.string(),
        deals: z.number().int(),
        others: z.array(
          z.object({
            name: z.string(),
            deals: z.number().int(),
            stages: z.array(z.string()),
            lost: z.string(),
            from: z.enum(['export', 'organisation']),
          }),
        ),
      })
      .nullable(),
    objects: z.array(ExportObjectResult),
    warnings: z.array(z.string()),
  })
  .meta({ id: 'ExportReport' });
export type ExportReport = z.infer<typeof ExportReport>;
