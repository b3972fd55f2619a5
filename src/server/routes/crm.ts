import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { invalid, invalidInput } from '../../core/errors.js';
import type { Database } from '../../db/open.js';
import {
  DiagnosedPipelineUpdate,
  FunnelShape,
  FunnelUpdate,
  ImportJob,
  ImportJobList,
  ImportJobParams,
  ImportRequest,
  PipelineList,
} from '../../features/crm/contract.js';
import { ExportImportRequest, ExportReport } from '../../features/crm/exports/contract.js';
import {
  diagnosePipeline,
  getFunnel,
  getImportJob,
  importCsv,
  importHubspotExport,
  importSalesforceExport,
  listImportJobs,
  listPipelines,
  rejectsCsv,
  setFunnel,
} from '../../features/crm/service.js';
import { requireActor } from '../access.js';

/** Uploads are streamed straight into the import; this only bounds one request. */
const MAX_UPLOAD_BYTES = 2 * 1024 ** 3;

/** The upload's text fields (before the file), empty ones left out so the contract's defaults apply. */
function formFields(fields: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, f] of Object.entries(fields)) {
    const value = (f as { type?: string; value?: unknown } | undefined)?.value;
    if ((f as { type?: string }).type === 'field' && typeof value === 'string' && value.trim())
      out[name] = value.trim();
  }
  return out;
}

export function crmRoutes(app: FastifyInstance, database: Database, now: () => Date): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = database.db;
  const tags = ['crm'];

  r.get(
    '/api/funnel',
    {
      config: { access: { rule: 'org.read' } },
      schema: { tags, summary: 'The funnel stages', response: { 200: FunnelShape } },
    },
    async (request) => getFunnel(db, { orgId: requireActor(request).orgId }),
  );

  r.put(
    '/api/funnel',
    {
      config: { access: { rule: 'crm.configure' } },
      schema: {
        tags,
        summary: 'Set the funnel stages (the last is the won stage)',
        body: FunnelUpdate,
        response: { 200: FunnelShape },
      },
    },
    async (request) => setFunnel(db, { orgId: requireActor(request).orgId, funnel: request.body }),
  );

  r.get(
    '/api/pipelines',
    {
      config: { access: { rule: 'org.read' } },
      schema: {
        tags,
        summary: "The CRM's pipelines, each with its funnel and deals; the one the diagnosis reads first",
        response: { 200: PipelineList },
      },
    },
    async (request) => ({ pipelines: await listPipelines(db, requireActor(request).orgId) }),
  );

  r.put(
    '/api/pipelines/diagnosed',
    {
      config: { access: { rule: 'crm.configure' } },
      schema: {
        tags,
        summary: 'Choose the pipeline the diagnosis reads (the rollups are recomputed for its funnel)',
        body: DiagnosedPipelineUpdate,
        response: { 200: PipelineList },
      },
    },
    async (request) => {
      const { orgId } = requireActor(request);
      await diagnosePipeline(db, { orgId, pipeline: request.body.pipeline });
      return { pipelines: await listPipelines(db, orgId) };
    },
  );

  r.get(
    '/api/imports',
    {
      config: { access: { rule: 'crm.import' } },
      schema: { tags, summary: 'Recent imports', response: { 200: ImportJobList } },
    },
    async (request) => ({ jobs: await listImportJobs(db, { orgId: requireActor(request).orgId }) }),
  );

  r.get(
    '/api/imports/:jobId',
    {
      config: { access: { rule: 'importJob.read', target: 'record' } },
      schema: {
        tags,
        summary: 'One import: status, counts, rejected rows',
        params: ImportJobParams,
        response: { 200: ImportJob },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return getImportJob(db, { orgId: actor.orgId, actor, jobId: request.params.jobId });
    },
  );

  r.get(
    '/api/imports/:jobId/rejects.csv',
    {
      config: { access: { rule: 'importJob.read', target: 'record' } },
      schema: { tags, summary: 'The rejected rows as CSV', params: ImportJobParams },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const job = await getImportJob(db, { orgId: actor.orgId, actor, jobId: request.params.jobId });
      const name = job.fileName.replace(/[^\w.-]+/g, '_').replace(/\.csv$/i, '');
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}-rejected-rows.csv"`)
        .send(rejectsCsv(job));
    },
  );

  r.post(
    '/api/imports',
    {
      config: { access: { rule: 'crm.import' } },
      schema: {
        tags,
        summary:
          'Upload a CSV file and import it (multipart: the ImportRequest fields kind, format, map, stageMap, dryRun, strict, jobId, then the file)',
        consumes: ['multipart/form-data'],
        response: { 201: ImportJob },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      if (!request.isMultipart())
        throw invalid('send the file as multipart/form-data with a "file" part', 'file');
      const part = await request.file({ limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 } });
      if (!part) throw invalid('no file in the upload', 'file');
      // The fields come before the file, so the request is parsed before a byte of it is read.
      const parsed = ImportRequest.safeParse(formFields(part.fields));
      if (!parsed.success) throw invalidInput(parsed.error.issues);
      const summary = await importCsv(database, {
        orgId: actor.orgId,
        actor,
        request: parsed.data,
        input: part.file,
        fileName: part.filename || `${parsed.data.kind}.csv`,
        now: now(),
      });
      return reply
        .code(201)
        .send(await getImportJob(db, { orgId: actor.orgId, actor, jobId: summary.jobId }));
    },
  );

  r.post(
    '/api/imports/export',
    {
      config: { access: { rule: 'crm.import' } },
      schema: {
        tags,
        summary:
          "Upload a CRM's whole export as a .zip and import it (multipart: the ExportImportRequest fields source, dryRun, dateFormat, encoding, stageMap, pipeline, then the file)",
        consumes: ['multipart/form-data'],
        response: { 200: ExportReport },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      if (!request.isMultipart())
        throw invalid('send the .zip as multipart/form-data with a "file" part', 'file');
      const part = await request.file({ limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 } });
      if (!part) throw invalid('no file in the upload', 'file');
      const parsed = ExportImportRequest.safeParse(formFields(part.fields));
      if (!parsed.success) throw invalidInput(parsed.error.issues);
      if (!/\.zip$/i.test(part.filename ?? '')) throw invalid('upload the export as a .zip file', 'file');
      // The zip is read from disk (its directory sits at its end): kept in a folder of its own meanwhile.
      const dir = mkdtempSync(join(tmpdir(), 'touchline-upload-'));
      try {
        const path = join(dir, 'export.zip');
        await pipeline(part.file, createWriteStream(path));
        if (part.file.truncated) throw invalid('the file is larger than an upload may be', 'file');
        const importer = parsed.data.source === 'hubspot' ? importHubspotExport : importSalesforceExport;
        return await importer(database, {
          orgId: actor.orgId,
          actor,
          path,
          request: parsed.data,
          now: now(),
        });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
}
