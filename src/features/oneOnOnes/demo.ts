import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';
import type { Actor } from '../../core/actor.js';
import type { Db } from '../../db/open.js';
import { DEMO_PEOPLE, demoEmail } from '../people/demo.js';
import { listPeopleBrief } from '../people/service.js';
import { addAction, addAgendaItem, saveNote, setActionDone } from './edits.js';
import { holdMeeting, skipMeeting } from './meetings.js';
import { mySeries, startSeries } from './series.js';

dayjs.extend(utc);
dayjs.extend(timezone);

const DAY = 86_400_000;
const WEEK = 7 * DAY;

/** Where each demo team sits: the series keep their wall-clock time there. */
const ZONES: Record<string, string> = { maria: 'America/Los_Angeles', omar: 'America/New_York' };

const ACCOUNTS = ['Northwind', 'Globex', 'Initech', 'Umbrella Health', 'Vandelay Imports', 'Stark Logistics'];

/** The rep's talking points, in their voice; `{a}` is an account. */
const REP_POINTS: Record<string, string[]> = {
  john: [
    '{a} went quiet after the demo: how do I get to a decision?',
    'Pricing pushback from {a}: how far can I go?',
    'Can we role-play asking for the close?',
  ],
  sheila: [
    'My pipeline for next quarter is thin: where should I prospect?',
    'Could you introduce me to the VP at {a}?',
    'Is LinkedIn worth an hour a day?',
  ],
  default: [
    'Can we look at my stuck deals, {a} first?',
    'Feedback on my discovery call with {a}?',
    'How do I get a meeting with the CFO at {a}?',
    'Holiday cover for my accounts',
  ],
};
const MANAGER_POINTS = [
  'Pipeline review: deals with no activity in 30 days',
  'Forecast for the quarter: commit and best case',
  'Your development plan: what you practised this week',
];
const SHARED_NOTES = [
  'Went through {a}: the champion likes us, but the economic buyer has not been in a meeting yet.\nAgreed to ask for a joint call with the CFO before sending the proposal.',
  'Pipeline: three deals older than 60 days. {a} is real; the other two go to closed lost unless they reply by Friday.',
  'Good week: two first meetings booked from the outbound sequence. Keep the Tuesday and Thursday prospecting blocks.',
  'Role-played the pricing objection. Better when you ask what the alternative costs them before defending the price.',
  'Forecast: {a} moves to commit if the security review passes next week.',
];
const PRIVATE_NOTES = [
  'Seems stretched: check the workload next time before adding anything.',
  'Hesitant to ask for the decision; the next ride-along should be a closing call.',
  'Ready for a bigger territory in Q2 if the pipeline holds up.',
  'Quieter than usual. Ask how things are going outside work.',
];
const ACTIONS = [
  'Ask {a} for a meeting with their CFO',
  'Send the {a} proposal with two options',
  'Block two prospecting hours on Tuesday and Thursday',
  'Role-play the pricing objection before the {a} call',
  'Clean up deals older than 60 days',
];

const pick = <T>(list: readonly T[], i: number): T => list[i % list.length] as T;
const fill = (text: string, i: number) => text.replace('{a}', pick(ACCOUNTS, i));

/** 09:00 (or 14:00 for every other rep) in `zone` on the Monday `weeksAgo` weeks before `now`. */
function firstMeeting(now: Date, weeksAgo: number, zone: string, afternoon: boolean): Date {
  const day = new Date(now.getTime() - weeksAgo * WEEK);
  const monday = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate()));
  monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7));
  const wall = `${monday.toISOString().slice(0, 10)}T${afternoon ? '14' : '09'}:00:00`;
  return dayjs.tz(wall, zone).toDate();
}

/** What one demo series says: its people's words, and which weeks were skipped. */
interface SeriesStory {
  manager: Actor;
  person: Actor;
  /** A number per series, so the demo's words vary between series. */
  seed: number;
  cadence: 'weekly' | 'biweekly';
  weeksAgo: number;
  zone: string;
  personPoints: readonly string[];
  managerPoints: readonly string[];
  notes: readonly string[];
  privateNotes: readonly string[];
  actions: readonly string[];
  /** Meetings (by their number in the series) skipped. */
  skip: (meeting: number) => boolean;
}

/**
 * Runs one series through the services from its first meeting to today: each meeting gets a talking
 * point from each side, shared notes, a private note every other time, last time's action ticked off
 * (most times) and a new one, and is held; the next one is left scheduled.
 */
