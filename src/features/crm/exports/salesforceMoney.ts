import { sql } from 'drizzle-orm';
import { parseTimestampIso } from '../../../core/crmValues.js';
import type { Database } from '../../../db/open.js';
import { queryRows } from '../../../db/sql.js';
import type { RateRow } from '../import/rows.js';
import { type ExportEncoding, type Row, readTable } from './source.js';

/**
 * Rates into the organisation's currency from Salesforce's: `ConversionRate` is how many units of a
 * currency one unit of the corporate currency buys, so one unit of C is worth rate(org) / rate(C) of
 * the organisation's currency — dated rates (from `StartDate`) where the export has them. Nothing when
 * the organisation's currency is not among Salesforce's.
 */
export async function salesforceRates(
  orgCurrency: string,
  types: { path: string; encoding: ExportEncoding } | undefined,
  dated: { path: string; encoding: ExportEncoding } | undefined,
): Promise<RateRow[]> {
  if (!types) return [];
  const read = (r: Row) => {
    const start = r.startdate ? parseTimestampIso(r.startdate) : undefined;
    return {
      code: (r.isocode ?? '').trim().toUpperCase(),
      rate: Number(r.conversionrate),
      from: start?.ok ? start.value : undefined,
    };
  };
  const statics = (await readTable(types.path, types.encoding)).map(read).filter((r) => r.code && r.rate > 0);
  const datedRows = dated
    ? (await readTable(dated.path, dated.encoding)).map(read).filter((r) => r.code && r.rate > 0 && r.from)
    : [];
  const orgStatic = statics.find((r) => r.code === orgCurrency)?.rate;
  if (orgStatic === undefined) return [];
  const orgAt = (at: string | undefined) => {
    let rate = orgStatic;
    for (const r of datedRows) if (r.code === orgCurrency && r.from && at && r.from <= at) rate = r.rate;
    return rate;
  };
  return [
    ...statics
      .filter((r) => r.code !== orgCurrency)
      .map((r) => ({ currency: r.code, rate: orgStatic / r.rate })),
    ...datedRows
      .filter((r) => r.code !== orgCurrency)
      .map((r) => ({ currency: r.code, rate: orgAt(r.from) / r.rate, from: r.from })),
  ];
}

/** A warning per currency whose opportunities have amounts but no rate into the organisation's. */
export async function unpricedCurrencies(
  database: Database,
  orgId: string,
  orgCurrency: string,
): Promise<string[]> {
  const rows = await queryRows<{ currency: string; n: number }>(
    database.db,
    sql`select currency, count(*)::int as n from opportunities
        where org_id = ${orgId} and amount is not null and amount_minor is null and currency is not null
        group by currency order by currency`,
  );
  return rows.map(
    (r) =>
      `${r.n} opportunit${r.n === 1 ? 'y is' : 'ies are'} in ${r.currency}, with no rate to ${orgCurrency}: kept, and left out of money figures (no rate for ${r.currency}).`,
  );
}
