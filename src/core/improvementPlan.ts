/**
 * Performance improvement plans: their states and outcomes, the moves between states, and the
 * check-in schedule. A plan is support first, written down; altered responsibilities and a move
 * elsewhere are outcomes, not failures. Pure.
 */

export const PIP_STATUSES = ['draft', 'in_review', 'active', 'extended', 'closed'] as const;
export type PipStatus = (typeof PIP_STATUSES)[number];

export const PIP_OUTCOMES = [
  'met_expectations',
  'role_changed',
  'reassigned',
  'exited',
  'withdrawn',
] as const;
export type PipOutcome = (typeof PIP_OUTCOMES)[number];

export type PipStep =
  | 'edit'
  | 'submit'
  | 'approve'
  | 'send_back'
  | 'acknowledge'
  | 'check_in'
  | 'extend'
  | 'close';

/** Which states each step may start from. */
const FROM: Record<PipStep, readonly PipStatus[]> = {
  edit: ['draft'],
  submit: ['draft'],
  approve: ['in_review'],
  send_back: ['in_review'],
  acknowledge: ['active', 'extended'],
  check_in: ['active', 'extended'],
  extend: ['active', 'extended'],
  // A draft is withdrawn, not closed with an outcome about the rep; an active plan closes with one.
  close: ['draft', 'in_review', 'active', 'extended'],
};

/** Where a step leaves the plan. */
export const NEXT: Partial<Record<PipStep, PipStatus>> = {
  submit: 'in_review',
  approve: 'active',
  send_back: 'draft',
  extend: 'extended',
  close: 'closed',
};

export function canStep(status: PipStatus, step: PipStep): boolean {
  return FROM[step].includes(status);
}

/** Why a step is refused, in words, or null when it may go ahead. */
export function refusal(status: PipStatus, step: PipStep): string | null {
  if (canStep(status, step)) return null;
  const words: Record<PipStatus, string> = {
    draft: 'a draft',
    in_review: 'in review',
    active: 'active',
    extended: 'extended',
    closed: 'closed',
  };
  return `This plan is ${words[status]}: it cannot be ${STEP_WORDS[step]} now.`;
}

const STEP_WORDS: Record<PipStep, string> = {
  edit: 'edited',
  submit: 'submitted for review',
  approve: 'approved',
  send_back: 'sent back',
  acknowledge: 'acknowledged',
  check_in: 'checked in on',
  extend: 'extended',
  close: 'closed',
};

const DAY = 86_400_000;
const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);

/** The check-ins from the start to the end, every `everyDays` (the last on or before the end). */
export function checkInDates(startOn: string, endOn: string, everyDays: number): string[] {
  const out: string[] = [];
  const end = Date.parse(endOn);
  for (let t = Date.parse(startOn) + everyDays * DAY; t <= end; t += everyDays * DAY) out.push(isoDay(t));
  return out;
}

export const addDays = (day: string, n: number): string => isoDay(Date.parse(day) + n * DAY);
