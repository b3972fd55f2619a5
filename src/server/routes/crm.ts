import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { CRM_FORMATS, type CrmFormat, parsePairs } from '../../core/crmFormats.js';
import { invalid } from '../../core/errors.js';
import type { Database } from '../../db/open.js';
import {
  FunnelShape,
  FunnelUpdate,
  IMPORT_KINDS,
  ImportJob,
  ImportJobList,
  ImportJobParams,
  type ImportKind,
} from '../../features/crm/contract.js';
import {
  getFunnel,
  getImportJob,
  importCsv,
  listImportJobs,
  rejectsCsv,
  setFunnel,
} from '../../features/crm/service.js';
import { requireActor } from '../access.js';

/** Uploads are streamed straight into the import; this only bounds one request. */
const MAX_UPLOAD_BYTES = 2 * 1024 ** 3;

function field(fields: Record<string, unknown>, name: string): string | undefined {
  const f = fields[name] as { value?: unknown } | undefined;
  return typeof f?.value === 'string' && f.value.trim() ? f.value.trim() : undefined;
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
    async (request) => getFunnel(db, requireActor(request).orgId),
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
    async (request) => setFunnel(db, requireActor(request).orgId, request.body),
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
          'Upload a CSV file and import it (multipart: fields kind, format, map, stageMap, dryRun, strict, then file)',
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
      const fields = part.fields as Record<string, unknown>;
      const kind = field(fields, 'kind');
      if (!kind || !(IMPORT_KINDS as readonly string[]).includes(kind)) {
        throw invalid(`kind must be one of ${IMPORT_KINDS.join(', ')} (send it before the file)`, 'kind');
      }
      const format = field(fields, 'format') ?? 'generic';
      if (!(CRM_FORMATS as readonly string[]).includes(format))
        throw invalid(`format must be one of ${CRM_FORMATS.join(', ')}`, 'format');
      let map: [string, string][] | undefined;
      let stageMap: [string, string][] | undefined;
      try {
        const m = field(fields, 'map');
        const s = field(fields, 'stageMap');
        map = m ? parsePairs(m, 'map') : undefined;
        stageMap = s ? parsePairs(s, 'stageMap') : undefined;
      } catch (err) {
        throw invalid((err as Error).message, 'map');
      }
      const summary = await importCsv({
        database,
        orgId: actor.orgId,
        kind: kind as ImportKind,
        input: part.file,
        fileName: part.filename || `${kind}.csv`,
        now: now(),
        dryRun: field(fields, 'dryRun') === 'true',
        strict: field(fields, 'strict') === 'true',
        createdBy: actor.personId,
        source: { format: format as CrmFormat, ...(map && { map }), ...(stageMap && { stageMap }) },
      });
      return reply
        .code(201)
        .send(await getImportJob(db, { orgId: actor.orgId, actor, jobId: summary.jobId }));
    },
  );
}
