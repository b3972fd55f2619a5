import { z } from 'zod';

/** What the sign-in page offers a newcomer when the demo organisation exists (its password is public). */
export const DemoHint = z
  .object({ demo: z.object({ manager: z.string(), password: z.string() }).nullable() })
  .meta({ id: 'DemoHint' });
export type DemoHint = z.infer<typeof DemoHint>;
