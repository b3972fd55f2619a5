import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CoachingQueue,
  DevelopmentProfile,
  Plan,
  PlanClose,
  PlanInput,
  ProposedPlan,
  SkillMatrix,
} from '../../../../src/features/plans/contract.ts';
import type {
  AssessmentInput,
  AssessmentResult,
  SkillFramework,
} from '../../../../src/features/skills/contract.ts';
import { request } from '../../api/client.ts';

export type {
  CoachingQueue,
  DevelopmentProfile,
  Plan,
  PlanClose,
  PlanInput,
  ProposedPlan,
  SkillFramework,
  SkillMatrix,
};

/** Every query key of skills and plans: a rating or a plan change invalidates `developmentKeys.all`. */
export const developmentKeys = {
  all: ['development'] as const,
  framework: ['development', 'framework'] as const,
  profile: (personId: string) => ['development', 'profile', personId] as const,
  proposal: (personId: string) => ['development', 'proposal', personId] as const,
  matrix: (managerId: string) => ['development', 'matrix', managerId] as const,
  queue: (managerId: string) => ['development', 'queue', managerId] as const,
};

export const useSkillFramework = () =>
  useQuery(
    queryOptions({
      queryKey: developmentKeys.framework,
      queryFn: () => request<SkillFramework>('GET', '/api/skills'),
      staleTime: 60_000,
    }),
  );

export const useDevelopment = (personId: string) =>
  useQuery({
    queryKey: developmentKeys.profile(personId),
    queryFn: () => request<DevelopmentProfile>('GET', `/api/people/${personId}/development`),
  });

export const useProposal = (personId: string, enabled: boolean) =>
  useQuery({
    queryKey: developmentKeys.proposal(personId),
    queryFn: () => request<ProposedPlan>('GET', `/api/people/${personId}/plan-proposal`),
    enabled,
  });

export const useSkillMatrix = (managerId: string | undefined) =>
  useQuery({
    queryKey: developmentKeys.matrix(managerId ?? ''),
    queryFn: () => request<SkillMatrix>('GET', `/api/people/${managerId}/skill-matrix`),
    enabled: Boolean(managerId),
  });

export const useCoachingQueue = (managerId: string | undefined) =>
  useQuery({
    queryKey: developmentKeys.queue(managerId ?? ''),
    queryFn: () => request<CoachingQueue>('GET', `/api/people/${managerId}/coaching-queue`),
    enabled: Boolean(managerId),
  });

function useInvalidate() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: developmentKeys.all });
}

export function useAssess(personId: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: AssessmentInput) =>
      request<AssessmentResult>('POST', `/api/people/${personId}/assessments`, body),
    onSuccess: invalidate,
  });
}

export function useStartPlan(personId: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: PlanInput) => request<Plan>('POST', `/api/people/${personId}/plans`, body),
    onSuccess: invalidate,
  });
}

export function useAcknowledgePlan() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (planId: string) => request<Plan>('POST', `/api/plans/${planId}/acknowledge`),
    onSuccess: invalidate,
  });
}

export function useClosePlan() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ planId, body }: { planId: string; body: PlanClose }) =>
      request<{ closed: Plan; renewed: Plan | null }>('POST', `/api/plans/${planId}/close`, body),
    onSuccess: invalidate,
  });
}
