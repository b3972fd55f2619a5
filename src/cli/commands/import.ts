import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { CRM_FORMATS } from '../../core/crmFormats.js';
import { type ImportKind, ImportRequest, type ImportSummary } from '../../features/crm/contract.js';
import {
  EXPORT_ENCODINGS,
  type EXPORT_SOURCES,
  ExportImportRequest,
} from '../../features/crm/exports/contract.js';
import {
  dateStyleOfFile,
  describeExportReport,
  importCsv,
  importDir,
  importHubspotExport,
  importSalesforceExport,
} from '../../features/crm/service.js';
import { resolveOrg } from '../../features/orgs/service.js';
import { parseFlags, printJson, printLine, UsageError, withDatabase } from '../context.js';
import { readOwnersFile } from '../ownersFile.js';
import { readRatesFile } from '../ratesFile.js';

interface ImportFlags {
  org?: string;
  rates?: string;
  format: string;
  dateFormat?: string;
  map?: string;
  stageMap?: string;
  owners?: string;
  dryRun?: boolean;
  strict?: boolean;
  json?: boolean;
}

interface ExportFlags {
  org?: string;
  dateFormat?: string;
  stageMap?: string;
  encoding?: string;
  rates?: string;
  pipeline?: string;
  dryRun?: boolean;
  json?: boolean;
}

const KINDS: Record<string, ImportKind> = {
  people: 'people',
  opportunities: 'opportunities',
  'stage-history': 'stage_history',
  activities: 'activities',
};

/** The flags as the contract's import request (the same schema the upload route parses with). */
function requestOf(kind: ImportKind, flags: ImportFlags): ImportRequest {
  return parseFlags(ImportRequest, {
    kind,
    format: flags.format,
    map: flags.map,
    stageMap: flags.stageMap,
    dateFormat: flags.dateFormat,
    dryRun: flags.dryRun,
    strict: flags.strict,
  });
}

