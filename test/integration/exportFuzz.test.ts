import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/core/errors.js';
import type { Database } from '../../src/db/open.js';
import { queryRows } from '../../src/db/sql.js';
import { rebuildRollups } from '../../src/features/crm/rollups.js';
import { getFunnel, importHubspotExport, importSalesforceExport } from '../../src/features/crm/service.js';
import { createOrg } from '../../src/features/orgs/service.js';
import { rollupsOf } from '../helpers/crm.js';
import { testDatabase } from '../helpers/db.js';
import { uniq } from '../helpers/factories.js';

/**
 * Issue 12: generated and corrupted exports — empty files, a header alone, ragged rows, stray quotes,
 * NUL bytes, text re-encoded — fed to the Salesforce and HubSpot importers. They never crash: they
 * refuse with a clear error before writing anything, or import, report every bad row with its file,
 * line and reason, and leave rollups equal to a recount.
 */
const fixture = (name: string) => new URL(`../fixtures/${name}/`, import.meta.url).pathname;
const CRMS = [
  {
    crm: 'Salesforce',
    source: 'salesforce' as const,
    importer: importSalesforceExport,
    fixture: fixture('salesforce-export'),
    files: ['Opportunity.csv', 'Task.csv', 'User.csv', 'Event.csv'],
    now: new Date('2026-04-15T12:00:00Z'),
  },
  {
    crm: 'HubSpot',
    source: 'hubspot' as const,
    importer: importHubspotExport,
    fixture: fixture('hubspot-export'),
    files: [
      'hubspot-crm-exports-all-deals-2026-11-30.csv',
      'hubspot-crm-exports-all-calls-2026-11-30.csv',
      'hubspot-crm-exports-all-tasks-2026-11-30.csv',
      'hubspot-users-export-2026-11-30.csv',
    ],
    now: new Date('2026-11-30T12:00:00Z'),
  },
];
let database: Database;
let work: string;
beforeAll(async () => {
  database = await testDatabase();
  work = mkdtempSync(join(tmpdir(), 'touchline-fuzz-'));
});
afterAll(async () => {
  rmSync(work, { recursive: true, force: true });
  await database.close();
});

type Damage =
  | { kind: 'empty' }
  | { kind: 'header only' }
  | { kind: 'ragged'; line: number; drop: boolean }
  | { kind: 'quote'; line: number; at: number }
  | { kind: 'nul'; at: number }
  | { kind: 'reencode' };

const damage: fc.Arbitrary<Damage> = fc.oneof(
  fc.constant({ kind: 'empty' as const }),
  fc.constant({ kind: 'header only' as const }),
  fc.record({ kind: fc.constant('ragged' as const), line: fc.nat(8), drop: fc.boolean() }),
  fc.record({ kind: fc.constant('quote' as const), line: fc.nat(8), at: fc.nat(200) }),
  fc.record({ kind: fc.constant('nul' as const), at: fc.nat(2000) }),
  fc.constant({ kind: 'reencode' as const }),
);

/** The file with one damage done; the fixture's text files are UTF-8 with a BOM. */
function damaged(bytes: Buffer, d: Damage): Buffer {
  const text = bytes.toString('utf8');
  const lines = text.split('\r\n');
  const pick = (n: number) => 1 + (n % Math.max(1, lines.length - 2));
  switch (d.kind) {
    case 'empty':
      return Buffer.alloc(0);
    case 'header only':
      return Buffer.from(`${lines[0]}\r\n`, 'utf8');
    case 'ragged': {
      const i = pick(d.line);
      const fields = (lines[i] ?? '').split(',');
      lines[i] = (d.drop ? fields.slice(0, -2) : [...fields, '"extra"']).join(',');
      return Buffer.from(lines.join('\r\n'), 'utf8');
    }
    case 'quote': {
      const i = pick(d.line);
      const line = lines[i] ?? '';
      const at = d.at % Math.max(1, line.length);
      lines[i] = `${line.slice(0, at)}"${line.slice(at)}`;
      return Buffer.from(lines.join('\r\n'), 'utf8');
    }
    case 'nul': {
      const copy = Buffer.from(bytes);
      if (copy.length > 0) copy[d.at % copy.length] = 0;
      return copy;
    }
    case 'reencode':
      return Buffer.from(text.replace(/^\uFEFF/, ''), 'latin1');
  }
}

describe.each(CRMS)(
  'the $crm importer on damaged exports',
  ({ source, importer, fixture: FIXTURE, files, now }) => {
    it('refuses before writing, or imports and reports every bad row; never crashes', async () => {
      let run = 0;
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...files), damage, async (file, d) => {
          const dir = join(work, `${source}-${run++}`);
          cpSync(FIXTURE, dir, { recursive: true });
          writeFileSync(join(dir, file), damaged(readFileSync(join(FIXTURE, file)), d));
          const org = await createOrg(database.db, { slug: `fz-${uniq()}`, name: 'Fuzz' });
          const counts = async () =>
            (
              await queryRows<{ people: number; opps: number; acts: number }>(
                database.db,
                sql`select (select count(*)::int from people where org_id = ${org.id}) as people,
                     (select count(*)::int from opportunities where org_id = ${org.id}) as opps,
                     (select count(*)::int from activities where org_id = ${org.id}) as acts`,
              )
            )[0];
          try {
            const report = await importer(database, {
              orgId: org.id,
              path: dir,
              request: { source, dryRun: false },
              now,
            });
            for (const o of report.objects) {
              const s = o.summary;
              expect(s.rejected, o.file).toBeGreaterThanOrEqual(s.rejects.length);
              for (const r of s.rejects) {
                expect(r.file).toBe(o.file);
                expect(r.line).toBeGreaterThan(1);
                expect(r.reason.length).toBeGreaterThan(0);
              }
            }
            const kept = await rollupsOf(database, org.id);
            await rebuildRollups(database.db, org.id, await getFunnel(database.db, { orgId: org.id }));
            expect(await rollupsOf(database, org.id)).toEqual(kept);
          } catch (err) {
            if (!(err instanceof AppError)) throw err;
            expect(err.message).toContain(file);
            expect(await counts()).toEqual({ people: 0, opps: 0, acts: 0 });
          }
        }),
        { numRuns: 25, seed: 12 },
      );
    }, 120_000);
  },
);
