import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db } from '../../db/open.js';
import { resetPassword } from '../../features/auth/service.js';
import {
  PeopleList,
  PeopleQuery,
  Person,
  PersonCreate,
  PersonParams,
  PersonUpdate,
  SetPassword,
} from '../../features/people/contract.js';
import { addPerson, getPerson, listPeople, updatePerson } from '../../features/people/service.js';
import { requireActor } from '../access.js';

export function peopleRoutes(app: FastifyInstance, db: Db): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['people'];

  r.get(
    '/api/people',
    {
      config: { access: { rule: 'people.list' } },
      schema: {
        tags,
        summary: 'The people you can see (filtered by your place in the reporting line)',
        querystring: PeopleQuery,
        response: { 200: PeopleList },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const people = await listPeople(db, {
        orgId: actor.orgId,
        actor,
        managerId: request.query.managerId,
        includeInactive: request.query.includeInactive,
      });
      return { people };
    },
  );

  r.post(
    '/api/people',
    {
      config: { access: { rule: 'person.create' } },
      schema: { tags, summary: 'Add a person', body: PersonCreate, response: { 201: Person } },
    },
    async (request, reply) =>
      reply.code(201).send(await addPerson(db, { orgId: requireActor(request).orgId, person: request.body })),
  );

  r.get(
    '/api/people/:id',
    {
      config: { access: { rule: 'person.read', targetParam: 'id' } },
      schema: { tags, summary: 'A person’s profile', params: PersonParams, response: { 200: Person } },
    },
    async (request) => getPerson(db, { orgId: requireActor(request).orgId, personId: request.params.id }),
  );

  r.patch(
    '/api/people/:id',
    {
      config: { access: { rule: 'person.update', targetParam: 'id' } },
      schema: {
        tags,
        summary: 'Change a person',
        params: PersonParams,
        body: PersonUpdate,
        response: { 200: Person },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return updatePerson(db, {
        orgId: actor.orgId,
        actor,
        personId: request.params.id,
        patch: request.body,
      });
    },
  );

  r.put(
    '/api/people/:id/password',
    {
      config: { access: { rule: 'person.setPassword', targetParam: 'id' } },
      schema: { tags, summary: 'Set a person’s password', params: PersonParams, body: SetPassword },
    },
    async (request, reply) => {
      await resetPassword(db, {
        orgId: requireActor(request).orgId,
        personId: request.params.id,
        password: request.body.password,
      });
      return reply.code(204).send();
    },
  );
}
