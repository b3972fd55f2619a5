import type { Db } from '../../db/open.js';
import { passwords } from '../../db/schema/people.js';
import { hashPassword } from './password.js';
import { addPerson } from './service.js';

export const DEMO_PASSWORD = 'touchline-demo';
export const DEMO_DOMAIN = 'demo.touchline.test';

interface DemoPerson {
  handle: string;
  name: string;
  role: 'admin' | 'leader' | 'manager' | 'rep';
  manager?: string;
  team?: string;
  /** Days before the demo's "today" that the person started. */
  tenureDays: number;
  /** The story the later features tell about this person (used by their demo parts). */
  profile?: string;
}

/**
 * The demo cast. John and Sheila are the brief's two reps: John opens doors but cannot close;
 * Sheila closes anything but cannot fill her funnel. Two new hires are still ramping.
 */
export const DEMO_PEOPLE: readonly DemoPerson[] = [
  { handle: 'admin', name: 'Avery Admin', role: 'admin', tenureDays: 2200 },
  { handle: 'leader', name: 'Lena Park', role: 'leader', team: 'Sales leadership', tenureDays: 2000 },
  {
    handle: 'maria',
    name: 'Maria Santos',
    role: 'manager',
    manager: 'leader',
    team: 'West',
    tenureDays: 1500,
  },
  { handle: 'omar', name: 'Omar Haddad', role: 'manager', manager: 'leader', team: 'East', tenureDays: 1100 },
  {
    handle: 'john',
    name: 'John Miller',
    role: 'rep',
    manager: 'maria',
    team: 'West',
    tenureDays: 820,
    profile: 'strong prospecting and rapport, weak at closing',
  },
  {
    handle: 'sheila',
    name: 'Sheila Grant',
    role: 'rep',
    manager: 'maria',
    team: 'West',
    tenureDays: 1300,
    profile: 'outstanding closer, weak at prospecting',
  },
  { handle: 'priya', name: 'Priya Nair', role: 'rep', manager: 'maria', team: 'West', tenureDays: 640 },
  { handle: 'diego', name: 'Diego Ruiz', role: 'rep', manager: 'maria', team: 'West', tenureDays: 950 },
  { handle: 'hannah', name: 'Hannah Cole', role: 'rep', manager: 'maria', team: 'West', tenureDays: 410 },
  {
    handle: 'kofi',
    name: 'Kofi Mensah',
    role: 'rep',
    manager: 'maria',
    team: 'West',
    tenureDays: 45,
    profile: 'new hire, ramping',
  },
  { handle: 'wei', name: 'Wei Chen', role: 'rep', manager: 'maria', team: 'West', tenureDays: 720 },
  { handle: 'fatima', name: 'Fatima Zahra', role: 'rep', manager: 'omar', team: 'East', tenureDays: 1050 },
  { handle: 'lucas', name: 'Lucas Brown', role: 'rep', manager: 'omar', team: 'East', tenureDays: 560 },
  { handle: 'emma', name: 'Emma Schulz', role: 'rep', manager: 'omar', team: 'East', tenureDays: 880 },
  { handle: 'raj', name: 'Raj Patel', role: 'rep', manager: 'omar', team: 'East', tenureDays: 300 },
  {
    handle: 'sofia',
    name: 'Sofia Rossi',
    role: 'rep',
    manager: 'omar',
    team: 'East',
    tenureDays: 38,
    profile: 'new hire, ramping',
  },
  { handle: 'tom', name: 'Tom O’Brien', role: 'rep', manager: 'omar', team: 'East', tenureDays: 1400 },
];

export const demoEmail = (handle: string): string => `${handle}@${DEMO_DOMAIN}`;

function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export interface DemoLogin {
  role: string;
  email: string;
  password: string;
}

/** Adds the demo cast to `orgId`, each with the demo password; returns the logins to print. */
export async function addDemoPeople(db: Db, orgId: string, now: Date): Promise<DemoLogin[]> {
  const ids = new Map<string, string>();
  const hash = await hashPassword(DEMO_PASSWORD);
  for (const p of DEMO_PEOPLE) {
    const managerId = p.manager ? ids.get(p.manager) : undefined;
    const person = await addPerson(db, {
      orgId: orgId,
      person: {
        email: demoEmail(p.handle),
        name: p.name,
        role: p.role,
        managerId: managerId ?? null,
        team: p.team ?? null,
        startDate: isoDate(new Date(now.getTime() - p.tenureDays * 86_400_000)),
      },
    });
    ids.set(p.handle, person.id);
  }
  await setDemoPasswords(db, orgId, [...ids.values()], hash);
  return demoLogins();
}

/** The demo cast's sign-ins, as printed by `touchline demo` and `npm start`. */
export function demoLogins(): DemoLogin[] {
  return DEMO_PEOPLE.map((p) => ({ role: p.role, email: demoEmail(p.handle), password: DEMO_PASSWORD }));
}

/** One hash shared by the demo cast: they share one published password anyway, and it saves seconds. */
async function setDemoPasswords(db: Db, orgId: string, personIds: string[], hash: string): Promise<void> {
  await db.insert(passwords).values(personIds.map((personId) => ({ orgId, personId, hash })));
}
