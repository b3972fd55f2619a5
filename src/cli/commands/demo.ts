import type { Command } from 'commander';
import { createDemo } from '../../features/demo/service.js';
import type { DemoLogin } from '../../features/people/demo.js';
import { printJson, printLine, UsageError, withDatabase } from '../context.js';

export function printDemoLogins(logins: DemoLogin[]): void {
  for (const l of logins) printLine(`login ${l.role} ${l.email} ${l.password}`);
}

export function demoCommand(program: Command): void {
  program
    .command('demo')
    .description('create the demo organisation (slug "demo"); a no-op when it exists')
    .option('--reset', 'replace the demo organisation (and only it) with a fresh one')
    .option('--as-of <date>', 'the day its history ends (default: today)')
    .option('--json', 'print one JSON document')
    .action(async (opts: { reset?: boolean; asOf?: string; json?: boolean }) => {
      const now = opts.asOf ? new Date(`${opts.asOf}T12:00:00Z`) : new Date();
      if (Number.isNaN(now.getTime())) {
        throw new UsageError(`--as-of: "${opts.asOf}" is not a date such as 2026-11-01`);
      }
      const result = await withDatabase((d) => createDemo(d, { now, reset: opts.reset ?? false }));
      if (opts.json) return printJson(result);
      printLine(
        result.created
          ? `Created the demo organisation "${result.org.name}" (slug ${result.org.slug}).`
          : `The demo organisation already exists (use --reset to replace it).`,
      );
      printDemoLogins(result.logins);
    });
}
