import { and, eq, inArray } from 'drizzle-orm';
import { ADHERENCE_DAYS, scheduledBetween } from '../../core/cadence.js';
import type { Db } from '../../db/open.js';
import { oneOnOneMeetings, oneOnOneSeries } from '../../db/schema/oneOnOnes.js';
import { listPeopleBrief, subtreeIds } from '../people/service.js';
import type { CadenceAdherence } from './contract.js';
import { scheduleOf } from './series.js';

const DAY = 86_400_000;

/**
 * Cadence adherence over the last `ADHERENCE_DAYS`: per manager in the subtree (the manager
 * included), the meetings their series should have held by their rule and those held. The coach-the-coach view reads it.
 */
export async function cadenceAdherence(
  db: Db,
  opts: { orgId: string; managerId: string; now: Date },
): Promise<CadenceAdherence> {
  const to = opts.now;
  const from = new Date(to.getTime() - ADHERENCE_DAYS * DAY);
  const managers = [opts.managerId, ...(await subtreeIds(db, opts.orgId, opts.managerId))];
  const series = await db
    .select()
    .from(oneOnOneSeries)
    .where(and(eq(oneOnOneSeries.orgId, opts.orgId), inArray(oneOnOneSeries.managerId, managers)));
  const meetings =
    series.length === 0
      ? []
      : await db
          .select()
          .from(oneOnOneMeetings)
          .where(
            and(
              eq(oneOnOneMeetings.orgId, opts.orgId),
              inArray(
                oneOnOneMeetings.seriesId,
                series.map((s) => s.id),
              ),
            ),
          );
  const people = await listPeopleBrief(db, opts.orgId, { ids: managers });
  const out: CadenceAdherence['managers'] = [];
  for (const person of people) {
    const own = series.filter((s) => s.managerId === person.id);
    // Reps run no one-on-ones; everyone else who manages is counted, with or without a series.
    if (own.length === 0 && person.role === 'rep') continue;
    let scheduled = 0;
    let held = 0;
    for (const s of own) {
      const rows = meetings.filter((m) => m.seriesId === s.id);
      // A skipped meeting counts as scheduled and not held: adherence is about meetings that happen.
      // An ended series counts up to its last meeting.
      const end = s.active
        ? to
        : new Date(Math.min(to.getTime(), ...rows.map((m) => m.startsAt.getTime() + 1)));
      scheduled += scheduledBetween(scheduleOf(s), from, end);
      // Counted by the occurrence they stand for, as the scheduled ones are: a meeting held early
      // counts once its slot has come.
      held += rows.filter(
        (m) => m.status === 'held' && m.occurrenceAt >= from && m.occurrenceAt < end,
      ).length;
    }
    out.push({
      manager: { id: person.id, name: person.name },
      series: own.length,
      scheduled,
      held,
      rate: scheduled > 0 ? Math.min(1, held / scheduled) : null,
    });
  }
  out.sort((a, b) => a.manager.name.localeCompare(b.manager.name));
  return { from: from.toISOString().slice(0, 10), to: to.toISOString().slice(0, 10), managers: out };
}
