/**
 * Reading CRM export values: timestamps, amounts, booleans. Each returns the value or a reason a
 * person can act on; none throws.
 */
export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = (reason: string): Parsed<never> => ({ ok: false, reason });

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/i;

function validDay(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/** How a file writes dates with slashes: day first (31/12/2026) or month first (12/31/2026). */
export const DATE_STYLES = ['DMY', 'MDY'] as const;
export type DateStyle = (typeof DATE_STYLES)[number];

/** `3/4/2026`, `03.04.2026`, `3-4-2026 14:30`, `3/4/2026 2:30 PM`: a date in a person's style. */
const LOCAL_DATE =
  /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AP]M))?)?$/i;

/**
 * Which style a column's dates are in, from every value of it (`add` each): `DMY` or `MDY` when some
 * value can only be read one way (a first part above 12, or a second), `ambiguous` when every one
 * reads both ways, `none` when no value is in a local style (ISO dates), `mixed` when it has both.
 */
export class DateStyleEvidence {
  private local = false;
  private dayFirst = false;
  private monthFirst = false;
  /** A value that reads both ways, for the message asking which. */
  example: string | undefined;

  add(value: string): void {
    const m = LOCAL_DATE.exec(value.trim());
    if (!m) return;
    this.local = true;
    if (Number(m[1]) > 12) this.dayFirst = true;
    else if (Number(m[2]) > 12) this.monthFirst = true;
    else this.example ??= value.trim();
  }

  get style(): DateStyle | 'ambiguous' | 'none' | 'mixed' {
    if (this.dayFirst && this.monthFirst) return 'mixed';
    if (this.dayFirst) return 'DMY';
    if (this.monthFirst) return 'MDY';
    return this.local ? 'ambiguous' : 'none';
  }
}

/**
 * ISO 8601 (a bare date means midnight UTC, a time without offset is UTC), or a date in `style` —
 * day-first or month-first, with slashes, dots or dashes, optionally a time (UTC, 12- or 24-hour).
 */
