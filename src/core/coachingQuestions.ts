/**
 * The coaching question bank: open, mentor-style questions a manager asks in a one-on-one — per
 * skill, and per situation the conversation is about. Our own words. A question asks the rep to
 * think, never to justify themselves; managers add their own to their organisation's bank.
 */

export const SITUATIONS = ['deal_stuck', 'deal_lost', 'deal_won', 'quiet_week', 'big_meeting_ahead'] as const;
export type Situation = (typeof SITUATIONS)[number];

export const SKILL_QUESTIONS: Record<string, readonly string[]> = {
  prospecting: [
    'Which of the accounts you reached this week fit our best customers, and how do you know?',
    'What got a reply this week that you could do more of?',
    'When is your outreach time next week, and what would make you protect it?',
    'Who at your best account would you most like to meet, and what would make them take the meeting?',
  ],
  rapport: [
    'What did you learn about the buyer as a person before you talked about us?',
    'When did the buyer start speaking freely, and what made it happen?',
    'What would you do differently in the first five minutes next time?',
  ],
  qualifying: [
    'What would have to be true for this deal to close this quarter?',
    'Who decides, who signs, and who could stop it?',
    'If you had to drop one deal from your pipeline today, which one and why?',
    'What is the cost to the buyer of doing nothing?',
  ],
  discovery: [
    'What did the buyer say the problem costs them, in their own words?',
    'Which question brought the most useful answer, and why did it work?',
    'What do you still not know that you would need to know before proposing?',
    'Who else feels this problem, and have you heard it from them?',
  ],
  presenting: [
    'Which part of your demo answered something the buyer told you in discovery?',
    'How would the buyer explain our value to their own boss after the meeting?',
    'What did you leave out this time, and was that the right call?',
  ],
  'objection-handling': [
    'What objection came up most this month, and what do you think is really behind it?',
    'When an answer settled an objection, how could you tell?',
    'Which objection would you like to raise yourself before the buyer does?',
  ],
  closing: [
    'What would make the economic buyer take this meeting?',
    'What is the next step the buyer agreed to, and when?',
    'Where in the buyer’s approval process is this deal now, and who owns the next step on their side?',
    'What would you need to hear to ask for the decision on your next call?',
    'What is the one thing that could stall this deal, and what can you do about it this week?',
  ],
  'pipeline-discipline': [
    'Which deals in your pipeline have not moved in a month, and what is the honest status of each?',
    'How confident are you in this quarter’s forecast, and what would change your mind?',
    'What will you clean out of the pipeline before Friday?',
  ],
  'social-selling': [
    'Who in your target accounts saw something you shared this month?',
    'What could you share next week that a buyer would find useful, not promotional?',
  ],
  'executive-engagement': [
    'Who is the most senior person you have met in this account, and what do they care about?',
    'What would make a VP want twenty minutes with you?',
    'What would you bring to an executive that their own team cannot tell them?',
  ],
  'insight-selling': [
    'What do you know about this buyer’s market that they might not?',
    'What did the buyer learn from you in the last meeting?',
    'Which insight changed a buyer’s thinking this quarter, and how could you use it again?',
  ],
};

export const SITUATION_QUESTIONS: Record<Situation, readonly string[]> = {
  deal_stuck: [
    'What has changed on the buyer’s side since the deal last moved?',
    'Who could you bring in to get it moving, on their side or ours?',
  ],
  deal_lost: [
    'Looking back, when could you first have seen this coming?',
    'What would you do the same, and what differently?',
  ],
  deal_won: [
    'What made the difference in this deal, and can you repeat it?',
    'Who helped you win it, and have you thanked them?',
  ],
  quiet_week: ['What got in the way of selling time this week?', 'What would make next week a good week?'],
  big_meeting_ahead: [
    'What outcome do you want from the meeting, and what will the buyer want?',
    'What is the hardest question they could ask, and how will you answer it?',
  ],
};

/** For any one-on-one: when nothing more specific is known, or to round out a short list. */
export const GENERAL_QUESTIONS: readonly string[] = [
  'What do you most want to get out of today’s conversation?',
  'What went well since we last met that you want more of?',
  'Where are you stuck, and what have you tried so far?',
  'What could I do this week that would help you most?',
];

/**
 * Questions for a one-on-one: the organisation's own first (a manager wrote them for their team),
 * then ours on the rep's focus skill, then those on the situation, then general ones to make up the number; `count` in all (3–5 is a conversation, not an interrogation).
 */
export function suggestQuestions(opts: {
  focusSkill?: string | undefined;
  situation?: Situation | undefined;
  own?: readonly string[];
  count?: number;
}): string[] {
  const count = Math.max(3, Math.min(5, opts.count ?? 4));
  const pool = [
    ...(opts.own ?? []),
    ...(opts.focusSkill ? (SKILL_QUESTIONS[opts.focusSkill] ?? []) : []),
    ...(opts.situation ? SITUATION_QUESTIONS[opts.situation] : []),
  ];
  if (pool.length < count) pool.push(...GENERAL_QUESTIONS);
  return [...new Set(pool)].slice(0, count);
}