async function playSeries(db: Db, story: SeriesStory, now: Date): Promise<void> {
  const { manager, person, seed } = story;
  const firstAt = firstMeeting(now, story.weeksAgo, story.zone, seed % 2 === 1);
  await startSeries(db, {
    actor: manager,
    repId: person.personId,
    input: {
      cadence: story.cadence,
      firstAt: firstAt.toISOString(),
      durationMinutes: 30,
      timeZone: story.zone,
    },
    now: new Date(firstAt.getTime() - 3 * DAY),
  });
  const open: string[] = [];
  for (let n = 0; ; n++) {
    const series = (await mySeries(db, { actor: person, now })).asRep.find(
      (s) => s.manager.id === manager.personId,
    );
    const next = series?.next;
    if (!next || Date.parse(next.startsAt) > now.getTime()) {
      // A few have already put a talking point on the next meeting.
      if (next && seed % 3 === 0)
        await addAgendaItem(db, {
          actor: person,
          meetingId: next.meetingId,
          text: fill(pick(story.personPoints, n + seed), n + seed),
        });
      return;
    }
    const at = Date.parse(next.startsAt);
    const meetingId = next.meetingId;
    if (story.skip(n)) {
      await skipMeeting(db, { actor: manager, meetingId, now: new Date(at - DAY) });
      continue;
    }
    const k = seed + n;
    await addAgendaItem(db, { actor: person, meetingId, text: fill(pick(story.personPoints, k), k) });
    await addAgendaItem(db, { actor: manager, meetingId, text: pick(story.managerPoints, k) });
    const during = new Date(at + 20 * 60_000);
    await saveNote(db, {
      actor: manager,
      meetingId,
      kind: 'shared',
      save: { baseVersion: 0, text: fill(pick(story.notes, k), k + 1) },
      now: during,
    });
    if (k % 2 === 0)
      await saveNote(db, {
        actor: manager,
        meetingId,
        kind: 'private',
        save: { baseVersion: 0, text: pick(story.privateNotes, k) },
        now: during,
      });
    // Last time's action is done in this meeting, most times.
    const earlier = open.shift();
    if (earlier && k % 4 !== 3)
      await setActionDone(db, { actor: person, meetingId, actionId: earlier, done: true, now: during });
    open.push(
      await addAction(db, {
        actor: manager,
        meetingId,
        input: {
          text: fill(pick(story.actions, k), k),
          ownerId: k % 5 === 4 ? manager.personId : person.personId,
          dueOn: new Date(at + 4 * DAY).toISOString().slice(0, 10),
        },
      }),
    );
    await holdMeeting(db, { actor: manager, meetingId, now: new Date(at + 30 * 60_000) });
  }
}

/** What a leader and a manager talk about: the team, its coaching, hiring. */
const LEADER_TALK = {
  personPoints: [
    'Coaching plan for my weakest closer',
    'Hiring: one open seat on the team',
    'Two reps below target this quarter: what support can we add?',
  ],
  managerPoints: [
    'Are your one-on-ones happening every week?',
    'Forecast accuracy',
    'Your own development goal',
  ],
  notes: [
    'Went through the team’s coaching queue: two plans due for review. Agreed to ride along on one closing call each week.',
    'Forecast: the team is at 85% of target. {a} and two smaller deals decide the quarter.',
    'Hiring: second-round interviews next week; looking for someone who prospects well.',
  ],
  privateNotes: [
    'Strong coach, stretched thin: watch for burnout in Q1.',
    'Ready to lead the new-hire onboarding programme.',
  ],
  actions: [
    'Share the team’s coaching plans before the next meeting',
    'Book a ride-along on a {a} closing call',
    'Send the hiring scorecard',
  ],
};

/**
 * The demo's one-on-ones: every rep meets their manager weekly — Maria's team (West) for six weeks,
 * every meeting held; Omar's (East) also six weeks, with one or two skipped (travel, an offsite), so
 * cadence adherence tells the two managers apart. Lena, the leader, meets each manager every other
 * week. Each held meeting has the person's talking points first, shared and private notes, an action
 * (most done since), and the KPI snapshot as it stood that day. The next meeting is scheduled.
 */
export async function addDemoOneOnOnes(db: Db, orgId: string, now: Date): Promise<void> {
  const people = new Map((await listPeopleBrief(db, orgId)).map((p) => [p.email, p]));
  const actorOf = (handle: string): Actor => {
    const p = people.get(demoEmail(handle));
    if (!p) throw new Error(`the demo has no ${handle}`);
    return { orgId, personId: p.id, role: p.role, email: p.email, name: p.name, via: 'cli' };
  };
  const reps = DEMO_PEOPLE.filter((p) => p.role === 'rep' && p.manager);
  for (const [i, rep] of reps.entries()) {
    const managerHandle = rep.manager as string;
    await playSeries(
      db,
      {
        manager: actorOf(managerHandle),
        person: actorOf(rep.handle),
        seed: i,
        cadence: 'weekly',
        // New hires started their series when they joined.
        weeksAgo: Math.min(6, Math.floor(rep.tenureDays / 7)),
        zone: ZONES[managerHandle] ?? 'UTC',
        personPoints: REP_POINTS[rep.handle] ?? REP_POINTS.default ?? [],
        managerPoints: MANAGER_POINTS,
        notes: SHARED_NOTES,
        privateNotes: PRIVATE_NOTES,
        actions: ACTIONS,
        // East skips one week (the team offsite), and a second one for every other rep.
        skip: (n) => managerHandle === 'omar' && (n === 2 || (n === 4 && i % 2 === 0)),
      },
      now,
    );
  }
  const managers = DEMO_PEOPLE.filter((p) => p.role === 'manager' && p.manager);
  for (const [i, manager] of managers.entries())
    await playSeries(
      db,
      {
        manager: actorOf(manager.manager as string),
        person: actorOf(manager.handle),
        seed: i,
        cadence: 'biweekly',
        weeksAgo: 6,
        zone: ZONES[manager.handle] ?? 'UTC',
        ...LEADER_TALK,
        skip: () => false,
      },
      now,
    );
}
