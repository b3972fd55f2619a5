import { mkdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from '../db/open.js';
import { buildApp } from './app.js';

export interface ServeOptions {
  database: Database;
  port: number;
  host: string;
  /** Where `server.pid` goes (npm does not pass SIGTERM on, so scripts signal the pid in this file). */
  dataDir: string;
  logLevel: string;
  trustProxy: boolean;
  /** Called once the server is listening, with its address. */
  onListening?: (url: string) => void;
}

/**
 * Runs the HTTP server until SIGTERM or SIGINT, then stops taking new connections, lets in-flight
 * requests finish, closes the database cleanly (PGlite must be closed, or its files may be left
 * half-written) and exits 0.
 */
export async function serve(opts: ServeOptions): Promise<void> {
  const { app } = await buildApp({
    database: opts.database,
    logger: { level: opts.logLevel, redact: ['req.headers.cookie', 'req.headers.authorization'] },
    trustProxy: opts.trustProxy,
  });
  const address = await app.listen({ port: opts.port, host: opts.host });
  mkdirSync(opts.dataDir, { recursive: true });
  const pidFile = join(opts.dataDir, 'server.pid');
  writeFileSync(pidFile, `${process.pid}\n`);
  opts.onListening?.(address);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    const force = setTimeout(() => {
      app.log.warn('still waiting for in-flight requests after 10 s');
    }, 10_000);
    force.unref();
    let code = 0;
    // Connections that finish their last answer become idle; close them as they do.
    const sweep = setInterval(() => app.server.closeIdleConnections(), 50);
    try {
      await app.close();
    } catch (err) {
      app.log.error({ err }, 'error while closing the HTTP server');
      code = 1;
    } finally {
      clearInterval(sweep);
    }
    try {
      await opts.database.close();
    } catch (err) {
      app.log.error({ err }, 'error while closing the database');
      code = 1;
    }
    try {
      unlinkSync(pidFile);
    } catch {
      // already gone
    }
    app.log.info('stopped');
    process.exit(code);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}
