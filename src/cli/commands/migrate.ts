import type { Command } from 'commander';
import { printLine, withDatabase } from '../context.js';

export function migrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('apply pending database migrations (the server also does this at start-up)')
    .action(async () => {
      const kind = await withDatabase(async (d) => d.kind);
      printLine(`Database (${kind === 'pglite' ? 'embedded PGlite' : 'PostgreSQL'}) is migrated.`);
    });
}
