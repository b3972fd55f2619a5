import { describe, expect, it } from 'vitest';
import { GENERAL_QUESTIONS, SKILL_QUESTIONS, suggestQuestions } from './coachingQuestions.js';
import { SKILL_SLUGS } from './skills.js';

describe('coaching questions', () => {
  it('has open questions for every skill of the default framework', () => {
    for (const slug of SKILL_SLUGS) {
      expect(SKILL_QUESTIONS[slug]?.length, slug).toBeGreaterThanOrEqual(2);
      for (const q of SKILL_QUESTIONS[slug] ?? []) expect(q.endsWith('?'), q).toBe(true);
    }
  });

  it('suggests 3–5: the organisation’s own first, then the focus skill’s, then the situation’s', () => {
    const closing = suggestQuestions({ focusSkill: 'closing', count: 3 });
    expect(closing).toEqual(SKILL_QUESTIONS.closing?.slice(0, 3));
    expect(closing[0]).toBe('What would make the economic buyer take this meeting?');
    const mixed = suggestQuestions({
      focusSkill: 'rapport',
      situation: 'deal_lost',
      own: ['What did the buyer’s procurement team ask for?'],
      count: 10,
    });
    expect(mixed).toHaveLength(5);
    expect(mixed[0]).toBe('What did the buyer’s procurement team ask for?');
    expect(mixed.slice(1, 4)).toEqual(SKILL_QUESTIONS.rapport);
    expect(mixed[4]).toBe('Looking back, when could you first have seen this coming?');
    // Too few to talk about: general questions make up the number.
    expect(suggestQuestions({ own: ['Only ours?'] })).toEqual([
      'Only ours?',
      ...GENERAL_QUESTIONS.slice(0, 3),
    ]);
    expect(suggestQuestions({})).toEqual(GENERAL_QUESTIONS.slice(0, 4));
  });
});
