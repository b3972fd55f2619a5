import { type Options, stringify } from 'csv-stringify/sync';
import { neutraliseCell } from '../../core/csvCells.js';

/**
 * Every CSV Touchline writes goes through here: a text cell a spreadsheet would run as a formula is
 * neutralised (`core/csvCells.ts`), booleans are written `true`/`false`.
 */
export function toCsv(
  rows: unknown[][] | Record<string, unknown>[],
  options: Pick<Options, 'header' | 'columns'> = {},
): string {
  return stringify(rows, {
    ...options,
    cast: { string: neutraliseCell, boolean: (v) => (v ? 'true' : 'false') },
  });
}