export function parseTimestamp(raw: string, style?: DateStyle): Parsed<Date> {
  const s = raw.trim();
  const local = LOCAL_DATE.exec(s);
  if (local) {
    if (!style)
      return bad(`"${raw}" could be day-first or month-first; name the style with --date-format DMY or MDY`);
    const [a, b, y] = [Number(local[1]), Number(local[2]), Number(local[3])];
    const [d, m] = style === 'DMY' ? [a, b] : [b, a];
    if (!validDay(y, m, d)) return bad(`"${raw}" is not a real date (read as ${style})`);
    let h = Number(local[4] ?? 0);
    const pm = local[7]?.toUpperCase();
    if (pm && (h < 1 || h > 12)) return bad(`"${raw}" is not a valid time`);
    if (pm === 'PM' && h < 12) h += 12;
    if (pm === 'AM' && h === 12) h = 0;
    const mi = Number(local[5] ?? 0);
    const sec = Number(local[6] ?? 0);
    if (h > 23 || mi > 59 || sec > 59) return bad(`"${raw}" is not a valid time`);
    return ok(new Date(Date.UTC(y, m - 1, d, h, mi, sec)));
  }
  const date = ISO_DATE.exec(s);
  if (date) {
    const [y, m, d] = [Number(date[1]), Number(date[2]), Number(date[3])];
    return validDay(y, m, d) ? ok(new Date(Date.UTC(y, m - 1, d))) : bad(`"${raw}" is not a real date`);
  }
  const ts = ISO_TIMESTAMP.exec(s);
  if (!ts) return bad(`"${raw}" is not an ISO 8601 date or time (e.g. 2026-03-01 or 2026-03-01T14:30:00Z)`);
  if (!validDay(Number(ts[1]), Number(ts[2]), Number(ts[3]))) return bad(`"${raw}" is not a real date`);
  // Salesforce writes offsets as +0000; Date wants +00:00.
  const zone = ts[7] ? ts[7].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2') : 'Z';
  const withZone = `${s.replace(' ', 'T').slice(0, s.length - (ts[7]?.length ?? 0))}${zone}`;
  const t = new Date(withZone);
  return Number.isNaN(t.getTime()) ? bad(`"${raw}" is not a valid time`) : ok(t);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The number written in `s` from `from` for `digits` characters, or -1 if one is not a digit. */
function digitsAt(s: string, from: number, digits: number): number {
  let n = 0;
  for (let i = from; i < from + digits; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/**
 * True for a real instant in the canonical form CRMs and our own export write:
 * 2026-03-01T14:30:00Z or 2026-03-01T14:30:00.123Z (one to three fraction digits). Read character by
 * character: this runs once per timestamp of files with millions of rows.
 */
function isCanonicalInstant(s: string): boolean {
  const n = s.length;
  if (n < 20 || n > 24 || n === 21 || s.charCodeAt(n - 1) !== 90 /* Z */) return false;
  if (s[4] !== '-' || s[7] !== '-' || s[10] !== 'T' || s[13] !== ':' || s[16] !== ':') return false;
  if (n > 20 && (s[19] !== '.' || digitsAt(s, 20, n - 21) < 0)) return false;
  const y = digitsAt(s, 0, 4);
  const m = digitsAt(s, 5, 2);
  const d = digitsAt(s, 8, 2);
  const h = digitsAt(s, 11, 2);
  const mi = digitsAt(s, 14, 2);
  const sec = digitsAt(s, 17, 2);
  if (y < 0 || m < 1 || m > 12 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59) return false;
  const leap = m === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 1 : 0;
  return d >= 1 && d <= (DAYS_IN_MONTH[m - 1] ?? 0) + leap;
}

/**
 * Like `parseTimestamp`, as an ISO 8601 string in UTC for the database. A timestamp already in
 * canonical form is passed on as it is — the common case of a large file costs no Date objects;
 * anything else goes through `parseTimestamp`.
 */
/** True when `raw` is a calendar date without a time (`2026-03-01`, `01/03/2026`). */
export function isDateOnly(raw: string): boolean {
  const s = raw.trim();
  return ISO_DATE.test(s) || /^\d{1,2}[/.-]\d{1,2}[/.-]\d{4}$/.test(s);
}

/**
 * A date-only close date read at midnight UTC falls before a creation later that day; it is the same
 * day when the creation lies within this long after that midnight (the day's span in any time zone,
 * UTC−12 to UTC+14).
 */
export const SAME_DAY_SPAN_MS = 38 * 3_600_000;

export function parseTimestampIso(raw: string, style?: DateStyle): Parsed<string> {
  if (isCanonicalInstant(raw)) return ok(raw);
  const t = parseTimestamp(raw, style);
  return t.ok ? ok(t.value.toISOString()) : t;
}

/** Digits an amount may have before or after its point: far beyond any deal, well within `numeric`. */
const MAX_AMOUNT_DIGITS = 24;

/**
 * An amount as a CRM writes it — "12500", "12,500.50", "9.125", any number of decimals — as exact
 * decimal text without separators ("12500.50"), or null when the cell is empty (the amount is
 * unknown, not zero). Negative amounts are refused.
 */
export function parseAmount(raw: string): Parsed<string | null> {
  const s = raw.trim();
  if (!s) return ok(null);
  if (s.startsWith('-') && /[1-9]/.test(s)) return bad(`amount ${raw} is negative`);
  if (!/^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/.test(s))
    return bad(`"${raw}" is not an amount such as 12500, 12,500.50 or 9.125`);
  const exact = s.replace(/^-/, '').replace(/,/g, '');
  if (exact.replace('.', '').length > MAX_AMOUNT_DIGITS) return bad(`amount ${raw} is too large`);
  return ok(exact);
}

/**
 * Minor units (cents) of an exact decimal amount, rounded half up ("9.125" → 913), or of that amount
 * times `rate` (a conversion into another currency). Undefined when the result is too large to count.
 */
export function toMinorUnits(exact: string, rate = 1): number | undefined {
  let minor: number;
  if (rate === 1) {
    const [whole = '0', frac = ''] = exact.split('.');
    const cents = Number(whole) * 100 + Number(frac.slice(0, 2).padEnd(2, '0'));
    minor = cents + (Number(frac[2] ?? '0') >= 5 ? 1 : 0);
  } else minor = Math.round(Number(exact) * rate * 100);
  return Number.isSafeInteger(minor) ? minor : undefined;
}

/** true/false, yes/no, 1/0 (any case); empty gives null. */
export function parseBoolean(raw: string): Parsed<boolean | null> {
  const s = raw.trim().toLowerCase();
  if (s === '') return ok(null);
  if (['true', 'yes', '1', 't', 'y'].includes(s)) return ok(true);
  if (['false', 'no', '0', 'f', 'n'].includes(s)) return ok(false);
  return bad(`"${raw}" is not true or false`);
}

export const CONTACT_LEVELS = ['c_level', 'vp', 'director', 'manager', 'individual'] as const;
export type ContactLevel = (typeof CONTACT_LEVELS)[number];

/**
 * The contact levels that count as reaching the buyer's executives, for C-level engagement (reps must
 * prospect high: DOMAIN.md). The SQL condition in `db/schema/crm.ts` is built from this list.
 */
export const SENIOR_CONTACT_LEVELS = ['c_level', 'vp'] as const satisfies readonly ContactLevel[];
const SENIOR: ReadonlySet<string> = new Set(SENIOR_CONTACT_LEVELS);
export const isSeniorContact = (level: string | null | undefined): boolean =>
  level != null && SENIOR.has(level);
/** The other levels, in CONTACT_LEVELS order. */
export const OTHER_CONTACT_LEVELS: readonly ContactLevel[] = CONTACT_LEVELS.filter((l) => !SENIOR.has(l));

const LEVELS: ReadonlySet<string> = new Set(CONTACT_LEVELS);
const NO_LEVEL: Parsed<null> = ok(null);

export function parseContactLevel(raw: string): Parsed<ContactLevel | null> {
  if (raw === '') return NO_LEVEL;
  if (LEVELS.has(raw)) return ok(raw as ContactLevel);
  const s = raw
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  if (s === '') return ok(null);
  return (CONTACT_LEVELS as readonly string[]).includes(s)
    ? ok(s as ContactLevel)
    : bad(`"${raw}" is not a contact level (${CONTACT_LEVELS.join(', ')}, or empty)`);
}

/** Monday of the ISO week containing `t`, as YYYY-MM-DD (UTC). */
export function isoWeekStart(t: Date): string {
  const day = (t.getUTCDay() + 6) % 7; // Monday = 0
  const monday = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate() - day));
  return monday.toISOString().slice(0, 10);
}
