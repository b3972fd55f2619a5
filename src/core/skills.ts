/**
 * Touchline's default sales skills framework: what each skill is and a 1–5 rubric whose levels
 * describe what a coach can see the rep do, not how good they are. Written by us for Touchline
 * (the levels follow one ladder: 1 not yet seen, 2 with prompting, 3 on their own in ordinary
 * situations, 4 consistently and in hard ones, 5 others learn it from them). Organisations edit it.
 */

/** The skills' stable slugs: KPIs, the diagnosis and plans name skills by these. */
export const SKILL_SLUGS = [
  'prospecting',
  'rapport',
  'qualifying',
  'discovery',
  'presenting',
  'objection-handling',
  'closing',
  'pipeline-discipline',
  'social-selling',
  'executive-engagement',
  'insight-selling',
] as const;
export type SkillSlug = (typeof SKILL_SLUGS)[number];

/** The rating scale: every rubric has one description per level. */
export const SKILL_LEVELS = [1, 2, 3, 4, 5] as const;
export const MIN_LEVEL = 1;
export const MAX_LEVEL = 5;

export interface SkillDefinition {
  slug: string;
  name: string;
  description: string;
  /** What a rep at level 1, 2, 3, 4 and 5 is seen doing. */
  rubric: [string, string, string, string, string];
}

