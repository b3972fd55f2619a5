import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { salesforceActivityType } from '../../../core/crmFormats.js';
import { DEFAULT_FUNNEL } from '../../../core/funnel.js';
import { type ExportStage, planFunnel } from './funnelPlan.js';
import { asPlannedUsers, pipelineStages } from './hubspotFiles.js';
import { planSalesforcePeople, type SalesforceUser } from './salesforcePeople.js';
import { detectEncoding, readDecoded } from './source.js';

const user = (id: string, email: string, more: Partial<SalesforceUser> = {}): SalesforceUser => ({
  id,
  email,
  name: id,
  active: true,
  managerId: '',
  roleId: '',
  userType: 'Standard',
  ...more,
});

describe('planSalesforcePeople', () => {
  const users = [
    user('VP', 'vp@x.test'),
    user('M1', 'm1@x.test', { managerId: 'VP' }),
    user('R1', 'r1@x.test', { managerId: 'M1' }),
    user('R2', 'r2@x.test', { managerId: 'M1', roleId: 'ROLE_AM' }),
    user('BOT', 'bot@x.test', { userType: 'AutomatedProcess' }),
    user('OLD', 'r1@x.test', { managerId: 'M1', active: false }),
    user('FIN', 'fin@x.test'),
  ];
  const owns = new Map([
    ['r1', 3],
    ['r2', 5],
    ['bot', 1],
    ['old', 1],
  ]);
  const roleNames = new Map([['role_am', 'Account Director']]);

  it('makes owners reps (managers when their role says so) and the people above them managers and leaders', () => {
    const plan = planSalesforcePeople(users, { roleNames, owns, existing: new Map() });
    const role = Object.fromEntries(plan.people.map((p) => [p.email, p.role]));
    expect(role).toEqual({
      'vp@x.test': 'leader',
      'm1@x.test': 'manager',
      'r1@x.test': 'rep',
      'r2@x.test': 'manager',
      'bot@x.test': 'rep',
    });
    expect(plan.skipped.map((s) => s.user)).toEqual(['FIN (FIN)']);
    expect(plan.people.find((p) => p.email === 'r1@x.test')?.managerEmail).toBe('m1@x.test');
  });

  it('gives a shared email to the user who owns records, and maps every user id with it there', () => {
    const plan = planSalesforcePeople(users, { roleNames, owns, existing: new Map() });
    expect(plan.clashes).toEqual([{ email: 'r1@x.test', kept: 'R1 (R1)', others: ['OLD (OLD)'] }]);
    expect(plan.owners.get('old')).toBe('r1@x.test');
    expect(plan.people.filter((p) => p.email === 'r1@x.test')).toHaveLength(1);
  });

  it('leaves people already there their role, team and start date, and their manager when the export names none', () => {
    const plan = planSalesforcePeople([user('R1', 'r1@x.test')], {
      roleNames,
      owns,
      existing: new Map([
        [
          'r1@x.test',
          {
            email: 'r1@x.test',
            role: 'admin',
            managerEmail: 'boss@x.test',
            team: 'West',
            startDate: '2024-03-01',
          },
        ],
      ]),
    });
    expect(plan.people).toEqual([
      expect.objectContaining({
        email: 'r1@x.test',
        role: 'admin',
        managerEmail: 'boss@x.test',
        existing: true,
        team: 'West',
        startDate: '2024-03-01',
      }),
    ]);
  });
});

describe('planFunnel', () => {
  const stage = (name: string, order: number, closed = false, won = false): ExportStage => ({
    name,
    order,
    closed,
    won,
    active: true,
  });
  const exported = [
    stage('Calificar', 2),
    stage('Prospectar', 1),
    stage('Ganada', 9, true, true),
    stage('Perdida', 10, true),
    stage('Perdida sin respuesta', 11, true),
  ];

  it('takes the export’s stages in order for an organisation without CRM data', () => {
    expect(planFunnel(exported, { current: DEFAULT_FUNNEL, hasData: false, userMap: [] })).toEqual({
      funnel: { stages: ['Prospectar', 'Calificar', 'Ganada'], lost: 'Perdida' },
      from: 'export',
      stageMap: [['Perdida sin respuesta', 'Perdida']],
    });
  });

  it('keeps the organisation’s funnel: by name, closed stages to won and lost, open ones by order when they fit', () => {
    const current = { stages: ['Lead', 'Qualify', 'Won'], lost: 'Lost' };
    const plan = planFunnel(exported, { current, hasData: true, userMap: [] });
    expect(plan.from).toBe('organisation');
    expect(new Map(plan.stageMap)).toEqual(
      new Map([
        ['Prospectar', 'Lead'],
        ['Calificar', 'Qualify'],
        ['Ganada', 'Won'],
        ['Perdida', 'Lost'],
        ['Perdida sin respuesta', 'Lost'],
      ]),
    );
    expect(() => planFunnel(exported, { current: DEFAULT_FUNNEL, hasData: true, userMap: [] })).toThrow(
      /--stage-map "Prospectar=Prospecting,Calificar=Prospecting"/,
    );
  });
});

