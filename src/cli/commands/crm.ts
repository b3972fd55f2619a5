import type { Command } from 'commander';
import { DEFAULT_FUNNEL } from '../../core/funnel.js';
import { DiagnosedPipelineUpdate, FunnelUpdate } from '../../features/crm/contract.js';
import { writeSyntheticOrg } from '../../features/crm/generate.js';
import {
  diagnosePipeline,
  exportOrg,
  getFunnel,
  listPipelines,
  type PipelineSummary,
  setFunnel,
} from '../../features/crm/service.js';
import { resolveOrg } from '../../features/orgs/service.js';
import { parseFlags, printJson, printLine, UsageError, withDatabase } from '../context.js';

function positiveInt(flag: string, value: string, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new UsageError(`${flag}: "${value}" is not a whole number from 1 to ${max}`);
  return n;
}

export function crmCommands(program: Command): void {
  program
    .command('export')
    .description("write the organisation's people and CRM data in the generic format (four CSV files)")
    .argument('<dir>')
    .option('--org <slug>', 'organisation (default: the only one)')
    .option('--json', 'print one JSON document')
    .action(async (dir: string, flags: { org?: string; json?: boolean }) => {
      const counts = await withDatabase(async (d) =>
        exportOrg(d, { orgId: (await resolveOrg(d.db, flags.org)).id, dir }),
      );
      if (flags.json) return printJson(counts);
      printLine(
        `Wrote ${counts.people} people, ${counts.opportunities} opportunities, ${counts.stage_history} stage history rows and ${counts.activities} activities to ${dir}.`,
      );
    });

  const stages = program.command('stages').description("the organisation's funnel stages");
  stages
    .command('list')
    .description('show the funnel')
    .option('--org <slug>', 'organisation (default: the only one)')
    .option('--json', 'print one JSON document')
    .action(async (flags: { org?: string; json?: boolean }) => {
      const funnel = await withDatabase(async (d) =>
        getFunnel(d.db, { orgId: (await resolveOrg(d.db, flags.org)).id }),
      );
      if (flags.json) return printJson(funnel);
      printLine(`${funnel.stages.join(' → ')}   (lost: ${funnel.lost})`);
    });
  stages
    .command('set')
    .description('set the funnel: stages in order, the last being the won stage')
    .argument('<stages...>')
    .option('--lost <name>', 'the lost stage', DEFAULT_FUNNEL.lost)
    .option('--org <slug>', 'organisation (default: the only one)')
    .option('--json', 'print one JSON document')
    .action(async (names: string[], flags: { lost: string; org?: string; json?: boolean }) => {
      const wanted = parseFlags(FunnelUpdate, { stages: names, lost: flags.lost }, { stages: 'STAGES' });
      const funnel = await withDatabase(async (d) =>
        setFunnel(d.db, { orgId: (await resolveOrg(d.db, flags.org)).id, funnel: wanted }),
      );
      if (flags.json) return printJson(funnel);
      printLine(`Funnel: ${funnel.stages.join(' → ')}   (lost: ${funnel.lost})`);
    });

  const pipelines = program
    .command('pipelines')
    .description("the CRM's pipelines, each with its own funnel, and the one the diagnosis reads");
  const describePipeline = (p: PipelineSummary) =>
    `${p.diagnosed ? '* ' : '  '}${p.name ? `"${p.name}"` : '(unnamed)'}: ${p.opportunities} opportunit${p.opportunities === 1 ? 'y' : 'ies'}; ${p.funnel.stages.join(' → ')}   (lost: ${p.funnel.lost})`;
  pipelines
    .command('list')
    .description('list the pipelines (* marks the one the diagnosis reads)')
    .option('--org <slug>', 'organisation (default: the only one)')
    .option('--json', 'print one JSON document')
    .action(async (flags: { org?: string; json?: boolean }) => {
      const list = await withDatabase(async (d) =>
        listPipelines(d.db, (await resolveOrg(d.db, flags.org)).id),
      );
      if (flags.json) return printJson({ pipelines: list });
      for (const p of list) printLine(describePipeline(p));
    });
  pipelines
    .command('diagnose')
    .description("make the diagnosis (and every KPI) read this pipeline's deals, with its funnel")
    .argument('<name>', 'the pipeline, as listed (an empty name: the unnamed one)')
    .option('--org <slug>', 'organisation (default: the only one)')
    .option('--json', 'print one JSON document')
    .action(async (name: string, flags: { org?: string; json?: boolean }) => {
      const { pipeline } = parseFlags(DiagnosedPipelineUpdate, { pipeline: name }, { pipeline: 'NAME' });
      const list = await withDatabase(async (d) => {
        const orgId = (await resolveOrg(d.db, flags.org)).id;
        await diagnosePipeline(d.db, { orgId, pipeline });
        return listPipelines(d.db, orgId);
      });
      if (flags.json) return printJson({ pipelines: list });
      for (const p of list) printLine(describePipeline(p));
    });

  program
    .command('generate')
    .description('write a realistic synthetic organisation in the generic format, for tests and benchmarks')
    .requiredOption('--reps <n>', 'number of reps')
    .requiredOption('--weeks <n>', 'weeks of history, ending today')
    .requiredOption('--out <dir>', 'folder to write the four CSV files to')
    .option('--seed <n>', 'random seed (same seed, same data)', '1')
    .option('--opportunities-per-week <n>', 'new opportunities per rep per week', '3')
    .option('--outreach-per-week <n>', 'calls, emails and social touches per rep per week', '25')
    .option('--as-of <date>', 'the day the history ends (default: today)')
    .option('--json', 'print one JSON document')
    .action(
      async (flags: {
        reps: string;
        weeks: string;
        out: string;
        seed: string;
        opportunitiesPerWeek: string;
        outreachPerWeek: string;
        asOf?: string;
        json?: boolean;
      }) => {
        const now = flags.asOf ? new Date(`${flags.asOf}T12:00:00Z`) : new Date();
        if (Number.isNaN(now.getTime()))
          throw new UsageError(`--as-of: "${flags.asOf}" is not a date such as 2026-11-01`);
        const rate = (flag: string, v: string) => {
          const n = Number(v);
          if (!(n >= 0 && n <= 10_000))
            throw new UsageError(`${flag}: "${v}" is not a number from 0 to 10000`);
          return n;
        };
        const result = await writeSyntheticOrg(flags.out, {
          reps: positiveInt('--reps', flags.reps, 100_000),
          weeks: positiveInt('--weeks', flags.weeks, 520),
          seed: positiveInt('--seed', flags.seed, 2 ** 31 - 1),
          opportunitiesPerWeek: rate('--opportunities-per-week', flags.opportunitiesPerWeek),
          outreachPerWeek: rate('--outreach-per-week', flags.outreachPerWeek),
          now,
        });
        if (flags.json) {
          return printJson({
            counts: result.counts,
            planted: result.reps
              .filter((r) => r.planted)
              .map((r) => ({ email: r.email, planted: r.planted })),
          });
        }
        printLine(
          `Wrote ${result.counts.people} people, ${result.counts.opportunities} opportunities, ${result.counts.stage_history} stage history rows and ${result.counts.activities} activities to ${flags.out}.`,
        );
      },
    );
}
