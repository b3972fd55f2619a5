import { AppError } from '../../../core/errors.js';
import { type Funnel, funnelIssues, knownStages, wonStage } from '../../../core/funnel.js';

/** A stage as a CRM export describes it (Salesforce `OpportunityStage.csv`). */
export interface ExportStage {
  name: string;
  order: number;
  closed: boolean;
  won: boolean;
  active: boolean;
}

export interface FunnelPlan {
  funnel: Funnel;
  /** `export`: the export's own stages become the funnel; `organisation`: the org's funnel stays. */
  from: 'export' | 'organisation';
  /** Export stage → funnel stage, for every stage whose name differs. */
  stageMap: [string, string][];
}

/**
 * Which funnel an export's opportunities (of one pipeline, whose funnel is `current`) go into. An organisation without CRM data takes the export's
 * stages in the CRM's order (open stages, then the won stage; the lost stage apart), each closed
 * stage beyond the first won or lost one read as that one. An organisation with data keeps its
 * funnel — its own always wins — and the export's stages are matched to it by name, then, when the
 * open stages are as many as the funnel's, by order; any left over are refused with the `--stage-map`
 * that would place them. The user's own pairs (`stageMap`) come first.
 */
export function planFunnel(
  stages: readonly ExportStage[],
  opts: { current: Funnel; hasData: boolean; userMap: readonly [string, string][] },
): FunnelPlan {
  const user = new Map(opts.userMap.map(([from, to]) => [from.trim().toLowerCase(), to.trim()]));
  const sorted = [...stages].sort((a, b) => a.order - b.order);
  const open = sorted.filter((s) => !s.closed && !user.has(s.name.toLowerCase()));
  const won = sorted.filter((s) => s.closed && s.won);
  const lost = sorted.filter((s) => s.closed && !s.won);
  // The user's pairs as they wrote them (matching ignores case).
  const stageMap: [string, string][] = opts.userMap.map(([from, to]) => [from.trim(), to.trim()]);
  if (!opts.hasData && won[0] && lost[0] && open.length > 0) {
    const funnel: Funnel = {
      stages: [...open.map((s) => s.name), won[0].name],
      lost: lost[0].name,
      ...(opts.current.pipeline && { pipeline: opts.current.pipeline }),
    };
    const issues = funnelIssues(funnel);
    if (issues.length > 0)
      throw new AppError(
        'invalid',
        `the export's stages do not make a funnel (${issues.map((i) => i.message).join('; ')}); set the funnel first with \`touchline stages set\`, then import`,
      );
    for (const s of won.slice(1)) stageMap.push([s.name, won[0].name]);
    for (const s of lost.slice(1)) stageMap.push([s.name, lost[0].name]);
    return { funnel, from: 'export', stageMap };
  }
  const funnel = opts.current;
  const byName = new Map(knownStages(funnel).map((s) => [s.toLowerCase(), s]));
  const unplaced: ExportStage[] = [];
  for (const s of sorted) {
    if (user.has(s.name.toLowerCase())) continue;
    const same = byName.get(s.name.toLowerCase());
    if (same) {
      if (same !== s.name) stageMap.push([s.name, same]);
    } else if (s.closed) stageMap.push([s.name, s.won ? wonStage(funnel) : funnel.lost]);
    else unplaced.push(s);
  }
  const funnelOpen = funnel.stages.slice(0, -1);
  if (unplaced.length > 0 && open.length === funnelOpen.length)
    for (const s of unplaced) stageMap.push([s.name, funnelOpen[open.indexOf(s)] as string]);
  else if (unplaced.length > 0) {
    const example = unplaced.map((s) => `${s.name}=${funnelOpen[0] ?? wonStage(funnel)}`).join(',');
    throw new AppError(
      'invalid',
      `the export's stages ${unplaced.map((s) => `"${s.name}"`).join(', ')} are not in this organisation's funnel (${knownStages(funnel).join(', ')}); say where each goes with a stage mapping (--stage-map "${example}")`,
    );
  }
  return { funnel, from: 'organisation', stageMap };
}