describe('detectEncoding', () => {
  const dir = mkdtempSync(join(tmpdir(), 'touchline-enc-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, bytes: Buffer) => {
    writeFileSync(join(dir, name), bytes);
    return join(dir, name);
  };

  it('tells UTF-8, UTF-16 without a byte-order mark and Windows-1252 apart, and decodes each intact', async () => {
    const text = 'Id,StageName\n1,Negociación – 50%\n';
    const cases: [string, Buffer, string][] = [
      ['utf8.csv', Buffer.from(text, 'utf8'), 'utf-8'],
      ['utf16.csv', Buffer.from(text, 'utf16le'), 'utf-16le'],
      ['cp1252.csv', Buffer.from(text.replace('–', '\u0096'), 'latin1'), 'windows-1252'],
    ];
    for (const [name, bytes, expected] of cases) {
      const path = file(name, bytes);
      const encoding = await detectEncoding(path);
      expect(encoding, name).toBe(expected);
      expect(await readDecoded(path, encoding), name).toBe(text);
    }
  });
});

describe('salesforceActivityType', () => {
  it('prefers a telling subtype, then Type, then the object’s kind; list emails keep their own type', () => {
    expect(salesforceActivityType(['Call', 'Email'], 'task')).toBe('call');
    expect(salesforceActivityType(['Task', 'Meeting'], 'task')).toBe('meeting');
    expect(salesforceActivityType(['Task', ''], 'task')).toBe('task');
    expect(salesforceActivityType(['Event', ''], 'meeting')).toBe('meeting');
    expect(salesforceActivityType(['ListEmail', 'Email'], 'task')).toBe('list_email');
  });
});

describe('HubSpot pipelines and users', () => {
  it('reads a pipeline’s stages from a pipelines file: probability 1 won, 0 lost, an empty cell open', () => {
    const rows = [
      { pipeline: 'Sales', stage: 'Intro', 'display order': '0', probability: '' },
      { pipeline: 'Sales', stage: 'Demo', 'display order': '1', probability: '0.4' },
      { pipeline: 'Sales', stage: 'Won it', 'display order': '2', probability: '1.0' },
      { pipeline: 'Sales', stage: 'Lost it', 'display order': '3', probability: '0' },
      { pipeline: 'Renewals', stage: 'Due', 'display order': '0', probability: '0.5' },
    ];
    expect(pipelineStages(rows, 'sales')).toEqual([
      { name: 'Intro', order: 0, closed: false, won: false, active: true },
      { name: 'Demo', order: 1, closed: false, won: false, active: true },
      { name: 'Won it', order: 2, closed: true, won: true, active: true },
      { name: 'Lost it', order: 3, closed: true, won: false, active: true },
    ]);
    // Without probabilities, "Is closed" / "Is won" say it; without an order, the file's order.
    expect(
      pipelineStages(
        [
          { pipeline: 'Sales', label: 'Intro', 'is closed': 'false' },
          { pipeline: 'Sales', label: 'Signed', 'is closed': 'true', 'is won': 'true' },
        ],
        'Sales',
      ),
    ).toEqual([
      { name: 'Intro', order: 0, closed: false, won: false, active: true },
      { name: 'Signed', order: 1, closed: true, won: true, active: true },
    ]);
  });

  it('gives a team’s members its one manager, and no manager when a team has two', () => {
    const u = (id: string, role: string, team: string) => ({
      id,
      email: `${id}@x.test`,
      name: id,
      role,
      team,
      active: true,
    });
    const planned = asPlannedUsers([
      u('ann', 'Sales Manager', 'East'),
      u('bob', 'Sales Rep', 'East'),
      u('cy', 'Sales Director', 'West'),
      u('di', 'Sales Manager', 'West'),
      u('ed', 'Sales Rep', 'West'),
    ]);
    expect(Object.fromEntries(planned.map((p) => [p.id, p.managerId]))).toEqual({
      ann: '',
      bob: 'ann',
      cy: '',
      di: '',
      ed: '',
    });
  });
});
