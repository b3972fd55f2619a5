import type { EvidenceSource } from '../../core/skillProfile.js';
import { DEFAULT_SKILLS } from '../../core/skills.js';
import type { Db } from '../../db/open.js';
import { DEMO_PEOPLE, demoEmail } from '../people/demo.js';
import { listPeopleBrief } from '../people/service.js';
import { recordEvidence } from '../skills/service.js';
import { proposeFor } from './proposals.js';
import { acknowledgePlan, startPlan } from './service.js';

const DAY = 86_400_000;
const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);

/**
 * The levels the demo's managers see in their reps, matching the CRM story: John opens doors
 * (prospecting, rapport) but cannot close; Sheila closes anything but does not fill her funnel.
 * Everyone else is a solid 3 with a strength and a weakness of their own.
 */
const STORIES: Record<string, Record<string, number>> = {
  john: { prospecting: 4, rapport: 5, closing: 2, 'objection-handling': 2 },
  sheila: { closing: 5, 'objection-handling': 4, prospecting: 2, 'social-selling': 2 },
};

/** A small, stable variation per rep and skill, so the team matrix is not a flat 3. */
function variation(handle: string, skill: string): number {
  let h = 0;
  for (const c of `${handle}:${skill}`) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return (h % 3) - 1;
}

const clamp = (n: number) => Math.max(1, Math.min(5, Math.round(n)));

/**
 * The demo's skills and plans: each rep assessed by their manager twice (three months and three
 * weeks ago), a self-assessment (reps see themselves a little higher than their manager does), and a
 * ride-along on their two weakest skills. Then the plan the diagnosis proposes is started for every
 * rep past their ramp — except John, so a newcomer (and the browser test) can start his — most of
 * them acknowledged.
 */
export async function addDemoDevelopment(db: Db, orgId: string, now: Date): Promise<void> {
  const today = isoDay(now.getTime());
  const people = new Map((await listPeopleBrief(db, orgId)).map((p) => [p.email, p]));
  const id = (handle: string) => people.get(demoEmail(handle))?.id;
  const rate = async (
    handle: string,
    author: string | undefined,
    source: EvidenceSource,
    daysAgo: number,
    ratings: { skill: string; level: number }[],
  ) => {
    const personId = id(handle);
    if (!personId) throw new Error(`the demo has no ${handle}`);
    await recordEvidence(db, {
      orgId,
      personId,
      authorId: author ? (id(author) ?? null) : personId,
      source,
      observedOn: isoDay(now.getTime() - daysAgo * DAY),
      today: isoDay(now.getTime()),
      ratings,
    });
  };
  const reps = DEMO_PEOPLE.filter((p) => p.role === 'rep');
  for (const rep of reps) {
    const level = (skill: string) => STORIES[rep.handle]?.[skill] ?? clamp(3 + variation(rep.handle, skill));
    const all = DEFAULT_SKILLS.map((s) => ({ skill: s.slug, level: level(s.slug) }));
    const ramping = rep.tenureDays < 90;
    // New hires have had one assessment; everyone else two, the older a notch lower (they grew).
    if (!ramping)
      await rate(
        rep.handle,
        rep.manager,
        'manager_assessment',
        90,
        all.map((r) => ({ ...r, level: clamp(r.level - 0.5) })),
      );
    await rate(rep.handle, rep.manager, 'manager_assessment', 21, all);
    await rate(
      rep.handle,
      undefined,
      'self_assessment',
      20,
      all.map((r) => ({ ...r, level: clamp(r.level + (r.level <= 2 ? 1 : 0)) })),
    );
    const weakest = [...all].sort((a, b) => a.level - b.level).slice(0, 2);
    if (!ramping) await rate(rep.handle, rep.manager, 'ride_along', 35, weakest);
  }
  for (const [i, rep] of reps.entries()) {
    const repId = id(rep.handle);
    if (!repId || rep.handle === 'john' || rep.tenureDays < 90) continue;
    const proposal = await proposeFor(db, { orgId, repId, today });
    if (proposal.focus.length === 0) continue;
    const planId = await startPlan(db, {
      orgId,
      repId,
      actorId: rep.manager ? (id(rep.manager) ?? null) : null,
      input: {
        focus: proposal.focus.map(({ impactLow: _, impactHigh: __, ...f }) => f),
        actions: proposal.actions,
        reviewOn: proposal.reviewOn,
      },
      today,
    });
    // Most reps have read their plan; a few have not yet (the coaching queue says so).
    if (i % 4 !== 3)
      await acknowledgePlan(db, {
        actor: {
          orgId,
          personId: repId,
          role: 'rep',
          email: demoEmail(rep.handle),
          name: rep.name,
          via: 'cli',
        },
        planId,
        now,
      });
  }
}
