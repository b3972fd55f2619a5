import type { FieldIssue } from './errors.js';

/** An organisation's funnel: ordered stages whose last is the won stage, plus one lost stage. */
export interface Funnel {
  stages: string[];
  lost: string;
}

export const DEFAULT_FUNNEL: Funnel = {
  stages: ['Prospecting', 'Meeting', 'Discovery', 'Proposal', 'Negotiation', 'Won'],
  lost: 'Lost',
};

export const wonStage = (f: Funnel): string => f.stages[f.stages.length - 1] ?? '';

/** Every stage name a record may carry: the funnel's stages and the lost stage. */
export function knownStages(f: Funnel): string[] {
  return [...f.stages, f.lost];
}

/** Checks a funnel a user proposes; returns the problems, empty when it is fine. */
export function funnelIssues(f: Funnel): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (f.stages.length < 2)
    issues.push({
      path: 'stages',
      message: 'list at least two stages: one open stage and the won stage last',
    });
  if (f.stages.length > 20) issues.push({ path: 'stages', message: 'list at most 20 stages' });
  const seen = new Set<string>();
  for (const [i, s] of [...f.stages, f.lost].entries()) {
    const path = i < f.stages.length ? `stages.${i}` : 'lost';
    if (!s.trim() || s.length > 60) issues.push({ path, message: 'a stage name has 1–60 characters' });
    const key = s.trim().toLowerCase();
    if (seen.has(key)) issues.push({ path, message: `"${s}" is listed twice` });
    seen.add(key);
  }
  return issues;
}
