import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { can } from '../../core/access.js';
import type { Actor } from '../../core/actor.js';
import { moveOf, previousValues } from '../../core/meetingSnapshot.js';
import type { Db } from '../../db/open.js';
import { oneOnOneActions, oneOnOneAgendaItems, oneOnOneMeetings } from '../../db/schema/oneOnOnes.js';
import { queryRows } from '../../db/sql.js';
import { openGoalsOf } from '../goals/service.js';
import { listPeopleBrief, relationOf } from '../people/service.js';
import {
  type DevelopmentCheckIn,
  type Meeting,
  type MeetingAction,
  type Note,
  type NoteKind,
  StoredSnapshot,
} from './contract.js';
import type { MeetingRow, SeriesRow } from './series.js';
import { questionsFor } from './settings.js';
import { meetingFigures } from './snapshot.js';

/**
 * The one presenter of meetings: the meeting page, the history, the prep view and search all read
 * meetings through `presentMeetings`, which leaves `privateNote` out of every answer to someone the
 * policy does not let read it (`oneOnOne.privateNote.read`: the manager who runs the series and the
 * managers above them — never the person met, not even an admin outside that line).
 */

export interface LatestNote {
  meetingId: string;
  kind: NoteKind;
  version: number;
  text: string;
  authorId: string;
  savedAt: Date;
}

/** The latest version of each text of the meetings. */
export async function latestNotes(
  db: Db,
  orgId: string,
  meetingIds: readonly string[],
): Promise<LatestNote[]> {
  if (meetingIds.length === 0) return [];
  const rows = await queryRows<{
    meeting_id: string;
    kind: NoteKind;
    version: number;
    text: string;
    author_id: string;
    saved_at: string | Date;
  }>(
    db,
    sql`select distinct on (meeting_id, kind) meeting_id, kind, version, text, author_id, saved_at
        from one_on_one_notes
        where org_id = ${orgId} and meeting_id = any(${`{${meetingIds.join(',')}}`}::uuid[])
        order by meeting_id, kind, version desc`,
  );
  return rows.map((r) => ({
    meetingId: r.meeting_id,
    kind: r.kind,
    version: r.version,
    text: r.text,
    authorId: r.author_id,
    savedAt: new Date(r.saved_at),
  }));
}

/** May the actor read the private note of a series' meetings? The note belongs to its manager. */
export async function readsPrivateNote(db: Db, actor: Actor, series: SeriesRow): Promise<boolean> {
  if (actor.personId === series.managerId) return can(actor.role, 'oneOnOne.privateNote.read', 'self');
  const relation = await relationOf(db, actor.orgId, actor.personId, series.managerId);
  return relation !== undefined && can(actor.role, 'oneOnOne.privateNote.read', relation);
}

/** The meetings of a series in order, for previous/next, carried-over actions and earlier snapshots. */
export async function seriesMeetings(db: Db, series: SeriesRow): Promise<MeetingRow[]> {
  return db
    .select()
    .from(oneOnOneMeetings)
    .where(and(eq(oneOnOneMeetings.orgId, series.orgId), eq(oneOnOneMeetings.seriesId, series.id)))
    .orderBy(asc(oneOnOneMeetings.startsAt), asc(oneOnOneMeetings.occurrenceAt));
}

const emptyNote: Note = { text: '', version: 0, savedBy: null, savedAt: null };

/**
 * Meetings of one series as the actor may see them. `meetings` must come from `seriesMeetings`
 * order; `wanted` picks which to present (the meeting page: one; the history: the past ones).
 */
