import { createReadStream, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readOwnersFile } from '../../src/cli/ownersFile.js';
import type { Database } from '../../src/db/open.js';
import { queryRows } from '../../src/db/sql.js';
import type { ImportKind } from '../../src/features/crm/contract.js';
import type { SourceOptions } from '../../src/features/crm/import/adapt.js';
import { importCsv } from '../../src/features/crm/service.js';
import { createOrg } from '../../src/features/orgs/service.js';
import { addPerson } from '../../src/features/people/service.js';
import { testDatabase } from '../helpers/db.js';
import { uniq } from '../helpers/factories.js';

let database: Database;
beforeAll(async () => {
  database = await testDatabase();
});
afterAll(async () => database.close());

const NOW = new Date('2026-06-30T12:00:00Z');
const FIXTURES = 'test/fixtures/crm';

/** The people the sample exports name: Dana and Sam, by name or by Salesforce user id. */
async function orgWithOwners(domain: string) {
  const org = await createOrg(database.db, { slug: `f-${uniq()}` });
  await addPerson(database.db, {
    orgId: org.id,
    person: { email: `dana@${domain}`, name: 'Dana Whitfield', role: 'rep' },
  });
  await addPerson(database.db, {
    orgId: org.id,
    person: { email: `sam@${domain}`, name: 'Sam Ortiz', role: 'rep' },
  });
  return org;
}

const load = (orgId: string, kind: ImportKind, file: string, source: SourceOptions) =>
  importCsv(database, {
    orgId,
    ...requestOf(kind, source),
    input: createReadStream(`${FIXTURES}/${file}`),
    fileName: file,
    now: NOW,
  });

/** A test's source options as the import's request (and owners map). */
const requestOf = (kind: ImportKind, { owners, ...source }: SourceOptions) => ({
  request: { kind, dryRun: false, strict: false, ...source },
  owners,
});

/** The same, from text in memory (a fixture edited by the test, or a file written inline). */
const loadText = (orgId: string, kind: ImportKind, fileName: string, text: string, source: SourceOptions) =>
  importCsv(database, {
    orgId,
    ...requestOf(kind, source),
    input: Readable.from([text]),
    fileName,
    now: NOW,
  });

const opportunities = (orgId: string) =>
  queryRows<{
    crm_id: string;
    stage: string;
    won: boolean | null;
    closed_at: string | null;
    amount_minor: string;
    owner: string;
  }>(
    database.db,
    sql`select o.crm_id, o.stage, o.won, o.closed_at::text, o.amount_minor::text, p.email as owner
        from opportunities o join people p on p.org_id = o.org_id and p.id = o.owner_id
        where o.org_id = ${orgId} order by o.crm_id`,
  );

