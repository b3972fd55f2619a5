import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  PeopleList,
  Person,
  PersonCreate,
  PersonUpdate,
} from '../../../../src/features/people/contract.ts';
import { request } from '../../api/client.ts';

export type { Person };

export interface PeopleQuery {
  /** Only this manager's direct reports. */
  managerId?: string | undefined;
  includeInactive?: boolean | undefined;
}

/** Every query key of the people feature: a change to anyone invalidates `peopleKeys.all`. */
export const peopleKeys = {
  all: ['people'] as const,
  list: (query: PeopleQuery = {}) =>
    [
      'people',
      'list',
      { managerId: query.managerId ?? null, includeInactive: query.includeInactive ?? false },
    ] as const,
  one: (id: string) => ['people', 'one', id] as const,
};

function listPath(query: PeopleQuery): string {
  const q = new URLSearchParams();
  if (query.managerId) q.set('managerId', query.managerId);
  if (query.includeInactive) q.set('includeInactive', 'true');
  const qs = q.toString();
  return `/api/people${qs ? `?${qs}` : ''}`;
}

/** The people the signed-in person may see (the server cuts the list to their reporting line). */
export const peopleQueryOptions = (query: PeopleQuery = {}) =>
  queryOptions({
    queryKey: peopleKeys.list(query),
    queryFn: () => request<PeopleList>('GET', listPath(query)),
  });

export const personQueryOptions = (id: string) =>
  queryOptions({ queryKey: peopleKeys.one(id), queryFn: () => request<Person>('GET', `/api/people/${id}`) });

export const usePeople = (query: PeopleQuery = {}) => useQuery(peopleQueryOptions(query));
export const usePerson = (id: string) => useQuery(personQueryOptions(id));

function useInvalidatePeople() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: peopleKeys.all });
}

export function useAddPerson() {
  const invalidate = useInvalidatePeople();
  return useMutation({
    mutationFn: (body: PersonCreate) => request<Person>('POST', '/api/people', body),
    onSuccess: invalidate,
  });
}

export function useUpdatePerson(id: string) {
  const invalidate = useInvalidatePeople();
  return useMutation({
    mutationFn: (body: PersonUpdate) => request<Person>('PATCH', `/api/people/${id}`, body),
    onSuccess: invalidate,
  });
}

export function useSetPersonPassword(id: string) {
  return useMutation({
    mutationFn: (password: string) => request<void>('PUT', `/api/people/${id}/password`, { password }),
  });
}