export async function presentMeetings(
  db: Db,
  opts: {
    actor: Actor;
    series: SeriesRow;
    all: readonly MeetingRow[];
    wanted: readonly MeetingRow[];
    today: string;
  },
): Promise<Meeting[]> {
  const { actor, series, all, wanted, today } = opts;
  if (wanted.length === 0) return [];
  const orgId = series.orgId;
  const ids = wanted.map((m) => m.id);
  const [agenda, notes, actions, privateAllowed] = await Promise.all([
    db
      .select()
      .from(oneOnOneAgendaItems)
      .where(and(eq(oneOnOneAgendaItems.orgId, orgId), inArray(oneOnOneAgendaItems.meetingId, ids)))
      .orderBy(asc(oneOnOneAgendaItems.createdAt)),
    latestNotes(db, orgId, ids),
    db
      .select()
      .from(oneOnOneActions)
      .where(and(eq(oneOnOneActions.orgId, orgId), eq(oneOnOneActions.seriesId, series.id)))
      .orderBy(asc(oneOnOneActions.createdAt)),
    readsPrivateNote(db, actor, series),
  ]);
  const live = wanted.some((m) => m.status === 'scheduled');
  const figures = live ? await meetingFigures(db, series, today) : null;
  const snapshotNow = figures?.snapshot ?? null;
  const developmentToday = figures?.development ?? null;
  // The plan's first focus skill, else the skill behind the biggest gap the diagnosis flags.
  const focusSkill = developmentToday?.focus[0]?.skill ?? snapshotNow?.gaps[0]?.skill;
  const [questions, goals] = live
    ? await Promise.all([
        questionsFor(db, orgId, focusSkill),
        openGoalsOf(db, { orgId, ownerId: series.repId, today }),
      ])
    : [[], []];
  const people = new Map(
    (
      await listPeopleBrief(db, orgId, {
        ids: [
          series.repId,
          series.managerId,
          ...agenda.map((a) => a.authorId),
          ...notes.map((n) => n.authorId),
          ...actions.map((a) => a.ownerId),
        ],
      })
    ).map((p) => [p.id, p.name]),
  );
  const nameOf = (id: string) => people.get(id) ?? 'someone who left';
  const startOf = new Map(all.map((m) => [m.id, m.startsAt.getTime()]));
  const viewer: Meeting['viewer'] =
    actor.personId === series.managerId ? 'manager' : actor.personId === series.repId ? 'rep' : 'reader';
  const noteOf = (meetingId: string, kind: NoteKind): Note => {
    const n = notes.find((x) => x.meetingId === meetingId && x.kind === kind);
    return n
      ? { text: n.text, version: n.version, savedBy: nameOf(n.authorId), savedAt: n.savedAt.toISOString() }
      : emptyNote;
  };
  return wanted.map((m) => {
    const index = all.findIndex((x) => x.id === m.id);
    const earlier = all.slice(0, Math.max(0, index));
    const lastHeld = earlier.filter((x) => x.status === 'held').at(-1);
    // Actions agreed in earlier meetings still open when the last one ended carry over.
    const cutoff = lastHeld?.heldAt?.getTime() ?? Number.NEGATIVE_INFINITY;
    const shown: MeetingAction[] = actions
      .filter((a) => {
        if (a.meetingId === m.id) return true;
        const agreedAt = startOf.get(a.meetingId) ?? Number.POSITIVE_INFINITY;
        return agreedAt < m.startsAt.getTime() && (a.doneAt === null || a.doneAt.getTime() > cutoff);
      })
      .map((a) => ({
        id: a.id,
        text: a.text,
        owner: { id: a.ownerId, name: nameOf(a.ownerId) },
        dueOn: a.dueOn,
        doneAt: a.doneAt?.toISOString() ?? null,
        carriedOver: a.meetingId !== m.id,
        agreedOn: new Date(startOf.get(a.meetingId) ?? a.createdAt.getTime()).toISOString().slice(0, 10),
        overdue: a.doneAt === null && a.dueOn !== null && a.dueOn < today,
      }));
    const stored = m.snapshot ? StoredSnapshot.parse(m.snapshot) : null;
    const snapshot = stored ?? (m.status === 'scheduled' ? snapshotNow : null);
    const earlierRows = lastHeld?.snapshot ? StoredSnapshot.parse(lastHeld.snapshot).rows : null;
    const rows = snapshot?.rows ?? [];
    const previous = previousValues(rows, earlierRows);
    const development: DevelopmentCheckIn | null = stored
      ? (stored.development ?? null)
      : m.status === 'scheduled'
        ? developmentToday
        : null;
    const items = agenda.filter((a) => a.meetingId === m.id);
    const meeting: Meeting = {
      id: m.id,
      seriesId: series.id,
      rep: { id: series.repId, name: nameOf(series.repId) },
      manager: { id: series.managerId, name: nameOf(series.managerId) },
      viewer,
      startsAt: m.startsAt.toISOString(),
      durationMinutes: series.durationMinutes,
      timeZone: series.timeZone,
      status: m.status,
      heldAt: m.heldAt?.toISOString() ?? null,
      moved: m.startsAt.getTime() !== m.occurrenceAt.getTime(),
      // The rep's talking points first: the meeting is theirs.
      agenda: [...items.filter((a) => a.side === 'rep'), ...items.filter((a) => a.side === 'manager')].map(
        (a) => ({
          id: a.id,
          side: a.side,
          author: nameOf(a.authorId),
          text: a.text,
          discussed: a.discussed,
        }),
      ),
      snapshot: {
        asOf: snapshot?.asOf ?? today,
        currency: snapshot?.currency ?? '',
        gaps: snapshot?.gaps ?? [],
        frozen: stored !== null,
        rows: rows.map((r, i) => ({
          ...r,
          previous: previous[i] ?? null,
          move: moveOf(r, previous[i] ?? null),
        })),
      },
      development,
      notes: { shared: noteOf(m.id, 'shared'), checkIn: noteOf(m.id, 'check_in') },
      actions: shown,
      goals: m.status === 'scheduled' ? goals : [],
      questions: m.status === 'scheduled' ? questions : [],
      previousMeetingId: all[index - 1]?.id ?? null,
      nextMeetingId: all[index + 1]?.id ?? null,
    };
    if (privateAllowed) meeting.privateNote = noteOf(m.id, 'private');
    return meeting;
  });
}

/** Does a presented meeting mention `q` anywhere the reader can see (the private note only if theirs to read)? */
export function mentions(meeting: Meeting, q: string): boolean {
  const needle = q.toLocaleLowerCase();
  const texts = [
    ...meeting.agenda.map((a) => a.text),
    meeting.notes.shared.text,
    meeting.notes.checkIn.text,
    meeting.privateNote?.text ?? '',
    ...meeting.actions.map((a) => a.text),
  ];
  return texts.some((t) => t.toLocaleLowerCase().includes(needle));
}
