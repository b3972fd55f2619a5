import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { inject } from 'vitest';
import { type Database, openDatabase } from '../../src/db/open.js';

/** Which database this test project runs on: PGlite by default, PostgreSQL in the `postgres` project. */
export const onPostgres = process.env.TOUCHLINE_TEST_DB === 'postgres';

/**
 * A migrated database of the test file's own, copied from the template the global setup made.
 * Each test still makes its own organisation, so tests in one file never step on each other.
 * `sliceScale` shrinks PGlite's slices of bulk work (PostgreSQL runs it whole anyway).
 */
export async function testDatabase(opts: { sliceScale?: number } = {}): Promise<Database> {
  if (onPostgres) {
    const url = process.env.TEST_DATABASE_URL as string;
    const template = inject('postgresTemplate');
    const name = `${template}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database "${name}" template "${template}"`);
    await admin.end();
    const u = new URL(url);
    u.pathname = `/${name}`;
    const database = await openDatabase({ url: u.toString(), migrate: false, poolSize: 4 });
    return {
      ...database,
      async close() {
        await database.close();
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query(`drop database if exists "${name}" with (force)`);
        await c.end();
      },
    };
  }
  return openDatabase({ pglite: await templatePglite(), migrate: false, ...opts });
}

/** A PGlite of the test file's own, loaded from the migrated template (for tests that watch it). */
export async function templatePglite(): Promise<PGlite> {
  const tar = readFileSync(inject('pgliteTemplate'));
  return PGlite.create({ loadDataDir: new Blob([tar]) });
}
