import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import type { Actor } from '../../../core/actor.js';
import type { DateStyle } from '../../../core/crmValues.js';
import { AppError } from '../../../core/errors.js';
import type { Database } from '../../../db/open.js';
import { queryRows } from '../../../db/sql.js';
import { getOrg } from '../../orgs/service.js';
import { listPeople } from '../../people/service.js';
import { type ImportKind, type ImportSummary, PEOPLE_HEADER } from '../contract.js';
import { toCsv } from '../csvOut.js';
import { getFunnel, setFunnel } from '../funnel.js';
import type { SourceOptions } from '../import/adapt.js';
import { readCsvRecords } from '../import/csv.js';
import { dateStyleOfFile } from '../import/dateStyle.js';
import { importCsv } from '../import/importCsv.js';
import { inferHistory } from '../inferHistory.js';
import type { ExportImportRequest, ExportReport } from './contract.js';
import { type ExportStage, planFunnel } from './funnelPlan.js';
import { checkHeader, KIND_OF, missingMeans, OBJECTS, type ObjectName, OWNING } from './salesforceFiles.js';
import { salesforceRates, unpricedCurrencies } from './salesforceMoney.js';
import { planSalesforcePeople, type SalesforceUser } from './salesforcePeople.js';
import {
  detectEncoding,
  type ExportEncoding,
  openDecoded,
  openExport,
  type Row,
  readTable,
} from './source.js';

export interface SalesforceImportOptions {
  orgId: string;
  actor?: Pick<Actor, 'personId'> | undefined;
  /** The export's folder or `.zip`. */
  path: string;
  request: ExportImportRequest;
  now: Date;
  /** Told each step as it starts, in words (the CLI prints them). */
  onStep?: (message: string) => void;
}

type ExtraSource = Pick<
  SourceOptions,
  'accounts' | 'defaultType' | 'collapseRepeats' | 'rates' | 'dateStyle'
>;

const yes = (v: string | undefined) => /^(true|1|yes)$/i.test((v ?? '').trim());

/** How many records each user id (lower-cased) owns in a file with an `OwnerId` column. */
async function countOwners(path: string, encoding: ExportEncoding, into: Map<string, number>): Promise<void> {
  let at = -1;
  for await (const batch of readCsvRecords(openDecoded(path, encoding), basename(path))) {
    for (const { fields } of batch) {
      if (at < 0) {
        at = fields.findIndex((f) => f.trim().toLowerCase() === 'ownerid');
        if (at < 0) return;
        continue;
      }
      const id = (fields[at] ?? '').trim().toLowerCase();
      if (id) into.set(id, (into.get(id) ?? 0) + 1);
    }
  }
}

function userOf(r: Row): SalesforceUser {
  const name =
    (r.name ?? '').trim() ||
    [r.firstname, r.lastname]
      .filter((p) => p?.trim())
      .join(' ')
      .trim();
  return {
    id: (r.id ?? '').trim(),
    email: (r.email ?? '').trim().toLowerCase(),
    name,
    active: r.isactive === undefined ? true : yes(r.isactive),
    managerId: (r.managerid ?? '').trim(),
    roleId: (r.userroleid ?? '').trim(),
    userType: (r.usertype ?? '').trim(),
  };
}

function stageOf(r: Row): ExportStage {
  return {
    name: (r.masterlabel ?? r.apiname ?? r.stagename ?? '').trim(),
    order: Number(r.sortorder ?? 0),
    closed: yes(r.isclosed),
    won: yes(r.iswon),
    active: r.isactive === undefined ? true : yes(r.isactive),
  };
}

/**
 * Imports a Salesforce Data Export (the weekly export service or Data Loader: one CSV per object) in
 * one go: people from its users (no owners file), the funnel from its stages when the organisation
 * has no CRM data yet, then opportunities, their stage history (edits collapsed into stage moves),
 * tasks and events — each file its own import job, so each is reported line by line as any import.
 * Every file's encoding is detected (or named). Returns what it did, in words and numbers.
 */
