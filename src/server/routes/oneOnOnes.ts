import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import type { Db } from '../../db/open.js';
import { cadenceAdherence } from '../../features/oneOnOnes/adherence.js';
import {
  calendarFeedOf,
  calendarFor,
  renewCalendarFeed,
  revokeCalendarFeed,
} from '../../features/oneOnOnes/calendar.js';
import {
  CadenceAdherence,
  CalendarFeed,
  CalendarParams,
  HistoryQuery,
  MeetingHistory,
  MeetingKpiSettings,
  MySeries,
  PersonParams,
  QuestionBank,
  QuestionInput,
  QuestionQuery,
  SeriesInput,
  SeriesParams,
  SeriesSummary,
  SeriesUpdate,
} from '../../features/oneOnOnes/contract.js';
import { getMeeting, meetingHistory } from '../../features/oneOnOnes/meetings.js';
import {
  mySeries,
  seriesFor,
  startSeries,
  summarise,
  updateSeries,
} from '../../features/oneOnOnes/series.js';
import { addQuestion, meetingKpis, questionBank, setMeetingKpis } from '../../features/oneOnOnes/settings.js';
import { requireActor } from '../access.js';

/** Where the server is reached from, for the calendar feed's address. */
const originOf = (request: FastifyRequest) => `${request.protocol}://${request.host}`;

