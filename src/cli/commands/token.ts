import type { Command } from 'commander';
import { invalid } from '../../core/errors.js';
import { createApiToken } from '../../features/auth/service.js';
import { resolveOrg } from '../../features/orgs/service.js';
import { findPersonByEmail } from '../../features/people/service.js';
import { printJson, printLine, withDatabase } from '../context.js';

export function tokenCommand(program: Command): void {
  const token = program.command('token').description('personal API tokens for scripts');
  token
    .command('create')
    .description('create an API token for a person (printed once; only its hash is kept)')
    .argument('<email>')
    .option('--name <name>', 'what the token is for', 'command line')
    .option('--org <slug>', 'organisation (default: the only one)')
    .option('--json', 'print one JSON document')
    .action(async (email: string, opts: { name: string; org?: string; json?: boolean }) => {
      const created = await withDatabase(async (d) => {
        const org = await resolveOrg(d.db, opts.org);
        const person = await findPersonByEmail(d.db, { orgId: org.id, email: email });
        if (!person) throw invalid(`no person with email ${email.toLowerCase()} in ${org.slug}`);
        if (!person.active) throw invalid(`${person.email} is inactive`);
        return createApiToken(d.db, { orgId: org.id, personId: person.id, name: opts.name, now: new Date() });
      });
      if (opts.json) return printJson(created);
      printLine(created.token);
      process.stderr.write(
        'Keep this token safe: it is shown only once. Use it as `Authorization: Bearer <token>`.\n',
      );
    });
}
