import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, ResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, type AppErrorCode, type FieldIssue } from '../core/errors.js';
import { databaseFailure, isDatabaseUnavailable } from '../db/sql.js';

/** RFC 9457 problem details: what every API error looks like. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldIssue[];
}

const STATUS: Record<AppErrorCode, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
};

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Not signed in',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Conflict',
  413: 'Too large',
  415: 'Unsupported content type',
  503: 'Service unavailable',
  429: 'Too many requests',
  500: 'Internal error',
};

export function sendProblem(
  reply: FastifyReply,
  status: number,
  detail: string,
  errors?: FieldIssue[],
): FastifyReply {
  const body: Problem = { type: 'about:blank', title: TITLES[status] ?? 'Error', status, detail };
  if (errors && errors.length > 0) body.errors = errors;
  return reply.code(status).type('application/problem+json').serializer(JSON.stringify).send(body);
}

interface ZodValidationItem {
  keyword?: string;
  instancePath?: string;
  message?: string;
  params?: { keys?: string[] };
}

/** Field paths such as `body.email` from the zod provider's validation items. */
function zodIssues(error: FastifyError, where: string): FieldIssue[] {
  const list = (error.validation ?? []) as ZodValidationItem[];
  return list.flatMap((v) => {
    const base = (v.instancePath ?? '').split('/').filter(Boolean);
    if (v.keyword === 'unrecognized_keys' && v.params?.keys) {
      return v.params.keys.map((k) => ({ path: [where, ...base, k].join('.'), message: 'unknown field' }));
    }
    return [{ path: [where, ...base].join('.'), message: v.message ?? 'invalid' }];
  });
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof AppError) {
      if (error.retryAfterSeconds) reply.header('retry-after', String(error.retryAfterSeconds));
      return sendProblem(reply, STATUS[error.code], error.message, error.issues);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where = error.validationContext ?? 'body';
      const issues = zodIssues(error, where);
      return sendProblem(
        reply,
        400,
        issues.map((i) => `${i.path}: ${i.message}`).join('; ') || 'The request is not valid.',
        issues,
      );
    }
    if (error instanceof ResponseSerializationError) {
      request.log.error({ err: error }, 'response did not match its schema');
      return sendProblem(reply, 500, 'Something went wrong on our side; it has been logged.');
    }
    if (error instanceof SyntaxError && error.statusCode === 400) {
      return sendProblem(reply, 400, 'The request body is not valid JSON.', [
        { path: 'body', message: 'not valid JSON' },
      ]);
    }
    switch (error.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return sendProblem(reply, 400, 'The request body is not valid JSON.', [
          { path: 'body', message: 'not valid JSON' },
        ]);
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return sendProblem(reply, 413, 'The request body is too large.');
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return sendProblem(
          reply,
          415,
          `Send this request as application/json (got ${request.headers['content-type'] ?? 'no content type'}).`,
        );
    }
    if (error.statusCode === 429) {
      return sendProblem(reply, 429, 'Too many requests from this address; wait a minute and try again.');
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return sendProblem(reply, error.statusCode, error.message);
    }
    if (isDatabaseUnavailable(error)) {
      request.log.error({ db: databaseFailure(error) }, 'database unavailable');
      reply.header('retry-after', '5');
      return sendProblem(reply, 503, 'The database is unavailable; try again in a moment.');
    }
    const failure = databaseFailure(error);
    if (failure) request.log.error({ db: failure }, 'database error');
    else request.log.error({ err: error }, 'unhandled error');
    return sendProblem(reply, 500, 'Something went wrong on our side; it has been logged.');
  });
}
