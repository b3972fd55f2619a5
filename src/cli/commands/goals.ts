import type { Command } from 'commander';
import { KPIS, type KpiId } from '../../core/kpis.js';
import { GoalsReport } from '../../features/goals/contract.js';
import { listPips } from '../../features/goals/pipsRead.js';
import { listAllGoals } from '../../features/goals/service.js';
import { resolveOrg } from '../../features/orgs/service.js';
import { listPeopleBrief } from '../../features/people/service.js';
import { printJson, printLine, withDatabase } from '../context.js';
import { managerIdOf } from '../scope.js';

interface Flags {
  org?: string;
  manager?: string;
  json?: boolean;
}

const STATUS_WORDS = {
  on_track: 'on track',
  at_risk: 'at risk',
  off_track: 'off track',
  done: 'done',
} as const;

/** `touchline goals list` and `touchline pips list`. */
export function goalsCommands(program: Command): void {
  program
    .command('goals')
    .description('SMART goals measured from the CRM data')
    .command('list')
    .description(
      'every open goal (or those in one manager’s subtree) with baseline, target, actual and status',
    )
    .option('--org <slug>', 'organisation (default: the only one)')
    .option('--manager <email>', 'only goals of this manager and the people below them')
    .option(
      '--json',
      'print {"goals":[{"owner","title","metric","baseline","target","actual","dueDate","status"}]}',
    )
    .action(async (flags: Flags) => {
      const { goals, emails } = await withDatabase(async ({ db }) => {
        const org = await resolveOrg(db, flags.org);
        const managerId = await managerIdOf(db, org, flags.manager);
        const goals = (
          await listAllGoals(db, { orgId: org.id, managerId, today: new Date().toISOString().slice(0, 10) })
        ).filter((g) => !g.closed && !g.pipId);
        const people = await listPeopleBrief(db, org.id, { ids: goals.map((g) => g.owner.id) });
        return { goals, emails: new Map(people.map((p) => [p.id, p.email])) };
      });
      const report = GoalsReport.parse({
        goals: goals.map((g) => ({
          owner: emails.get(g.owner.id) ?? g.owner.name,
          title: g.title,
          metric: g.kpi ? `${g.kpi}${g.kpiKey ? `:${g.kpiKey}` : ''}` : `manual:${g.unit}`,
          baseline: g.baseline,
          target: g.target,
          actual: g.actual,
          dueDate: g.dueOn,
          status: g.progress.status,
        })),
      });
      if (flags.json) return printJson(report);
      if (goals.length === 0) return printLine('No open goals: a manager sets them from a rep’s page.');
      for (const g of goals) {
        const metric = g.kpi ? KPIS[g.kpi as KpiId].name + (g.kpiKey ? ` (${g.kpiKey})` : '') : g.unit;
        const n = (v: number | null) => (v === null ? '—' : String(Math.round(v * 100) / 100));
        printLine(
          `${g.owner.name}: ${g.title} — ${metric} ${n(g.baseline)} → ${n(g.target)}, now ${n(g.actual)}, due ${g.dueOn}: ${g.progress.status ? STATUS_WORDS[g.progress.status] : 'no data yet'}`,
        );
      }
    });

  program
    .command('pips')
    .description('performance improvement plans')
    .command('list')
    .description('every improvement plan of the organisation with its state and dates')
    .option('--org <slug>', 'organisation (default: the only one)')
    .option('--json', 'print {"pips":[{"id","rep","manager","status","startOn","endOn"}]}')
    .action(async (flags: Flags) => {
      const list = await withDatabase(async ({ db }) => {
        const org = await resolveOrg(db, flags.org);
        return listPips(db, { actor: null, orgId: org.id });
      });
      if (flags.json) return printJson(list);
      if (list.pips.length === 0) return printLine('No improvement plans.');
      for (const p of list.pips)
        printLine(
          `${p.rep.name} (manager ${p.manager.name}): ${p.status.replace('_', ' ')}${p.startOn ? `, ${p.startOn} to ${p.endOn}` : ''}`,
        );
    });
}
