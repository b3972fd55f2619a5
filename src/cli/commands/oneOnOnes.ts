import type { Command } from 'commander';
import { type SeriesReport, SeriesReport as SeriesReportShape } from '../../features/oneOnOnes/contract.js';
import { listSeries } from '../../features/oneOnOnes/series.js';
import { resolveOrg } from '../../features/orgs/service.js';
import { listPeopleBrief } from '../../features/people/service.js';
import { printJson, printLine, withDatabase } from '../context.js';
import { managerIdOf } from '../scope.js';

interface Flags {
  org?: string;
  manager?: string;
  json?: boolean;
}

export function oneOnOnesCommand(program: Command): void {
  const oneOnOnes = program
    .command('one-on-ones')
    .description('one-on-one series: cadence, meetings held, the next one');
  oneOnOnes
    .command('list')
    .description(
      'every active series (or those run in one manager’s subtree), with meetings held and the next one',
    )
    .option('--org <slug>', 'organisation (default: the only one)')
    .option('--manager <email>', 'only series run by this manager or the managers below them')
    .option(
      '--json',
      'print one JSON document: {"series":[{"rep","manager","cadence","heldCount","nextAt"}]}',
    )
    .action(async (flags: Flags) => {
      const { series, emails } = await withDatabase(async ({ db }) => {
        const org = await resolveOrg(db, flags.org);
        const managerId = await managerIdOf(db, org, flags.manager);
        const series = await listSeries(db, { orgId: org.id, managerId, now: new Date() });
        const people = await listPeopleBrief(db, org.id, {
          ids: series.flatMap((s) => [s.rep.id, s.manager.id]),
        });
        return { series, emails: new Map(people.map((p) => [p.id, p.email])) };
      });
      const report: SeriesReport = SeriesReportShape.parse({
        series: series.map((s) => ({
          rep: emails.get(s.rep.id) ?? s.rep.name,
          manager: emails.get(s.manager.id) ?? s.manager.name,
          cadence: s.cadence,
          heldCount: s.heldCount,
          nextAt: s.next?.startsAt ?? null,
        })),
      });
      if (flags.json) return printJson(report);
      if (series.length === 0)
        return printLine('No one-on-one series yet: a manager starts one from the One-on-ones page.');
      for (const s of series) {
        const next = s.next
          ? `next ${s.next.startsAt.slice(0, 16).replace('T', ' ')} UTC${s.next.overdue ? ' (overdue)' : ''}`
          : 'nothing scheduled';
        printLine(`${s.manager.name} ↔ ${s.rep.name}: ${s.cadence}, ${s.heldCount} held, ${next}`);
      }
    });
}
