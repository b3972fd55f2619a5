import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DateStyleEvidence,
  isoWeekStart,
  parseAmount,
  parseBoolean,
  parseContactLevel,
  parseTimestamp,
  parseTimestampIso,
  toMinorUnits,
} from './crmValues.js';

describe('CRM values', () => {
  it('reads ISO dates as midnight UTC and times without offset as UTC', () => {
    expect(parseTimestamp('2026-03-01')).toEqual({ ok: true, value: new Date('2026-03-01T00:00:00Z') });
    expect(parseTimestamp('2026-03-01 14:30')).toEqual({ ok: true, value: new Date('2026-03-01T14:30:00Z') });
    expect(parseTimestamp('2026-03-01T14:30:00+02:00')).toEqual({
      ok: true,
      value: new Date('2026-03-01T12:30:00Z'),
    });
    expect(parseTimestamp('2026-05-04T10:00:00.000+0000')).toEqual({
      ok: true,
      value: new Date('2026-05-04T10:00:00Z'),
    });
    expect(parseTimestamp('2026-02-30')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/not a real date/),
    });
    expect(parseTimestamp('03/01/2026')).toMatchObject({ ok: false });
  });

  it('passes canonical timestamps through and agrees with parseTimestamp on every other input', () => {
    expect(parseTimestampIso('2026-03-01T14:30:00.123Z')).toEqual({
      ok: true,
      value: '2026-03-01T14:30:00.123Z',
    });
    expect(parseTimestampIso('2026-03-01')).toEqual({ ok: true, value: '2026-03-01T00:00:00.000Z' });
    expect(parseTimestampIso('2024-02-29T00:00:00Z')).toMatchObject({ ok: true });
    expect(parseTimestampIso('2026-02-29T00:00:00Z')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/real date/),
    });
    const pad = (n: number, w = 2) => String(n).padStart(w, '0');
    fc.assert(
      fc.property(
        fc.tuple(
          fc.integer({ min: 1899, max: 2101 }),
          fc.integer({ min: 0, max: 13 }),
          fc.integer({ min: 0, max: 32 }),
          fc.integer({ min: 0, max: 25 }),
          fc.integer({ min: 0, max: 61 }),
          fc.integer({ min: 0, max: 61 }),
          fc.constantFrom('', '.5', '.123', '.1234'),
        ),
        ([y, mo, d, h, mi, sec, frac]) => {
          const text = `${pad(y, 4)}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(sec)}${frac}Z`;
          const fast = parseTimestampIso(text);
          const slow = parseTimestamp(text);
          expect(fast.ok).toBe(slow.ok);
          if (fast.ok && slow.ok) expect(new Date(fast.value).getTime()).toBe(slow.value.getTime());
        },
      ),
      { numRuns: 5_000 },
    );
  });

  it('keeps amounts exact, any number of decimals, empty as unknown, and refuses negatives', () => {
    expect(parseAmount('12,500.5')).toEqual({ ok: true, value: '12500.5' });
    expect(parseAmount('9.125')).toEqual({ ok: true, value: '9.125' });
    expect(parseAmount('')).toEqual({ ok: true, value: null });
    expect(parseAmount('0')).toEqual({ ok: true, value: '0' });
    expect(parseAmount('-5')).toMatchObject({ ok: false, reason: 'amount -5 is negative' });
    expect(parseAmount('12.500,50')).toMatchObject({ ok: false });
    expect(toMinorUnits('9.125')).toBe(913);
    expect(toMinorUnits('9.124')).toBe(912);
    expect(toMinorUnits('100', 0.25)).toBe(2500);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), (cents) => {
        const text = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
        const parsed = parseAmount(text);
        expect(parsed).toEqual({ ok: true, value: text });
        expect(toMinorUnits(text)).toBe(cents);
      }),
    );
  });

  it('reads booleans and contact levels', () => {
    expect(parseBoolean('TRUE')).toEqual({ ok: true, value: true });
    expect(parseBoolean('')).toEqual({ ok: true, value: null });
    expect(parseBoolean('maybe')).toMatchObject({ ok: false });
    expect(parseContactLevel('C-Level')).toEqual({ ok: true, value: 'c_level' });
    expect(parseContactLevel('intern')).toMatchObject({ ok: false });
  });

  it('finds the Monday of the week', () => {
    expect(isoWeekStart(new Date('2026-11-22T23:00:00Z'))).toBe('2026-11-16'); // a Sunday
    expect(isoWeekStart(new Date('2026-11-23T00:00:00Z'))).toBe('2026-11-23');
  });

  it('reads day-first and month-first dates only when told which, and tells them from a whole column', () => {
    expect(parseTimestamp('03/04/2026', 'DMY')).toEqual({
      ok: true,
      value: new Date('2026-04-03T00:00:00Z'),
    });
    expect(parseTimestamp('03/04/2026', 'MDY')).toEqual({
      ok: true,
      value: new Date('2026-03-04T00:00:00Z'),
    });
    expect(parseTimestamp('4.3.2026 2:30 PM', 'DMY')).toEqual({
      ok: true,
      value: new Date('2026-03-04T14:30:00Z'),
    });
    expect(parseTimestamp('31/02/2026', 'DMY')).toMatchObject({ ok: false });
    expect(parseTimestamp('03/04/2026')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('--date-format'),
    });
    const style = (values: string[]) => {
      const e = new DateStyleEvidence();
      for (const v of values) e.add(v);
      return e.style;
    };
    expect(style(['03/04/2026', '25/04/2026'])).toBe('DMY');
    expect(style(['03/04/2026', '04/25/2026'])).toBe('MDY');
    expect(style(['03/04/2026', '01/02/2026'])).toBe('ambiguous');
    expect(style(['2026-03-04', ''])).toBe('none');
    expect(style(['25/04/2026', '04/25/2026'])).toBe('mixed');
  });
});
