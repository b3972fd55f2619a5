import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { Actor } from '../../../core/actor.js';
import { AppError } from '../../../core/errors.js';
import type { Funnel } from '../../../core/funnel.js';
import type { Database } from '../../../db/open.js';
import {
  emptySummary,
  FUNNEL_FILE,
  IMPORT_FILES,
  IMPORT_KINDS,
  type ImportRequest,
  type ImportSummary,
} from '../contract.js';
import { diagnosePipeline, getFunnel, setFunnel } from '../funnel.js';
import { inferHistory } from '../inferHistory.js';
import type { SourceOptions } from './adapt.js';
import { parseSmallCsv } from './csv.js';
import { clearInterruptedImports } from './interrupted.js';
import { withImportJob } from './job.js';
import { importPeople } from './people.js';
import { importStagedFile } from './run.js';

/** What an export's other files tell the import of one of its files (see `SourceOptions`). */
export type ExportSource = Pick<
  SourceOptions,
  | 'accounts'
  | 'defaultType'
  | 'collapseRepeats'
  | 'rates'
  | 'dateStyle'
  | 'pipelineStageMaps'
  | 'skipPipelines'
  | 'leftOutDeals'
  | 'dryRunAssumes'
>;

export interface ImportOptions {
  orgId: string;
  /** Who starts it, recorded as the job's owner; none from the command line. */
  actor?: Pick<Actor, 'personId'> | undefined;
  /** What to import and how, parsed with the contract. */
  request: ImportRequest;
  input: Readable;
  /** Named in every rejected row, e.g. `opportunities.csv`. */
  fileName: string;
  now: Date;
  onProgress?: ((rowsRead: number) => void) | undefined;
  /** CRM owner ids or names (lower-cased) → people's emails, from `--owners FILE`. */
  owners?: Map<string, string> | undefined;
  /** What an export's other files tell about this one (account names, the object's kind of activity). */
  source?: ExportSource | undefined;
}

/** Imports one CSV file as one import job (see `withImportJob`); people and the staged kinds alike. */
export async function importCsv(
  database: Database,
  opts: ImportOptions,
): Promise<ImportSummary & { jobId: string }> {
  const { request } = opts;
  await clearInterruptedImports(database, { orgId: opts.orgId, now: opts.now });
  const meta = {
    orgId: opts.orgId,
    kind: request.kind,
    fileName: opts.fileName,
    dryRun: request.dryRun,
    strict: request.strict,
    createdBy: opts.actor?.personId ?? null,
    now: opts.now,
    jobId: request.jobId,
  };
  return withImportJob(database.db, meta, async (job) => {
    const onProgress = async (rowsRead: number) => {
      opts.onProgress?.(rowsRead);
      await job.progress(rowsRead);
    };
    const common = {
      orgId: opts.orgId,
      input: opts.input,
      fileName: opts.fileName,
      dryRun: request.dryRun,
      strict: request.strict,
      onProgress,
    };
    if (request.kind === 'people') return importPeople(database.db, common);
    const source = {
      format: request.format,
      ...(request.map && { map: request.map }),
      ...(request.stageMap && { stageMap: request.stageMap }),
      ...(request.dateFormat && { dateStyle: request.dateFormat }),
      ...(opts.owners && { owners: opts.owners }),
      ...opts.source,
    };
    return importStagedFile(database, { ...common, kind: request.kind, source }, job.jobId);
  });
}

/**
 * Sets the funnels `funnel.csv` describes (as `touchline export` writes it), when the folder has one
 * and they differ from the organisation's, and the pipeline the diagnosis reads: before the
 * opportunities, whose stages they name.
 */