/** A progress bar on a terminal (bytes read → %, rows/s, ETA); nothing when piped or with --json. */
function progress(path: string, json: boolean | undefined) {
  if (json || !process.stderr.isTTY)
    return { input: createReadStream(path), onRows: () => {}, stop: () => {} };
  const total = statSync(path).size;
  const bar = new cliProgress.SingleBar(
    {
      format: `${basename(path)} {bar} {percentage}% | {rows} rows | {speed} rows/s | ETA {eta_formatted}`,
      stream: process.stderr,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = Date.now();
  let rows = 0;
  bar.start(total, 0, { rows: 0, speed: 0 });
  const input = createReadStream(path);
  let bytes = 0;
  input.on('data', (chunk) => {
    bytes += chunk.length;
    bar.update(bytes, { rows, speed: Math.round(rows / Math.max(0.001, (Date.now() - started) / 1000)) });
  });
  return {
    input,
    onRows: (n: number) => {
      rows = n;
    },
    stop: () => {
      bar.update(total, { rows, speed: Math.round(rows / Math.max(0.001, (Date.now() - started) / 1000)) });
      bar.stop();
    },
  };
}

function report(summary: ImportSummary, flags: ImportFlags): void {
  if (flags.json) {
    printJson(summary);
  } else {
    const verb = flags.dryRun ? 'would be ' : '';
    printLine(
      `${summary.inserted} ${verb}inserted, ${summary.updated} ${verb}updated, ${summary.unchanged} unchanged, ${summary.rejected} rejected${flags.strict && summary.rejected > 0 ? ' (--strict: nothing was imported)' : ''}.`,
    );
    for (const r of summary.rejects.slice(0, 50))
      printLine(`  ${r.file}:${r.line}${r.column ? ` [${r.column}]` : ''} ${r.reason}`);
    if (summary.rejected > 50) printLine(`  … and ${summary.rejected - 50} more (use --json for the list)`);
  }
  if (summary.rejected > 0) process.exitCode = 1;
}

function withImportFlags(cmd: Command): Command {
  return cmd
    .option('--org <slug>', 'organisation (default: the only one)')
    .option('--format <name>', `${CRM_FORMATS.join(' | ')}: whose export this is`, 'generic')
    .option('--map <pairs>', 'column mapping, source=target: "Their Column=our_column,…"')
    .option('--stage-map <pairs>', 'stage mapping, source=target: "Closed Won=Won,…"')
    .option(
      '--date-format <style>',
      'DMY or MDY: how the file writes dates like 3/4/2026 (found from the file when it can be)',
    )
    .option('--owners <file>', 'CSV owner,email mapping CRM user ids or names to people')
    .option(
      '--rates <file>',
      "CSV currency,rate[,from_date]: what one unit of a currency is worth in the organisation's",
    )
    .option('--dry-run', 'check everything and say what would change, changing nothing')
    .option('--strict', 'import nothing if any row is rejected')
    .option('--json', 'print one JSON document: {inserted, updated, unchanged, rejected, rejects}');
}

export function importCommand(program: Command): void {
  const imp = program
    .command('import')
    .description('import CRM data from CSV (see docs/import.md for the formats)');
  for (const [name, kind] of Object.entries(KINDS)) {
    withImportFlags(
      imp
        .command(name)
        .description(`import ${name.replace('-', ' ')} from a CSV file`)
        .argument('<file>'),
    ).action(async (file: string, flags: ImportFlags) => {
      const request = requestOf(kind, flags);
      // Day-first or month-first dates are found from the whole file before it is read for real.
      if (!request.dateFormat && request.kind !== 'people') {
        const style = await dateStyleOfFile(createReadStream(file), {
          kind: request.kind,
          fileName: basename(file),
          source: { format: request.format, ...(request.map && { map: request.map }) },
        });
        if (style) request.dateFormat = style;
      }
      const owners = flags.owners ? await readOwnersFile(flags.owners) : undefined;
      const rates = flags.rates ? await readRatesFile(flags.rates) : undefined;
      const bar = progress(file, flags.json);
      const summary = await withDatabase(async (d) => {
        const org = await resolveOrg(d.db, flags.org);
        try {
          return await importCsv(d, {
            orgId: org.id,
            request,
            input: bar.input,
            fileName: basename(file),
            now: new Date(),
            owners,
            ...(rates && { source: { rates } }),
            onProgress: bar.onRows,
          });
        } finally {
          bar.stop();
        }
      });
      report(summary, flags);
    });
  }
  exportCommand(
    imp,
    'salesforce',
    'import a Salesforce Data Export (folder or .zip): users, stages, opportunities, history, tasks, events',
  );
  exportCommand(
    imp,
    'hubspot',
    "import a HubSpot export (folder or .zip): users, every pipeline's deals (each with its own funnel) and their history, calls, meetings, emails, tasks, notes",
  );
  withImportFlags(
    imp
      .command('dir')
      .description('import people, opportunities, stage history and activities (generic files) from a folder')
      .argument('<dir>'),
  ).action(async (dir: string, flags: ImportFlags) => {
    if (flags.format !== 'generic' || flags.map || flags.stageMap || flags.owners)
      throw new UsageError('import dir reads the generic format only; import other formats file by file');
    const { dryRun, strict } = requestOf('people', flags);
    const rates = flags.rates ? await readRatesFile(flags.rates) : undefined;
    const summary = await withDatabase(async (d) => {
      const org = await resolveOrg(d.db, flags.org);
      return importDir(d, {
        orgId: org.id,
        dir,
        ...(rates && { source: { rates } }),
        now: new Date(),
        request: { dryRun, strict },
        open: (path) => progress(path, flags.json),
        // Notices go to stderr, so stdout stays one JSON document with --json.
        onFile: (kind, present) => {
          process.stderr.write(
            present
              ? `Importing ${kind.replace('_', ' ')}…\n`
              : `No ${kind.replace('_', ' ')} file in ${dir}; skipped.\n`,
          );
        },
      });
    });
    report(summary, flags);
  });
}

const EXPORT_IMPORTERS = { salesforce: importSalesforceExport, hubspot: importHubspotExport };

/** `touchline import salesforce|hubspot PATH`: a CRM's whole export, in one command. */
function exportCommand(imp: Command, source: (typeof EXPORT_SOURCES)[number], description: string): void {
  const cmd = imp
    .command(source)
    .description(description)
    .argument('<path>')
    .option('--org <slug>', 'organisation (default: the only one)')
    .option(
      '--stage-map <pairs>',
      'export stage → funnel stage, over matching by name: "Closed Lost - No Budget=Lost,…"',
    )
    .option(
      '--encoding <name>',
      `every file's encoding (${EXPORT_ENCODINGS.join(' | ')}), when detection should not decide`,
    )
    .option(
      '--date-format <style>',
      'DMY or MDY: how the files write dates like 3/4/2026 (found from each file when it can be)',
    )
    .option(
      '--rates <file>',
      "CSV currency,rate[,from_date]: what one unit of a currency is worth in the organisation's",
    );
  if (source === 'hubspot')
    cmd.option(
      '--pipeline <name>',
      'the pipeline the diagnosis reads (default: the one it reads already, else the one with most deals)',
    );
  cmd
    .option('--dry-run', 'read the export and say what it holds, changing nothing')
    .option('--json', 'print one JSON document: the report')
    .action(async (path: string, flags: ExportFlags) => {
      const request = parseFlags(ExportImportRequest, {
        source,
        dryRun: flags.dryRun,
        encoding: flags.encoding,
        stageMap: flags.stageMap,
        dateFormat: flags.dateFormat,
        pipeline: flags.pipeline,
      });
      const rates = flags.rates ? await readRatesFile(flags.rates) : undefined;
      const result = await withDatabase(async (d) => {
        const org = await resolveOrg(d.db, flags.org);
        return EXPORT_IMPORTERS[source](d, {
          orgId: org.id,
          path,
          request,
          rates,
          now: new Date(),
          onStep: (m) => {
            if (!flags.json) process.stderr.write(`${m}\n`);
          },
        });
      });
      if (flags.json) printJson(result);
      else for (const line of describeExportReport(result)) printLine(line);
      if (result.objects.some((o) => o.summary.rejected > 0)) process.exitCode = 1;
    });
}
