import { describe, expect, it } from 'vitest';
import { canStep, checkInDates, refusal } from './improvementPlan.js';

describe('improvement plan states', () => {
  it('goes draft → in review → active → extended → closed, and back to draft when sent back', () => {
    expect(canStep('draft', 'submit')).toBe(true);
    expect(canStep('in_review', 'approve')).toBe(true);
    expect(canStep('in_review', 'send_back')).toBe(true);
    expect(canStep('active', 'extend')).toBe(true);
    expect(canStep('extended', 'close')).toBe(true);
    expect(canStep('draft', 'approve')).toBe(false);
    expect(canStep('active', 'edit')).toBe(false);
    for (const step of ['edit', 'submit', 'approve', 'check_in', 'extend', 'close'] as const)
      expect(canStep('closed', step), step).toBe(false);
    expect(refusal('closed', 'extend')).toBe('This plan is closed: it cannot be extended now.');
    expect(refusal('active', 'check_in')).toBeNull();
  });

  it('plans weekly check-ins from the start to the end', () => {
    expect(checkInDates('2026-12-01', '2026-12-31', 7)).toEqual([
      '2026-12-08',
      '2026-12-15',
      '2026-12-22',
      '2026-12-29',
    ]);
    expect(checkInDates('2026-12-01', '2026-12-05', 7)).toEqual([]);
  });
});
