import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/open.js';
import type { Meeting, MySeries, NoteSaved } from '../../src/features/oneOnOnes/contract.js';
import type { App } from '../../src/server/app.js';
import { testDatabase } from '../helpers/db.js';
import { makeOrg, type TestOrg } from '../helpers/factories.js';
import { type Client, signedInAs, testApp } from '../helpers/http.js';

/**
 * Issue 14 over HTTP: a series, the rep's agenda first, the private note kept from the rep, actions
 * carried over, a stale autosave merged (both texts kept on a conflict), skip and move, history
 * search, adherence, and the calendar feed parsed back.
 */
let now = new Date('2026-12-07T08:00:00Z'); // a Monday
let database: Database;
let app: App;
let t: TestOrg;
let manager: Client;
let rep: Client;

beforeAll(async () => {
  database = await testDatabase();
  app = await testApp(database, () => now);
  t = await makeOrg(database.db);
  await signIn();
});
/** Fresh sessions on the test's clock (it moves on by weeks; sessions last days). */
async function signIn() {
  manager = await signedInAs(app.app, database, t.org.id, t.m1, now);
  rep = await signedInAs(app.app, database, t.org.id, t.r1, now);
}
afterAll(async () => {
  await app.app.close();
  await database.close();
});

const json = <T>(res: { statusCode: number; body: string }, status = 200): T => {
  expect(res.statusCode, res.body).toBe(status);
  return JSON.parse(res.body) as T;
};
const meeting = async (c: Client, id: string) =>
  json<Meeting>(await c.request('GET', `/api/one-on-one-meetings/${id}`));

let seriesId = '';
let firstMeeting = '';

