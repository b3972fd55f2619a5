import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { Diagnosis, DiagnosisQuery } from '../../../../src/features/diagnosis/contract.ts';
import { request } from '../../api/client.ts';

export type { Diagnosis, DiagnosisQuery };
export type RepDiagnosis = Diagnosis['reps'][number];
export type Assessment = RepDiagnosis['gaps'][number];

/** Every query key of the diagnosis: an import that lands invalidates `diagnosisKeys.all`. */
export const diagnosisKeys = {
  all: ['diagnosis'] as const,
  team: (managerId: string, query: DiagnosisQuery) => ['diagnosis', 'team', managerId, query] as const,
  rep: (repId: string, query: DiagnosisQuery) => ['diagnosis', 'rep', repId, query] as const,
};

function queryString(query: DiagnosisQuery): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** Every rep below a manager (or leader), diagnosed; the last answer stays on screen while the next loads. */
export const teamDiagnosisQueryOptions = (managerId: string, query: DiagnosisQuery = {}) =>
  queryOptions({
    queryKey: diagnosisKeys.team(managerId, query),
    queryFn: () => request<Diagnosis>('GET', `/api/diagnosis/team/${managerId}${queryString(query)}`),
    placeholderData: keepPreviousData,
  });

export const repDiagnosisQueryOptions = (repId: string, query: DiagnosisQuery = {}) =>
  queryOptions({
    queryKey: diagnosisKeys.rep(repId, query),
    queryFn: () => request<Diagnosis>('GET', `/api/diagnosis/reps/${repId}${queryString(query)}`),
  });

export const useTeamDiagnosis = (managerId: string | undefined, query: DiagnosisQuery = {}) =>
  useQuery({ ...teamDiagnosisQueryOptions(managerId ?? '', query), enabled: Boolean(managerId) });
export const useRepDiagnosis = (repId: string, query: DiagnosisQuery = {}) =>
  useQuery(repDiagnosisQueryOptions(repId, query));
