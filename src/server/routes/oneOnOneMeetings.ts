import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db } from '../../db/open.js';
import {
  ActionInput,
  ActionParams,
  ActionUpdate,
  AgendaInput,
  AgendaItemParams,
  AgendaUpdate,
  Meeting,
  MeetingParams,
  MeetingPrep,
  NoteParams,
  NoteSave,
  NoteSaved,
  RescheduleInput,
} from '../../features/oneOnOnes/contract.js';
import {
  addAction,
  addAgendaItem,
  markAgendaItem,
  saveNote,
  setActionDone,
} from '../../features/oneOnOnes/edits.js';
import {
  getMeeting,
  holdMeeting,
  meetingPrep,
  rescheduleMeeting,
  skipMeeting,
} from '../../features/oneOnOnes/meetings.js';
import { requireActor } from '../access.js';

/** Where the server is reached from, for the calendar feed's address. */
const _originOf = (request: FastifyRequest) => `${request.protocol}://${request.host}`;

/** A meeting's page and what its two people do in it: talking points, notes, actions, hold, skip, move. */
export function oneOnOneMeetingRoutes(app: FastifyInstance, db: Db, now: () => Date): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['one-on-ones'];
  const meetingOf = (request: FastifyRequest, meetingId: string) =>
    getMeeting(db, { actor: requireActor(request), meetingId, now: now() });

  r.get(
    '/api/one-on-one-meetings/:meetingId',
    {
      config: { access: { rule: 'oneOnOne.read', target: 'record' } },
      schema: {
        tags,
        summary:
          'A meeting: agenda (the rep’s first), KPI snapshot, development check-in, notes, actions, questions',
        params: MeetingParams,
        response: { 200: Meeting },
      },
    },
    async (request) => meetingOf(request, request.params.meetingId),
  );

  r.get(
    '/api/one-on-one-meetings/:meetingId/prep',
    {
      config: { access: { rule: 'oneOnOne.manage', target: 'record' } },
      schema: {
        tags,
        summary: 'What changed since the last meeting: KPI moves, gaps, overdue actions, plan status',
        params: MeetingParams,
        response: { 200: MeetingPrep },
      },
    },
    async (request) =>
      meetingPrep(db, { actor: requireActor(request), meetingId: request.params.meetingId, now: now() }),
  );

  r.post(
    '/api/one-on-one-meetings/:meetingId/agenda',
    {
      config: { access: { rule: 'oneOnOne.participate', target: 'record' } },
      schema: {
        tags,
        summary: 'Add a talking point',
        params: MeetingParams,
        body: AgendaInput,
        response: { 201: Meeting },
      },
    },
    async (request, reply) => {
      await addAgendaItem(db, {
        actor: requireActor(request),
        meetingId: request.params.meetingId,
        text: request.body.text,
      });
      reply.code(201);
      return meetingOf(request, request.params.meetingId);
    },
  );

  r.patch(
    '/api/one-on-one-meetings/:meetingId/agenda/:itemId',
    {
      config: { access: { rule: 'oneOnOne.participate', target: 'record' } },
      schema: {
        tags,
        summary: 'Mark a talking point discussed (or not)',
        params: AgendaItemParams,
        body: AgendaUpdate,
        response: { 200: Meeting },
      },
    },
    async (request) => {
      await markAgendaItem(db, {
        actor: requireActor(request),
        meetingId: request.params.meetingId,
        itemId: request.params.itemId,
        discussed: request.body.discussed,
      });
      return meetingOf(request, request.params.meetingId);
    },
  );

  r.put(
    '/api/one-on-one-meetings/:meetingId/notes/:kind',
    {
      config: { access: { rule: 'oneOnOne.participate', target: 'record' } },
      schema: {
        tags,
        summary:
          'Autosave a meeting text (shared, private: the manager’s only, check_in), naming the version edited; a stale save is merged',
        params: NoteParams,
        body: NoteSave,
        response: { 200: NoteSaved },
      },
    },
    async (request) =>
      saveNote(db, {
        actor: requireActor(request),
        meetingId: request.params.meetingId,
        kind: request.params.kind,
        save: request.body,
        now: now(),
      }),
  );

  r.post(
    '/api/one-on-one-meetings/:meetingId/actions',
    {
      config: { access: { rule: 'oneOnOne.participate', target: 'record' } },
      schema: {
        tags,
        summary: 'Agree an action, owned by one of the two people; it carries over until done',
        params: MeetingParams,
        body: ActionInput,
        response: { 201: Meeting },
      },
    },
    async (request, reply) => {
      await addAction(db, {
        actor: requireActor(request),
        meetingId: request.params.meetingId,
        input: request.body,
      });
      reply.code(201);
      return meetingOf(request, request.params.meetingId);
    },
  );

  r.patch(
    '/api/one-on-one-meetings/:meetingId/actions/:actionId',
    {
      config: { access: { rule: 'oneOnOne.participate', target: 'record' } },
      schema: {
        tags,
        summary: 'Tick an action done (or not), from any meeting that shows it',
        params: MeetingParams.extend(ActionParams.shape),
        body: ActionUpdate,
        response: { 200: Meeting },
      },
    },
    async (request) => {
      await setActionDone(db, {
        actor: requireActor(request),
        meetingId: request.params.meetingId,
        actionId: request.params.actionId,
        done: request.body.done,
        now: now(),
      });
      return meetingOf(request, request.params.meetingId);
    },
  );

  for (const [verb, summary, run] of [
    ['hold', 'Hold the meeting: its KPI snapshot is frozen and the next meeting scheduled', holdMeeting],
    ['skip', 'Skip this meeting; the series goes on', skipMeeting],
  ] as const)
    r.post(
      `/api/one-on-one-meetings/:meetingId/${verb}`,
      {
        config: { access: { rule: 'oneOnOne.manage', target: 'record' } },
        schema: { tags, summary, params: MeetingParams, response: { 200: Meeting } },
      },
      async (request) => {
        await run(db, { actor: requireActor(request), meetingId: request.params.meetingId, now: now() });
        return meetingOf(request, request.params.meetingId);
      },
    );

  r.post(
    '/api/one-on-one-meetings/:meetingId/reschedule',
    {
      config: { access: { rule: 'oneOnOne.manage', target: 'record' } },
      schema: {
        tags,
        summary: 'Move this meeting; the series keeps its rule',
        params: MeetingParams,
        body: RescheduleInput,
        response: { 200: Meeting },
      },
    },
    async (request) => {
      await rescheduleMeeting(db, {
        actor: requireActor(request),
        meetingId: request.params.meetingId,
        startsAt: request.body.startsAt,
        now: now(),
      });
      return meetingOf(request, request.params.meetingId);
    },
  );
}
