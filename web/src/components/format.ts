import dayjs from 'dayjs';
import relativeTime from 'dayjs/plugin/relativeTime';
import { isRampingOn } from '../../../src/core/ramp.ts';
import { ROLE_LABELS } from '../../../src/core/roles.ts';
import type { Person } from '../../../src/features/people/contract.ts';

dayjs.extend(relativeTime);

export function tenureDays(person: Pick<Person, 'startDate'>, today = dayjs()): number | null {
  return person.startDate ? today.diff(dayjs(person.startDate), 'day') : null;
}

export function tenureLabel(person: Pick<Person, 'startDate'>): string {
  const days = tenureDays(person);
  if (days === null) return 'Start date not set';
  if (days < 0) return `Starts ${dayjs(person.startDate).format('D MMM YYYY')}`;
  if (days < 60) return `${days} days`;
  const months = Math.floor(days / 30.44);
  if (months < 24) return `${months} months`;
  return `${(days / 365.25).toFixed(1)} years`;
}

export function isRamping(person: Pick<Person, 'startDate' | 'role'>): boolean {
  return person.role === 'rep' && isRampingOn(person.startDate, new Date());
}

export function formatDate(iso: string | null): string {
  return iso ? dayjs(iso).format('D MMM YYYY') : '—';
}

export const roleLabel = (role: Person['role']): string => ROLE_LABELS[role];
