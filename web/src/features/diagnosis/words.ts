import type { Assessment, Diagnosis, RepDiagnosis } from './api.ts';

/** Plain words for managers: percentages, money a quarter, and the sentence on the "coach here first" card. */

export const pct = (x: number): string => `${Math.round(100 * x)}%`;

export function money(amount: number, currency: string, compact = true): string {
  return new Intl.NumberFormat('en', {
    style: 'currency',
    currency,
    notation: compact ? 'compact' : 'standard',
    maximumFractionDigits: compact ? (Math.abs(amount) >= 1_000_000 ? 1 : 0) : 0,
  }).format(amount);
}

/** What converting out of each default stage means, in a manager's words. */
const STAGE_NOUNS: Record<string, string> = {
  Prospecting: 'new prospects into meetings',
  Meeting: 'first meetings into discovery',
  Discovery: 'discovery calls into proposals',
  Proposal: 'proposals into negotiations',
  Negotiation: 'negotiations into wins',
};
export const stageNoun = (stage: string): string => STAGE_NOUNS[stage] ?? `opportunities at ${stage} onward`;

const SKILL_NAMES: Record<string, string> = {
  prospecting: 'prospecting',
  qualifying: 'qualifying',
  discovery: 'discovery',
  presenting: 'presenting',
  closing: 'closing',
};
export const skillName = (slug: string): string => SKILL_NAMES[slug] ?? slug.replace(/-/g, ' ');

export function benchmarkWho(kind: Diagnosis['benchmark']): string {
  return kind === 'org_median'
    ? 'the organisation'
    : kind === 'top_quartile'
      ? 'the team’s top quarter'
      : 'the team';
}

/**
 * New opportunities a week: one decimal, or two significant digits below one a week (a pipeline of
 * few deals opens 0.04 a week, which one decimal would show as 0.0 against a team's 0.0); next to
 * nothing is 0.0.
 */
export const perWeek = (x: number): string =>
  x >= 1 || x < 0.005 ? x.toFixed(1) : x.toPrecision(2).replace(/0+$/, '').replace(/\.$/, '');

export const firstName = (rep: Pick<RepDiagnosis, 'name'>): string => rep.name.split(' ')[0] ?? rep.name;

/** "John converts 27% of negotiations into wins; the team converts 56%; closing that gap is worth about $138K a quarter." */
export function gapSentence(
  rep: RepDiagnosis,
  gap: Assessment,
  d: Pick<Diagnosis, 'benchmark' | 'currency'>,
): string {
  const who = benchmarkWho(d.benchmark);
  const worth = `closing that gap is worth about ${money(gap.impact, d.currency)} a quarter`;
  if (gap.metric === 'new_opportunities')
    return `${firstName(rep)} opens ${perWeek(gap.rate)} new opportunities a week; ${who} opens ${perWeek(gap.benchmark)}; ${worth}.`;
  return `${firstName(rep)} converts ${pct(gap.rate)} of ${stageNoun(gap.stage)}; ${who} converts ${pct(gap.benchmark)}; ${worth}.`;
}

export function strengthSentence(rep: RepDiagnosis, s: Assessment, d: Pick<Diagnosis, 'benchmark'>): string {
  const who = benchmarkWho(d.benchmark);
  if (s.metric === 'new_opportunities')
    return `${firstName(rep)} opens ${perWeek(s.rate)} new opportunities a week (${who}: ${perWeek(s.benchmark)}).`;
  return `${firstName(rep)} converts ${pct(s.rate)} of ${stageNoun(s.stage)} (${who}: ${pct(s.benchmark)}).`;
}

/** The metric's label in tables and charts. */
export const metricLabel = (a: Pick<Assessment, 'metric' | 'stage'>): string =>
  a.metric === 'new_opportunities' ? 'New opportunities' : `${a.stage} →`;

export function rateText(a: Pick<Assessment, 'metric' | 'rate'>): string {
  return a.metric === 'new_opportunities' ? perWeek(a.rate) : pct(a.rate);
}

export function intervalText(a: Assessment): string {
  return a.metric === 'new_opportunities'
    ? `${perWeek(a.low)}–${perWeek(a.high)} a week`
    : `${pct(a.low)}–${pct(a.high)}`;
}

/** What the figures rest on beyond the CRM's records, one sentence each (none when nothing does). */
export function caveatSentences(d: Diagnosis): string[] {
  const out: string[] = [];
  const n = d.caveats.inferred;
  if (n > 0)
    out.push(
      `${n.toLocaleString('en')} ${n === 1 ? 'opportunity has' : 'opportunities have'} no stage history in the CRM: ${n === 1 ? 'it is' : 'they are'} counted as entering the first stage when created and ${n === 1 ? 'its' : 'their'} last stage when closed, passing the stages between. Conversions at those middle stages lean on this.`,
    );
  for (const u of d.caveats.unpriced)
    out.push(
      `${u.opportunities.toLocaleString('en')} ${u.opportunities === 1 ? 'opportunity is' : 'opportunities are'} in ${u.currency}, with no rate to ${d.currency}: left out of deal size and every money figure (no rate for ${u.currency}).`,
    );
  const others = d.caveats.otherPipelines;
  if (others.length > 0)
    out.push(
      `${d.caveats.pipeline ? `These figures are of the pipeline “${d.caveats.pipeline}”.` : 'These figures are of the deals that name no pipeline.'} ${others.map((o) => `${o.opportunities.toLocaleString('en')} ${o.opportunities === 1 ? 'opportunity' : 'opportunities'} in ${o.name ? `“${o.name}”` : 'no named pipeline'}`).join(' and ')} ${others.length === 1 && others[0]?.opportunities === 1 ? 'is' : 'are'} kept with ${others.length === 1 ? 'its' : 'their'} own funnel and not counted here; an admin chooses the pipeline on the CRM data page.`,
    );
  return out;
}
