import type { Command } from 'commander';
import { invalid } from '../../core/errors.js';
import { ROLES } from '../../core/roles.js';
import { resetPassword } from '../../features/auth/service.js';
import { resolveOrg } from '../../features/orgs/service.js';
import { PersonCreate, PersonUpdate, SetPassword } from '../../features/people/contract.js';
import { addPerson, findPersonByEmail, listPeople, updatePerson } from '../../features/people/service.js';
import { parseFlags, printJson, printLine, readPassword, UsageError, withDatabase } from '../context.js';

interface OrgOption {
  org?: string;
}

export function peopleCommand(program: Command): void {
  const people = program.command('people').description('people, roles and reporting lines');

  people
    .command('add')
    .description('add a person')
    .argument('<email>')
    .requiredOption('--name <name>', 'full name')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--manager <email>', 'who they report to')
    .option('--team <team>', 'team label, e.g. West')
    .option('--start-date <date>', 'first day, e.g. 2026-03-01 (tenure matters for ramping reps)')
    .option('--org <slug>', 'organisation (default: the only one)')
    .option('--json', 'print one JSON document')
    .action(
      async (
        email: string,
        opts: OrgOption & {
          name: string;
          role: string;
          manager?: string;
          team?: string;
          startDate?: string;
          json?: boolean;
        },
      ) => {
        const input = parseFlags(
          PersonCreate,
          { email, name: opts.name, role: opts.role, team: opts.team, startDate: opts.startDate },
          { email: 'EMAIL' },
        );
        const person = await withDatabase(async (d) => {
          const org = await resolveOrg(d.db, opts.org);
          return addPerson(d.db, { orgId: org.id, person: input, managerEmail: opts.manager });
        });
        if (opts.json) return printJson(person);
        printLine(
          `Added ${person.name} <${person.email}> as ${person.role}${person.managerName ? `, reporting to ${person.managerName}` : ''}.`,
        );
      },
    );

  people
    .command('list')
    .description('list people')
    .option('--org <slug>', 'organisation (default: the only one)')
    .option('--include-inactive', 'also list people who have left')
    .option('--json', 'print one JSON document')
    .action(async (opts: OrgOption & { includeInactive?: boolean; json?: boolean }) => {
      const list = await withDatabase(async (d) => {
        const org = await resolveOrg(d.db, opts.org);
        // The CLI runs with the machine owner's rights: the whole organisation.
        return listPeople(d.db, {
          orgId: org.id,
          includeInactive: opts.includeInactive ?? false,
        });
      });
      if (opts.json) return printJson({ people: list });
      if (list.length === 0)
        return printLine('No people yet: add one with `touchline people add EMAIL --name N --role R`.');
      for (const p of list) {
        printLine(
          [
            p.email.padEnd(34),
            p.role.padEnd(8),
            p.name.padEnd(22),
            (p.team ?? '').padEnd(12),
            p.managerName ? `→ ${p.managerName}` : '',
            p.active ? '' : '(inactive)',
          ]
            .join(' ')
            .trimEnd(),
        );
      }
    });

  people
    .command('set-password')
    .description("set a person's password")
    .argument('<email>')
    .option('--password-stdin', 'read the password from stdin instead of prompting')
    .option('--org <slug>', 'organisation (default: the only one)')
    .action(async (email: string, opts: OrgOption & { passwordStdin?: boolean }) => {
      const { password } = parseFlags(SetPassword, {
        password: await readPassword(opts, `New password for ${email}: `),
      });
      await withDatabase(async (d) => {
        const org = await resolveOrg(d.db, opts.org);
        const person = await findPersonByEmail(d.db, { orgId: org.id, email });
        if (!person) throw invalid(`no person with email ${email.toLowerCase()} in ${org.slug}`);
        await resetPassword(d.db, { orgId: org.id, personId: person.id, password });
      });
      printLine(`Password set for ${email.toLowerCase()}.`);
    });

  people
    .command('update')
    .description("change a person's name, role, manager, team, start date, or mark them as left")
    .argument('<email>')
    .option('--name <name>', 'full name')
    .option('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--manager <email>', 'who they report to ("none" for nobody)')
    .option('--team <team>', 'team label ("none" to clear)')
    .option('--start-date <date>', 'first day, e.g. 2026-03-01')
    .option('--left', 'mark as inactive (they have left); their history is kept')
    .option('--rejoined', 'mark as active again')
    .option('--org <slug>', 'organisation (default: the only one)')
    .option('--json', 'print one JSON document')
    .action(
      async (
        email: string,
        opts: OrgOption & {
          name?: string;
          role?: string;
          manager?: string;
          team?: string;
          startDate?: string;
          left?: boolean;
          rejoined?: boolean;
          json?: boolean;
        },
      ) => {
        if (opts.left && opts.rejoined) throw new UsageError('--left and --rejoined contradict each other');
        const person = await withDatabase(async (d) => {
          const org = await resolveOrg(d.db, opts.org);
          const target = await findPersonByEmail(d.db, { orgId: org.id, email: email });
          if (!target) throw invalid(`no person with email ${email.toLowerCase()} in ${org.slug}`);
          let managerId: string | null | undefined;
          if (opts.manager !== undefined) {
            const m =
              opts.manager === 'none'
                ? undefined
                : await findPersonByEmail(d.db, { orgId: org.id, email: opts.manager });
            if (opts.manager !== 'none' && !m)
              throw invalid(`--manager: no person with email ${opts.manager.toLowerCase()} in ${org.slug}`);
            managerId = m?.id ?? null;
          }
          const patch = parseFlags(PersonUpdate, {
            ...(opts.name !== undefined && { name: opts.name }),
            ...(opts.role !== undefined && { role: opts.role }),
            ...(managerId !== undefined && { managerId }),
            ...(opts.team !== undefined && { team: opts.team === 'none' ? null : opts.team }),
            ...(opts.startDate !== undefined && { startDate: opts.startDate }),
            ...(opts.left && { active: false }),
            ...(opts.rejoined && { active: true }),
          });
          return updatePerson(d.db, { orgId: org.id, personId: target.id, patch });
        });
        if (opts.json) return printJson(person);
        printLine(
          `Updated ${person.name} <${person.email}>: ${person.role}${person.managerName ? `, reporting to ${person.managerName}` : ''}${person.active ? '' : ', inactive'}.`,
        );
      },
    );
}
