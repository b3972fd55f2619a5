import { describe, expect, it } from 'vitest';
import { DEFAULT_FUNNEL, funnelIssues, knownStages, wonStage } from './funnel.js';

describe('funnel', () => {
  it('defaults to six stages ending in Won, with Lost apart', () => {
    expect(wonStage(DEFAULT_FUNNEL)).toBe('Won');
    expect(knownStages(DEFAULT_FUNNEL)).toContain('Lost');
    expect(funnelIssues(DEFAULT_FUNNEL)).toEqual([]);
  });

  it('refuses too few stages, duplicates (ignoring case) and a lost stage that is also a funnel stage', () => {
    expect(funnelIssues({ stages: ['Won'], lost: 'Lost' })[0]?.path).toBe('stages');
    expect(funnelIssues({ stages: ['Intro', 'intro', 'Won'], lost: 'Lost' }).map((i) => i.path)).toEqual([
      'stages.1',
    ]);
    expect(funnelIssues({ stages: ['Intro', 'Won'], lost: 'won' }).map((i) => i.path)).toEqual(['lost']);
  });

  it('refuses a stage name with a control character (a damaged export’s NUL byte)', () => {
    expect(funnelIssues({ stages: ['Intro', '\u0000losed Won'], lost: 'Lost' })).toEqual([
      { path: 'stages.1', message: 'a stage name holds a control character' },
    ]);
  });
});
