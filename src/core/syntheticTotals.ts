import { isSeniorContact } from './crmValues.js';
import type { DiagnosisRep } from './diagnosis.js';
import { DEFAULT_FUNNEL } from './funnel.js';
import { emptyTotals, type RepTotals } from './kpis.js';
import type { DealRecords, RepProfile } from './synthetic.js';

/**
 * Reduces a synthetic org straight to the diagnosis's input, with the rollups' rules (entries in the
 * window, outcomes as of `now`, open entries censored, skipped stages passed, volume per week after
 * the ramp). For simulations that test the statistics on many orgs without a database; the
 * integration tests check that the database path gives the same totals.
 */
export function totalsFromDeals(
  reps: readonly RepProfile[],
  deals: Iterable<DealRecords>,
  opts: { now: Date; windowDays: number; rampWeeks: number },
): DiagnosisRep[] {
  const now = opts.now.getTime();
  const from = now - opts.windowDays * 86_400_000;
  const stages = DEFAULT_FUNNEL.stages;
  const totals = new Map<string, RepTotals>();
  const out: DiagnosisRep[] = reps.map((rep) => {
    const t = emptyTotals(DEFAULT_FUNNEL);
    totals.set(rep.email, t);
    const start = Date.parse(rep.startDate);
    const rampEnd = start + opts.rampWeeks * 7 * 86_400_000;
    t.weeks = Math.max(0, (now - Math.max(from, rampEnd)) / (7 * 86_400_000));
    return {
      id: rep.email,
      email: rep.email,
      name: rep.name,
      managerId: rep.managerEmail,
      managerEmail: rep.managerEmail,
      totals: t,
      tenureWeeks: Math.max(0, (now - Math.max(from, start)) / (7 * 86_400_000)),
    };
  });
  for (const deal of deals) {
    const t = totals.get(deal.opportunity.owner_email);
    if (!t) continue;
    const o = deal.opportunity;
    const created = Date.parse(o.created_at);
    if (created > now) continue;
    const closedAt = o.closed_at ? Date.parse(o.closed_at) : undefined;
    // As of `now`: what happened later has not happened yet.
    const closed = closedAt !== undefined && closedAt <= now;
    const entries = deal.history
      .map((h) => ({ at: Date.parse(h.entered_at), position: stages.indexOf(h.stage) }))
      .filter((h) => h.position >= 0 && h.at <= now);
    for (const e of entries) {
      if (e.at < from || e.position === stages.length - 1) continue;
      const cell = t.stages[e.position];
      if (!cell) continue;
      cell.entered++;
      const next = entries.filter((x) => x.position > e.position && x.at >= e.at).map((x) => x.at);
      if (next.length > 0) {
        cell.advanced++;
        cell.daysAdvanced += (Math.min(...next) - e.at) / 86_400_000;
      } else if (closed && o.won === 'false') cell.lost++;
    }
    if (created >= from) t.created++;
    if (closed && closedAt >= from) {
      if (o.won === 'true') {
        t.won++;
        t.wonAmountMinor += Number(o.amount) * 100;
        t.wonPriced++;
        t.wonCycleDays += (closedAt - created) / 86_400_000;
      } else t.lost++;
    }
    if (!closed) t.openPipelineMinor += Number(o.amount) * 100;
    const senior = deal.activities.some((a) => isSeniorContact(a.contact_level));
    if (created >= from && senior) t.createdSeniorReached++;
  }
  return out;
}
