import { Readable } from 'node:stream';
import {
  BASE_STAGE_RATES,
  Random,
  type RepProfile,
  syntheticDeals,
  syntheticOutreach,
} from '../../core/synthetic.js';
import type { Database } from '../../db/open.js';
import { listPeople } from '../people/service.js';
import type { ImportKind } from './contract.js';
import { toCsv } from './csvOut.js';
import { ACTIVITY_COLUMNS, HISTORY_COLUMNS, OPPORTUNITY_COLUMNS } from './import/rows.js';
import { importCsv } from './service.js';

/** A year of CRM history for the demo: enough resolved deals per rep for honest statistics. */
const DEMO_WEEKS = 52;
const DEMO_SEED = 20_261_122;

/**
 * The demo's two reps from the brief, on top of everyone's natural variation: John opens plenty of
 * doors and builds rapport but loses at Negotiation; Sheila closes nearly everything she gets to
 * Negotiation but creates few opportunities.
 */
const STORY: Record<
  string,
  Partial<Pick<RepProfile, 'volume' | 'stageRates' | 'dealSize' | 'seniorReach'>>
> = {
  john: { volume: 1.3, stageRates: [1.2, 1.15, 1.0, 1.0, 0.5], seniorReach: 0.3 },
  // Another coaching case on Maria's or Omar's team: solid volume, loses deals in Discovery.
  diego: { volume: 1.1, stageRates: [1.0, 1.05, 0.6, 1.0, 1.0] },
  sheila: { volume: 0.4, stageRates: [1.0, 1.05, 1.1, 1.15, 1.45], dealSize: 1.25, seniorReach: 0.25 },
};

function csv(columns: readonly string[], rows: Record<string, string>[]): Readable {
  return Readable.from([toCsv(rows, { header: true, columns: columns as string[] })]);
}

/** Imports the demo's CRM history through the real import path, as a customer's export would arrive. */
export async function addDemoCrm(database: Database, orgId: string, now: Date): Promise<void> {
  const rnd = new Random(DEMO_SEED);
  const people = await listPeople(database.db, { orgId });
  const emailOf = new Map(people.map((p) => [p.id, p.email]));
  const reps: RepProfile[] = people
    .filter((p) => p.role === 'rep')
    .sort((a, b) => a.email.localeCompare(b.email))
    .map((p) => {
      const story = STORY[p.email.split('@')[0] ?? ''] ?? {};
      return {
        email: p.email,
        name: p.name,
        managerEmail: (p.managerId && emailOf.get(p.managerId)) || '',
        team: p.team ?? '',
        startDate: p.startDate ?? now.toISOString().slice(0, 10),
        volume: story.volume ?? Math.exp(rnd.normal(0, 0.12)),
        stageRates: story.stageRates ?? BASE_STAGE_RATES.map(() => Math.exp(rnd.normal(0, 0.06))),
        dealSize: story.dealSize ?? Math.exp(rnd.normal(0, 0.15)),
        seniorReach: story.seniorReach ?? Math.min(0.4, Math.max(0.08, rnd.normal(0.18, 0.05))),
      };
    });
  const opts = {
    reps: reps.length,
    weeks: DEMO_WEEKS,
    seed: DEMO_SEED,
    now,
    opportunitiesPerWeek: 6,
    outreachPerWeek: 30,
  };
  const opportunities: Record<string, string>[] = [];
  const history: Record<string, string>[] = [];
  const activities: Record<string, string>[] = [];
  for (const deal of syntheticDeals(reps, opts)) {
    opportunities.push(deal.opportunity);
    history.push(...deal.history);
    activities.push(...deal.activities.map((a) => ({ ...a })));
  }
  for (const a of syntheticOutreach(reps, opts)) activities.push({ ...a });
  const files: [ImportKind, readonly string[], Record<string, string>[]][] = [
    ['opportunities', OPPORTUNITY_COLUMNS, opportunities],
    ['stage_history', HISTORY_COLUMNS, history],
    ['activities', ACTIVITY_COLUMNS, activities],
  ];
  for (const [kind, columns, rows] of files) {
    const summary = await importCsv(database, {
      orgId,
      request: { kind, format: 'generic', dryRun: false, strict: true },
      input: csv(columns, rows),
      fileName: `demo ${kind}.csv`,
      now,
    });
    if (summary.rejected > 0)
      throw new Error(`demo ${kind}: ${summary.rejects[0]?.reason ?? 'rows rejected'}`);
  }
}
