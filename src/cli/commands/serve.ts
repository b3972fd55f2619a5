import type { Command } from 'commander';
import { defaultDataDir, openDatabase } from '../../db/open.js';
import { clearInterruptedImports, refreshStaleRollups } from '../../features/crm/service.js';
import { createDemo } from '../../features/demo/service.js';
import { listOrgs } from '../../features/orgs/service.js';
import { databaseUrl, printLine, UsageError } from '../context.js';
import { printDemoLogins } from './demo.js';

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new UsageError(`--port: "${value}" is not a port number`);
  return n;
}

export function serveCommand(program: Command): void {
  program
    .command('serve')
    .description('run the web app and API (PORT, HOST, DATABASE_URL, TOUCHLINE_DATA_DIR apply)')
    .option('--port <n>', 'port to listen on (env PORT)', process.env.PORT ?? '3000')
    .option('--host <address>', 'address to listen on (env HOST)', process.env.HOST ?? '127.0.0.1')
    .option('--demo', 'create the demo organisation when the database has no organisation yet')
    .action(async (opts: { port: string; host: string; demo?: boolean }) => {
      const dataDir = defaultDataDir();
      const database = await openDatabase({ url: databaseUrl(), dataDir });
      try {
        if (opts.demo) {
          const orgs = await listOrgs(database.db);
          if (orgs.length === 0) {
            const demo = await createDemo(database, { now: new Date() });
            printLine(`Created the demo organisation "${demo.org.name}".`);
            printDemoLogins(demo.logins);
          } else if (orgs.some((o) => o.slug === 'demo')) {
            printLine(
              'The demo organisation is ready; sign in as any of its people (e.g. maria@demo.touchline.test) with password touchline-demo.',
            );
          }
        }
        for (const org of await listOrgs(database.db)) {
          if (await refreshStaleRollups(database.db, { orgId: org.id }))
            process.stderr.write(`Rebuilt the CRM rollups of "${org.name}" for this version.\n`);
          // Imports whose process died (kill -9, power cut) are marked failed now, not at the next import.
          const dead = await clearInterruptedImports(database, { orgId: org.id, now: new Date() });
          if (dead > 0)
            process.stderr.write(
              `Marked ${dead} interrupted import(s) of "${org.name}" as failed; run them again.\n`,
            );
        }
        await (await import('../../server/serve.js')).serve({
          database,
          port: port(opts.port),
          host: opts.host,
          dataDir,
          logLevel: process.env.LOG_LEVEL ?? 'info',
          trustProxy: process.env.TOUCHLINE_TRUST_PROXY === 'true',
          onListening: (url) => printLine(`Touchline is running at ${url.replace('127.0.0.1', 'localhost')}`),
        });
      } catch (err) {
        await database.close();
        throw err;
      }
    });
}
