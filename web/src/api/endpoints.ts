import type { ApiToken, ApiTokenCreated, LoginRequest, Me } from '../../../src/features/auth/contract.ts';
import type { ImportJob } from '../../../src/features/crm/contract.ts';
import type { Diagnosis, DiagnosisQuery } from '../../../src/features/diagnosis/contract.ts';
import type { Org } from '../../../src/features/orgs/contract.ts';
import type {
  PeopleList,
  Person,
  PersonCreate,
  PersonUpdate,
} from '../../../src/features/people/contract.ts';
import { request } from './client.ts';

/** The API, typed from the features' contracts (the same zod schemas the server validates with). */
export const api = {
  demoHint: () =>
    request<{ demo: { manager: string; password: string } | null }>('GET', '/api/auth/demo-hint'),
  me: () => request<Me>('GET', '/api/me'),
  login: (body: LoginRequest) => request<Me>('POST', '/api/auth/login', body),
  logout: () => request<void>('POST', '/api/auth/logout'),
  changePassword: (body: { currentPassword: string; newPassword: string }) =>
    request<void>('PUT', '/api/me/password', body),
  org: () => request<{ org: Org }>('GET', '/api/org'),
  people: (query: { managerId?: string; includeInactive?: boolean } = {}) => {
    const q = new URLSearchParams();
    if (query.managerId) q.set('managerId', query.managerId);
    if (query.includeInactive) q.set('includeInactive', 'true');
    const qs = q.toString();
    return request<PeopleList>('GET', `/api/people${qs ? `?${qs}` : ''}`);
  },
  person: (id: string) => request<Person>('GET', `/api/people/${id}`),
  addPerson: (body: PersonCreate) => request<Person>('POST', '/api/people', body),
  updatePerson: (id: string, body: PersonUpdate) => request<Person>('PATCH', `/api/people/${id}`, body),
  setPersonPassword: (id: string, password: string) =>
    request<void>('PUT', `/api/people/${id}/password`, { password }),
  tokens: () => request<{ tokens: ApiToken[] }>('GET', '/api/me/tokens'),
  createToken: (name: string) => request<ApiTokenCreated>('POST', '/api/me/tokens', { name }),
  revokeToken: (id: string) => request<void>('DELETE', `/api/me/tokens/${id}`),
  funnel: () => request<{ stages: string[]; lost: string }>('GET', '/api/funnel'),
  setFunnel: (body: { stages: string[]; lost: string }) =>
    request<{ stages: string[]; lost: string }>('PUT', '/api/funnel', body),
  imports: () => request<{ jobs: ImportJob[] }>('GET', '/api/imports'),
  importJob: (id: string) => request<ImportJob>('GET', `/api/imports/${id}`),
  teamDiagnosis: (managerId: string, query: DiagnosisQuery = {}) =>
    request<Diagnosis>('GET', `/api/diagnosis/team/${managerId}${queryString(query)}`),
  repDiagnosis: (repId: string, query: DiagnosisQuery = {}) =>
    request<Diagnosis>('GET', `/api/diagnosis/reps/${repId}${queryString(query)}`),
};

function queryString(query: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export type { ApiToken, Diagnosis, DiagnosisQuery, ImportJob, Me, Person };
export type RepDiagnosis = Diagnosis['reps'][number];
export type Assessment = RepDiagnosis['gaps'][number];
