import { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/open.js';
import { queryRows } from '../../src/db/sql.js';
import { importCsv } from '../../src/features/crm/service.js';
import { NOW } from '../helpers/crm.js';
import { testDatabase } from '../helpers/db.js';
import { makeOrg } from '../helpers/factories.js';

/** Issue 12: `--rates FILE` converts other currencies into the organisation's, by date; none, none. */
let database: Database;
beforeAll(async () => {
  database = await testDatabase();
});
afterAll(async () => database.close());

describe('conversion rates for a file import', () => {
  it('converts at the rate in force at the close, keeps the exact amount, and leaves a currency without a rate unpriced', async () => {
    const t = await makeOrg(database.db);
    const e = t.r1.email;
    const summary = await importCsv(database, {
      orgId: t.org.id,
      request: { kind: 'opportunities', format: 'generic', dryRun: false, strict: false },
      input: Readable.from([
        [
          'id,owner_email,account,name,amount,created_at,stage,closed_at,won,currency',
          `R1,${e},A,Before,100.005,2026-01-04,Won,2026-02-01,true,EUR`,
          `R2,${e},A,After,100,2026-01-04,Won,2026-03-05,true,eur`,
          `R3,${e},A,Pounds,100,2026-01-04,Won,2026-03-05,true,GBP`,
          `R4,${e},A,Home,100,2026-01-04,Won,2026-03-05,true,USD`,
          `R5,${e},A,Bad,100,2026-01-04,Won,2026-03-05,true,EURO`,
        ].join('\n'),
      ]),
      fileName: 'opportunities.csv',
      now: NOW,
      source: {
        rates: [
          { currency: 'EUR', rate: 1.1 },
          { currency: 'EUR', rate: 1.2, from: '2026-03-01T00:00:00.000Z' },
        ],
      },
    });
    expect(summary).toMatchObject({ inserted: 4, rejected: 1 });
    expect(summary.rejects[0]).toMatchObject({ line: 6, column: 'currency' });
    const rows = await queryRows<{
      crm_id: string;
      amount: string;
      currency: string | null;
      minor: number | null;
    }>(
      database.db,
      sql`select crm_id, amount::text, currency, amount_minor::int as minor from opportunities
          where org_id = ${t.org.id} order by crm_id`,
    );
    expect(rows).toEqual([
      { crm_id: 'R1', amount: '100.005', currency: 'EUR', minor: 11_001 },
      { crm_id: 'R2', amount: '100', currency: 'EUR', minor: 12_000 },
      { crm_id: 'R3', amount: '100', currency: 'GBP', minor: null },
      { crm_id: 'R4', amount: '100', currency: null, minor: 10_000 },
    ]);
  });
});
