import { z } from 'zod';

/**
 * `/api/health`: 200 `ok` when the server is up and its database answers within a short timeout;
 * 503 `unavailable` (with why: `unreachable` or `timeout`) when it does not. It recovers by itself.
 */
export const Health = z
  .object({
    status: z.enum(['ok', 'unavailable']),
    database: z.enum(['ok', 'unreachable', 'timeout']),
  })
  .meta({ id: 'Health' });
export type Health = z.infer<typeof Health>;