async function importFunnelFile(
  database: Database,
  opts: { orgId: string; path: string; dryRun: boolean },
): Promise<void> {
  if (!existsSync(opts.path)) return;
  const rows = parseSmallCsv(readFileSync(opts.path, 'utf8'));
  const pipelines = new Map<string, { open: string[]; won?: string; lost?: string; line: number }>();
  let diagnosed: string | undefined;
  for (const [i, row] of rows.entries()) {
    const line = i + 2;
    const stage = (row.stage ?? '').trim();
    const kind = (row.kind ?? '').trim().toLowerCase();
    const pipeline = (row.pipeline ?? '').trim();
    if (!stage || !['open', 'won', 'lost'].includes(kind))
      throw new AppError(
        'invalid',
        `${FUNNEL_FILE.name}:${line}: each row names a stage and its kind (open, won or lost)`,
      );
    const flag = (row.diagnosed ?? '').trim().toLowerCase();
    if (flag && flag !== 'true' && flag !== 'false')
      throw new AppError('invalid', `${FUNNEL_FILE.name}:${line}: diagnosed is true or false, not "${flag}"`);
    if (flag === 'true') diagnosed = pipeline;
    const p = pipelines.get(pipeline) ?? { open: [], line };
    pipelines.set(pipeline, p);
    if (kind === 'open') p.open.push(stage);
    else if (kind === 'won') p.won = stage;
    else p.lost = stage;
  }
  const wanted: Funnel[] = [];
  for (const [pipeline, p] of pipelines) {
    if (!p.won || !p.lost)
      throw new AppError(
        'invalid',
        `${FUNNEL_FILE.name}: name one won stage and one lost stage${pipeline ? ` for the pipeline "${pipeline}" (from line ${p.line})` : ''}`,
      );
    wanted.push({ stages: [...p.open, p.won], lost: p.lost, ...(pipeline && { pipeline }) });
  }
  if (opts.dryRun) return;
  for (const funnel of wanted) {
    const pipeline = funnel.pipeline ?? '';
    const current = await getFunnel(database.db, { orgId: opts.orgId, pipeline });
    if (JSON.stringify(current) !== JSON.stringify(funnel))
      await setFunnel(database.db, { orgId: opts.orgId, pipeline, funnel });
  }
  // A file without the column: the diagnosis reads its one pipeline.
  const reads = diagnosed ?? (wanted.length === 1 ? (wanted[0]?.pipeline ?? '') : undefined);
  if (reads !== undefined) await diagnosePipeline(database.db, { orgId: opts.orgId, pipeline: reads });
}

/**
 * Imports the generic format's files from a folder, in dependency order (the funnel, people,
 * opportunities, stage history, activities); missing files are skipped. Opportunities left with no
 * history at all get an inferred one (`inferHistory`).
 */
export async function importDir(
  database: Database,
  opts: Omit<ImportOptions, 'request' | 'input' | 'fileName'> & {
    dir: string;
    request: Pick<ImportRequest, 'dryRun' | 'strict'>;
    onFile?: (kind: ImportRequest['kind'], present: boolean) => void;
    /** Opens each file (the CLI wraps it in a progress bar); default: a plain read stream. */
    open?: (path: string) => { input: Readable; onRows: (rows: number) => void; stop: () => void };
  },
): Promise<ImportSummary> {
  const total = emptySummary();
  await importFunnelFile(database, {
    orgId: opts.orgId,
    path: join(opts.dir, FUNNEL_FILE.name),
    dryRun: opts.request.dryRun,
  });
  for (const kind of IMPORT_KINDS) {
    const path = join(opts.dir, IMPORT_FILES[kind]);
    const present = existsSync(path);
    opts.onFile?.(kind, present);
    if (!present) continue;
    const opened = opts.open?.(path) ?? { input: createReadStream(path), onRows: () => {}, stop: () => {} };
    let result: ImportSummary;
    try {
      result = await importCsv(database, {
        ...opts,
        request: { kind, format: 'generic', ...opts.request },
        input: opened.input,
        fileName: IMPORT_FILES[kind],
        onProgress: (rows) => {
          opened.onRows(rows);
          opts.onProgress?.(rows);
        },
      });
    } finally {
      opened.stop();
    }
    total.inserted += result.inserted;
    total.updated += result.updated;
    total.unchanged += result.unchanged;
    total.rejected += result.rejected;
    total.rejects.push(...result.rejects);
  }
  if (!opts.request.dryRun) await inferHistory(database.db, { orgId: opts.orgId });
  return total;
}
