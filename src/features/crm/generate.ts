import { once } from 'node:events';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import {
  type SyntheticOptions,
  syntheticDeals,
  syntheticOutreach,
  syntheticPeople,
} from '../../core/synthetic.js';
import { IMPORT_FILES } from './contract.js';
import { toCsv } from './csvOut.js';
import { PEOPLE_COLUMNS } from './import/people.js';
import { ACTIVITY_COLUMNS, HISTORY_COLUMNS, OPPORTUNITY_COLUMNS } from './import/rows.js';

/** A CSV file written in chunks, waiting when the disk falls behind. */
class CsvFile {
  private readonly out: WriteStream;
  private rows: Record<string, string>[] = [];
  count = 0;
  constructor(
    path: string,
    private readonly columns: readonly string[],
  ) {
    this.out = createWriteStream(path);
    this.out.write(toCsv([columns as string[]]));
  }
  async add(row: Record<string, string>): Promise<void> {
    this.rows.push(row);
    this.count++;
    if (this.rows.length >= 2_000) await this.flush();
  }
  async flush(): Promise<void> {
    if (this.rows.length === 0) return;
    const chunk = toCsv(this.rows, { columns: this.columns as string[] });
    this.rows = [];
    if (!this.out.write(chunk)) await once(this.out, 'drain');
  }
  async close(): Promise<void> {
    await this.flush();
    this.out.end();
    await once(this.out, 'finish');
  }
}

/** Writes a synthetic organisation in the generic format (the four files) to `dir`. */
export async function writeSyntheticOrg(
  dir: string,
  opts: SyntheticOptions,
  onProgress?: (rows: number) => void,
) {
  mkdirSync(dir, { recursive: true });
  const { people, reps } = syntheticPeople(opts);
  const files = {
    people: new CsvFile(join(dir, IMPORT_FILES.people), PEOPLE_COLUMNS),
    opportunities: new CsvFile(join(dir, IMPORT_FILES.opportunities), OPPORTUNITY_COLUMNS),
    stage_history: new CsvFile(join(dir, IMPORT_FILES.stage_history), HISTORY_COLUMNS),
    activities: new CsvFile(join(dir, IMPORT_FILES.activities), ACTIVITY_COLUMNS),
  };
  for (const p of people) await files.people.add({ ...p });
  let rows = 0;
  for (const deal of syntheticDeals(reps, opts)) {
    await files.opportunities.add(deal.opportunity);
    for (const h of deal.history) await files.stage_history.add(h);
    for (const a of deal.activities) await files.activities.add({ ...a });
    rows += 1 + deal.history.length + deal.activities.length;
    if (rows % 50_000 < 10) onProgress?.(rows);
  }
  for (const a of syntheticOutreach(reps, opts)) {
    await files.activities.add({ ...a });
    if (++rows % 50_000 === 0) onProgress?.(rows);
  }
  for (const f of Object.values(files)) await f.close();
  return {
    reps,
    counts: {
      people: files.people.count,
      opportunities: files.opportunities.count,
      stage_history: files.stage_history.count,
      activities: files.activities.count,
    },
  };
}
