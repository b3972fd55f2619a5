import { basename } from 'node:path';
import { sql } from 'drizzle-orm';
import type { DateStyle } from '../../../core/crmValues.js';
import { AppError } from '../../../core/errors.js';
import type { Database } from '../../../db/open.js';
import { queryRows } from '../../../db/sql.js';
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
  peopleReport,
} from './exportRun.js';
import { type FunnelPlan, planFunnel } from './funnelPlan.js';
import { choosePipeline, scanDeals, stagesFromDeals } from './hubspotDeals.js';
import {
  asPlannedUsers,
  checkHubspotHeader,
  classifyHubspotFiles,
  HUBSPOT_ACTIVITY_FILES,
  HUBSPOT_FILES,
  type HubspotObject,
  hubspotMissingMeans,
  hubspotUserOf,
  ownerKeys,
  pipelineStages,
} from './hubspotFiles.js';
import { unpricedCurrencies } from './salesforceMoney.js';
import { planSalesforcePeople } from './salesforcePeople.js';
import { detectEncoding, openDecoded, openExport, readTable } from './source.js';

/** The columns an engagement file names its owner in, lower-cased, most preferred first. */
const ACTIVITY_OWNER = ['activity assigned to', 'assigned to', 'activity owner', 'hubspot owner', 'owner'];

/**
 * Which of these deal ids are not among the organisation's opportunities (their rows were rejected),
 * or on a dry run among those the export would write (`scratch`).
 */
async function missingDeals(
  database: Database,
  orgId: string,
  ids: readonly string[],
  scratch: string | undefined,
): Promise<string[]> {
  const stored = new Set(
    (
      await queryRows<{ id: string }>(
        database.db,
        scratch
          ? sql`select crm_id as id from ${sql.raw(scratch)}`
          : sql`select crm_id as id from opportunities where org_id = ${orgId}`,
      )
    ).map((r) => r.id),
  );
  return ids.filter((id) => !stored.has(id));
}

/** Refuses two date styles for one file, naming it: its columns must agree. */
function oneStyle(name: string, a: DateStyle | undefined, b: DateStyle | undefined): DateStyle | undefined {
  if (a && b && a !== b)
    throw new AppError(
      'invalid',
      `${name}: some date columns are day-first and others month-first; name the style with --date-format DMY or MDY`,
    );
  return a ?? b;
}

/**
 * Imports a HubSpot export (a folder or `.zip` of its CSV exports: deals, users, and the engagements
 * — calls, meetings, emails, tasks, notes — when present) in one go. People come from the users file,
 * owners matched by name, email or id; each pipeline gets its own funnel, its stage order from a
 * pipelines file or from when deals entered each stage, and the diagnosis reads one (`pipeline`, else
 * the one it reads already, else the one with most deals; the others are reported). Then the deals of
 * every pipeline, their history from the "Date entered" columns, and the engagements, each file its
 * own import job.
 */
