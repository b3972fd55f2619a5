import type { Db } from '../db/open.js';
import { findPersonByEmail } from '../features/people/service.js';
import { UsageError } from './context.js';

/**
 * The person a `--manager EMAIL` flag names, as their id (undefined when the flag is absent); an
 * email nobody in the organisation has is a usage error naming it.
 */
export async function managerIdOf(
  db: Db,
  org: { id: string; name: string },
  email: string | undefined,
): Promise<string | undefined> {
  if (!email) return undefined;
  const manager = await findPersonByEmail(db, { orgId: org.id, email });
  if (!manager) throw new UsageError(`--manager: nobody in ${org.name} has the email ${email}`);
  return manager.id;
}