/** Series, adherence, the organisation's KPI set and questions, and calendar feeds. */
export function oneOnOnesRoutes(app: FastifyInstance, db: Db, now: () => Date): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['one-on-ones'];
  const _meetingOf = (request: FastifyRequest, meetingId: string) =>
    getMeeting(db, { actor: requireActor(request), meetingId, now: now() });

  r.get(
    '/api/one-on-ones',
    {
      config: { access: { rule: 'signedIn' } },
      schema: {
        tags,
        summary: 'Your one-on-one series: those you run and those you are met in',
        response: { 200: MySeries },
      },
    },
    async (request) => mySeries(db, { actor: requireActor(request), now: now() }),
  );

  r.post(
    '/api/people/:personId/one-on-ones',
    {
      config: { access: { rule: 'oneOnOne.start', targetParam: 'personId' } },
      schema: {
        tags,
        summary: 'Start a one-on-one series with someone who reports to you; the first meeting is scheduled',
        params: PersonParams,
        body: SeriesInput,
        response: { 201: SeriesSummary },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const seriesId = await startSeries(db, {
        actor,
        repId: request.params.personId,
        input: request.body,
        now: now(),
      });
      const series = await seriesFor(db, actor, seriesId, 'oneOnOne.read');
      reply.code(201);
      return (await summarise(db, actor.orgId, [series], now()))[0];
    },
  );

  r.patch(
    '/api/one-on-one-series/:seriesId',
    {
      config: { access: { rule: 'oneOnOne.manage', target: 'record' } },
      schema: {
        tags,
        summary: 'Change a series’ cadence or length from the next meeting on, or end it',
        params: SeriesParams,
        body: SeriesUpdate,
        response: { 200: SeriesSummary },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await updateSeries(db, { actor, seriesId: request.params.seriesId, update: request.body, now: now() });
      const series = await seriesFor(db, actor, request.params.seriesId, 'oneOnOne.read');
      return (await summarise(db, actor.orgId, [series], now()))[0];
    },
  );

  r.get(
    '/api/one-on-one-series/:seriesId/meetings',
    {
      config: { access: { rule: 'oneOnOne.read', target: 'record' } },
      schema: {
        tags,
        summary:
          'Every past meeting of a series with its snapshot, agenda, notes and actions; `q` searches them',
        params: SeriesParams,
        querystring: HistoryQuery,
        response: { 200: MeetingHistory },
      },
    },
    async (request) =>
      meetingHistory(db, {
        actor: requireActor(request),
        seriesId: request.params.seriesId,
        q: request.query.q,
        now: now(),
      }),
  );

  r.get(
    '/api/people/:personId/one-on-one-adherence',
    {
      config: { access: { rule: 'oneOnOne.team', targetParam: 'personId' } },
      schema: {
        tags,
        summary: 'Held vs scheduled one-on-ones per manager below (and including) this one, last quarter',
        params: PersonParams,
        response: { 200: CadenceAdherence },
      },
    },
    async (request) =>
      cadenceAdherence(db, {
        orgId: requireActor(request).orgId,
        managerId: request.params.personId,
        now: now(),
      }),
  );

  r.get(
    '/api/one-on-one-settings',
    {
      config: { access: { rule: 'org.read' } },
      schema: { tags, summary: 'The KPIs every one-on-one shows', response: { 200: MeetingKpiSettings } },
    },
    async (request) => ({ kpis: await meetingKpis(db, requireActor(request).orgId) }),
  );

  r.put(
    '/api/one-on-one-settings',
    {
      config: { access: { rule: 'oneOnOne.configure' } },
      schema: {
        tags,
        summary: 'Choose the KPIs every one-on-one shows (from the catalog)',
        body: MeetingKpiSettings,
        response: { 200: MeetingKpiSettings },
      },
    },
    async (request) => {
      const orgId = requireActor(request).orgId;
      await setMeetingKpis(db, { orgId, settings: request.body, now: now() });
      return { kpis: await meetingKpis(db, orgId) };
    },
  );

  r.get(
    '/api/coaching-questions',
    {
      config: { access: { rule: 'skills.read' } },
      schema: {
        tags,
        summary: 'The coaching question bank: ours, then your organisation’s own',
        querystring: QuestionQuery,
        response: { 200: QuestionBank },
      },
    },
    async (request) => questionBank(db, { orgId: requireActor(request).orgId, skill: request.query.skill }),
  );

  r.post(
    '/api/coaching-questions',
    {
      config: { access: { rule: 'coachingQuestions.add' } },
      schema: {
        tags,
        summary: 'Add a question to your organisation’s bank',
        body: QuestionInput,
        response: { 201: QuestionBank },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      await addQuestion(db, { orgId: actor.orgId, actorId: actor.personId, input: request.body });
      reply.code(201);
      return questionBank(db, { orgId: actor.orgId, skill: request.body.skill ?? undefined });
    },
  );

  r.get(
    '/api/calendar-feed',
    {
      config: { access: { rule: 'signedIn' } },
      schema: { tags, summary: 'Whether your calendar feed is on', response: { 200: CalendarFeed } },
    },
    async (request) => {
      const actor = requireActor(request);
      return calendarFeedOf(db, { orgId: actor.orgId, personId: actor.personId });
    },
  );

  r.post(
    '/api/calendar-feed',
    {
      config: { access: { rule: 'signedIn' } },
      schema: {
        tags,
        summary: 'A new secret calendar address (shown once); the previous one stops working',
        response: { 201: CalendarFeed },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      reply.code(201);
      return renewCalendarFeed(db, {
        orgId: actor.orgId,
        personId: actor.personId,
        origin: originOf(request),
        now: now(),
      });
    },
  );

  r.delete(
    '/api/calendar-feed',
    {
      config: { access: { rule: 'signedIn' } },
      schema: { tags, summary: 'Turn your calendar feed off', response: { 200: CalendarFeed } },
    },
    async (request) => {
      const actor = requireActor(request);
      await revokeCalendarFeed(db, { orgId: actor.orgId, personId: actor.personId });
      return calendarFeedOf(db, { orgId: actor.orgId, personId: actor.personId });
    },
  );

  r.get(
    '/api/calendar/:token',
    {
      config: { access: { rule: 'public' } },
      schema: {
        tags,
        summary: 'A calendar feed (iCalendar) by its secret address',
        params: CalendarParams,
        response: { 200: z.string() },
      },
    },
    async (request, reply) => {
      const secret = request.params.token.replace(/\.ics$/, '');
      const body = await calendarFor(db, { secret, origin: originOf(request) });
      if (body === undefined)
        throw new AppError('not_found', 'This calendar address is not valid (unknown, or turned off).');
      return reply
        .type('text/calendar; charset=utf-8')
        .header('cache-control', 'private, max-age=300')
        .send(body);
    },
  );
}