export async function importHubspotExport(
  database: Database,
  opts: ExportImportOptions,
): Promise<ExportReport> {
  const { request } = opts;
  const step = opts.onStep ?? (() => {});
  const opened = await openExport(opts.path);
  try {
    const warnings: string[] = [];
    const files: ExportReport['files'] = [];
    const { found: paths, ignored } = classifyHubspotFiles(opened.files.values());
    const found = new Map<HubspotObject, FoundFile>();
    for (const { object, required } of HUBSPOT_FILES) {
      const path = paths.get(object);
      if (!path) {
        if (required)
          throw new AppError(
            'invalid',
            `${basename(opts.path)}: no ${object.toLowerCase()} file in the export (a CSV whose name says "${object.toLowerCase().replace(/s$/, '')}"; found: ${[...opened.files.values()].map((p) => basename(p)).join(', ') || 'no CSV files'})`,
          );
        // One file of all activities stands for the files per type: no warning for each of them.
        if (object !== 'Activities' && !(paths.has('Activities') && object !== 'Pipelines'))
          warnings.push(`No ${object.toLowerCase()} file in the export: ${hubspotMissingMeans(object)}.`);
        files.push({ object, file: null, encoding: null, required });
        continue;
      }
      const encoding = request.encoding ?? (await detectEncoding(path));
      found.set(object, { path, encoding });
      files.push({ object, file: basename(path), encoding, required });
    }
    if (ignored.length > 0)
      warnings.push(`Not read (not deals, users or activities): ${ignored.join(', ')}.`);
    const deals = found.get('Deals') as FoundFile;
    const dealsName = basename(deals.path);
    // Every header and date style first: a file that cannot be read stops it before anything is written.
    const styles = new Map<HubspotObject, DateStyle>();
    const styleOf = async (f: FoundFile, kind: 'opportunities' | 'stage_history' | 'activities') =>
      request.dateFormat ??
      dateStyleOfFile(openDecoded(f.path, f.encoding), {
        kind,
        fileName: basename(f.path),
        source: { format: 'hubspot' },
      });
    for (const [object, f] of found) {
      const type = HUBSPOT_ACTIVITY_FILES.find((a) => a.object === object);
      await checkHubspotHeader(object, f.path, f.encoding, type && 'type' in type ? type.type : undefined);
      const style =
        object === 'Deals'
          ? oneStyle(dealsName, await styleOf(f, 'opportunities'), await styleOf(f, 'stage_history'))
          : type
            ? await styleOf(f, 'activities')
            : undefined;
      if (style) styles.set(object, style);
    }

    step(`Reading ${dealsName}: pipelines, stages and owners…`);
    const scan = await scanDeals(deals, styles.get('Deals'));
    // The diagnosis keeps the pipeline it reads unless one is named or it holds no deals yet.
    const held = await listPipelines(database.db, opts.orgId);
    const kept = held.find((p) => p.diagnosed && p.opportunities > 0);
    const pipeline = request.pipeline || !kept ? choosePipeline(scan, request.pipeline) : kept.name;
    // The export's other pipelines, most deals first.
    const others = [...scan.pipelines]
      .filter(([p]) => p.toLowerCase() !== pipeline.toLowerCase())
      .sort((a, b) => b[1] - a[1])
      .map(([name]) => name);
    const leftOutDeals = new Set<string>();

    step('Reading users and who owns what…');
    const userFile = found.get('Users') as FoundFile;
    const hubspotUsers = (await readTable(userFile.path, userFile.encoding)).map(hubspotUserOf);
    const { keys, shared } = ownerKeys(hubspotUsers);
    for (const name of shared)
      warnings.push(
        `Several users are named ${name}: records owned by that name cannot be told apart and are rejected.`,
      );
    const owns = new Map<string, number>();
    const addOwned = (counts: Map<string, number>) => {
      for (const [value, n] of counts) {
        const id = keys.get(value);
        if (id) owns.set(id.toLowerCase(), (owns.get(id.toLowerCase()) ?? 0) + n);
      }
    };
    addOwned(scan.owners);
    for (const { object } of HUBSPOT_ACTIVITY_FILES) {
      const f = found.get(object);
      if (!f) continue;
      const counts = new Map<string, number>();
      await countValues(f, ACTIVITY_OWNER, counts);
      addOwned(counts);
    }
    const plan = planSalesforcePeople(asPlannedUsers(hubspotUsers), {
      roleNames: new Map(hubspotUsers.map((u) => [u.role.toLowerCase(), u.role])),
      owns,
      existing: await existingPeople(database, opts.orgId),
    });
    // Every owner value of the export → the planned person's email.
    const owners = new Map<string, string>();
    for (const [value, id] of keys) {
      const email = plan.owners.get(id.toLowerCase());
      if (email) owners.set(value, email);
    }
    const runner = exportRunner(database, { ...opts, format: 'hubspot', owners });
    await runner.people('Users', basename(userFile.path), plan);
    const people = peopleReport(hubspotUsers.length, plan);
    warnings.push(...clashWarnings(plan));

    // Each pipeline its own funnel: the diagnosed pipeline's first, then the others by deals.
    const pipelinesFile = found.get('Pipelines');
    const pipelineRows = pipelinesFile ? await readTable(pipelinesFile.path, pipelinesFile.encoding) : [];
    /** `set`: the funnel is written (the export's own, or a pipeline new here mapped onto one). */
    const plans: { name: string; deals: number; plan: FunnelPlan; set: boolean }[] = [];
    const skipped: { name: string; deals: number; reason: string }[] = [];
    for (const name of [pipeline, ...others]) {
      const stored = held.find((h) => h.name.toLowerCase() === name.toLowerCase());
      const fromFile = pipelineStages(pipelineRows, name);
      if (pipelinesFile && fromFile.length === 0)
        warnings.push(
          `${basename(pipelinesFile.path)} lists no stages of "${name}": the stage order is read from when deals entered each stage.`,
        );
      const stages = fromFile.length > 0 ? fromFile : stagesFromDeals(scan, name);
      // The user's stage mapping is for the diagnosed pipeline; another takes the pairs of its own stages.
      const userMap = (request.stageMap ?? []).filter(
        ([from]) =>
          name === pipeline || stages.some((st) => st.name.toLowerCase() === from.trim().toLowerCase()),
      );
      const deals = scan.pipelines.get(name) ?? 0;
      let plan: FunnelPlan;
      try {
        plan = planFunnel(stages, {
          current: stored?.funnel ?? (await getFunnel(database.db, { orgId: opts.orgId, pipeline: name })),
          hasData: (stored?.opportunities ?? 0) > 0,
          userMap,
        });
      } catch (e) {
        // Another pipeline whose stages make no funnel does not stop the diagnosed one's import.
        if (name === pipeline || !(e instanceof AppError)) throw e;
        skipped.push({ name, deals, reason: e.message });
        continue;
      }
      plans.push({ name: stored?.name ?? name, deals, plan, set: plan.from === 'export' || !stored });
    }
    for (const o of skipped) {
      for (const id of scan.ids.get(o.name.toLowerCase()) ?? []) leftOutDeals.add(id);
      warnings.push(
        `${o.deals} deal${o.deals === 1 ? '' : 's'} in the pipeline "${o.name}" ${o.deals === 1 ? 'was' : 'were'} left out: ${o.reason} (import it with --pipeline "${o.name}" to map its stages).`,
      );
    }
    for (const { name, plan, set } of plans)
      if (set && !request.dryRun) {
        step(`Setting the funnel of "${name || 'the deals'}": ${plan.funnel.stages.join(' → ')}…`);
        await setFunnel(database.db, { orgId: opts.orgId, pipeline: name, funnel: plan.funnel });
      }
    // The diagnosed pipeline is planned first, always (its own failure stops the import).
    const main = plans[0] as (typeof plans)[0];
    const diagnosed = main.name;
    if (!request.dryRun && !held.some((h) => h.diagnosed && h.name === diagnosed)) {
      step(`The diagnosis reads ${diagnosed ? `"${diagnosed}"` : 'the deals with no pipeline named'}…`);
      await diagnosePipeline(database.db, { orgId: opts.orgId, pipeline: diagnosed });
    }
    for (const o of plans.filter((p) => p !== main))
      warnings.push(
        `${o.deals} deal${o.deals === 1 ? '' : 's'} in the pipeline "${o.name}" ${o.deals === 1 ? 'was' : 'were'} imported with ${o.plan.from === 'export' ? 'its own funnel' : 'the funnel it has here'} (${o.plan.funnel.stages.join(' → ')}; lost: ${o.plan.funnel.lost}); the diagnosis reads ${diagnosed ? `"${diagnosed}"` : 'the deals with no pipeline named'} (choose another on the CRM data page, or with --pipeline).`,
      );
    const funnelPlan = main.plan;
    const report = {
      source: 'hubspot' as const,
      dryRun: request.dryRun,
      files,
      people,
      funnel: {
        stages: funnelPlan.funnel.stages,
        lost: funnelPlan.funnel.lost,
        from: funnelPlan.from,
        mapped: funnelPlan.stageMap,
      },
      pipeline: {
        name: diagnosed,
        deals: main.deals,
        others: plans
          .filter((p) => p !== main)
          .map((p) => ({
            name: p.name,
            deals: p.deals,
            stages: p.plan.funnel.stages,
            lost: p.plan.funnel.lost,
            from: p.plan.from,
          })),
      },
      objects: runner.objects,
      warnings,
    };
    const dryRun = request.dryRun;
    const planned = {
      dryRun,
      plan,
      funnels: plans
        .filter((p) => p.set)
        .map((p) => ({ ...p.plan.funnel, ...(p.name && { pipeline: p.name }) })),
      diagnosed,
      warnings,
    };
    await filesAfterPlanning(database, runner, planned, async (scratch) => {
      const { currency } = await getOrg(database.db, { orgId: opts.orgId });
      const dealStyle = styles.get('Deals');
      const only = {
        pipelineStageMaps: new Map(plans.map((p) => [p.name.toLowerCase(), p.plan.stageMap] as const)),
        skipPipelines: new Set(skipped.map((p) => p.name.toLowerCase())),
      };
      const dealsRun = await runner.file('Deals', 'opportunities', deals, dealStyle, {
        ...only,
        rates: opts.rates ?? [],
      });
      // An engagement on a deal that was rejected is still a call or a meeting: it stays, with no deal.
      if (dealsRun.rejected > 0) {
        const ids = [...scan.ids.values()].flat();
        for (const id of await missingDeals(database, opts.orgId, ids, scratch)) leftOutDeals.add(id);
      }
      if (!dryRun) warnings.push(...(await unpricedCurrencies(database, opts.orgId, currency)));
      await runner.file('Deals', 'stage_history', deals, dealStyle, { ...only, leftOutDeals });
      if (!dryRun) warnings.push(...(await inferMissingHistory(database, opts.orgId)));
      for (const a of HUBSPOT_ACTIVITY_FILES) {
        const f = found.get(a.object);
        if (f)
          await runner.file(a.object, 'activities', f, styles.get(a.object), {
            ...('type' in a && { defaultType: a.type }),
            leftOutDeals,
          });
      }
    });
    return report;
  } finally {
    opened.close();
  }
}
