import { describe, expect, it } from 'vitest';
import { type Evidence, levelOf, masteryOf } from './skillProfile.js';

const e = (source: Evidence['source'], level: number, observedOn: string): Evidence => ({
  skill: 'closing',
  source,
  level,
  observedOn,
});
const plain = { inPlan: false, kpiGapFlagged: true };

describe('mastery stage', () => {
  it('moves taught → learned → applied → mastered as evidence is added, saying why', () => {
    const evidence: Evidence[] = [];
    expect(masteryOf(evidence, plain)).toEqual({
      stage: 'not_started',
      because: 'no training, assessment or observation yet',
    });
    expect(masteryOf(evidence, { ...plain, inPlan: true }).stage).toBe('taught');
    evidence.push(e('self_assessment', 4, '2026-09-01'));
    expect(masteryOf(evidence, plain).stage).toBe('not_started'); // a self-rating proves nothing
    evidence.push(e('manager_assessment', 3, '2026-09-02'));
    expect(masteryOf(evidence, plain)).toEqual({
      stage: 'learned',
      because: 'learned: rated 3 in the manager’s assessment of 2026-09-02',
    });
    evidence.push(e('ride_along', 3, '2026-10-12'));
    expect(masteryOf(evidence, plain)).toEqual({
      stage: 'applied',
      because: 'applied: observed at level 3 on the ride-along of 2026-10-12',
    });
    evidence.push(e('call_review', 4, '2026-10-20'), e('ride_along', 4, '2026-11-03'));
    expect(masteryOf(evidence, plain).stage).toBe('applied'); // two days at 4 are not three
    evidence.push(e('ride_along', 4, '2026-11-25'));
    // Three days at level 4 over 36 days, but the KPI gap is still flagged.
    expect(masteryOf(evidence, plain)).toMatchObject({ stage: 'applied' });
    expect(masteryOf(evidence, plain).because).toContain('still flags its KPI gap');
    expect(masteryOf(evidence, { inPlan: true, kpiGapFlagged: false })).toEqual({
      stage: 'mastered',
      because:
        'mastered: observed at level 4 or above on 3 days from 2026-10-20 to 2026-11-25, and its KPI gap is closed',
    });
  });

  it('needs the occasions spread over the span: three days within a week are not mastery', () => {
    const evidence = [
      e('ride_along', 5, '2026-11-01'),
      e('ride_along', 5, '2026-11-03'),
      e('call_review', 4, '2026-11-06'),
    ];
    expect(masteryOf(evidence, { inPlan: false, kpiGapFlagged: false }).stage).toBe('applied');
    // The rules are the organisation's to set.
    const rules = {
      learnedLevel: 3,
      appliedLevel: 3,
      masteredLevel: 4,
      masteredOccasions: 3,
      masteredSpanDays: 5,
    };
    expect(masteryOf(evidence, { inPlan: false, kpiGapFlagged: false, rules }).stage).toBe('mastered');
  });

  it('counts a passed knowledge check as learned, and a training as taught', () => {
    expect(masteryOf([e('training', 3, '2026-05-01')], plain)).toEqual({
      stage: 'taught',
      because: 'taught: the training of 2026-05-01',
    });
    expect(masteryOf([e('knowledge_check', 3, '2026-05-02')], plain).because).toBe(
      'learned: passed the knowledge check of 2026-05-02',
    );
    expect(masteryOf([e('knowledge_check', 1, '2026-05-02')], plain).stage).toBe('not_started');
  });
});

describe('current level', () => {
  it('weighs field observation over a manager’s rating, recent over old, and keeps self-ratings apart', () => {
    const today = '2026-12-01';
    expect(levelOf([], today)).toEqual({ level: null, self: null, perceptionGap: null, ratings: 0 });
    expect(levelOf([e('self_assessment', 4, '2026-11-01')], today)).toEqual({
      level: null,
      self: 4,
      perceptionGap: null,
      ratings: 0,
    });
    // Same day: ride-along (weight 1) at 4, manager (0.8) at 2 → (4 + 1.6) / 1.8 = 3.1.
    const both = levelOf(
      [e('ride_along', 4, today), e('manager_assessment', 2, today), e('self_assessment', 5, today)],
      today,
    );
    expect(both).toEqual({ level: 3.1, self: 5, perceptionGap: 1.9, ratings: 2 });
    // A year-old 1 counts about 1/16 of today's 4.
    expect(levelOf([e('ride_along', 1, '2025-12-01'), e('ride_along', 4, today)], today).level).toBe(3.8);
  });
});
