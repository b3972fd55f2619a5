import type { Actor } from '../../core/actor.js';
import { addDays } from '../../core/improvementPlan.js';
import type { Db } from '../../db/open.js';
import { DEMO_PEOPLE, demoEmail } from '../people/demo.js';
import { listPeopleBrief } from '../people/service.js';
import { activePlanOf } from '../plans/service.js';
import type { GoalInput } from './contract.js';
import { acknowledgePip, checkInPip, reviewPip, startPip, submitPip } from './pips.js';
import { checkGoal, setGoal } from './service.js';

const DAY = 86_400_000;

/**
 * The demo's goals and its one improvement plan. Each manager has a team goal on new opportunities;
 * most reps have a goal on their development plan's KPI, set on different days — the newest still on
 * track, older ones behind the straight line where the data has not moved (progress is computed, so
 * the statuses are whatever the data says). Omar has put Tom on a 60-day plan: drafted four weeks
 * ago, approved by Lena, acknowledged by Tom with a response, two weekly check-ins so far.
 */
export async function addDemoGoals(db: Db, orgId: string, now: Date): Promise<void> {
  const today = now.toISOString().slice(0, 10);
  const daysAgo = (n: number) => new Date(now.getTime() - n * DAY);
  const dayAgo = (n: number) => daysAgo(n).toISOString().slice(0, 10);
  const people = new Map((await listPeopleBrief(db, orgId)).map((p) => [p.email, p]));
  const actorOf = (handle: string): Actor => {
    const p = people.get(demoEmail(handle));
    if (!p) throw new Error(`the demo has no ${handle}`);
    return { orgId, personId: p.id, role: p.role, email: p.email, name: p.name, via: 'cli' };
  };
  // A stretch from where the owner stood on the day the goal was set (the baseline the data gives).
  const stretched = async (ownerId: string, input: GoalInput, minimum: number) => {
    const { baseline } = await checkGoal(db, { orgId, ownerId, input, today: input.startOn ?? today });
    const up = Math.round((baseline ?? 0) * 1.25 * 10) / 10;
    return { ...input, target: Math.max(minimum, up, (baseline ?? 0) + 0.5) };
  };
  const teamGoals = new Map<string, string>();
  for (const manager of ['maria', 'omar']) {
    const actor = actorOf(manager);
    const start = dayAgo(42);
    teamGoals.set(
      manager,
      await setGoal(db, {
        actor,
        ownerId: actor.personId,
        today: start,
        input: await stretched(
          actor.personId,
          {
            title: 'Fill next quarter’s pipeline: more new opportunities across the team',
            kpi: 'new_opportunities',
            target: 0,
            startOn: start,
            dueOn: addDays(today, 49),
            checkIns: [dayAgo(14), addDays(today, 14), addDays(today, 35)],
          },
          0,
        ),
      }),
    );
  }
  const reps = DEMO_PEOPLE.filter((p) => p.role === 'rep' && p.manager && p.tenureDays >= 90);
  for (const [i, rep] of reps.entries()) {
    if (rep.handle === 'tom') continue; // his expectations are his improvement plan's
    const manager = actorOf(rep.manager as string);
    const person = actorOf(rep.handle);
    const plan = await activePlanOf(db, { orgId, repId: person.personId, today });
    const kpi = plan?.focus.find((f) => f.kpi)?.kpi;
    // Set one to eight weeks ago: the newest goals are on track, the oldest show where data lags.
    const started = [7, 21, 35, 56][i % 4] ?? 21;
    const start = dayAgo(started);
    const due = addDays(start, 91);
    const checkIns = [addDays(start, 30), addDays(start, 60)];
    if (kpi?.metric === 'conversion')
      await setGoal(db, {
        actor: manager,
        ownerId: person.personId,
        today: start,
        input: {
          title: `${kpi.stage} conversion to ${Math.round(kpi.target * 100)}%`,
          kpi: 'conversion',
          kpiKey: kpi.stage,
          target: kpi.target,
          startOn: start,
          dueOn: due,
          checkIns,
        },
      });
    else
      await setGoal(db, {
        actor: manager,
        ownerId: person.personId,
        today: start,
        input: await stretched(
          person.personId,
          {
            title: 'More first meetings from outbound: new opportunities each week',
            kpi: 'new_opportunities',
            target: 0,
            startOn: start,
            dueOn: due,
            checkIns,
            parentId: teamGoals.get(rep.manager as string) ?? null,
          },
          kpi?.metric === 'new_opportunities' ? Math.round(kpi.target * 10) / 10 : 0,
        ),
      });
  }
  // Omar's plan for Tom.
  const omar = actorOf('omar');
  const tom = actorOf('tom');
  const lena = actorOf('leader');
  const drafted = 28;
  const pipId = await startPip(db, {
    actor: omar,
    repId: tom.personId,
    today: dayAgo(drafted),
    now: daysAgo(drafted),
    draft: {
      concern:
        'New opportunities and activity have been well below the East team for two quarters, and forecasted deals have slipped.',
      examples: [
        { on: dayAgo(70), text: 'No new opportunity created in three of the four weeks of that month.' },
        {
          on: dayAgo(45),
          text: 'Two deals in commit moved to the next quarter without a recorded next step.',
        },
        { on: dayAgo(33), text: 'Prospecting blocks agreed in two one-on-ones were not held.' },
      ],
      expectations: [
        { title: 'Three new opportunities a week', kpi: 'new_opportunities', target: 3 },
        { title: 'Win rate back to the team median', kpi: 'win_rate', target: 0.25 },
      ],
      support: [
        { kind: 'coaching', text: 'Weekly one-on-one with Omar on pipeline and next steps' },
        { kind: 'ride_along', text: 'Omar joins one discovery call a week' },
        { kind: 'training', text: 'Outbound sequencing module with the enablement team' },
      ],
      consequences:
        'If the expectations are not met by the end of the plan, Omar and Lena will discuss a change of role or territory with Tom.',
      durationDays: 60,
      checkInEveryDays: 7,
    },
  });
  await submitPip(db, { actor: omar, pipId, now: daysAgo(drafted - 1) });
  await reviewPip(db, {
    actor: lena,
    pipId,
    approve: true,
    note: 'Clear and fair. Add the training date when known.',
    today: dayAgo(drafted - 2),
    now: daysAgo(drafted - 2),
  });
  await acknowledgePip(db, {
    actor: tom,
    pipId,
    response: 'I accept the numbers. Two of the slipped deals were delayed by the customer’s budget freeze.',
    now: daysAgo(drafted - 3),
  });
  await checkInPip(db, {
    actor: omar,
    pipId,
    on: dayAgo(drafted - 9),
    note: 'Held all prospecting blocks; 2 new opportunities.',
    now: daysAgo(drafted - 9),
  });
  await checkInPip(db, {
    actor: omar,
    pipId,
    on: dayAgo(drafted - 16),
    note: 'Ride-along on the Globex discovery call: good questions, no next step agreed.',
    now: daysAgo(drafted - 16),
  });
}
