import type { Goal, Pip } from './api.ts';

export const STATUS_WORDS = {
  on_track: 'On track',
  at_risk: 'At risk',
  off_track: 'Off track',
  done: 'Done',
} as const;
export const STATUS_COLORS = {
  on_track: 'teal.9',
  at_risk: 'yellow.5',
  off_track: 'red.9',
  done: 'blue.9',
} as const;
export const LETTER_WORDS = {
  specific: 'Specific',
  measurable: 'Measurable',
  attainable: 'Attainable',
  relevant: 'Relevant',
  time_bound: 'Time-bound',
} as const;

/** A goal's value in its unit: a share as a percentage, money in its currency. */
export function goalValue(value: number | null, goal: Pick<Goal, 'kpiUnit' | 'unit'>): string {
  if (value === null) return '—';
  if (goal.kpiUnit === 'fraction') return `${Math.round(value * 100)}%`;
  if (goal.kpiUnit === 'money')
    return new Intl.NumberFormat('en', {
      style: 'currency',
      currency: goal.unit,
      notation: 'compact',
    }).format(value);
  const n = Math.abs(value) >= 10 ? Math.round(value) : Math.round(value * 10) / 10;
  return `${n} ${goal.unit}`;
}

export const PIP_STATUS_WORDS: Record<Pip['status'], string> = {
  draft: 'Draft',
  in_review: 'In review',
  active: 'Active',
  extended: 'Extended',
  closed: 'Closed',
};
export const OUTCOME_WORDS: Record<NonNullable<Pip['outcome']>, string> = {
  met_expectations: 'Met expectations',
  role_changed: 'Role changed',
  reassigned: 'Reassigned',
  exited: 'Exited',
  withdrawn: 'Withdrawn',
};
export const SUPPORT_WORDS: Record<Pip['support'][number]['kind'], string> = {
  coaching: 'Coaching',
  training: 'Training',
  resources: 'Resources',
  ride_along: 'Ride-along',
};
export const EVENT_WORDS: Record<string, string> = {
  drafted: 'Drafted',
  edited: 'Edited',
  submit: 'Submitted for review',
  send_back: 'Sent back',
  approve: 'Approved; the plan started',
  acknowledge: 'Acknowledged by the rep',
  check_in: 'Check-in',
  extend: 'Extended',
  close: 'Closed',
};
