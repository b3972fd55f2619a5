import type { Command } from 'commander';
import { createOrg, listOrgs } from '../../features/orgs/service.js';
import { addPerson } from '../../features/people/service.js';
import { printJson, printLine, readPassword, UsageError, withDatabase } from '../context.js';

export function orgCommand(program: Command): void {
  const org = program.command('org').description('organisations (tenants)');

  org
    .command('create')
    .description('create an organisation, optionally with its first admin')
    .argument('<slug>', 'short name used in URLs and --org, e.g. acme-sales')
    .option('--name <name>', 'display name (default: the slug)')
    .option('--currency <code>', 'ISO 4217 currency of its deals', 'USD')
    .option('--admin <email>', "the first admin's email")
    .option('--admin-name <name>', "the first admin's name (default: from the email)")
    .option('--password-stdin', "read the admin's password from stdin instead of prompting")
    .option('--json', 'print one JSON document')
    .action(
      async (
        slug: string,
        opts: {
          name?: string;
          currency: string;
          admin?: string;
          adminName?: string;
          passwordStdin?: boolean;
          json?: boolean;
        },
      ) => {
        if (opts.passwordStdin && !opts.admin) throw new UsageError('--password-stdin goes with --admin');
        const password = opts.admin ? await readPassword(opts, `Password for ${opts.admin}: `) : undefined;
        const result = await withDatabase((d) =>
          d.db.transaction(async (tx) => {
            const created = await createOrg(tx, { slug, name: opts.name, currency: opts.currency });
            const admin = opts.admin
              ? await addPerson(tx, {
                  orgId: created.id,
                  person: {
                    email: opts.admin,
                    name: opts.adminName ?? opts.admin.split('@')[0] ?? opts.admin,
                    role: 'admin',
                    password,
                  },
                })
              : undefined;
            return { org: created, admin };
          }),
        );
        if (opts.json) return printJson(result);
        printLine(`Created organisation ${result.org.slug} (${result.org.name}, ${result.org.currency}).`);
        if (result.admin) printLine(`Admin: ${result.admin.email}`);
      },
    );

  org
    .command('list')
    .description('list organisations')
    .option('--json', 'print one JSON document')
    .action(async (opts: { json?: boolean }) => {
      const orgs = await withDatabase((d) => listOrgs(d.db));
      if (opts.json) return printJson({ orgs });
      if (orgs.length === 0)
        return printLine('No organisations yet: run `touchline demo` or `touchline org create SLUG`.');
      for (const o of orgs) printLine(`${o.slug.padEnd(24)} ${o.currency}  ${o.name}`);
    });
}
