import { sql } from 'drizzle-orm';
import { toCopyCsvRow } from '../../../db/copy.js';
import type { Session } from '../../../db/open.js';
import { weekOf } from '../rollups.js';

const DAY_MS = 86_400_000;

/** Two decimal digits at `at`, or NaN. */
function digits2(s: string, at: number): number {
  const a = s.charCodeAt(at) - 48;
  const b = s.charCodeAt(at + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : Number.NaN;
}

/**
 * The number of the ISO week (weeks start on Monday, in UTC; week 0 is the one of 1970-01-01) of a
 * canonical UTC timestamp such as `2026-03-04T23:08:37.279Z`, read from its date digits. The
 * rollups' `date_trunc('week', t at time zone 'UTC')::date` is the Monday `weekMonday` gives for it.
 */
export function weekNumberUtc(iso: string): number {
  const y = digits2(iso, 0) * 100 + digits2(iso, 2);
  const m = digits2(iso, 5);
  const d = digits2(iso, 8);
  if (!(y >= 1970 && m >= 1 && m <= 12 && d >= 1 && d <= 31) || iso[4] !== '-' || iso[7] !== '-') return -1;
  // Days since 1970-01-01 (H. Hinnant's days_from_civil), which was a Thursday.
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  const days = era * 146_097 + doe - 719_468;
  return Math.floor((days + 3) / 7);
}

/** The Monday (`YYYY-MM-DD`) that starts week number `week`. */
export function weekMonday(week: number): string {
  return new Date((week * 7 - 3) * DAY_MS).toISOString().slice(0, 10);
}

/** Distinct (rep, type, week) kept in memory; a file with more is counted in SQL instead. */
export const MAX_COUNTED_KEYS = 250_000;
/** Weeks a file may span (157 years): a key is (rep, type) pair × SPAN + week − origin, a small integer. */
const SPAN = 1 << 13;

/**
 * Counts an activities file's staged rows per rep × activity type × week while it is read, so the
 * rollup's delta needs no pass over the million staged rows. Memory follows the distinct keys, not
 * the rows. Past `limit` keys or a span of 157 years the counter gives up (`overflowed`) and the
 * import counts in SQL instead. Runs once per row of files with millions: keys are small integers
 * (no strings, no garbage) and the rep of the last row is remembered (files come grouped by rep).
 */
export class ActivityCounter {
  private readonly counts = new Map<number, number>();
  /** Per rep: activity type → index of the (rep, type) pair. */
  private readonly ownerTypes = new Map<string, Map<string, number>>();
  /** Each pair's rep and type, by index. */
  private readonly pairs: [string, string][] = [];
  private lastOwner = '';
  private lastTypes = new Map<string, number>();
  private origin = -1;
  overflowed = false;

  constructor(private readonly limit = MAX_COUNTED_KEYS) {}

  add(ownerId: string, type: string, occurredAtIso: string): void {
    if (this.overflowed) return;
    if (ownerId !== this.lastOwner) {
      let types = this.ownerTypes.get(ownerId);
      if (!types) {
        types = new Map();
        this.ownerTypes.set(ownerId, types);
      }
      this.lastOwner = ownerId;
      this.lastTypes = types;
    }
    let pair = this.lastTypes.get(type);
    if (pair === undefined) {
      pair = this.pairs.length;
      this.pairs.push([ownerId, type]);
      this.lastTypes.set(type, pair);
    }
    const week = weekNumberUtc(occurredAtIso);
    if (this.origin < 0 && week >= 0) this.origin = Math.max(0, week - SPAN / 2);
    const offset = week - this.origin;
    if (week < 0 || offset < 0 || offset >= SPAN || pair >= 2 ** 31 / SPAN) {
      this.overflow();
      return;
    }
    const key = pair * SPAN + offset;
    const n = this.counts.get(key);
    if (n !== undefined) this.counts.set(key, n + 1);
    else if (this.counts.size < this.limit) this.counts.set(key, 1);
    else this.overflow();
  }

  private overflow(): void {
    this.overflowed = true;
    this.counts.clear();
  }

  /** The counts as COPY CSV rows `owner_id,type,week,count`, about `chunkChars` characters at a time. */
  *csv(chunkChars: number): Generator<string> {
    let out = '';
    const mondays = new Map<number, string>();
    for (const [key, n] of this.counts) {
      const week = this.origin + (key % SPAN);
      const [ownerId, type] = this.pairs[Math.floor(key / SPAN)] as [string, string];
      let monday = mondays.get(week);
      if (monday === undefined) {
        monday = weekMonday(week);
        mondays.set(week, monday);
      }
      out += toCopyCsvRow([ownerId, type, monday, n], [true, false, true, true]);
      if (out.length >= chunkChars) {
        yield out;
        out = '';
      }
    }
    if (out) yield out;
  }
}

const COPY_CHUNK_CHARS = 1 << 20;

/**
 * Creates the job's counts table `countsTable(owner_id, type, week, count)`: what its valid staged rows
 * add to the activity rollup. Called once the SQL checks are done and before the rows they rejected
 * (the lines in `rejectsTable`) leave the staging table `table`: those are subtracted. A counter that
 * overflowed is replaced by one pass over the staged rows.
 */
export async function saveActivityCounts(
  session: Session,
  counter: ActivityCounter,
  job: { table: string; countsTable: string; rejectsTable: string; rejectedLines: number },
): Promise<void> {
  const db = session.db;
  const s = sql.raw(job.table);
  const c = sql.raw(job.countsTable);
  const rejected = sql`(select line from ${sql.raw(job.rejectsTable)})`;
  await db.execute(
    sql`create unlogged table ${c} (owner_id uuid not null, type text not null, week date not null, count integer not null)`,
  );
  if (counter.overflowed) {
    await db.execute(sql`insert into ${c} select owner_id, type, ${weekOf(sql`occurred_at`)}, count(*)
      from ${s} where line not in ${rejected} group by 1, 2, 3`);
    return;
  }
  const writer = session.copyWriter(job.countsTable, ['owner_id', 'type', 'week', 'count']);
  try {
    for (const chunk of counter.csv(COPY_CHUNK_CHARS)) await writer.write(chunk);
    await writer.end();
  } catch (err) {
    await writer.end().catch(() => {});
    throw err;
  }
  if (job.rejectedLines > 0)
    await db.execute(sql`insert into ${c} select owner_id, type, ${weekOf(sql`occurred_at`)}, -count(*)
      from ${s} where line in ${rejected} group by 1, 2, 3`);
}
