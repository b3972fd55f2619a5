import type { FieldIssue } from './errors.js';

/** An organisation's funnel: ordered stages whose last is the won stage, plus one lost stage. */
export interface Funnel {
  stages: string[];
  lost: string;
  /**
   * The CRM pipeline whose deals it describes, when the CRM names its pipelines; absent for a CRM
   * without named pipelines.
   */
  pipeline?: string;
}

export const DEFAULT_FUNNEL: Funnel = {
  stages: ['Prospecting', 'Meeting', 'Discovery', 'Proposal', 'Negotiation', 'Won'],
  lost: 'Lost',
};

/** A fresh copy of the default funnel (a funnel is often built on; the default must stay as it is). */
export const defaultFunnel = (): Funnel => ({
  stages: [...DEFAULT_FUNNEL.stages],
  lost: DEFAULT_FUNNEL.lost,
});

export const wonStage = (f: Funnel): string => f.stages[f.stages.length - 1] ?? '';

/** Every stage name a record may carry: the funnel's stages and the lost stage. */
export function knownStages(f: Funnel): string[] {
  return [...f.stages, f.lost];
}

/** Checks a funnel a user proposes; returns the problems, empty when it is fine. */
/** Characters no stage name holds (a damaged export's NUL bytes, tabs, line breaks). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds
const CONTROL = /[\u0000-\u001f\u007f]/;

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
    else if (CONTROL.test(s)) issues.push({ path, message: 'a stage name holds a control character' });
    const key = s.trim().toLowerCase();
    if (seen.has(key)) issues.push({ path, message: `"${s}" is listed twice` });
    seen.add(key);
  }
  return issues;
}
