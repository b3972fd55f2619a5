import type { FastifyInstance } from 'fastify';
import { invalidInput } from '../core/errors.js';
import { nulPath } from '../core/text.js';

/**
 * A NUL character anywhere in a request's JSON body, query string or path is refused with 400 and
 * the field's path, before any rule or database sees it (PostgreSQL refuses NUL in text, which would
 * otherwise surface as a 500).
 */
export function installInputGuards(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    for (const [where, value] of [
      ['body', request.body],
      ['query', request.query],
      ['params', request.params],
    ] as const) {
      const path = nulPath(value);
      if (path)
        throw invalidInput(
          [{ path, message: 'contains a NUL character (0x00), which text cannot hold' }],
          where,
        );
    }
  });
}
