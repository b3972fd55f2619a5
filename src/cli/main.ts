import { Command, CommanderError } from 'commander';
import { crmCommands } from './commands/crm.js';
import { demoCommand } from './commands/demo.js';
import { diagnoseCommand } from './commands/diagnose.js';
import { goalsCommands } from './commands/goals.js';
import { importCommand } from './commands/import.js';
import { migrateCommand } from './commands/migrate.js';
import { oneOnOnesCommand } from './commands/oneOnOnes.js';
import { orgCommand } from './commands/org.js';
import { peopleCommand } from './commands/people.js';
import { plansCommand } from './commands/plans.js';
import { serveCommand } from './commands/serve.js';
import { tokenCommand } from './commands/token.js';
import { exitCodeFor } from './context.js';

export function buildProgram(): Command {
  const program = new Command('touchline')
    .description('Touchline: sales coaching that shows where each rep’s funnel breaks, and fixes it.')
    .version('0.1.0')
    .showHelpAfterError('(add --help for usage)')
    .exitOverride();
  program.configureOutput({ writeErr: (s) => process.stderr.write(s) });
  const commands = [
    serveCommand,
    migrateCommand,
    demoCommand,
    orgCommand,
    peopleCommand,
    tokenCommand,
    importCommand,
    crmCommands,
    plansCommand,
    oneOnOnesCommand,
    goalsCommands,
    diagnoseCommand,
  ];
  for (const add of commands) add(program);
  // Subcommands inherit exitOverride so usage errors reach our exit-code mapping.
  for (const c of program.commands) {
    c.exitOverride();
    for (const sub of c.commands) sub.exitOverride();
  }
  return program;
}

// A reader that stops early (`touchline goals list | head`) is not an error: stop quietly.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

try {
  await buildProgram().parseAsync(process.argv);
} catch (err) {
  const { code, message } = exitCodeFor(err);
  if (message) process.stderr.write(`touchline: ${message}\n`);
  if (err instanceof CommanderError && code === 0) process.exit(0);
  process.exitCode = code;
}
