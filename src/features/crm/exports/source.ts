import {
  createReadStream,
  createWriteStream,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { AppError } from '../../../core/errors.js';
import { parseSmallCsv } from '../import/csv.js';

import type { ExportEncoding } from './contract.js';

export type { ExportEncoding };

/** An export opened for reading: its CSV files by lower-cased object name (`opportunity`). */
export interface OpenedExport {
  files: Map<string, string>;
  /** Removes what opening it unpacked. */
  close(): void;
}

/** Zip entries and sizes an export may unpack to: guards against a zip bomb. */
const MAX_ZIP_ENTRIES = 500;
const MAX_UNPACKED_BYTES = 20 * 1024 ** 3;

/**
 * Opens an export folder or `.zip` (unpacked into a temporary folder, CSV files only, at any depth:
 * Salesforce puts them at the top, some tools in a subfolder). Files are found by object name, so
 * `Opportunity.csv`, `opportunity.CSV` and `export/Opportunity.csv` are all the Opportunity object.
 */
export async function openExport(path: string): Promise<OpenedExport> {
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(path);
  } catch {
    throw new AppError('invalid', `${path}: no such folder or .zip file`);
  }
  if (stat.isDirectory()) return { files: csvFiles(path), close: () => {} };
  if (extname(path).toLowerCase() !== '.zip')
    throw new AppError('invalid', `${path}: give the export's folder or its .zip file`);
  const dir = mkdtempSync(join(tmpdir(), 'touchline-export-'));
  try {
    await unzip(path, dir);
    return { files: csvFiles(dir), close: () => rmSync(dir, { recursive: true, force: true }) };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

function csvFiles(dir: string, found = new Map<string, string>()): Map<string, string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory() && !entry.name.startsWith('__MACOSX')) csvFiles(full, found);
    else if (entry.isFile() && extname(entry.name).toLowerCase() === '.csv') {
      const object = basename(entry.name, extname(entry.name)).toLowerCase();
      if (!found.has(object)) found.set(object, full);
    }
  }
  return found;
}

function unzip(zipPath: string, dir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    yauzl.open(zipPath, { lazyEntries: true, strictFileNames: false }, (openErr, zip) => {
      if (openErr || !zip) {
        reject(
          new AppError('invalid', `${basename(zipPath)}: not a readable .zip file (${openErr?.message})`),
        );
        return;
      }
      let entries = 0;
      let bytes = 0;
      let n = 0;
      zip.on('error', (err: Error) =>
        reject(new AppError('invalid', `${basename(zipPath)}: ${err.message}`)),
      );
      zip.on('end', () => resolve());
      zip.on('entry', (entry: yauzl.Entry) => {
        entries++;
        bytes += entry.uncompressedSize;
        if (entries > MAX_ZIP_ENTRIES || bytes > MAX_UNPACKED_BYTES) {
          zip.close();
          reject(
            new AppError('invalid', `${basename(zipPath)}: too many or too large files for a CRM export`),
          );
          return;
        }
        // Only CSV files, each under a name of our own: an entry's path never leaves the folder.
        if (entry.fileName.endsWith('/') || extname(entry.fileName).toLowerCase() !== '.csv') {
          zip.readEntry();
          return;
        }
        const target = join(dir, String(n++), basename(entry.fileName));
        zip.openReadStream(entry, (streamErr, stream) => {
          if (streamErr || !stream) {
            reject(new AppError('invalid', `${basename(zipPath)}: cannot read ${entry.fileName}`));
            return;
          }
          mkdirSync(join(target, '..'), { recursive: true });
          pipeline(stream, createWriteStream(target)).then(() => zip.readEntry(), reject);
        });
      });
      zip.readEntry();
    });
  });
}

/** Bytes no Windows-1252 text holds (undefined there), and NUL: a file with them is not text. */
const NOT_1252 = new Set([0x00, 0x81, 0x8d, 0x8f, 0x90, 0x9d]);

/**
 * How a file is encoded: a byte-order mark says UTF-8 or UTF-16; without one, UTF-16 shows as a NUL
 * in every other byte of the first line, and a file that decodes as UTF-8 is UTF-8. Anything else is
 * read as Windows-1252 (a superset of Latin-1: Salesforce's default in many locales) unless it holds
 * bytes no text in it can — then it is refused, with the file and the byte's offset.
 */
export async function detectEncoding(path: string, name = basename(path)): Promise<ExportEncoding> {
  const head = await firstBytes(path, 4096);
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  const pairs = Math.floor(head.length / 2);
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < pairs * 2; i += 2) {
    if (head[i] === 0) evenNul++;
    if (head[i + 1] === 0) oddNul++;
  }
  if (pairs > 0 && oddNul > pairs * 0.4 && evenNul === 0) return 'utf-16le';
  if (pairs > 0 && evenNul > pairs * 0.4 && oddNul === 0) return 'utf-16be';
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let offset = 0;
  let utf8 = true;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    try {
      decoder.decode(chunk, { stream: true });
    } catch {
      utf8 = false;
      break;
    }
    offset += chunk.length;
  }
  if (utf8) {
    try {
      decoder.decode();
      return 'utf-8';
    } catch {
      // a truncated sequence at the very end: not UTF-8
    }
  }
  offset = 0;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    const at = chunk.findIndex((b) => NOT_1252.has(b));
    if (at >= 0)
      throw new AppError(
        'invalid',
        `${name}: not a text file in UTF-8, UTF-16 or Windows-1252/Latin-1 (byte 0x${(chunk[at] as number).toString(16).padStart(2, '0')} at offset ${offset + at}); save it as CSV UTF-8, or name its encoding with --encoding`,
      );
    offset += chunk.length;
  }
  return 'windows-1252';
}

async function firstBytes(path: string, n: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let got = 0;
  for await (const chunk of createReadStream(path, { start: 0, end: n - 1 }) as AsyncIterable<Buffer>) {
    parts.push(chunk);
    got += chunk.length;
  }
  return Buffer.concat(parts, got);
}

/** The file as text (a byte-order mark dropped), decoded from `encoding` while it streams. */
export function openDecoded(path: string, encoding: ExportEncoding): Readable {
  const decoder = new TextDecoder(encoding);
  const decode = new Transform({
    readableObjectMode: true,
    transform(chunk: Buffer, _enc, done) {
      const text = decoder.decode(chunk, { stream: true });
      done(null, text || undefined);
    },
    flush(done) {
      const rest = decoder.decode();
      done(null, rest || undefined);
    },
  });
  return createReadStream(path).pipe(decode);
}

/** The whole of a small file as text (users, roles, stages, accounts). */
export async function readDecoded(path: string, encoding: ExportEncoding): Promise<string> {
  let text = '';
  for await (const part of openDecoded(path, encoding) as AsyncIterable<string>) text += part;
  return text;
}

/** A record of a small export file, keyed by lower-cased column names. */
export type Row = Record<string, string | undefined>;

/** A small file (users, roles, stages, accounts) whole, keyed by lower-cased column names. */
export async function readTable(path: string, encoding: ExportEncoding): Promise<Row[]> {
  return parseSmallCsv(await readDecoded(path, encoding));
}
