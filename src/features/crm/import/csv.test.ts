import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { type CsvRecord, readCsvRecords } from './csv.js';

async function read(text: string, chunkBytes: number): Promise<CsvRecord[]> {
  const bytes = Buffer.from(text);
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunkBytes) chunks.push(bytes.subarray(i, i + chunkBytes));
  const out: CsvRecord[] = [];
  for await (const batch of readCsvRecords(Readable.from(chunks), 'f.csv')) out.push(...batch);
  return out;
}

describe('reading CSV records', () => {
  const text = '\uFEFFa,b\r\n1,"x\r\ny"\r\n\r\n2,"un""q"\r\n3,"ha,lf';
  const expected = [
    { fields: ['a', 'b'], line: 1, error: undefined },
    { fields: ['1', 'x\r\ny'], line: 2, error: undefined },
    { fields: ['2', 'un"q'], line: 5, error: undefined },
    { fields: ['3', 'ha,lf'], line: 6, error: 'Quoted field unterminated' },
  ];

  it('gives every record the line it starts on, whatever the chunk boundaries', async () => {
    for (const size of [1, 2, 3, 5, 7, 64, 4096]) expect(await read(text, size)).toEqual(expected);
  });

  it('reads \\n line ends, skips blank lines and keeps empty fields', async () => {
    expect(await read('id,x\n\nA1,\n\nA2,"",z\n', 3)).toEqual([
      { fields: ['id', 'x'], line: 1, error: undefined },
      { fields: ['A1', ''], line: 3, error: undefined },
      { fields: ['A2', '', 'z'], line: 5, error: undefined },
    ]);
  });

  it('refuses a file whose quote never closes instead of buffering it', async () => {
    const open = `id,x\nA1,"${'y'.repeat(1_100_000)}`;
    await expect(read(open, 65_536)).rejects.toThrow(/f\.csv: line 2: a quoted field is never closed/);
  });
});
