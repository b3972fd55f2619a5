import { readFile } from 'node:fs/promises';
import { parseTimestampIso } from '../core/crmValues.js';
import { parseSmallCsv, type RateRow } from '../features/crm/service.js';
import { UsageError } from './context.js';

/**
 * Reads `--rates FILE`: a CSV `currency,rate[,from_date]` — how many units of the organisation's
 * currency one unit of `currency` is worth, from `from_date` on (always, when empty). Small by
 * nature, so it is read whole; a bad row stops the command with the file, line and reason.
 */
export async function readRatesFile(path: string): Promise<RateRow[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new UsageError(`--rates: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return parseSmallCsv(text).map((r, i) => {
    const where = `--rates: ${path}, line ${i + 2}`;
    const currency = (r.currency ?? '').trim().toUpperCase();
    if (!/^[A-Z]{3}$/.test(currency))
      throw new UsageError(`${where}: currency is a three-letter code such as EUR`);
    const rate = Number((r.rate ?? r.rate_to_org_currency ?? '').trim());
    if (!(rate > 0))
      throw new UsageError(`${where}: rate is a positive number (org currency per unit of ${currency})`);
    const from = (r.from_date ?? '').trim();
    if (!from) return { currency, rate };
    const at = parseTimestampIso(from);
    if (!at.ok) throw new UsageError(`${where}: from_date ${at.reason}`);
    return { currency, rate, from: at.value };
  });
}
