import type { PGlite, Transaction } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/db/open.js';
import { crm, expectRollupsUpToDate, run } from '../helpers/crm.js';
import { onPostgres, templatePglite } from '../helpers/db.js';
import { makeOrg } from '../helpers/factories.js';

/**
 * Issue 11, point 5: PGlite runs in this process, so an import's statements leave requests no gap
 * unless the import gives the event loop back between them. This watches every statement PGlite
 * runs while a request-like poller asks `select 1` at every turn of the event loop, and checks that
 * the poller got in while each phase of an activities import that goes through the file's rows was
 * under way — between two of that phase's statements — not only between phases. Deterministic: it
 * counts turns of the event loop, not time.
 */

type Phase = 'checks' | 'rollups' | 'inserts';

/** The import phase a statement belongs to, by what it writes. */
function phaseOf(text: string): Phase | undefined {
  if (/insert into import_rejects_/.test(text)) return 'checks';
  if (/insert into activity_week_rollup|update opportunity_week_rollup|insert into import_flips_/.test(text))
    return 'rollups';
  if (/insert into activities/.test(text)) return 'inserts';
  return undefined;
}

let pglite: PGlite;
let database: Database;
const events: (Phase | 'poll')[] = [];

/** Records the phase of every statement run through `on` (the client, or a transaction). */
function watch<T extends Pick<PGlite, 'query' | 'exec'>>(on: T): T {
  const query = on.query.bind(on);
  const exec = on.exec.bind(on);
  const note = (text: string) => {
    const phase = phaseOf(text);
    if (phase) events.push(phase);
  };
  on.query = ((text: string, ...rest: unknown[]) => {
    note(text);
    return (query as (...a: unknown[]) => unknown)(text, ...rest);
  }) as T['query'];
  on.exec = ((text: string, ...rest: unknown[]) => {
    note(text);
    return (exec as (...a: unknown[]) => unknown)(text, ...rest);
  }) as T['exec'];
  return on;
}

beforeAll(async () => {
  pglite = await templatePglite();
  watch(pglite);
  const transaction = pglite.transaction.bind(pglite);
  pglite.transaction = (<T>(fn: (tx: Transaction) => Promise<T>) =>
    transaction((tx) => fn(watch(tx)))) as PGlite['transaction'];
  // Slices of a few rows: a file of a few dozen lines takes several slices in every phase.
  database = await openDatabase({ pglite, migrate: false, sliceScale: 1e-4 });
});
afterAll(async () => database?.close());

describe.skipIf(onPostgres)('an activities import on the embedded database', () => {
  it('lets a waiting request in between the statements of every phase, not only between phases', async () => {
    const t = await makeOrg(database.db);
    await run(database, t, 'opportunities', crm(t).opportunities);
    const lines = ['id,owner_email,type,occurred_at,opportunity_id,contact_level'];
    for (let i = 0; i < 60; i++)
      lines.push(
        `T${i},${i % 2 ? t.r1.email : t.r2.email},call,2026-05-${String(1 + (i % 28)).padStart(2, '0')}T09:00:00Z,${i % 3 ? 'O1' : 'O3'},${i % 4 ? '' : 'vp'}`,
      );
    events.length = 0;
    let polling = true;
    const poller = (async () => {
      while (polling) {
        await new Promise((resolve) => setImmediate(resolve));
        await pglite.query('select 1');
        events.push('poll');
      }
    })();
    try {
      expect(await run(database, t, 'activities', lines.join('\n'))).toMatchObject({ inserted: 60 });
    } finally {
      polling = false;
      await poller;
    }
    for (const phase of ['checks', 'rollups', 'inserts'] as const) {
      const first = events.indexOf(phase);
      const last = events.lastIndexOf(phase);
      expect(first, `the import ran no ${phase} statement`).toBeGreaterThanOrEqual(0);
      expect(
        events.slice(first, last).includes('poll'),
        `no request got in while the ${phase} ran (${events.slice(first, last + 1).join(' ')})`,
      ).toBe(true);
    }
  });

  it('keeps two imports of one organisation from merging into each other while they give way', async () => {
    const t = await makeOrg(database.db);
    await run(database, t, 'opportunities', crm(t).opportunities);
    const file = (rep: string, type: string) => {
      const lines = ['id,owner_email,type,occurred_at,opportunity_id,contact_level'];
      for (let i = 0; i < 40; i++)
        lines.push(
          `S${i},${rep},${type},2026-05-${String(1 + (i % 28)).padStart(2, '0')}T09:00:00Z,O1,${i % 5 ? '' : 'c_level'}`,
        );
      return lines.join('\n');
    };
    // The same ids from both files: whichever merges second updates what the first inserted.
    const [a, b] = await Promise.all([
      run(database, t, 'activities', file(t.r1.email, 'call')),
      run(database, t, 'activities', file(t.r2.email, 'email')),
    ]);
    expect(a.inserted + b.inserted).toBe(40);
    expect(a.updated + b.updated).toBe(40);
    await expectRollupsUpToDate(database, t.org.id);
  });
});
