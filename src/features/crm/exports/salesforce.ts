import { basename } from 'node:path';
import type { DateStyle } from '../../../core/crmValues.js';
import { AppError } from '../../../core/errors.js';
import type { Database } from '../../../db/open.js';
import { getOrg } from '../../orgs/service.js';
import { diagnosePipeline, getFunnel, listPipelines, setFunnel } from '../funnel.js';
import { dateStyleOfFile } from '../import/dateStyle.js';
import type { ExportReport } from './contract.js';
import {
  clashWarnings,
  countValues,
  type ExportImportOptions,
  existingPeople,
  exportRunner,
  type FoundFile,
  filesAfterPlanning,
  inferMissingHistory,
  orgHasCrmData,
  peopleReport,
} from './exportRun.js';
import { type ExportStage, planFunnel } from './funnelPlan.js';
import { checkHeader, KIND_OF, missingMeans, OBJECTS, type ObjectName, OWNING } from './salesforceFiles.js';
import { salesforceRates, unpricedCurrencies } from './salesforceMoney.js';
import { planSalesforcePeople, type SalesforceUser } from './salesforcePeople.js';
import { detectEncoding, openDecoded, openExport, type Row, readTable } from './source.js';

const yes = (v: string | undefined) => /^(true|1|yes)$/i.test((v ?? '').trim());

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
  opts: ExportImportOptions,
): Promise<ExportReport> {
  const { request } = opts;
  const step = opts.onStep ?? (() => {});
  const opened = await openExport(opts.path);
  try {
    const warnings: string[] = [];
    const files: ExportReport['files'] = [];
    const found = new Map<ObjectName, FoundFile>();
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
      if (f) await countValues(f, ['ownerid'], owns);
    }
    const userFile = file('User') as FoundFile;
    const users = (await readTable(userFile.path, userFile.encoding)).map(userOf);
    const roleFile = file('UserRole');
    const roleNames = new Map(
      roleFile
        ? (await readTable(roleFile.path, roleFile.encoding)).map((r) => [
            (r.id ?? '').toLowerCase(),
            r.name ?? '',
          ])
        : [],
    );
    const plan = planSalesforcePeople(users, {
      roleNames,
      owns,
      existing: await existingPeople(database, opts.orgId),
    });
    const runner = exportRunner(database, { ...opts, format: 'salesforce', owners: plan.owners });
    const { objects } = runner;
    const staged = (object: ObjectName, f: FoundFile, source: Parameters<typeof runner.file>[4] = {}) => {
      const kind = KIND_OF[object]?.kind;
      if (!kind) throw new Error(`${object} is not imported row by row`);
      return runner.file(object, kind, f, dateStyles.get(object), source);
    };

    // People first: the opportunities' owners must exist. A dry run writes none, so what follows
    // could only be checked against people who are already here: it stops at the people.
    await runner.people('User', basename(userFile.path), plan);
    const people = peopleReport(users.length, plan);
    warnings.push(...clashWarnings(plan));

    const stageFile = file('OpportunityStage');
    // Salesforce names no pipelines: its opportunities are in the unnamed one ('').
    const hasData = await orgHasCrmData(database, opts.orgId, '');
    const funnelPlan = planFunnel(
      stageFile
        ? (await readTable(stageFile.path, stageFile.encoding)).map(stageOf).filter((s) => s.name)
        : [],
      {
        current: await getFunnel(database.db, { orgId: opts.orgId, pipeline: '' }),
        hasData,
        userMap: request.stageMap ?? [],
      },
    );
    if (funnelPlan.from === 'export' && !request.dryRun) {
      step(
        `Setting the funnel from the export: ${funnelPlan.funnel.stages.join(' → ')} (lost: ${funnelPlan.funnel.lost})…`,
      );
      await setFunnel(database.db, { orgId: opts.orgId, pipeline: '', funnel: funnelPlan.funnel });
    }
    // The diagnosis reads these opportunities unless it reads another pipeline that holds deals.
    const diagnosed = (await listPipelines(database.db, opts.orgId)).find((p) => p.diagnosed);
    if (!request.dryRun && diagnosed && diagnosed.name !== '' && diagnosed.opportunities === 0)
      await diagnosePipeline(database.db, { orgId: opts.orgId, pipeline: '' });
    const funnel = {
      stages: funnelPlan.funnel.stages,
      lost: funnelPlan.funnel.lost,
      from: funnelPlan.from,
      mapped: funnelPlan.stageMap,
    };
    const dryRun = request.dryRun;
    const planned = {
      dryRun,
      plan,
      funnels: funnelPlan.from === 'export' ? [funnelPlan.funnel] : [],
      warnings,
    };
    await filesAfterPlanning(database, runner, planned, async () => {
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
      const rates = [
        ...(await salesforceRates(currency, file('CurrencyType'), file('DatedConversionRate'))),
        ...(opts.rates ?? []),
      ];
      await staged('Opportunity', file('Opportunity') as FoundFile, { stageMap, accounts, rates });
      if (!dryRun) warnings.push(...(await unpricedCurrencies(database, opts.orgId, currency)));
      const history = file('OpportunityHistory');
      if (history) await staged('OpportunityHistory', history, { stageMap, collapseRepeats: true });
      if (!dryRun) warnings.push(...(await inferMissingHistory(database, opts.orgId)));
      for (const object of ['Task', 'Event'] as const) {
        const f = file(object);
        const defaultType = KIND_OF[object]?.defaultType;
        if (f) await staged(object, f, { ...(defaultType && { defaultType }) });
      }
    });
    return { source: 'salesforce', dryRun, files, people, funnel, pipeline: null, objects, warnings };
  } finally {
    opened.close();
  }
}