describe('one-on-ones', () => {
  it('starts a weekly series with a report, and refuses a second one or bad input with a reason', async () => {
    const started = json<{ id: string; next: { meetingId: string; startsAt: string } }>(
      await manager.request('POST', `/api/people/${t.r1.id}/one-on-ones`, {
        firstAt: '2026-12-07T09:00:00+01:00',
        timeZone: 'Europe/Madrid',
      }),
      201,
    );
    seriesId = started.id;
    firstMeeting = started.next.meetingId;
    expect(started.next.startsAt).toBe('2026-12-07T08:00:00.000Z');
    const again = await manager.request('POST', `/api/people/${t.r1.id}/one-on-ones`, {
      firstAt: '2026-12-08T09:00:00Z',
    });
    expect(again.statusCode).toBe(409);
    const zone = await manager.request('POST', `/api/people/${t.r2.id}/one-on-ones`, {
      firstAt: '2026-12-08T09:00:00Z',
      timeZone: 'Europe/Madird',
    });
    expect(zone.statusCode).toBe(400);
    expect(JSON.parse(zone.body).errors[0].path).toBe('timeZone');
    const long = await manager.request('POST', `/api/people/${t.r2.id}/one-on-ones`, {
      firstAt: '2026-12-08T09:00:00Z',
      durationMinutes: 600,
    });
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain('under 120 minutes');
    // Someone outside the manager's line, or a rep starting one: refused.
    expect([403, 404]).toContain(
      (
        await manager.request('POST', `/api/people/${t.r3.id}/one-on-ones`, {
          firstAt: '2026-12-08T09:00:00Z',
        })
      ).statusCode,
    );
    expect(
      (await rep.request('POST', `/api/people/${t.r2.id}/one-on-ones`, { firstAt: '2026-12-08T09:00:00Z' }))
        .statusCode,
    ).toBe(403);
    const mine = json<MySeries>(await rep.request('GET', '/api/one-on-ones'));
    expect(mine.asRep.map((s) => s.manager.name)).toEqual([t.m1.name]);
    expect(mine.asManager).toEqual([]);
  });

  it('puts the rep’s talking points first, whoever added theirs first', async () => {
    json(
      await manager.request('POST', `/api/one-on-one-meetings/${firstMeeting}/agenda`, {
        text: 'Q1 territory plan',
      }),
      201,
    );
    json(
      await rep.request('POST', `/api/one-on-one-meetings/${firstMeeting}/agenda`, {
        text: 'Help with the Acme CFO',
      }),
      201,
    );
    const m = await meeting(manager, firstMeeting);
    expect(m.agenda.map((a) => [a.side, a.text])).toEqual([
      ['rep', 'Help with the Acme CFO'],
      ['manager', 'Q1 territory plan'],
    ]);
    expect(m.snapshot.frozen).toBe(false);
    expect(m.snapshot.rows.map((r) => r.kpi)).toContain('win_rate');
    expect(m.questions.length).toBeGreaterThanOrEqual(3);
    const empty = await rep.request('POST', `/api/one-on-one-meetings/${firstMeeting}/agenda`, {
      text: '  ',
    });
    expect(empty.statusCode).toBe(400);
  });

  it('keeps the private note from the rep and from an admin, and shows it to the managers above', async () => {
    json<NoteSaved>(
      await manager.request('PUT', `/api/one-on-one-meetings/${firstMeeting}/notes/private`, {
        baseVersion: 0,
        text: 'Worried about confidence in pricing talks.',
      }),
    );
    const asRep = await rep.request('GET', `/api/one-on-one-meetings/${firstMeeting}`);
    expect(asRep.body).not.toContain('privateNote');
    expect(asRep.body).not.toContain('Worried about confidence');
    const admin = await signedInAs(app.app, database, t.org.id, t.admin, now);
    const asAdmin = await admin.request('GET', `/api/one-on-one-meetings/${firstMeeting}`);
    expect(asAdmin.statusCode).toBe(200);
    expect(asAdmin.body).not.toContain('Worried about confidence');
    const leader = await signedInAs(app.app, database, t.org.id, t.leader, now);
    expect((await meeting(leader, firstMeeting)).privateNote?.text).toBe(
      'Worried about confidence in pricing talks.',
    );
    expect((await meeting(manager, firstMeeting)).privateNote?.version).toBe(1);
    // The rep cannot write it either, and another manager cannot see the meeting at all.
    const write = await rep.request('PUT', `/api/one-on-one-meetings/${firstMeeting}/notes/private`, {
      baseVersion: 1,
      text: 'x',
    });
    expect(write.statusCode).toBe(403);
    const m2 = await signedInAs(app.app, database, t.org.id, t.m2, now);
    expect([403, 404]).toContain(
      (await m2.request('GET', `/api/one-on-one-meetings/${firstMeeting}`)).statusCode,
    );
  });

  it('merges a stale autosave, and keeps both texts when both changed the same words', async () => {
    const url = `/api/one-on-one-meetings/${firstMeeting}/notes/shared`;
    const v1 = json<NoteSaved>(
      await manager.request('PUT', url, { baseVersion: 0, text: 'Acme: CFO meeting.\nPipeline: 3 stuck.' }),
    );
    expect(v1.version).toBe(1);
    const v2 = json<NoteSaved>(
      await rep.request('PUT', url, {
        baseVersion: 1,
        text: 'Acme: CFO meeting on Friday.\nPipeline: 3 stuck.',
      }),
    );
    expect(v2).toMatchObject({ version: 2, merged: false });
    // The manager's autosave still names version 1: merged, nobody's words lost.
    const v3 = json<NoteSaved>(
      await manager.request('PUT', url, {
        baseVersion: 1,
        text: 'Acme: CFO meeting.\nPipeline: 3 stuck, 1 to close.',
      }),
    );
    expect(v3).toMatchObject({ version: 3, merged: true, conflict: false });
    expect(v3.text).toBe('Acme: CFO meeting on Friday.\nPipeline: 3 stuck, 1 to close.');
    // Both change the same words from version 3.
    json(
      await rep.request('PUT', url, {
        baseVersion: 3,
        text: 'Acme: CFO meeting on Monday.\nPipeline: 3 stuck, 1 to close.',
      }),
    );
    const clash = json<NoteSaved>(
      await manager.request('PUT', url, {
        baseVersion: 3,
        text: 'Acme: CFO meeting on Tuesday.\nPipeline: 3 stuck, 1 to close.',
      }),
    );
    expect(clash).toMatchObject({ version: 5, merged: true, conflict: true });
    expect(clash.text).toContain('Monday');
    expect(clash.text).toContain('Tuesday');
    expect((await meeting(rep, firstMeeting)).notes.shared.text).toBe(clash.text);
    // A version that does not exist, or a note too long: refused, nothing stored.
    expect((await manager.request('PUT', url, { baseVersion: 9, text: 'x' })).statusCode).toBe(400);
    const long = await manager.request('PUT', url, { baseVersion: 5, text: 'x'.repeat(20_001) });
    expect(long.statusCode).toBe(400);
    expect((await meeting(rep, firstMeeting)).notes.shared.version).toBe(5);
  });

  let nextMeeting = '';
  it('freezes the snapshot when the meeting is held and carries open actions to the next one', async () => {
    json(
      await manager.request('POST', `/api/one-on-one-meetings/${firstMeeting}/actions`, {
        text: 'Book the Acme CFO meeting',
        ownerId: t.r1.id,
        dueOn: '2026-12-10',
      }),
      201,
    );
    const bad = await manager.request('POST', `/api/one-on-one-meetings/${firstMeeting}/actions`, {
      text: 'Someone else’s job',
      ownerId: t.r3.id,
    });
    expect(bad.statusCode).toBe(400);
    const held = json<Meeting>(
      await manager.request('POST', `/api/one-on-one-meetings/${firstMeeting}/hold`),
    );
    expect(held.status).toBe('held');
    expect(held.snapshot.frozen).toBe(true);
    expect(held.nextMeetingId).not.toBeNull();
    nextMeeting = held.nextMeetingId ?? '';
    expect((await manager.request('POST', `/api/one-on-one-meetings/${firstMeeting}/hold`)).statusCode).toBe(
      409,
    );
    now = new Date('2026-12-14T07:30:00Z');
    await signIn();
    const next = await meeting(rep, nextMeeting);
    expect(next.startsAt).toBe('2026-12-14T08:00:00.000Z');
    expect(next.actions).toEqual([
      expect.objectContaining({
        text: 'Book the Acme CFO meeting',
        carriedOver: true,
        overdue: true,
        doneAt: null,
      }),
    ]);
    expect(next.privateNote).toBeUndefined();
    // Done in the meeting after: it shows there as done, then stops carrying over.
    const ticked = json<Meeting>(
      await rep.request('PATCH', `/api/one-on-one-meetings/${nextMeeting}/actions/${next.actions[0]?.id}`, {
        done: true,
      }),
    );
    expect(ticked.actions[0]?.doneAt).not.toBeNull();
  });

  it('skips and moves one meeting without breaking the series', async () => {
    json(await manager.request('POST', `/api/one-on-one-meetings/${nextMeeting}/hold`));
    const after = (await meeting(manager, nextMeeting)).nextMeetingId ?? '';
    expect((await meeting(manager, after)).actions).toEqual([]);
    const skipped = json<Meeting>(await manager.request('POST', `/api/one-on-one-meetings/${after}/skip`));
    expect(skipped.status).toBe('skipped');
    const following = skipped.nextMeetingId ?? '';
    const moved = json<Meeting>(
      await manager.request('POST', `/api/one-on-one-meetings/${following}/reschedule`, {
        startsAt: '2026-12-29T10:00:00+01:00',
      }),
    );
    expect(moved).toMatchObject({ startsAt: '2026-12-29T09:00:00.000Z', moved: true, status: 'scheduled' });
    expect((await rep.request('POST', `/api/one-on-one-meetings/${following}/skip`)).statusCode).toBe(403);
  });

  it('finds past meetings by what was said, and the private note only for those who may read it', async () => {
    const byManager = json<{ meetings: Meeting[] }>(
      await manager.request('GET', `/api/one-on-one-series/${seriesId}/meetings?q=pricing`),
    );
    expect(byManager.meetings.map((m) => m.id)).toEqual([firstMeeting]);
    const byRep = json<{ meetings: Meeting[] }>(
      await rep.request('GET', `/api/one-on-one-series/${seriesId}/meetings?q=pricing`),
    );
    expect(byRep.meetings).toEqual([]);
    const all = json<{ meetings: Meeting[] }>(
      await rep.request('GET', `/api/one-on-one-series/${seriesId}/meetings`),
    );
    expect(all.meetings.map((m) => m.status)).toEqual(['skipped', 'held', 'held']);
    expect(JSON.stringify(all)).not.toContain('privateNote');
  });

  it('counts held against scheduled for the manager', async () => {
    now = new Date('2026-12-30T12:00:00Z');
    await signIn();
    const adherence = json<{ managers: { manager: { id: string }; scheduled: number; held: number }[] }>(
      await manager.request('GET', `/api/people/${t.m1.id}/one-on-one-adherence`),
    );
    // Mondays 7, 14, 21 (skipped: scheduled, not held) and 28 (moved to the 29th, not yet held).
    expect(adherence.managers.find((m) => m.manager.id === t.m1.id)).toMatchObject({ scheduled: 4, held: 2 });
  });

  it('serves a calendar feed that a calendar library reads back, and stops it when revoked', async () => {
    const feed = json<{ url: string }>(await rep.request('POST', '/api/calendar-feed'), 201);
    const path = new URL(feed.url).pathname;
    const res = await app.app.inject({ method: 'GET', url: path });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/calendar');
    const calendar = new ICAL.Component(ICAL.parse(res.body));
    const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    const master = events.find((e) => !e.isRecurrenceException());
    expect(master?.summary).toBe(`One-on-one: ${t.m1.name}`);
    expect(master?.isRecurring()).toBe(true);
    const start = master?.component.getFirstProperty('dtstart');
    expect(start?.getParameter('tzid')).toBe('Europe/Madrid');
    expect(master?.startDate.toString()).toBe('2026-12-07T09:00:00');
    const rule = master?.component.getFirstPropertyValue('rrule') as ICAL.Recur | undefined;
    expect([rule?.freq, rule?.interval]).toEqual(['WEEKLY', 1]);
    expect(String(master?.component.getFirstPropertyValue('exdate'))).toBe('2026-12-21T09:00:00');
    const moved = events.find((e) => e.isRecurrenceException());
    expect(moved?.recurrenceId.toString()).toBe('2026-12-28T09:00:00');
    expect(moved?.startDate.toString()).toBe('2026-12-29T10:00:00');
    json(await rep.request('DELETE', '/api/calendar-feed'));
    expect((await app.app.inject({ method: 'GET', url: path })).statusCode).toBe(404);
  });

  it('lets the organisation choose its KPI set once, refusing unknown or repeated KPIs without changing it', async () => {
    const admin = await signedInAs(app.app, database, t.org.id, t.admin, now);
    const bad = await admin.request('PUT', '/api/one-on-one-settings', { kpis: ['win_rate', 'win_rate'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('choose each KPI once');
    const unknown = await admin.request('PUT', '/api/one-on-one-settings', { kpis: ['happiness'] });
    expect(unknown.statusCode).toBe(400);
    expect(json<{ kpis: string[] }>(await admin.request('GET', '/api/one-on-one-settings')).kpis).toContain(
      'open_pipeline',
    );
    expect(
      (await manager.request('PUT', '/api/one-on-one-settings', { kpis: ['win_rate'] })).statusCode,
    ).toBe(403);
    json(await admin.request('PUT', '/api/one-on-one-settings', { kpis: ['win_rate', 'new_opportunities'] }));
    const mine = json<MySeries>(await manager.request('GET', '/api/one-on-ones'));
    const next = await meeting(manager, mine.asManager[0]?.next?.meetingId ?? '');
    expect(next.snapshot.rows.map((r) => r.kpi)).toEqual(['win_rate', 'new_opportunities']);
    // Held meetings keep the set they were held with.
    const held = await meeting(manager, firstMeeting);
    expect(held.snapshot.rows.map((r) => r.kpi)).toContain('open_pipeline');
  });

  it('puts a manager’s own question first in the meeting’s suggestions', async () => {
    const mine = json<MySeries>(await manager.request('GET', '/api/one-on-ones'));
    const nextId = mine.asManager[0]?.next?.meetingId ?? '';
    const bad = await manager.request('POST', '/api/coaching-questions', { skill: 'juggling', text: 'Why?' });
    expect(bad.statusCode).toBe(400);
    json(
      await manager.request('POST', '/api/coaching-questions', {
        skill: null,
        text: 'What would you stop doing?',
      }),
      201,
    );
    expect((await meeting(manager, nextId)).questions[0]).toBe('What would you stop doing?');
    expect(
      (await rep.request('POST', '/api/coaching-questions', { skill: null, text: 'x?' })).statusCode,
    ).toBe(403);
  });

  it('changes the cadence from the next meeting on, and ends a series', async () => {
    const mine = json<MySeries>(await manager.request('GET', '/api/one-on-ones'));
    const before = mine.asManager[0];
    const updated = json<{ cadence: string; next: { startsAt: string } | null }>(
      await manager.request('PATCH', `/api/one-on-one-series/${seriesId}`, { cadence: 'biweekly' }),
    );
    expect(updated.cadence).toBe('biweekly');
    // The meeting moved by hand to the 29th stays where it was put (not yet held).
    expect(updated.next?.startsAt).toBe('2026-12-29T09:00:00.000Z');
    expect(before?.heldCount).toBe(2);
    expect(
      (await rep.request('PATCH', `/api/one-on-one-series/${seriesId}`, { cadence: 'weekly' })).statusCode,
    ).toBe(403);
    const restart = await manager.request('PATCH', `/api/one-on-one-series/${seriesId}`, { active: true });
    expect(restart.statusCode).toBe(400);
    json(await manager.request('PATCH', `/api/one-on-one-series/${seriesId}`, { active: false }));
    expect(json<MySeries>(await manager.request('GET', '/api/one-on-ones')).asManager).toEqual([]);
    // Its history stays readable.
    const history = json<{ meetings: Meeting[] }>(
      await rep.request('GET', `/api/one-on-one-series/${seriesId}/meetings`),
    );
    expect(history.meetings.filter((m) => m.status === 'held')).toHaveLength(2);
    expect(
      (await manager.request('PATCH', `/api/one-on-one-series/${seriesId}`, { cadence: 'weekly' }))
        .statusCode,
    ).toBe(409);
  });
});
