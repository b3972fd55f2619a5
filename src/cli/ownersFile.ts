import { readFile } from 'node:fs/promises';
import Papa from 'papaparse';
import { UsageError } from './context.js';

/**
 * Reads `--owners FILE`: a CSV `owner,email` that maps the CRM's user ids or names to people's
 * emails. Small by nature, so it is read whole.
 */
export async function readOwnersFile(path: string): Promise<Map<string, string>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new UsageError(`--owners: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const parsed = Papa.parse<Record<string, string | undefined>>(text.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: true,
    transformHeader: (h) => h.trim().toLowerCase(),
  });
  const map = new Map<string, string>();
  for (const [i, r] of parsed.data.entries()) {
    const owner = r.owner?.trim();
    const email = r.email?.trim();
    if (!owner || !email)
      throw new UsageError(`--owners: ${path}, line ${i + 2}: needs the columns owner and email`);
    map.set(owner.toLowerCase(), email.toLowerCase());
  }
  return map;
}