export async function importSalesforceExport(
  database: Database,
  opts: SalesforceImportOptions,
): Promise<ExportReport> {
  const { request } = opts;
  const step = opts.onStep ?? (() => {});
  const opened = await openExport(opts.path);
  try {
    const warnings: string[] = [];
    const files: ExportReport['files'] = [];
    const found = new Map<ObjectName, { path: string; encoding: ExportEncoding }>();
    for (const { object, required } of OBJECTS) {
      const path = opened.files.get(object.toLowerCase());
      if (!path) {
        if (required)
          throw new AppError(
            'invalid',
            `${basename(opts.path)}: no ${object}.csv in the export (found: ${[...opened.files.values()].map((p) => basename(p)).join(', ') || 'no CSV files'})`,
          );
        files.push({ object, file: null, encoding: null, required });
        warnings.push(`No ${object}.csv in the export: ${missingMeans(object)}.`);
        continue;
      }
      const encoding = request.encoding ?? (await detectEncoding(path));
      found.set(object, { path, encoding });
      files.push({ object, file: basename(path), encoding, required });
    }
    const file = (o: ObjectName) => found.get(o);
    // Every file's header, and how it writes dates, first: a file that cannot be read stops the
    // import before anything is written.
    const dateStyles = new Map<ObjectName, DateStyle>();
    for (const [object, f] of found) {
      await checkHeader(object, f.path, f.encoding);
      const staged = KIND_OF[object];
      const style = request.dateFormat
        ? request.dateFormat
        : staged &&
          (await dateStyleOfFile(openDecoded(f.path, f.encoding), {
            kind: staged.kind,
            fileName: basename(f.path),
            source: { format: 'salesforce' },
          }));
      if (style) dateStyles.set(object, style);
    }

    step('Reading users and who owns what…');
    const owns = new Map<string, number>();
    for (const o of OWNING) {
      const f = file(o);
      if (f) await countOwners(f.path, f.encoding, owns);
    }
    const users = (
      await readTable(file('User')?.path as string, file('User')?.encoding as ExportEncoding)
    ).map(userOf);
    const roleFile = file('UserRole');
    const roleNames = new Map(
      roleFile
        ? (await readTable(roleFile.path, roleFile.encoding)).map((r) => [
            (r.id ?? '').toLowerCase(),
            r.name ?? '',
          ])
        : [],
    );
    const current = await listPeople(database.db, { orgId: opts.orgId, includeInactive: true });
    const emailById = new Map(current.map((p) => [p.id, p.email]));
    const plan = planSalesforcePeople(users, {
      roleNames,
      owns,
      existing: new Map(
        current.map((p) => [
          p.email,
          {
            email: p.email,
            role: p.role,
            managerEmail: p.managerId ? (emailById.get(p.managerId) ?? null) : null,
          },
        ]),
      ),
    });
    const objects: ExportReport['objects'] = [];
    const run = async (
      object: ObjectName | 'people',
      kind: ImportKind,
      fileName: string,
      input: Readable,
      source: { stageMap?: [string, string][] } & ExtraSource = {},
    ): Promise<ImportSummary> => {
      step(`Importing ${object === 'people' ? 'people from User.csv' : fileName}…`);
      const { stageMap, ...rest } = source;
      const dateStyle = object === 'people' ? undefined : dateStyles.get(object);
      const extra = { ...rest, ...(dateStyle && { dateStyle }) };
      const summary = await importCsv(database, {
        orgId: opts.orgId,
        actor: opts.actor,
        request: {
          kind,
          format: kind === 'people' ? 'generic' : 'salesforce',
          dryRun: request.dryRun,
          strict: false,
          ...(stageMap && { stageMap }),
        },
        input,
        fileName,
        now: opts.now,
        owners: plan.owners,
        source: extra,
      });
      const { jobId: _, ...counts } = summary;
      objects.push({ object: object === 'people' ? 'User' : object, file: fileName, kind, summary: counts });
      return counts;
    };

    // People first: the opportunities' owners must exist. A dry run writes none, so what follows
    // could only be checked against people who are already here: it stops at the people.
    const peopleCsv = toCsv([
      [...PEOPLE_HEADER.columns],
      ...plan.people.map((p) => [p.email, p.name, p.role, p.managerEmail, '', '']),
    ]);
    await run('people', 'people', basename(file('User')?.path as string), Readable.from([peopleCsv]));
    const people = {
      users: users.length,
      added: plan.people.filter((p) => !p.existing).length,
      matched: plan.people.filter((p) => p.existing).length,
      skipped: plan.skipped,
      clashes: plan.clashes,
    };
    for (const c of plan.clashes)
      warnings.push(
        `${c.email} belongs to several users; their records go to ${c.kept} (also ${c.others.join(', ')}).`,
      );

    const stageFile = file('OpportunityStage');
    const hasData = await orgHasCrmData(database, opts.orgId);
    const funnelPlan = planFunnel(
      stageFile
        ? (await readTable(stageFile.path, stageFile.encoding)).map(stageOf).filter((s) => s.name)
        : [],
      {
        current: await getFunnel(database.db, { orgId: opts.orgId }),
        hasData,
        userMap: request.stageMap ?? [],
      },
    );
    if (funnelPlan.from === 'export' && !request.dryRun) {
      step(
        `Setting the funnel from the export: ${funnelPlan.funnel.stages.join(' → ')} (lost: ${funnelPlan.funnel.lost})…`,
      );
      await setFunnel(database.db, { orgId: opts.orgId, funnel: funnelPlan.funnel });
    }
    const funnel = {
      stages: funnelPlan.funnel.stages,
      lost: funnelPlan.funnel.lost,
      from: funnelPlan.from,
      mapped: funnelPlan.stageMap,
    };
    if (request.dryRun) {
      warnings.push(
        'A dry run adds no people, so the opportunities, history and activities were not checked.',
      );
      return { source: 'salesforce', dryRun: true, files, people, funnel, objects, warnings };
    }

    const accountFile = file('Account');
    const accounts = new Map(
      accountFile
        ? (await readTable(accountFile.path, accountFile.encoding)).map((r) => [
            (r.id ?? '').toLowerCase(),
            (r.name ?? '').trim(),
          ])
        : [],
    );
    const stageMap = funnelPlan.stageMap;
    const { currency } = await getOrg(database.db, { orgId: opts.orgId });
    const rates = await salesforceRates(currency, file('CurrencyType'), file('DatedConversionRate'));
    const opportunity = file('Opportunity') as { path: string; encoding: ExportEncoding };
    await run(
      'Opportunity',
      'opportunities',
      basename(opportunity.path),
      openDecoded(opportunity.path, opportunity.encoding),
      { stageMap, accounts, rates },
    );
    warnings.push(...(await unpricedCurrencies(database, opts.orgId, currency)));
    const history = file('OpportunityHistory');
    if (history)
      await run(
        'OpportunityHistory',
        'stage_history',
        basename(history.path),
        openDecoded(history.path, history.encoding),
        {
          stageMap,
          collapseRepeats: true,
        },
      );
    const inferred = await inferHistory(database.db, {
      orgId: opts.orgId,
      funnel: await getFunnel(database.db, { orgId: opts.orgId }),
    });
    if (inferred > 0)
      warnings.push(
        `${inferred} opportunit${inferred === 1 ? 'y has' : 'ies have'} no stage history in the export: each entered the first stage when created and its current stage when it closed (inferred; the stages between count as passed).`,
      );
    for (const object of ['Task', 'Event'] as const) {
      const f = file(object);
      const defaultType = KIND_OF[object]?.defaultType;
      if (f)
        await run(object, 'activities', basename(f.path), openDecoded(f.path, f.encoding), {
          ...(defaultType && { defaultType }),
        });
    }
    return { source: 'salesforce', dryRun: false, files, people, funnel, objects, warnings };
  } finally {
    opened.close();
  }
}

async function orgHasCrmData(database: Database, orgId: string): Promise<boolean> {
  const [row] = await queryRows<{ has: boolean }>(
    database.db,
    sql`select exists (select 1 from opportunities where org_id = ${orgId}) as has`,
  );
  return row?.has ?? false;
}
