import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDataDir } from '../helpers/processes.js';

let dir: string;
beforeAll(() => {
  dir = tempDataDir();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('touchline CLI', () => {
  it('prints help for every command with exit 0', () => {
    for (const args of [
      ['--help'],
      ['serve', '--help'],
      ['org', 'create', '--help'],
      ['people', 'add', '--help'],
      ['token', 'create', '--help'],
      ['demo', '--help'],
      ['migrate', '--help'],
      ['one-on-ones', 'list', '--help'],
    ]) {
      const r = runCli(dir, args);
      expect(r.status, args.join(' ')).toBe(0);
      expect(r.stdout).toMatch(/Usage: touchline/);
    }
  });

  it('creates the demo (printing logins), then is a no-op; --json prints one document', () => {
    const first = runCli(dir, ['demo']);
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/^login manager maria@demo\.touchline\.test touchline-demo$/m);
    expect(first.stdout).toMatch(/^login rep john@demo\.touchline\.test touchline-demo$/m);
    const again = runCli(dir, ['demo', '--json']);
    expect(again.status).toBe(0);
    const doc = JSON.parse(again.stdout);
    expect(doc.created).toBe(false);
    expect(doc.org.slug).toBe('demo');
  });

  it('creates an organisation with its admin from --password-stdin, then needs --org to pick one', () => {
    const created = runCli(
      dir,
      [
        'org',
        'create',
        'acme',
        '--name',
        'Acme Sales',
        '--admin',
        'boss@acme.test',
        '--password-stdin',
        '--json',
      ],
      'a-long-enough-password\n',
    );
    expect(created.status, created.stderr).toBe(0);
    expect(JSON.parse(created.stdout).admin.role).toBe('admin');
    const ambiguous = runCli(dir, ['people', 'list']);
    expect(ambiguous.status).toBe(2);
    expect(ambiguous.stderr).toMatch(/several organisations exist; choose one with --org \(acme, demo\)/);
    const listed = runCli(dir, ['org', 'list', '--json']);
    expect(JSON.parse(listed.stdout).orgs.map((o: { slug: string }) => o.slug)).toEqual(['acme', 'demo']);
  });

  it('adds people into a reporting line and sets passwords; bad arguments exit 2, conflicts exit 1', () => {
    const mgr = runCli(dir, [
      'people',
      'add',
      'lee@acme.test',
      '--name',
      'Lee Manager',
      '--role',
      'manager',
      '--org',
      'acme',
      '--json',
    ]);
    expect(mgr.status, mgr.stderr).toBe(0);
    const rep = runCli(dir, [
      'people',
      'add',
      'Ann@Acme.test',
      '--name',
      'Ann Rep',
      '--role',
      'rep',
      '--manager',
      'lee@acme.test',
      '--team',
      'North',
      '--start-date',
      '2026-10-01',
      '--org',
      'acme',
      '--json',
    ]);
    expect(rep.status, rep.stderr).toBe(0);
    expect(JSON.parse(rep.stdout)).toMatchObject({
      email: 'ann@acme.test',
      managerName: 'Lee Manager',
      team: 'North',
    });
    expect(
      runCli(
        dir,
        ['people', 'set-password', 'ann@acme.test', '--password-stdin', '--org', 'acme'],
        'another-long-password\n',
      ).status,
    ).toBe(0);

    const badRole = runCli(dir, [
      'people',
      'add',
      'x@acme.test',
      '--name',
      'X',
      '--role',
      'boss',
      '--org',
      'acme',
    ]);
    expect(badRole.status).toBe(2);
    expect(badRole.stderr.trim().split('\n')).toHaveLength(1);
    expect(badRole.stderr).toContain('--role "boss": use one of admin, leader, manager, rep');
    const unknownOption = runCli(dir, ['people', 'list', '--frobnicate']);
    expect(unknownOption.status).toBe(2);
    const badDate = runCli(dir, [
      'people',
      'add',
      'y@acme.test',
      '--name',
      'Y',
      '--role',
      'rep',
      '--start-date',
      '2026-02-30',
      '--org',
      'acme',
    ]);
    expect(badDate.status).toBe(2);
    expect(badDate.stderr).toContain('--start-date "2026-02-30": use a date such as 2026-03-01');
    const duplicate = runCli(dir, [
      'people',
      'add',
      'ann@acme.test',
      '--name',
      'Ann Again',
      '--role',
      'rep',
      '--org',
      'acme',
    ]);
    expect(duplicate.status).toBe(1);
    expect(duplicate.stderr).toContain('ann@acme.test is already a person of this organisation');
    const shortPassword = runCli(
      dir,
      ['people', 'set-password', 'ann@acme.test', '--password-stdin', '--org', 'acme'],
      'short\n',
    );
    expect(shortPassword.status).toBe(2);

    const listed = JSON.parse(runCli(dir, ['people', 'list', '--org', 'acme', '--json']).stdout);
    expect(listed.people.map((p: { email: string }) => p.email).sort()).toEqual([
      'ann@acme.test',
      'boss@acme.test',
      'lee@acme.test',
    ]);
  });

  it('updates people: a manager with reports cannot leave until they move; a rep can', () => {
    const moved = runCli(dir, [
      'people',
      'update',
      'ann@acme.test',
      '--team',
      'South',
      '--org',
      'acme',
      '--json',
    ]);
    expect(moved.status, moved.stderr).toBe(0);
    expect(JSON.parse(moved.stdout)).toMatchObject({ team: 'South', managerName: 'Lee Manager' });
    const blocked = runCli(dir, ['people', 'update', 'lee@acme.test', '--left', '--org', 'acme']);
    expect(blocked.status).toBe(2);
    expect(blocked.stderr).toContain('Lee Manager has 1 active people reporting to them');
    expect(
      runCli(dir, ['people', 'update', 'ann@acme.test', '--manager', 'none', '--left', '--org', 'acme'])
        .status,
    ).toBe(0);
    expect(runCli(dir, ['people', 'update', 'lee@acme.test', '--left', '--org', 'acme']).status).toBe(0);
    const active = JSON.parse(runCli(dir, ['people', 'list', '--org', 'acme', '--json']).stdout);
    expect(active.people.map((p: { email: string }) => p.email)).toEqual(['boss@acme.test']);
    expect(runCli(dir, ['people', 'update', 'ann@acme.test', '--rejoined', '--org', 'acme']).status).toBe(0);
    expect(runCli(dir, ['people', 'update', 'lee@acme.test', '--rejoined', '--org', 'acme']).status).toBe(0);
  });

  it('creates an API token that is printed once', () => {
    const r = runCli(dir, [
      'token',
      'create',
      'maria@demo.touchline.test',
      '--org',
      'demo',
      '--name',
      'nightly export',
    ]);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toMatch(/^tl_[0-9a-f-]{36}_[\w-]{40,}$/);
    expect(r.stderr).toMatch(/shown only once/);
  });

  it('imports CRM files: exit 1 with a --json report naming the rejected rows; stages and export work', () => {
    const csvDir = join(dir, 'crm');
    mkdirSync(csvDir, { recursive: true });
    writeFileSync(
      join(csvDir, 'opportunities.csv'),
      'id,owner_email,account,name,amount,created_at,stage,closed_at,won\nC1,ann@acme.test,Acme,Seats,1200,2026-05-04,Meeting,,\nC2,ann@acme.test,Acme,Bad,-5,2026-05-04,Meeting,,\n',
    );
    const r = runCli(dir, [
      'import',
      'opportunities',
      join(csvDir, 'opportunities.csv'),
      '--org',
      'acme',
      '--json',
    ]);
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ inserted: 1, updated: 0, unchanged: 0, rejected: 1 });
    expect(report.rejects).toEqual([
      {
        file: 'opportunities.csv',
        line: 3,
        column: 'amount',
        reason: 'amount -5 is negative',
      },
    ]);
    const dirRun = runCli(dir, ['import', 'dir', csvDir, '--org', 'acme', '--json']);
    expect(dirRun.stderr).toContain('No people file');
    expect(JSON.parse(dirRun.stdout)).toMatchObject({ unchanged: 1, rejected: 1 });
    expect(runCli(dir, ['stages', 'set', 'Intro', 'Won', '--org', 'acme']).status).toBe(2); // Meeting is in use
    expect(runCli(dir, ['stages', 'list', '--org', 'acme', '--json']).stdout).toContain('"Negotiation"');
    const exported = runCli(dir, ['export', join(dir, 'out'), '--org', 'acme', '--json']);
    expect(JSON.parse(exported.stdout)).toMatchObject({ opportunities: 1 });
    expect(readFileSync(join(dir, 'out', 'opportunities.csv'), 'utf8')).toContain(
      'C1,ann@acme.test,Acme,Seats,1200,',
    );
  });

  it('imports whole Salesforce and HubSpot exports in one command each, saying what it did', () => {
    const fixture = (name: string) => new URL(`../fixtures/${name}/`, import.meta.url).pathname;
    expect(runCli(dir, ['org', 'create', 'northwind', '--name', 'Northwind']).status).toBe(0);
    const badPipeline = runCli(dir, [
      'import',
      'hubspot',
      fixture('hubspot-export'),
      '--org',
      'northwind',
      '--pipeline',
      'Partners',
    ]);
    expect(badPipeline.status).toBe(2);
    expect(badPipeline.stderr).toContain('no deals in a pipeline named "Partners"');
    const check = runCli(dir, [
      'import',
      'hubspot',
      fixture('hubspot-export'),
      '--org',
      'northwind',
      '--dry-run',
    ]);
    expect(check.status, check.stderr).toBe(1); // it found the deal without an owner
    expect(check.stdout).toContain(
      'Pipeline the diagnosis reads: "Sales Pipeline", 43 deals; also would be imported, each with its own funnel: "Renewals" (2 deals: Renewal Due → Renewed; lost: Churned).',
    );
    expect(check.stdout).toContain(
      'hubspot-crm-exports-all-deals-2026-11-30.csv (opportunities): 44 would be inserted, 0 would be updated, 0 unchanged, 1 rejected.',
    );
    const rates = join(dir, 'rates.csv');
    writeFileSync(rates, 'currency,rate\nEUR,1.08\n');
    const done = runCli(dir, [
      'import',
      'hubspot',
      fixture('hubspot-export'),
      '--org',
      'northwind',
      '--rates',
      rates,
    ]);
    expect(done.status).toBe(1);
    expect(done.stdout).toContain(
      'hubspot-crm-exports-all-deals-2026-11-30.csv (opportunities): 44 inserted, 0 updated, 0 unchanged, 1 rejected.',
    );
    expect(done.stdout).toContain('[Deal owner] Deal owner is empty');
    expect(done.stdout).toContain('Note: 1 opportunity is in MXN, with no rate to USD');
    expect(done.stderr).toContain('Importing hubspot-crm-exports-all-calls-2026-11-30.csv…');
    // Both pipelines are kept; the diagnosis moves to another and back, by name.
    const listed = runCli(dir, ['pipelines', 'list', '--org', 'northwind']);
    expect(listed.stdout).toBe(
      '* "Sales Pipeline": 42 opportunities; Discovery Call Booked → Qualified → Demo Done → Proposal Sent → Negociación → Closed Won   (lost: Closed Lost)\n' +
        '  "Renewals": 2 opportunities; Renewal Due → Renewed   (lost: Churned)\n',
    );
    const moved = runCli(dir, ['pipelines', 'diagnose', 'renewals', '--org', 'northwind', '--json']);
    expect(moved.status, moved.stderr).toBe(0);
    expect(JSON.parse(moved.stdout).pipelines[0]).toMatchObject({ name: 'Renewals', diagnosed: true });
    expect(runCli(dir, ['stages', 'list', '--org', 'northwind']).stdout).toBe(
      'Renewal Due → Renewed   (lost: Churned)\n',
    );
    const unknown = runCli(dir, ['pipelines', 'diagnose', 'Partners', '--org', 'northwind']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('no pipeline named "Partners"');
    expect(runCli(dir, ['pipelines', 'diagnose', 'Sales Pipeline', '--org', 'northwind']).status).toBe(0);

    expect(runCli(dir, ['org', 'create', 'andina', '--name', 'Andina']).status).toBe(0);
    const badFormat = runCli(dir, [
      'import',
      'salesforce',
      fixture('salesforce-export'),
      '--org',
      'andina',
      '--date-format',
      'YMD',
    ]);
    expect(badFormat.status).toBe(2);
    expect(badFormat.stderr).toContain('--date-format "YMD": use DMY or MDY');
    const sf = runCli(dir, [
      'import',
      'salesforce',
      fixture('salesforce-export'),
      '--org',
      'andina',
      '--json',
    ]);
    expect(sf.status, sf.stderr).toBe(0);
    const report = JSON.parse(sf.stdout);
    expect(report.objects.find((o: { object: string }) => o.object === 'Opportunity').summary).toMatchObject({
      inserted: 7,
      rejected: 0,
    });
  });

  it('replaces only the demo organisation on demo --reset', () => {
    const reset = runCli(dir, ['demo', '--reset', '--json']);
    expect(JSON.parse(reset.stdout).created).toBe(true);
    const acme = JSON.parse(runCli(dir, ['people', 'list', '--org', 'acme', '--json']).stdout);
    expect(acme.people).toHaveLength(3);
  });

  it('diagnoses the demo: --json prints exactly the documented shape; bad arguments exit 2 with the reason', () => {
    const r = runCli(dir, ['diagnose', '--org', 'demo', '--manager', 'maria@demo.touchline.test', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(doc.windowDays).toBe(180);
    const emails = doc.reps.map((x: { email: string }) => x.email);
    expect(emails).toEqual([...emails].sort());
    expect(emails).toContain('john@demo.touchline.test');
    expect(emails.every((e: string) => !e.startsWith('fatima@'))).toBe(true); // Omar's team
    const john = doc.reps.find((x: { email: string }) => x.email === 'john@demo.touchline.test');
    expect(john.manager).toBe('maria@demo.touchline.test');
    expect(Object.keys(john.gaps[0]).sort()).toEqual(
      [
        'benchmark',
        'high',
        'impact',
        'impactHigh',
        'impactLow',
        'low',
        'metric',
        'n',
        'probabilityBelow',
        'rate',
        'skill',
        'stage',
      ].sort(),
    );
    expect(john.gaps[0]).toMatchObject({ metric: 'conversion', stage: 'Negotiation', skill: 'closing' });
    expect(Number.isInteger(john.gaps[0].impact)).toBe(true);
    const table = runCli(dir, ['diagnose', '--org', 'demo']);
    expect(table.stdout).toMatch(
      /John Miller <john@demo\.touchline\.test>\n {2}coach first: Negotiation conversion/,
    );
    for (const [args, reason] of [
      [['--as-of', '2026-13-01'], '--as-of "2026-13-01": use a date such as 2026-11-22'],
      [['--window-days', '7'], '--window-days "7": use a whole number of days from 28 to 730'],
      [['--benchmark', 'best'], '--benchmark "best": use one of team_median, org_median, top_quartile'],
      [['--manager', 'nobody@demo.touchline.test'], '--manager: nobody in'],
    ] as const) {
      const bad = runCli(dir, ['diagnose', '--org', 'demo', ...args]);
      expect(bad.status, args.join(' ')).toBe(2);
      expect(bad.stderr).toContain(reason);
    }
  });

  it('proposes development plans: John on closing, Sheila on prospecting; a stranger as --manager exits 2', () => {
    const r = runCli(dir, [
      'plans',
      'propose',
      '--org',
      'demo',
      '--manager',
      'maria@demo.touchline.test',
      '--json',
    ]);
    expect(r.status, r.stderr).toBe(0);
    const { plans } = JSON.parse(r.stdout) as {
      plans: { rep: string; focus: { skill: string; kpi: string | null }[] }[];
    };
    const of = (rep: string) => plans.find((p) => p.rep === rep)?.focus[0];
    expect(of('john@demo.touchline.test')).toMatchObject({
      skill: 'closing',
      kpi: 'conversion',
      stage: 'Negotiation',
    });
    expect(of('sheila@demo.touchline.test')).toMatchObject({
      skill: 'prospecting',
      kpi: 'new_opportunities',
    });
    expect(plans.every((p) => p.rep.endsWith('@demo.touchline.test'))).toBe(true);
    const stranger = runCli(dir, ['plans', 'propose', '--org', 'demo', '--manager', 'nobody@x.test']);
    expect(stranger.status).toBe(2);
    expect(stranger.stderr).toContain('--manager: nobody in');
  });

  it('lists one-on-one series: every rep of the demo, held meetings and the next one; --manager narrows it', () => {
    const r = runCli(dir, ['one-on-ones', 'list', '--org', 'demo', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const { series } = JSON.parse(r.stdout) as {
      series: { rep: string; manager: string; cadence: string; heldCount: number; nextAt: string | null }[];
    };
    expect(series.length).toBeGreaterThanOrEqual(12);
    const john = series.find((s) => s.rep === 'john@demo.touchline.test');
    expect(john).toMatchObject({ manager: 'maria@demo.touchline.test', cadence: 'weekly' });
    expect(john?.heldCount).toBeGreaterThan(0);
    expect(Date.parse(john?.nextAt ?? '')).toBeGreaterThan(Date.now());
    const west = runCli(dir, [
      'one-on-ones',
      'list',
      '--org',
      'demo',
      '--manager',
      'maria@demo.touchline.test',
    ]);
    expect(west.status, west.stderr).toBe(0);
    expect(west.stdout).toMatch(
      /^Maria Santos ↔ John Miller: weekly, \d+ held, next \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/m,
    );
    expect(west.stdout).not.toContain('Omar');
    const stranger = runCli(dir, ['one-on-ones', 'list', '--org', 'demo', '--manager', 'nobody@x.test']);
    expect(stranger.status).toBe(2);
  });

  it('lists goals with their status from the data, and improvement plans', () => {
    const r = runCli(dir, ['goals', 'list', '--org', 'demo', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const { goals } = JSON.parse(r.stdout) as {
      goals: {
        owner: string;
        metric: string;
        baseline: number | null;
        target: number;
        status: string | null;
      }[];
    };
    expect(goals.length).toBeGreaterThan(6);
    expect(goals.every((g) => ['on_track', 'at_risk', 'off_track', 'done', null].includes(g.status))).toBe(
      true,
    );
    expect(goals.find((g) => g.owner === 'maria@demo.touchline.test')?.metric).toBe('new_opportunities');
    const text = runCli(dir, ['goals', 'list', '--org', 'demo', '--manager', 'omar@demo.touchline.test']);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).not.toContain('Maria Santos');
    expect(text.stdout).toMatch(/: (on track|at risk|off track|done)$/m);
    const pips = runCli(dir, ['pips', 'list', '--org', 'demo', '--json']);
    expect(pips.status, pips.stderr).toBe(0);
    expect(JSON.parse(pips.stdout).pips[0]).toMatchObject({ status: 'active', rep: { name: 'Tom O’Brien' } });
  });
});