describe('CRM exports as the CRMs write them', () => {
  it('reads Salesforce Data Loader exports with owner ids mapped by --owners and default stages mapped', async () => {
    const org = await orgWithOwners('sf.test');
    const owners = await readOwnersFile(`${FIXTURES}/salesforce/owners.csv`);
    const source: SourceOptions = { format: 'salesforce', owners };
    expect(await load(org.id, 'opportunities', 'salesforce/Opportunity.csv', source)).toMatchObject({
      inserted: 4,
      rejected: 0,
    });
    expect(await load(org.id, 'stage_history', 'salesforce/OpportunityHistory.csv', source)).toMatchObject({
      inserted: 10,
      rejected: 0,
    });
    expect(await load(org.id, 'activities', 'salesforce/Task.csv', source)).toMatchObject({
      inserted: 3,
      rejected: 0,
    });
    const opps = await opportunities(org.id);
    expect(opps.map((o) => [o.crm_id, o.stage, o.won, o.owner])).toEqual([
      ['0065g00000A1AAA', 'Won', true, 'dana@sf.test'],
      ['0065g00000A2AAA', 'Negotiation', null, 'dana@sf.test'],
      ['0065g00000A3AAA', 'Lost', false, 'sam@sf.test'],
      ['0065g00000A4AAA', 'Discovery', null, 'sam@sf.test'],
    ]);
    // An open opportunity's CloseDate is only expected, not a close.
    expect(opps[1]?.closed_at).toBeNull();
    expect(opps[0]?.amount_minor).toBe('4800000');
    const types = await queryRows<{ type: string }>(
      database.db,
      sql`select type from activities where org_id = ${org.id} order by crm_id`,
    );
    expect(types.map((t) => t.type)).toEqual(['call', 'email', 'task']);
  });

  it('reads a Salesforce opportunity report with owners by name, and rejects an owner it cannot place', async () => {
    const org = await orgWithOwners('sf.test');
    const summary = await load(org.id, 'opportunities', 'salesforce/OpportunityReport.csv', {
      format: 'salesforce',
    });
    expect(summary).toMatchObject({ inserted: 2, rejected: 1 });
    expect(summary.rejects).toEqual([
      {
        file: 'salesforce/OpportunityReport.csv',
        line: 4,
        column: 'Opportunity Owner',
        reason:
          'owner "Nobody Known" matches no person by email or name; map CRM user ids to emails with --owners FILE (owner,email)',
      },
    ]);
    expect((await opportunities(org.id)).map((o) => o.stage)).toEqual(['Proposal', 'Won']);
  });

  it('reads a HubSpot deal export, its stage history from the "Date entered" columns', async () => {
    const org = await orgWithOwners('hs.test');
    expect(await load(org.id, 'opportunities', 'hubspot/deals.csv', { format: 'hubspot' })).toMatchObject({
      inserted: 3,
      rejected: 0,
    });
    expect(await load(org.id, 'stage_history', 'hubspot/deals.csv', { format: 'hubspot' })).toMatchObject({
      inserted: 11,
      rejected: 0,
    });
    const opps = await opportunities(org.id);
    expect(opps.map((o) => [o.crm_id, o.stage, o.won, o.closed_at === null])).toEqual([
      ['9001', 'Won', true, false],
      ['9002', 'Proposal', null, true],
      ['9003', 'Lost', false, false],
    ]);
    const history = await queryRows<{ stage: string }>(
      database.db,
      sql`select stage from stage_history where org_id = ${org.id} and opportunity_id = '9001' order by entered_at`,
    );
    expect(history.map((h) => h.stage)).toEqual(['Meeting', 'Discovery', 'Proposal', 'Negotiation', 'Won']);
  });

  it('rejects a HubSpot line whole when one of its "Date entered" columns is bad', async () => {
    const org = await orgWithOwners('hs-bad.test');
    await load(org.id, 'opportunities', 'hubspot/deals.csv', { format: 'hubspot' });
    const text = readFileSync(`${FIXTURES}/hubspot/deals.csv`, 'utf8').replace(
      '2026-04-07 15:30',
      'next week',
    );
    const summary = await loadText(org.id, 'stage_history', 'deals.csv', text, { format: 'hubspot' });
    expect(summary).toMatchObject({ inserted: 6, rejected: 1 });
    expect(summary.rejects[0]).toMatchObject({ line: 2, reason: expect.stringMatching(/next week/) });
    const history = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from stage_history where org_id = ${org.id} and opportunity_id = '9001'`,
    );
    expect(history[0]?.n).toBe(0);
  });

  it('takes explicit column and stage mappings for any other CSV', async () => {
    const org = await orgWithOwners('any.test');
    const csv =
      'Deal #,Rep,Client,Title,Value,Opened,Phase\nX1,Dana Whitfield,Acme,Big deal,100,2026-05-01,Verbal Yes\n';
    const summary = await loadText(org.id, 'opportunities', 'pipeline.csv', csv, {
      format: 'generic',
      map: [
        ['Deal #', 'id'],
        ['Rep', 'owner_email'],
        ['Client', 'account'],
        ['Title', 'name'],
        ['Value', 'amount'],
        ['Opened', 'created_at'],
        ['Phase', 'stage'],
      ],
      stageMap: [['Verbal Yes', 'Negotiation']],
    });
    expect(summary).toMatchObject({ inserted: 1, rejected: 0 });
    expect((await opportunities(org.id)).map((o) => [o.stage, o.owner])).toEqual([
      ['Negotiation', 'dana@any.test'],
    ]);
  });
});
