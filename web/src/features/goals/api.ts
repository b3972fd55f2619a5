import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { KpiCatalog } from '../../../../src/features/diagnosis/contract.ts';
import type {
  Goal,
  GoalCheck,
  GoalInput,
  GoalList,
  GoalRollup,
  Pip,
  PipDraft,
  PipList,
} from '../../../../src/features/goals/contract.ts';
import { request } from '../../api/client.ts';

export type { Goal, GoalCheck, GoalInput, GoalRollup, Pip, PipDraft, PipList };

/** Every query key of goals and plans: a change to either invalidates `goalKeys.all`. */
export const goalKeys = {
  all: ['goals'] as const,
  of: (personId: string) => ['goals', 'of', personId] as const,
  check: (personId: string, draft: unknown) => ['goals', 'check', personId, draft] as const,
  rollup: (managerId: string) => ['goals', 'rollup', managerId] as const,
  pips: ['goals', 'pips'] as const,
  pip: (id: string) => ['goals', 'pip', id] as const,
};

export const useGoals = (personId: string) =>
  useQuery({
    queryKey: goalKeys.of(personId),
    queryFn: () => request<GoalList>('GET', `/api/people/${personId}/goals`),
  });

/** The live SMART check of a draft (debounced by the caller); changes nothing. */
export const useGoalCheck = (personId: string, draft: GoalInput | null) =>
  useQuery({
    queryKey: goalKeys.check(personId, draft),
    queryFn: () => request<GoalCheck>('POST', `/api/people/${personId}/goal-check`, draft),
    enabled: draft !== null,
    placeholderData: keepPreviousData,
    retry: false,
  });

export const useGoalRollup = (managerId: string | undefined) =>
  useQuery({
    queryKey: goalKeys.rollup(managerId ?? ''),
    queryFn: () => request<GoalRollup>('GET', `/api/people/${managerId}/goal-rollup`),
    enabled: Boolean(managerId),
  });

export const useKpiCatalog = () =>
  useQuery({
    queryKey: ['kpi-catalog'] as const,
    queryFn: () => request<KpiCatalog>('GET', '/api/kpis'),
    staleTime: Number.POSITIVE_INFINITY,
  });

export const useFunnelStages = () =>
  useQuery({
    queryKey: ['funnel'] as const,
    queryFn: () => request<{ stages: string[] }>('GET', '/api/funnel'),
    staleTime: 60_000,
  });

export function useSetGoal(personId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: GoalInput) => request<Goal>('POST', `/api/people/${personId}/goals`, input),
    onSuccess: () => client.invalidateQueries({ queryKey: goalKeys.all }),
  });
}

export function useUpdateGoal() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (v: { goalId: string; manualActual?: number | null; closed?: true }) => {
      const { goalId, ...update } = v;
      return request<Goal>('PATCH', `/api/goals/${goalId}`, update);
    },
    onSuccess: () => client.invalidateQueries({ queryKey: goalKeys.all }),
  });
}

export const usePips = () =>
  useQuery({ queryKey: goalKeys.pips, queryFn: () => request<PipList>('GET', '/api/pips') });

export const usePip = (pipId: string) =>
  useQuery({ queryKey: goalKeys.pip(pipId), queryFn: () => request<Pip>('GET', `/api/pips/${pipId}`) });

export function useStartPip(personId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (draft: PipDraft) => request<Pip>('POST', `/api/people/${personId}/pips`, draft),
    onSuccess: () => client.invalidateQueries({ queryKey: goalKeys.all }),
  });
}

/** One step of a plan (edit, submit, review, acknowledge, check-in, extend, close). */
export function usePipStep(pipId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (v: { method: 'PUT' | 'POST'; path: string; body?: unknown }) =>
      request<Pip>(v.method, `/api/pips/${pipId}${v.path}`, v.body ?? {}),
    onSuccess: (pip) => {
      client.setQueryData(goalKeys.pip(pipId), pip);
      void client.invalidateQueries({ queryKey: goalKeys.all, refetchType: 'none' });
    },
  });
}