export const DEFAULT_SKILLS: readonly SkillDefinition[] = [
  {
    slug: 'prospecting',
    name: 'Prospecting',
    description: 'Finding and opening conversations with buyers who fit, steadily enough to fill the funnel.',
    rubric: [
      'Works the leads they are handed; no regular time set aside for outreach.',
      'Blocks outreach time when reminded; contacts whoever is in the list, with one generic message.',
      'Keeps a weekly outreach block, picks accounts that fit the ideal customer, follows up more than once.',
      'Runs multi-touch sequences across phone, email and social, tuned by what gets replies; the funnel stays full without pushing.',
      'Their lists, messages and cadences are the ones the team copies; they coach others on targeting.',
    ],
  },
  {
    slug: 'rapport',
    name: 'Rapport',
    description:
      'Earning the buyer’s trust and attention early, so the conversation is open rather than guarded.',
    rubric: [
      'Starts straight into the pitch; the buyer answers in short, guarded replies.',
      'Makes small talk, but it does not connect to the buyer or their business.',
      'Opens with something specific to the buyer, listens, and the buyer speaks freely about their situation.',
      'Adjusts tone and pace to each person in the room; buyers share concerns they would not put in writing.',
      'Buyers seek them out and introduce colleagues; others ask how they build trust so fast.',
    ],
  },
  {
    slug: 'qualifying',
    name: 'Qualifying',
    description: 'Deciding early and honestly whether there is a real deal: need, budget, authority, timing.',
    rubric: [
      'Treats every conversation as an opportunity; deals stall with no known reason.',
      'Asks about budget or timing when the form requires it, rarely about who decides.',
      'Establishes need, budget range, decision maker and timeline before creating an opportunity.',
      'Disqualifies weak deals early and says why; forecasted deals rarely slip for a reason that could have been known.',
      'Their qualification notes are the model; managers trust their forecast without checking.',
    ],
  },
  {
    slug: 'discovery',
    name: 'Discovery',
    description: 'Understanding the buyer’s problem, its cost and who feels it, before proposing anything.',
    rubric: [
      'Presents the product before asking about the buyer’s situation.',
      'Asks a list of stock questions; rarely follows an answer with a deeper one.',
      'Asks about the buyer’s business impact before presenting, and lets the buyer talk most of the call.',
      'Quantifies the problem with the buyer and uncovers needs the buyer had not named; the buyer agrees to the summary.',
      'Buyers say the discovery itself was valuable; their questions become the team’s call guide.',
    ],
  },
  {
    slug: 'presenting',
    name: 'Presenting value',
    description: 'Showing how the offer solves this buyer’s problem, in the buyer’s terms and numbers.',
    rubric: [
      'Runs the standard demo or deck, feature by feature, the same for every buyer.',
      'Mentions the buyer’s problem at the start, then shows the standard material.',
      'Shows only what answers the needs found in discovery, and ties each part to the buyer’s own words.',
      'Builds the business case with the buyer’s figures; the buyer can retell the value to their own boss.',
      'Turns complex offers into a short, specific story for any audience; others reuse their business cases.',
    ],
  },
  {
    slug: 'objection-handling',
    name: 'Objection handling',
    description: 'Meeting concerns with curiosity, finding what is behind them, and resolving them.',
    rubric: [
      'Argues with the objection or drops the price at the first push-back.',
      'Answers objections with prepared lines, whether or not they fit the concern.',
      'Asks what is behind an objection before answering, and checks the answer settled it.',
      'Raises likely objections before the buyer does; turns concerns into reasons to move forward.',
      'Handles objections at executive level calmly; the team learns its answers from them.',
    ],
  },
  {
    slug: 'closing',
    name: 'Closing',
    description: 'Agreeing the next step on every call, and getting to a signed decision without stalling.',
    rubric: [
      'Ends calls without a next step; waits for the buyer to decide.',
      'Asks for the order only at the end, and accepts "let me think about it".',
      'Agrees a dated next step on every call and asks for the decision when the buyer’s criteria are met.',
      'Maps the buyer’s approval steps early and closes on a mutual plan; few deals stall in negotiation.',
      'Closes complex, multi-party deals on the date forecast; coaches others through stuck negotiations.',
    ],
  },
  {
    slug: 'pipeline-discipline',
    name: 'Pipeline discipline',
    description:
      'Keeping the CRM true and following up on time, so the pipeline says what is really happening.',
    rubric: [
      'CRM is updated when someone asks; stages and close dates are out of date.',
      'Updates the CRM before reviews; follow-ups happen when remembered.',
      'Stages, amounts and next steps are current each week; follow-ups go out when promised.',
      'Cleans out dead deals unprompted and reviews their own pipeline weekly against conversion rates.',
      'Their pipeline is the example in reviews; forecast accuracy is consistently high.',
    ],
  },
  {
    slug: 'social-selling',
    name: 'Social selling',
    description: 'Building a professional presence and relationships online that open doors with buyers.',
    rubric: [
      'Incomplete professional profile; no activity with buyers online.',
      'Profile up to date; connects with contacts after meetings.',
      'Connects with target buyers before reaching out and shares useful content regularly.',
      'Engages buyers with insight online and gets meetings from it; warm introductions through their network.',
      'Seen as a voice in the market; buyers reach out to them first.',
    ],
  },
  {
    slug: 'executive-engagement',
    name: 'Executive engagement',
    description: 'Reaching and holding the attention of C-level and VP buyers, in their language.',
    rubric: [
      'Works only with the first contact; never reaches the people who decide.',
      'Asks the contact to bring in the boss; meets executives only when they come to the table.',
      'Reaches a VP or C-level buyer on their larger deals and prepares a short, business-level agenda.',
      'Opens deals at executive level and keeps executives involved to the decision.',
      'Executives ask for their view on strategy; they bring the company’s leaders into key accounts.',
    ],
  },
  {
    slug: 'insight-selling',
    name: 'Insight-led selling',
    description: 'Teaching buyers something new about their business, which earns the right to sell.',
    rubric: [
      'Talks about the product; has no view on the buyer’s industry.',
      'Repeats the company’s market messages without connecting them to the buyer.',
      'Brings a relevant insight or benchmark to each first meeting and links it to the buyer’s situation.',
      'Reframes how buyers see their problem, with evidence; buyers change their plans because of it.',
      'Publishes or speaks on the market; buyers come to them for their point of view.',
    ],
  },
];

/** A skill's definition by slug, from the default framework (organisations may have edited theirs). */
export function defaultSkill(slug: string): SkillDefinition | undefined {
  return DEFAULT_SKILLS.find((s) => s.slug === slug);
}
