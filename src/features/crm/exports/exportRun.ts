import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import type { Actor } from '../../../core/actor.js';
import type { CrmFormat } from '../../../core/crmFormats.js';
import type { DateStyle } from '../../../core/crmValues.js';
import type { Funnel } from '../../../core/funnel.js';
import type { Database } from '../../../db/open.js';
import { inPipeline } from '../../../db/schema/crm.js';
import { queryRows } from '../../../db/sql.js';
import { listPeople } from '../../people/service.js';
import { type ImportKind, type ImportSummary, PEOPLE_HEADER } from '../contract.js';
import { toCsv } from '../csvOut.js';
import type { DryRunAssumptions, SourceOptions } from '../import/adapt.js';
import { readCsvRecords } from '../import/csv.js';
import { type ExportSource, importCsv } from '../import/importCsv.js';
import type { RateRow } from '../import/rows.js';
import { inferHistory } from '../inferHistory.js';
import type { ExportImportRequest, ExportReport } from './contract.js';
import type { ExistingPerson, PeoplePlan } from './salesforcePeople.js';
import { type ExportEncoding, openDecoded } from './source.js';

/** What every CRM export import is given (the CLI's and the web route's arguments). */
export interface ExportImportOptions {
  orgId: string;
  actor?: Pick<Actor, 'personId'> | undefined;
  /** The export's folder or `.zip`. */
  path: string;
  request: ExportImportRequest;
  now: Date;
  /** Told each step as it starts, in words (the CLI prints them). */
  onStep?: (message: string) => void;
  /** Rates into the organisation's currency (`--rates FILE`), added to any the export itself has. */
  rates?: readonly RateRow[] | undefined;
}

/** An export file found and how its text is encoded. */
export interface FoundFile {
  path: string;
  encoding: ExportEncoding;
}

/** What an export's other files tell the import of one of its files, and the stage mapping. */
export type ExtraSource = Omit<ExportSource, 'dryRunAssumes'> & Pick<SourceOptions, 'stageMap'>;

/**
 * Runs the files of an export through the one CSV import, each as its own import job, and keeps
 * their summaries for the report. `owners` maps the CRM's owner values (ids, names) to the planned
 * people's emails.
 */
export function exportRunner(
  database: Database,
  opts: ExportImportOptions & { format: Exclude<CrmFormat, 'generic'>; owners: Map<string, string> },
) {
  const objects: ExportReport['objects'] = [];
  const step = opts.onStep ?? (() => {});
  let assumes: DryRunAssumptions | undefined;
  const run = async (
    object: string,
    kind: ImportKind,
    fileName: string,
    input: Readable,
    source: ExtraSource = {},
  ): Promise<ImportSummary> => {
    step(`Importing ${kind === 'people' ? `people from ${fileName}` : fileName}…`);
    const { stageMap, ...rest } = source;
    const summary = await importCsv(database, {
      orgId: opts.orgId,
      actor: opts.actor,
      request: {
        kind,
        format: kind === 'people' ? 'generic' : opts.format,
        dryRun: opts.request.dryRun,
        strict: false,
        ...(stageMap && { stageMap }),
      },
      input,
      fileName,
      now: opts.now,
      owners: opts.owners,
      source: { ...rest, ...(assumes && { dryRunAssumes: assumes }) },
    });
    const { jobId: _, ...counts } = summary;
    objects.push({ object, file: fileName, kind, summary: counts });
    return counts;
  };
  return {
    objects,
    run,
    /** A dry run from here on checks every file as if the earlier ones had been written. */
    assume(a: DryRunAssumptions) {
      assumes = a;
    },
    /** Imports a file of the export from disk, decoded, with the date style found for it. */
    file: (
      object: string,
      kind: ImportKind,
      f: FoundFile,
      dateStyle: DateStyle | undefined,
      source: ExtraSource = {},
    ) =>
      run(object, kind, basename(f.path), openDecoded(f.path, f.encoding), {
        ...source,
        ...(dateStyle && { dateStyle }),
      }),
    /** Writes the planned people through the people import (its rules: roles, cycles, last admin). */
    people: (object: string, fileName: string, plan: PeoplePlan) =>
      run(
        object,
        'people',
        fileName,
        Readable.from([
          toCsv([
            [...PEOPLE_HEADER.columns],
            // The export says nothing of teams and start dates: a matched person keeps theirs.
            ...plan.people.map((p) => [p.email, p.name, p.role, p.managerEmail, p.team, p.startDate]),
          ]),
        ]),
      ),
  };
}

