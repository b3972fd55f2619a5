import { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/open.js';
import { queryRows } from '../../src/db/sql.js';
import { dateStyleOfFile, importCsv } from '../../src/features/crm/service.js';
import { NOW } from '../helpers/crm.js';
import { testDatabase } from '../helpers/db.js';
import { makeOrg, type TestOrg } from '../helpers/factories.js';

/**
 * Issue 12: day-first and month-first dates. A data set shaped like the public "CRM Sales
 * Opportunities" one (its own column names, month-first dates in one edition) imports with the style
 * found from the whole file; a file whose dates read both ways is refused with the column, an
 * example and the flag that settles it.
 */
let database: Database;
let t: TestOrg;
beforeAll(async () => {
  database = await testDatabase();
  t = await makeOrg(database.db);
});
afterAll(async () => database.close());

const MAP: [string, string][] = [
  ['opportunity_id', 'id'],
  ['sales_agent', 'owner_email'],
  ['deal_stage', 'stage'],
  ['engage_date', 'created_at'],
  ['close_date', 'closed_at'],
  ['close_value', 'amount'],
  ['product', 'name'],
];

const file = (rows: string[]) =>
  ['opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value', ...rows].join(
    '\n',
  );

describe('date styles', () => {
  it('finds month-first dates from the whole file and imports them as such', async () => {
    const csv = file([
      `1C1I7A6R,${t.r1.email},GTX Plus Basic,Cancity,Won,10/20/2026,03/01/2027,1054`,
      `Z063OYW0,${t.r1.email},GTXPro,Isdom,Lost,10/25/2026,11/02/2026,0`,
      `EC4QE1BX,${t.r2.email},MG Special,Cancity,Prospecting,10/25/2026,,`,
    ]);
    const style = await dateStyleOfFile(Readable.from([csv]), {
      kind: 'opportunities',
      fileName: 'sales_pipeline.csv',
      source: { format: 'generic', map: MAP },
    });
    expect(style).toBe('MDY');
    const summary = await importCsv(database, {
      orgId: t.org.id,
      request: {
        kind: 'opportunities',
        format: 'generic',
        map: MAP,
        dateFormat: style,
        dryRun: false,
        strict: false,
      },
      input: Readable.from([csv]),
      fileName: 'sales_pipeline.csv',
      now: NOW,
    });
    expect(summary).toMatchObject({ inserted: 3, rejected: 0 });
    const rows = await queryRows<{ crm_id: string; created: string; closed: string | null }>(
      database.db,
      sql`select crm_id, to_char(created_at at time zone 'UTC', 'YYYY-MM-DD') as created,
            to_char(closed_at at time zone 'UTC', 'YYYY-MM-DD') as closed
          from opportunities where org_id = ${t.org.id} order by crm_id`,
    );
    expect(rows).toEqual([
      { crm_id: '1C1I7A6R', created: '2026-10-20', closed: '2027-03-01' },
      { crm_id: 'EC4QE1BX', created: '2026-10-25', closed: null },
      { crm_id: 'Z063OYW0', created: '2026-10-25', closed: '2026-11-02' },
    ]);
  });

  it('refuses a file whose dates read both ways, naming the column, an example and --date-format', async () => {
    const csv = file([`X1,${t.r1.email},GTX,Acme,Won,03/04/2026,05/06/2026,10`]);
    await expect(
      dateStyleOfFile(Readable.from([csv]), {
        kind: 'opportunities',
        fileName: 'sales_pipeline.csv',
        source: { format: 'generic', map: MAP },
      }),
    ).rejects.toThrow(
      'sales_pipeline.csv: the dates in engage_date could be day-first or month-first (e.g. "03/04/2026"); name the style with --date-format DMY or MDY',
    );
    // Without a style, such a row is rejected with the same advice, never guessed.
    const summary = await importCsv(database, {
      orgId: t.org.id,
      request: { kind: 'opportunities', format: 'generic', map: MAP, dryRun: true, strict: false },
      input: Readable.from([csv]),
      fileName: 'sales_pipeline.csv',
      now: NOW,
    });
    expect(summary.rejects[0]).toMatchObject({
      line: 2,
      column: 'engage_date',
      reason: expect.stringContaining('--date-format DMY or MDY'),
    });
  });
});
