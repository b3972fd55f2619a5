import dayjs from 'dayjs';
import type { Meeting } from './api.ts';

export const CADENCE_WORDS = { weekly: 'Weekly', biweekly: 'Every other week', monthly: 'Monthly' } as const;

/** A meeting time in the viewer's own time zone: "Mon 14 Dec, 09:00". */
export const when = (iso: string): string => dayjs(iso).format('ddd D MMM, HH:mm');
export const day = (iso: string): string => dayjs(iso).format('D MMM YYYY');

/** A KPI value in its unit. */
export function kpiValue(value: number | null, unit: string, currency: string): string {
  if (value === null) return '—';
  switch (unit) {
    case 'fraction':
      return `${Math.round(value * 100)}%`;
    case 'money':
      return new Intl.NumberFormat('en', {
        style: 'currency',
        currency: currency || 'USD',
        notation: 'compact',
        maximumFractionDigits: 1,
      }).format(value);
    case 'days':
      return `${Math.round(value)} d`;
    default:
      return value.toFixed(1);
  }
}

export const MOVE_WORDS: Record<NonNullable<Meeting['snapshot']['rows'][number]['move']>, string> = {
  better: 'better',
  worse: 'worse',
  same: 'about the same',
};
export const MOVE_COLORS = { better: 'teal.8', worse: 'red.8', same: 'dimmed' } as const;

export const STATUS_WORDS: Record<Meeting['status'], string> = {
  scheduled: 'Upcoming',
  held: 'Held',
  skipped: 'Skipped',
};
