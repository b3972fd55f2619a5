import type { Command } from 'commander';
import { resolveOrg } from '../../features/orgs/service.js';
import { proposalsReport } from '../../features/plans/contract.js';
import { proposeForReps } from '../../features/plans/proposals.js';
import { printJson, printLine, withDatabase } from '../context.js';
import { managerIdOf } from '../scope.js';

interface Flags {
  org?: string;
  manager?: string;
  json?: boolean;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

export function plansCommand(program: Command): void {
  const plans = program.command('plans').description('development plans: one or two focus skills per rep');
  plans
    .command('propose')
    .description("propose each rep's plan from their diagnosis and skill profile (changes nothing)")
    .option('--org <slug>', 'organisation (default: the only one)')
    .option('--manager <email>', "only this manager's reps (their whole subtree); default every rep")
    .option('--json', 'print one JSON document: {"plans":[{"rep","focus":[…],"actions":[…]}]}')
    .action(async (flags: Flags) => {
      const proposals = await withDatabase(async ({ db }) => {
        const org = await resolveOrg(db, flags.org);
        const managerId = await managerIdOf(db, org, flags.manager);
        return proposeForReps(db, { orgId: org.id, managerId, today: new Date().toISOString().slice(0, 10) });
      });
      if (flags.json) return printJson(proposalsReport(proposals));
      if (proposals.length === 0) return printLine('No reps in scope.');
      for (const p of proposals) {
        if (p.focus.length === 0) {
          printLine(
            `${p.rep.name} <${p.rep.email}>: no credible gap on a skill below target; nothing to propose.`,
          );
          continue;
        }
        printLine(`${p.rep.name} <${p.rep.email}> — review on ${p.reviewOn}`);
        for (const f of p.focus) {
          const kpi = f.kpi
            ? f.kpi.metric === 'conversion'
              ? `${f.kpi.stage} conversion ${pct(f.kpi.from)} → ${pct(f.kpi.target)}`
              : `new opportunities ${f.kpi.from.toFixed(1)} → ${f.kpi.target.toFixed(1)} a week`
            : 'a skill to grow (no KPI gap)';
          printLine(`  focus: ${f.skill}, level ${f.startLevel ?? 'not rated'} → ${f.targetLevel}; ${kpi}`);
        }
        for (const a of p.actions) printLine(`  ${a.kind.replace('_', '-')}: ${a.text}`);
      }
    });
}
