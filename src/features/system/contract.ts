import { z } from 'zod';

/** `/api/health`: answers once the server is up, which is only after the database was opened and migrated. */
export const Health = z.object({ status: z.literal('ok') }).meta({ id: 'Health' });
export type Health = z.infer<typeof Health>;