/** The organisation's people as the people plans need them: by email, with their manager's email. */
export async function existingPeople(
  database: Database,
  orgId: string,
): Promise<Map<string, ExistingPerson>> {
  const current = await listPeople(database.db, { orgId, includeInactive: true });
  const emailById = new Map(current.map((p) => [p.id, p.email]));
  return new Map(
    current.map((p) => [
      p.email,
      {
        email: p.email,
        role: p.role,
        managerEmail: p.managerId ? (emailById.get(p.managerId) ?? null) : null,
        team: p.team,
        startDate: p.startDate,
      },
    ]),
  );
}

/** The report's account of the people: users read, people added or matched, left out, clashes. */
export function peopleReport(users: number, plan: PeoplePlan): ExportReport['people'] {
  return {
    users,
    added: plan.people.filter((p) => !p.existing).length,
    matched: plan.people.filter((p) => p.existing).length,
    skipped: plan.skipped,
    clashes: plan.clashes,
  };
}

export function clashWarnings(plan: PeoplePlan): string[] {
  return plan.clashes.map(
    (c) =>
      `${c.email} belongs to several users; their records go to ${c.kept} (also ${c.others.join(', ')}).`,
  );
}

/** Whether the organisation holds opportunities (of `pipeline`, when given: '' is the unnamed one). */
export async function orgHasCrmData(database: Database, orgId: string, pipeline?: string): Promise<boolean> {
  const [row] = await queryRows<{ has: boolean }>(
    database.db,
    sql`select exists (select 1 from opportunities o where o.org_id = ${orgId}
          ${pipeline === undefined ? sql`` : sql`and ${inPipeline('o', pipeline)}`}) as has`,
  );
  return row?.has ?? false;
}

/**
 * A scratch table for a whole export's dry run: the opportunities its file would write, `(crm_id,
 * stage)`, for the checks of the files after it. `drop` removes it.
 */
export async function dryRunScratch(database: Database): Promise<{ table: string; drop(): Promise<void> }> {
  const table = `export_dry_run_${randomUUID().replaceAll('-', '')}`;
  await database.db.execute(
    sql.raw(`create unlogged table ${table} (crm_id text primary key, stage text not null)`),
  );
  return {
    table,
    drop: async () => {
      await database.db.execute(sql.raw(`drop table if exists ${table}`));
    },
  };
}

/**
 * Runs the files after the people and the funnel (`body`). On a dry run every one of them is still
 * checked, row by row, as the import would: owned by the people it would add, against the funnel it
 * would set and the opportunities its own file would write (a scratch table, dropped at the end).
 */
export async function filesAfterPlanning(
  database: Database,
  runner: ReturnType<typeof exportRunner>,
  opts: {
    dryRun: boolean;
    plan: PeoplePlan;
    /** The funnels the export would set (one per pipeline), and the pipeline it would diagnose. */
    funnels: readonly Funnel[];
    diagnosed?: string | undefined;
    warnings: string[];
  },
  /** Given, on a dry run, the scratch table of the opportunities the export would write. */
  body: (scratch: string | undefined) => Promise<void>,
): Promise<void> {
  if (!opts.dryRun) return body(undefined);
  const scratch = await dryRunScratch(database);
  try {
    runner.assume({
      people: new Map(opts.plan.people.map((p) => [p.email, p.name])),
      funnels: opts.funnels,
      diagnosed: opts.diagnosed,
      opportunities: scratch.table,
    });
    await body(scratch.table);
    opts.warnings.push(
      'A dry run writes nothing: it checked every row; the stage history it would infer for opportunities without one, and amounts without a rate, are reported when it imports.',
    );
  } finally {
    await scratch.drop();
  }
}

/** How many records each owner value (lower-cased) has in a column of a file, `column` lower-cased. */
export async function countValues(
  f: FoundFile,
  columns: readonly string[],
  into: Map<string, number>,
): Promise<void> {
  let at = -1;
  for await (const batch of readCsvRecords(openDecoded(f.path, f.encoding), basename(f.path))) {
    for (const { fields } of batch) {
      if (at < 0) {
        const names = fields.map((x) => x.trim().toLowerCase());
        at = columns.map((c) => names.indexOf(c)).find((i) => i >= 0) ?? -1;
        if (at < 0) return;
        continue;
      }
      const v = (fields[at] ?? '').trim().toLowerCase();
      if (v) into.set(v, (into.get(v) ?? 0) + 1);
    }
  }
}

/**
 * Gives the opportunities the export had no stage history for an inferred one (`inferHistory`), and
 * returns the warning that says how many.
 */
export async function inferMissingHistory(database: Database, orgId: string): Promise<string[]> {
  const inferred = await inferHistory(database.db, { orgId });
  return inferred > 0
    ? [
        `${inferred} opportunit${inferred === 1 ? 'y has' : 'ies have'} no stage history in the export: each entered the first stage when created and its current stage when it closed (inferred; the stages between count as passed).`,
      ]
    : [];
}
