import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { KpiCatalog } from '../../../../src/features/diagnosis/contract.ts';
import type {
  ActionInput,
  CadenceAdherence,
  CalendarFeed,
  Meeting,
  MeetingHistory,
  MeetingKpiSettings,
  MeetingPrep,
  MySeries,
  NoteKind,
  NoteSave,
  NoteSaved,
  QuestionBank,
  QuestionInput,
  SeriesInput,
  SeriesSummary,
  SeriesUpdate,
} from '../../../../src/features/oneOnOnes/contract.ts';
import { request } from '../../api/client.ts';

export type {
  CadenceAdherence,
  CalendarFeed,
  Meeting,
  MeetingHistory,
  MeetingPrep,
  MySeries,
  NoteKind,
  SeriesSummary,
};

/** Every query key of one-on-ones: any change in a meeting invalidates `oneOnOneKeys.all`. */
export const oneOnOneKeys = {
  all: ['one-on-ones'] as const,
  mine: ['one-on-ones', 'mine'] as const,
  meeting: (id: string) => ['one-on-ones', 'meeting', id] as const,
  prep: (id: string) => ['one-on-ones', 'prep', id] as const,
  history: (seriesId: string, q: string) => ['one-on-ones', 'history', seriesId, q] as const,
  adherence: (managerId: string) => ['one-on-ones', 'adherence', managerId] as const,
  feed: ['one-on-ones', 'feed'] as const,
};

/** How often an open meeting page looks for the other person's changes. */
const LIVE_REFRESH_MS = 15_000;

export const useMyOneOnOnes = () =>
  useQuery({ queryKey: oneOnOneKeys.mine, queryFn: () => request<MySeries>('GET', '/api/one-on-ones') });

export const useMeeting = (meetingId: string) =>
  useQuery({
    queryKey: oneOnOneKeys.meeting(meetingId),
    queryFn: () => request<Meeting>('GET', `/api/one-on-one-meetings/${meetingId}`),
    refetchInterval: LIVE_REFRESH_MS,
  });

export const useMeetingPrep = (meetingId: string, enabled: boolean) =>
  useQuery({
    queryKey: oneOnOneKeys.prep(meetingId),
    queryFn: () => request<MeetingPrep>('GET', `/api/one-on-one-meetings/${meetingId}/prep`),
    enabled,
  });

export const useMeetingHistory = (seriesId: string, q: string) =>
  useQuery({
    queryKey: oneOnOneKeys.history(seriesId, q),
    queryFn: () =>
      request<MeetingHistory>(
        'GET',
        `/api/one-on-one-series/${seriesId}/meetings${q ? `?q=${encodeURIComponent(q)}` : ''}`,
      ),
    placeholderData: (previous) => previous,
  });

export const useAdherence = (managerId: string | undefined) =>
  useQuery({
    queryKey: oneOnOneKeys.adherence(managerId ?? ''),
    queryFn: () => request<CadenceAdherence>('GET', `/api/people/${managerId}/one-on-one-adherence`),
    enabled: Boolean(managerId),
  });

export const useCalendarFeed = () =>
  useQuery({
    queryKey: oneOnOneKeys.feed,
    queryFn: () => request<CalendarFeed>('GET', '/api/calendar-feed'),
  });

/** A change to a meeting: the answer is the meeting as it now stands, put straight in the cache. */
function useMeetingChange<V>(meetingId: string, run: (vars: V) => Promise<Meeting>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: (meeting) => {
      client.setQueryData(oneOnOneKeys.meeting(meetingId), meeting);
      void client.invalidateQueries({ queryKey: oneOnOneKeys.all, refetchType: 'none' });
    },
  });
}

const base = (meetingId: string) => `/api/one-on-one-meetings/${meetingId}`;

export const useAddAgendaItem = (meetingId: string) =>
  useMeetingChange(meetingId, (text: string) =>
    request<Meeting>('POST', `${base(meetingId)}/agenda`, { text }),
  );

export const useMarkDiscussed = (meetingId: string) =>
  useMeetingChange(meetingId, (v: { itemId: string; discussed: boolean }) =>
    request<Meeting>('PATCH', `${base(meetingId)}/agenda/${v.itemId}`, { discussed: v.discussed }),
  );

export const useAddAction = (meetingId: string) =>
  useMeetingChange(meetingId, (input: ActionInput) =>
    request<Meeting>('POST', `${base(meetingId)}/actions`, input),
  );

export const useActionDone = (meetingId: string) =>
  useMeetingChange(meetingId, (v: { actionId: string; done: boolean }) =>
    request<Meeting>('PATCH', `${base(meetingId)}/actions/${v.actionId}`, { done: v.done }),
  );

export const useMeetingStep = (meetingId: string) =>
  useMeetingChange(meetingId, (v: { step: 'hold' | 'skip' } | { step: 'reschedule'; startsAt: string }) =>
    v.step === 'reschedule'
      ? request<Meeting>('POST', `${base(meetingId)}/reschedule`, { startsAt: v.startsAt })
      : request<Meeting>('POST', `${base(meetingId)}/${v.step}`),
  );

export const saveNote = (meetingId: string, kind: NoteKind, save: NoteSave) =>
  request<NoteSaved>('PUT', `${base(meetingId)}/notes/${kind}`, save);

export function useStartSeries() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (v: { personId: string; input: SeriesInput }) =>
      request<SeriesSummary>('POST', `/api/people/${v.personId}/one-on-ones`, v.input),
    onSuccess: () => client.invalidateQueries({ queryKey: oneOnOneKeys.all }),
  });
}

export function useCalendarFeedChange() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (on: boolean) => request<CalendarFeed>(on ? 'POST' : 'DELETE', '/api/calendar-feed'),
    onSuccess: (feed) => client.setQueryData(oneOnOneKeys.feed, feed),
  });
}

export const useMeetingKpis = () =>
  useQuery({
    queryKey: ['one-on-ones', 'kpis'] as const,
    queryFn: () => request<MeetingKpiSettings>('GET', '/api/one-on-one-settings'),
  });

export const useKpiCatalog = () =>
  useQuery({
    queryKey: ['kpi-catalog'] as const,
    queryFn: () => request<KpiCatalog>('GET', '/api/kpis'),
    staleTime: Number.POSITIVE_INFINITY,
  });

export function useSetMeetingKpis() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (settings: MeetingKpiSettings) =>
      request<MeetingKpiSettings>('PUT', '/api/one-on-one-settings', settings),
    onSuccess: (settings) => {
      client.setQueryData(['one-on-ones', 'kpis'], settings);
      void client.invalidateQueries({ queryKey: oneOnOneKeys.all });
    },
  });
}

export function useAddQuestion(meetingId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: QuestionInput) => request<QuestionBank>('POST', '/api/coaching-questions', input),
    onSuccess: () => client.invalidateQueries({ queryKey: oneOnOneKeys.meeting(meetingId) }),
  });
}

export function useUpdateSeries(seriesId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (update: SeriesUpdate) =>
      request<SeriesSummary>('PATCH', `/api/one-on-one-series/${seriesId}`, update),
    onSuccess: () => client.invalidateQueries({ queryKey: oneOnOneKeys.all }),
  });
}
