import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ImportJob, PipelineList as PipelineListShape } from '../../../../src/features/crm/contract.ts';
import type { ExportReport } from '../../../../src/features/crm/exports/contract.ts';
import { request, upload } from '../../api/client.ts';
import { diagnosisKeys } from '../diagnosis/api.ts';
import { peopleKeys } from '../people/api.ts';

export type { ExportReport, ImportJob };
export interface Funnel {
  stages: string[];
  lost: string;
  /** The CRM pipeline it is the funnel of; absent when the CRM names none. */
  pipeline?: string;
}
export type PipelineList = z.infer<typeof PipelineListShape>;

/** Every query key of the CRM data page. */
export const crmKeys = {
  funnel: ['funnel'] as const,
  pipelines: ['pipelines'] as const,
  imports: ['imports'] as const,
  importJob: (id: string) => ['imports', id] as const,
};

export const funnelQueryOptions = () =>
  queryOptions({ queryKey: crmKeys.funnel, queryFn: () => request<Funnel>('GET', '/api/funnel') });
export const importsQueryOptions = () =>
  queryOptions({
    queryKey: crmKeys.imports,
    queryFn: () => request<{ jobs: ImportJob[] }>('GET', '/api/imports'),
  });

export const useFunnel = () => useQuery(funnelQueryOptions());
export const usePipelines = () =>
  useQuery({
    queryKey: crmKeys.pipelines,
    queryFn: () => request<PipelineList>('GET', '/api/pipelines'),
  });

/** Makes the diagnosis read another pipeline: the funnel and every diagnosis change with it. */
export function useDiagnosePipeline() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (pipeline: string) => request<PipelineList>('PUT', '/api/pipelines/diagnosed', { pipeline }),
    onSuccess: async () => {
      for (const queryKey of [crmKeys.pipelines, crmKeys.funnel, diagnosisKeys.all])
        await client.invalidateQueries({ queryKey });
    },
  });
}
export const useImports = () => useQuery(importsQueryOptions());

/**
 * One import while it runs: polled every second until it is no longer running. Its id is chosen by
 * the form before the upload starts, so the job is followed from its first row; until the server has
 * recorded it, the answer is a 404, which is not an error here.
 */
export function useImportProgress(id: string | null) {
  return useQuery({
    queryKey: crmKeys.importJob(id ?? ''),
    queryFn: () => request<ImportJob>('GET', `/api/imports/${id}`).catch(() => null),
    enabled: id !== null,
    refetchInterval: (q) => (q.state.data?.status === 'running' || !q.state.data ? 1000 : false),
  });
}

export function useSetFunnel() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Funnel) => request<Funnel>('PUT', '/api/funnel', body),
    onSuccess: async () => {
      for (const queryKey of [crmKeys.funnel, crmKeys.pipelines, diagnosisKeys.all])
        await client.invalidateQueries({ queryKey });
    },
  });
}

/** What any import may have changed (an export's import sets the funnel too): fetched again. */
async function refreshAfterImport(client: ReturnType<typeof useQueryClient>): Promise<void> {
  for (const queryKey of [
    crmKeys.imports,
    crmKeys.funnel,
    crmKeys.pipelines,
    diagnosisKeys.all,
    peopleKeys.all,
  ])
    await client.invalidateQueries({ queryKey });
}

/** Uploads a file and runs its import; when it lands, what it may have changed is fetched again. */
export function useUploadImport() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({
      form,
      onProgress,
    }: {
      form: FormData;
      onProgress: (sent: number, total: number) => void;
    }) => upload<ImportJob>('/api/imports', form, onProgress),
    onSettled: () => refreshAfterImport(client),
  });
}

/**
 * Uploads a CRM's whole export (.zip) and checks it (`dryRun`) or imports it; an import refreshes
 * what it may have changed: the imports, the funnel, people and every diagnosis.
 */
export function useExportUpload() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({
      form,
      onProgress,
    }: {
      form: FormData;
      onProgress: (sent: number, total: number) => void;
    }) => upload<ExportReport>('/api/imports/export', form, onProgress),
    onSettled: () => refreshAfterImport(client),
  });
}
