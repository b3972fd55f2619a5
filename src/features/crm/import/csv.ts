import { StringDecoder } from 'node:string_decoder';
import Papa from 'papaparse';
import { restoreCell } from '../../../core/csvCells.js';
import { AppError } from '../../../core/errors.js';

/** One CSV record: its fields, the file line it starts on, and why it cannot be read, if it cannot. */
export interface CsvRecord {
  fields: string[];
  line: number;
  error: string | undefined;
  /** The first field holding a NUL character (which no text column can store), if one does. */
  nulField?: number;
}

/** Why a record with a NUL character is rejected (its column is named beside it). */
export const NUL_REASON =
  'contains a NUL character (0x00), which text cannot hold; the rest of the file is read';

/** A record longer than this is a quote left open, not data: the file is refused rather than buffered. */
const MAX_RECORD_CHARS = 1 << 20;

/**
 * Reads RFC 4180 CSV (UTF-8, optional BOM, `\n` or `\r\n` line ends) from a byte stream, a chunk at a
 * time, and yields its records in batches with their line numbers: a record's line is the line it
 * starts on, counting the header as line 1 and blank lines too. Parsing is papaparse's (about ten
 * times csv-parse's speed here); the chunking, line numbers and limits are ours. Blank lines are
 * skipped. Memory stays constant: at most one chunk and one unfinished record are held.
 */
export async function* readCsvRecords(
  input: AsyncIterable<Buffer | string>,
  fileName: string,
): AsyncGenerator<CsvRecord[]> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let newline: '\n' | '\r\n' | undefined;
  let line = 1;
  let first = true;

  const parse = (text: string, last: boolean): { records: CsvRecord[]; rest: string } => {
    const parser = new Papa.Parser({ delimiter: ',', quoteChar: '"', newline: newline ?? '\n' });
    const result = parser.parse(text, 0, !last) as Papa.ParseResult<string[]>;
    const end = last ? text.length : result.meta.cursor;
    const errors = new Map<number, string>();
    for (const e of result.errors)
      if (e.row !== undefined && !errors.has(e.row)) errors.set(e.row, e.message);
    // Without a quote in the text no field holds a line break: each row is one line (the common case).
    const quoted = text.indexOf('"') !== -1;
    // NUL is rare: only a piece that holds one pays for looking at each field.
    const nul = text.indexOf('\u0000') !== -1;
    // A cell we (or a careful tool) neutralised against formulas starts with a quote: drop it.
    const apostrophe = text.indexOf("'") !== -1;
    const records: CsvRecord[] = [];
    const rows = result.data;
    for (let r = 0; r < rows.length; r++) {
      const fields = rows[r] as string[];
      const start = line;
      line++;
      if (quoted)
        for (const f of fields) for (let i = f.indexOf('\n'); i !== -1; i = f.indexOf('\n', i + 1)) line++;
      if (fields.length === 1 && fields[0] === '') continue; // a blank line
      if (apostrophe)
        for (let f = 0; f < fields.length; f++)
          if ((fields[f] as string).charCodeAt(0) === 39) fields[f] = restoreCell(fields[f] as string);
      const record: CsvRecord = { fields, line: start, error: errors.get(r) };
      if (nul) {
        const at = fields.findIndex((f) => f.includes('\u0000'));
        if (at !== -1) record.nulField = at;
      }
      records.push(record);
    }
    return { records, rest: last ? '' : text.slice(end) };
  };

  for await (const chunk of input) {
    let text = pending + (typeof chunk === 'string' ? chunk : decoder.write(chunk));
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    if (!newline) {
      const at = text.indexOf('\n');
      if (at === -1) {
        pending = text;
        continue;
      }
      newline = at > 0 && text[at - 1] === '\r' ? '\r\n' : '\n';
    }
    const { records, rest } = parse(text, false);
    if (rest.length > MAX_RECORD_CHARS) {
      throw new AppError(
        'invalid',
        `${fileName}: line ${line}: a quoted field is never closed (no closing " within ${MAX_RECORD_CHARS.toLocaleString('en-US')} characters)`,
      );
    }
    pending = rest;
    if (records.length > 0) yield records;
  }
  const tail = pending + decoder.end();
  if (tail) {
    const { records } = parse(tail, true);
    if (records.length > 0) yield records;
  }
}

/**
 * A small CSV (a funnel, rates, an export's users or stages) read whole: records keyed by lower-cased,
 * trimmed column names, a byte-order mark and blank lines ignored.
 */
export function parseSmallCsv(text: string): Record<string, string | undefined>[] {
  return Papa.parse<Record<string, string | undefined>>(text.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (h) => h.trim().toLowerCase(),
  }).data;
}
