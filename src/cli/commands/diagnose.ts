import type { Command } from 'commander';
import { BENCHMARK_KINDS, DEFAULT_BENCHMARK, DIAGNOSIS_WINDOW_DAYS } from '../../core/benchmark.js';
import { type Assessment, type Diagnosis, DiagnosisQuery } from '../../features/diagnosis/contract.js';
import { diagnoseReps } from '../../features/diagnosis/service.js';
import { resolveOrg } from '../../features/orgs/service.js';
import { parseFlags, printJson, printLine, withDatabase } from '../context.js';
import { managerIdOf } from '../scope.js';

interface Flags {
  org?: string;
  manager?: string;
  asOf?: string;
  windowDays: string;
  benchmark: string;
  json?: boolean;
}

const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;

/** The JSON contract of `touchline diagnose --json` (the shape, plus a few extra fields). */
function finding(a: Assessment) {
  return {
    metric: a.metric,
    stage: a.stage,
    rate: round(a.rate),
    benchmark: round(a.benchmark),
    low: round(a.low),
    high: round(a.high),
    probabilityBelow: round(a.probabilityBelow),
    n: round(a.n, 1),
    impact: a.impact,
    impactLow: a.impactLow,
    impactHigh: a.impactHigh,
    skill: a.skill,
  };
}

export function diagnoseCommand(program: Command): void {
  program
    .command('diagnose')
    .description("where each rep's funnel breaks: gaps (ranked by revenue a quarter) and strengths")
    .option('--org <slug>', 'organisation (default: the only one)')
    .option('--manager <email>', "only this manager's reps (their whole subtree)")
    .option('--as-of <date>', 'the window ends on this date; outcomes as of then (default today)')
    .option('--window-days <n>', 'length of the window in days', String(DIAGNOSIS_WINDOW_DAYS.default))
    .option('--benchmark <kind>', `compare with ${BENCHMARK_KINDS.join(' | ')}`, DEFAULT_BENCHMARK)
    .option('--json', 'print one JSON document')
    .action(async (flags: Flags) => {
      const query = parseFlags(DiagnosisQuery, {
        asOf: flags.asOf,
        windowDays: flags.windowDays,
        benchmark: flags.benchmark,
      });
      const asOf = query.asOf ? new Date(`${query.asOf}T00:00:00Z`) : new Date();
      const result = await withDatabase(async ({ db }) => {
        const org = await resolveOrg(db, flags.org);
        const managerId = await managerIdOf(db, org, flags.manager);
        const target = managerId ? { managerId } : ('org' as const);
        return diagnoseReps(db, {
          orgId: org.id,
          target,
          asOf,
          ...(query.windowDays !== undefined && { windowDays: query.windowDays }),
          ...(query.benchmark !== undefined && { benchmark: query.benchmark }),
        });
      });
      if (flags.json)
        return printJson({
          asOf: result.asOf,
          windowDays: result.windowDays,
          benchmark: result.benchmark,
          currency: result.currency,
          reps: result.reps.map((r) => ({
            email: r.email,
            name: r.name,
            manager: r.manager,
            ramping: r.ramping,
            gaps: r.gaps.map(finding),
            strengths: r.strengths.map(finding),
          })),
        });
      printTable(result);
    });
}

function describe(a: Assessment, currency: string): string {
  const money = new Intl.NumberFormat('en', { style: 'currency', currency, maximumFractionDigits: 0 });
  const what =
    a.metric === 'conversion'
      ? `${a.stage} conversion ${pct(a.rate)} vs ${pct(a.benchmark)} (90% ${pct(a.low)}–${pct(a.high)}, n=${a.n})`
      : `new opportunities ${a.rate.toFixed(1)}/wk vs ${a.benchmark.toFixed(1)}/wk`;
  return `${what}, P(below)=${a.probabilityBelow.toFixed(2)}, ${money.format(a.impact)}/quarter → ${a.skill}`;
}
const pct = (x: number) => `${Math.round(100 * x)}%`;

function printTable(d: Diagnosis): void {
  printLine(
    `Diagnosis as of ${d.asOf}, ${d.windowDays} days (weeks from ${d.fromWeek}), benchmark ${d.benchmark.replace('_', ' ')}`,
  );
  if (d.reps.length === 0) printLine('No reps in scope.');
  for (const r of d.reps) {
    printLine();
    printLine(`${r.name} <${r.email}>${r.ramping ? ' (ramping: not judged on volume)' : ''}`);
    if (r.gaps.length === 0) printLine('  no credible gap');
    for (const [i, g] of r.gaps.entries())
      printLine(`  ${i === 0 ? 'coach first:' : 'gap:'} ${describe(g, d.currency)}`);
    for (const s of r.strengths) printLine(`  strength: ${describe(s, d.currency)}`);
  }
}
