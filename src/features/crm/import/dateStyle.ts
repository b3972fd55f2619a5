import type { Readable } from 'node:stream';
import { detectColumns, type StagedKindName } from '../../../core/crmFormats.js';
import { type DateStyle, DateStyleEvidence } from '../../../core/crmValues.js';
import { AppError } from '../../../core/errors.js';
import type { SourceOptions } from './adapt.js';
import { readCsvRecords } from './csv.js';

/** The generic columns of each kind that hold dates. */
const DATE_COLUMNS: Record<StagedKindName, string[]> = {
  opportunities: ['created_at', 'closed_at'],
  stage_history: ['entered_at'],
  activities: ['occurred_at'],
};

/**
 * How a file writes its dates, judged from every value of every date column (one pass, constant
 * memory): undefined when they are ISO, `DMY` or `MDY` when some value can only be read that way. A
 * file whose dates all read both ways (3/4/2026), or whose columns disagree, is refused with the
 * column, an example and the `--date-format` that settles it.
 */
export async function dateStyleOfFile(
  input: Readable,
  opts: { kind: StagedKindName; fileName: string; source: SourceOptions },
): Promise<DateStyle | undefined> {
  let watched: [number, string, DateStyleEvidence][] | undefined;
  for await (const batch of readCsvRecords(input, opts.fileName)) {
    for (const { fields } of batch) {
      if (!watched) {
        const names = fields.map((f) => f.trim());
        const { from, entered } = detectColumns(opts.kind, opts.source.format, names, opts.source.map ?? []);
        const columns = new Set([
          ...DATE_COLUMNS[opts.kind].flatMap((c) => from.get(c) ?? []),
          ...entered.map(([column]) => column),
        ]);
        watched = [...columns].map((c) => [names.indexOf(c), c, new DateStyleEvidence()]);
        continue;
      }
      for (const [i, , evidence] of watched) evidence.add(fields[i] ?? '');
    }
  }
  const styles = new Set<DateStyle>();
  for (const [, column, evidence] of watched ?? []) {
    const style = evidence.style;
    if (style === 'mixed')
      throw new AppError(
        'invalid',
        `${opts.fileName}: column ${column} has dates written day-first and others month-first; correct the file`,
      );
    if (style === 'DMY' || style === 'MDY') styles.add(style);
  }
  if (styles.size > 1)
    throw new AppError(
      'invalid',
      `${opts.fileName}: some date columns are day-first and others month-first; name the style with --date-format DMY or MDY`,
    );
  const [style] = styles;
  if (style) return style;
  const unsure = (watched ?? []).find(([, , e]) => e.style === 'ambiguous');
  if (unsure)
    throw new AppError(
      'invalid',
      `${opts.fileName}: the dates in ${unsure[1]} could be day-first or month-first (e.g. "${unsure[2].example}"); name the style with --date-format DMY or MDY`,
    );
  return undefined;
}
