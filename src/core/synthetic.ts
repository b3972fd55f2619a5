import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { CONTACT_LEVELS, OTHER_CONTACT_LEVELS, SENIOR_CONTACT_LEVELS } from './crmValues.js';
import { DEFAULT_FUNNEL } from './funnel.js';
import { RAMP_WEEKS } from './ramp.js';

/**
 * A synthetic sales organisation: reps who differ naturally and sometimes have a planted weakness,
 * new hires ramping up, seasonality. Pure and seeded: the same options give the same rows. Rows come
 * out in the generic import format, one opportunity (with its history and activities) at a time, so
 * millions of rows need no more memory than one.
 */
export class Random {
  private readonly rng;
  constructor(seed: number) {
    this.rng = xoroshiro128plus(seed);
    for (let i = 0; i < 8; i++) uniformFloat64(this.rng); // leave the seed's neighbourhood
  }
  next(): number {
    return uniformFloat64(this.rng);
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  normal(mean = 0, sd = 1): number {
    const u = 1 - this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }
  poisson(lambda: number): number {
    if (lambda > 30) return Math.max(0, Math.round(this.normal(lambda, Math.sqrt(lambda))));
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }
}

/** Team conversion from each funnel stage to the next (Prospecting→Meeting … Negotiation→Won): about 20% of opportunities are won, inside the 20–35% DOMAIN.md quotes for B2B. */
export const BASE_STAGE_RATES = [0.75, 0.8, 0.75, 0.7, 0.65];

export interface RepProfile {
  email: string;
  name: string;
  managerEmail: string;
  team: string;
  /** ISO date. */
  startDate: string;
  /** New-opportunity volume relative to the team (1 = typical). */
  volume: number;
  /** Multipliers on BASE_STAGE_RATES, one per transition. */
  stageRates: number[];
  /** Deal size relative to the team. */
  dealSize: number;
  /** Share of opportunity activities with C-level or VP contacts. */
  seniorReach: number;
  /** What was planted, for accuracy tests: a stage (index of the transition) or "volume". */
  planted?: { kind: 'stage'; transition: number } | { kind: 'volume' };
}

export interface SyntheticOptions {
  reps: number;
  weeks: number;
  seed: number;
  now: Date;
  domain?: string;
  opportunitiesPerWeek?: number;
  /** Outreach activities (calls, emails, social) per rep per full week. */
  outreachPerWeek?: number;
  /** Share of reps given a planted weakness (default 0.15). */
  plantedShare?: number;
}

const FIRST = [
  'Alex',
  'Blair',
  'Casey',
  'Devon',
  'Emery',
  'Finley',
  'Harper',
  'Jordan',
  'Kai',
  'Logan',
  'Morgan',
  'Noel',
  'Parker',
  'Quinn',
  'Reese',
  'Rowan',
  'Sage',
  'Taylor',
];
const LAST = [
  'Abbott',
  'Baker',
  'Chen',
  'Diaz',
  'Evans',
  'Fischer',
  'Garcia',
  'Hughes',
  'Ito',
  'Jensen',
  'Khan',
  'Lopez',
  'Meyer',
  'Novak',
  'Okafor',
  'Patel',
  'Rossi',
  'Silva',
];
const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString();
const isoDay = (t: number) => iso(t).slice(0, 10);

export interface PersonRecord {
  email: string;
  name: string;
  role: 'admin' | 'leader' | 'manager' | 'rep';
  manager_email: string;
  team: string;
  start_date: string;
}

/** People for a generated org: an admin, a leader, one manager per eight reps, and the reps. */
export function syntheticPeople(opts: SyntheticOptions): { people: PersonRecord[]; reps: RepProfile[] } {
  const rnd = new Random(opts.seed);
  const domain = opts.domain ?? 'generated.touchline.test';
  const now = opts.now.getTime();
  const people: PersonRecord[] = [
    {
      email: `admin@${domain}`,
      name: 'Generated Admin',
      role: 'admin',
      manager_email: '',
      team: '',
      start_date: isoDay(now - 2000 * DAY),
    },
    {
      email: `leader@${domain}`,
      name: 'Generated Leader',
      role: 'leader',
      manager_email: '',
      team: 'Leadership',
      start_date: isoDay(now - 1800 * DAY),
    },
  ];
  const managers = Math.max(1, Math.ceil(opts.reps / 8));
  for (let m = 0; m < managers; m++) {
    people.push({
      email: `manager${m + 1}@${domain}`,
      name: `Manager ${m + 1}`,
      role: 'manager',
      manager_email: `leader@${domain}`,
      team: `Team ${m + 1}`,
      start_date: isoDay(now - (900 + m * 30) * DAY),
    });
  }
  const reps: RepProfile[] = [];
  const planted = opts.plantedShare ?? 0.15;
  for (let i = 0; i < opts.reps; i++) {
    const m = i % managers;
    const newHire = rnd.next() < 0.1;
    const tenureDays = newHire ? rnd.int(14, 70) : rnd.int(opts.weeks * 7 + 30, opts.weeks * 7 + 1500);
    const rep: RepProfile = {
      email: `rep${i + 1}@${domain}`,
      name: `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]} ${i + 1}`,
      managerEmail: `manager${m + 1}@${domain}`,
      team: `Team ${m + 1}`,
      startDate: isoDay(now - tenureDays * DAY),
      volume: Math.exp(rnd.normal(0, 0.2)),
      stageRates: BASE_STAGE_RATES.map(() => Math.exp(rnd.normal(0, 0.1))),
      dealSize: Math.exp(rnd.normal(0, 0.25)),
      seniorReach: Math.min(0.6, Math.max(0.05, rnd.normal(0.2, 0.08))),
    };
    if (!newHire && rnd.next() < planted) {
      if (rnd.next() < 0.3) {
        rep.volume *= 0.4;
        rep.planted = { kind: 'volume' };
      } else {
        const transition = rnd.int(0, BASE_STAGE_RATES.length - 1);
        rep.stageRates[transition] = (rep.stageRates[transition] ?? 1) * 0.5;
        rep.planted = { kind: 'stage', transition };
      }
    }
    reps.push(rep);
    people.push({
      email: rep.email,
      name: rep.name,
      role: 'rep',
      manager_email: rep.managerEmail,
      team: rep.team,
      start_date: rep.startDate,
    });
  }
  return { people, reps };
}

export interface DealRecords {
  opportunity: {
    id: string;
    owner_email: string;
    account: string;
    name: string;
    amount: string;
    created_at: string;
    stage: string;
    closed_at: string;
    won: string;
  };
  history: { opportunity_id: string; stage: string; entered_at: string }[];
  activities: ActivityRecord[];
}

export interface ActivityRecord {
  id: string;
  owner_email: string;
  type: string;
  occurred_at: string;
  opportunity_id: string;
  contact_level: string;
}

const ACCOUNTS = [
  'Northwind',
  'Contoso',
  'Fabrikam',
  'Tailspin',
  'Litware',
  'Proseware',
  'Wingtip',
  'Adatum',
  'Coho',
  'Lucerne',
  'Margie',
  'Trey',
  'Woodgrove',
  'Blue Yonder',
  'Alpine',
  'Fourth Coffee',
];

function ramp(rep: RepProfile, t: number): number {
  const weeks = (t - Date.parse(rep.startDate)) / (7 * DAY);
  return weeks < 0 ? 0 : Math.min(1, (weeks + 1) / RAMP_WEEKS);
}

const season = (t: number) => 1 + 0.15 * Math.sin((2 * Math.PI * (t / DAY)) / 365.25);

/** Every rep's opportunities over the window, with stage history and the activities along the way. */
export function* syntheticDeals(reps: readonly RepProfile[], opts: SyntheticOptions): Generator<DealRecords> {
  const rnd = new Random(opts.seed + 1);
  const now = opts.now.getTime();
  const stages = DEFAULT_FUNNEL.stages;
  const perWeek = opts.opportunitiesPerWeek ?? 3;
  let activitySeq = 0;
  for (const [r, rep] of reps.entries()) {
    let n = 0;
    for (let w = opts.weeks; w >= 1; w--) {
      const weekStart = now - w * 7 * DAY;
      const count = rnd.poisson(perWeek * rep.volume * ramp(rep, weekStart) * season(weekStart));
      for (let k = 0; k < count; k++) {
        const id = `O${r + 1}-${++n}`;
        let t = weekStart + rnd.next() * 7 * DAY;
        const created = t;
        const history = [{ opportunity_id: id, stage: stages[0] as string, entered_at: iso(t) }];
        const activities: ActivityRecord[] = [];
        let at = 0;
        let outcome: 'open' | 'won' | 'lost' = 'open';
        for (;;) {
          for (let a = rnd.int(1, 3); a > 0; a--) {
            const when = t + rnd.next() * 3 * DAY;
            if (when > now) break;
            const senior = rnd.next() < rep.seniorReach;
            activities.push({
              id: `A${++activitySeq}`,
              owner_email: rep.email,
              type: rnd.pick(at === 0 ? ['call', 'email'] : ['meeting', 'demo', 'email', 'call']),
              occurred_at: iso(when),
              opportunity_id: id,
              contact_level: senior ? rnd.pick(SENIOR_CONTACT_LEVELS) : rnd.pick(OTHER_CONTACT_LEVELS),
            });
          }
          if (at === stages.length - 1) {
            outcome = 'won';
            break;
          }
          t += (3 + rnd.poisson(8)) * DAY;
          if (t > now) break; // still open at this stage: censored, not lost
          const p = Math.min(0.97, (BASE_STAGE_RATES[at] ?? 0.5) * (rep.stageRates[at] ?? 1));
          if (rnd.next() < p) {
            at++;
            history.push({ opportunity_id: id, stage: stages[at] as string, entered_at: iso(t) });
          } else {
            outcome = 'lost';
            history.push({ opportunity_id: id, stage: DEFAULT_FUNNEL.lost, entered_at: iso(t) });
            break;
          }
        }
        const amount = Math.round(25_000 * rep.dealSize * Math.exp(rnd.normal(0, 0.5)));
        yield {
          opportunity: {
            id,
            owner_email: rep.email,
            account: `${rnd.pick(ACCOUNTS)} ${rnd.int(1, 400)}`,
            name: `${rnd.pick(['Platform', 'Expansion', 'Pilot', 'Renewal', 'Seats', 'Analytics'])} deal`,
            amount: String(amount),
            created_at: iso(created),
            stage: outcome === 'lost' ? DEFAULT_FUNNEL.lost : (stages[at] as string),
            closed_at: outcome === 'open' ? '' : iso(t),
            won: outcome === 'open' ? '' : String(outcome === 'won'),
          },
          history,
          activities,
        };
      }
    }
  }
}

/** Prospecting work not tied to an opportunity: calls, emails and social touches. */
export function* syntheticOutreach(
  reps: readonly RepProfile[],
  opts: SyntheticOptions,
): Generator<ActivityRecord> {
  const rnd = new Random(opts.seed + 2);
  const now = opts.now.getTime();
  const perWeek = opts.outreachPerWeek ?? 25;
  let seq = 0;
  for (const rep of reps) {
    for (let w = opts.weeks; w >= 1; w--) {
      const weekStart = now - w * 7 * DAY;
      const count = rnd.poisson(perWeek * Math.sqrt(rep.volume) * ramp(rep, weekStart));
      for (let k = 0; k < count; k++) {
        const u = rnd.next();
        yield {
          id: `X${++seq}`,
          owner_email: rep.email,
          type: u < 0.45 ? 'call' : u < 0.85 ? 'email' : 'social',
          occurred_at: iso(weekStart + rnd.next() * 7 * DAY),
          opportunity_id: '',
          contact_level: rnd.next() < rep.seniorReach / 2 ? 'c_level' : rnd.pick(CONTACT_LEVELS.slice(1)),
        };
      }
    }
  }
}
