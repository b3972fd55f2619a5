import { and, eq } from 'drizzle-orm';
import type { Actor } from '../../core/actor.js';
import { conflict, invalid, notFound } from '../../core/errors.js';
import { mergeNote } from '../../core/noteMerge.js';
import type { Db } from '../../db/open.js';
import { oneOnOneActions, oneOnOneAgendaItems, oneOnOneNotes } from '../../db/schema/oneOnOnes.js';
import { isUniqueViolation } from '../../db/sql.js';
import { listPeopleBrief } from '../people/service.js';
import type { ActionInput, NoteKind, NoteSave, NoteSaved } from './contract.js';
import { latestNotes } from './meeting.js';
import { meetingFor, requireParticipant, requireSeriesManager, type SeriesRow } from './series.js';

/** What the two people write in a meeting: talking points, notes (autosaved), actions. */

export async function addAgendaItem(
  db: Db,
  opts: { actor: Actor; meetingId: string; text: string },
): Promise<void> {
  const { meeting, series } = await meetingFor(db, opts.actor, opts.meetingId, 'oneOnOne.participate');
  const side = requireParticipant(opts.actor, series);
  if (meeting.status !== 'scheduled')
    throw conflict(`This meeting was ${meeting.status}: add the talking point to the next one.`);
  await db.insert(oneOnOneAgendaItems).values({
    orgId: meeting.orgId,
    meetingId: meeting.id,
    authorId: opts.actor.personId,
    side,
    text: opts.text,
  });
}

export async function markAgendaItem(
  db: Db,
  opts: { actor: Actor; meetingId: string; itemId: string; discussed: boolean },
): Promise<void> {
  const { meeting, series } = await meetingFor(db, opts.actor, opts.meetingId, 'oneOnOne.participate');
  requireParticipant(opts.actor, series);
  const updated = await db
    .update(oneOnOneAgendaItems)
    .set({ discussed: opts.discussed })
    .where(
      and(
        eq(oneOnOneAgendaItems.orgId, meeting.orgId),
        eq(oneOnOneAgendaItems.meetingId, meeting.id),
        eq(oneOnOneAgendaItems.id, opts.itemId),
      ),
    )
    .returning({ id: oneOnOneAgendaItems.id });
  if (updated.length === 0) throw notFound('No such talking point in this meeting.');
}

/** Who may write which text: the private note is the manager's; the others belong to both. */
function requireWriter(actor: Actor, series: SeriesRow, kind: NoteKind): void {
  if (kind === 'private') requireSeriesManager(actor, series);
  else requireParticipant(actor, series);
}

const timeOf = (d: Date) => d.toISOString().slice(11, 16);

/** Saves attempted before giving up when others keep saving at the same instant. */
const SAVE_ATTEMPTS = 3;

/**
 * Autosave of a meeting text. A save names the version it edited: on the latest, it becomes the next
 * version; on an older one, it is merged three-way with what was saved since (`core/noteMerge`),
 * and where both changed the same words both texts are kept. Every version stays (the log).
 */
export async function saveNote(
  db: Db,
  opts: { actor: Actor; meetingId: string; kind: NoteKind; save: NoteSave; now: Date },
): Promise<NoteSaved> {
  const { meeting, series } = await meetingFor(db, opts.actor, opts.meetingId, 'oneOnOne.participate');
  requireWriter(opts.actor, series, opts.kind);
  for (let attempt = 1; ; attempt++) {
    const [current] = (await latestNotes(db, meeting.orgId, [meeting.id])).filter(
      (n) => n.kind === opts.kind,
    );
    const currentVersion = current?.version ?? 0;
    if (opts.save.baseVersion > currentVersion)
      throw invalid(
        `version ${opts.save.baseVersion} of this note does not exist (the latest is ${currentVersion})`,
        'baseVersion',
      );
    // Who saved last and who saves now, named once for the merge labels and the answer.
    const names = new Map(
      (
        await listPeopleBrief(db, meeting.orgId, {
          ids: current ? [current.authorId, opts.actor.personId] : [opts.actor.personId],
        })
      ).map((p) => [p.id, p.name]),
    );
    let text = opts.save.text;
    let merged = false;
    let conflicted = false;
    if (current && opts.save.baseVersion < currentVersion) {
      const [base] = opts.save.baseVersion
        ? await db
            .select({ text: oneOnOneNotes.text })
            .from(oneOnOneNotes)
            .where(
              and(
                eq(oneOnOneNotes.orgId, meeting.orgId),
                eq(oneOnOneNotes.meetingId, meeting.id),
                eq(oneOnOneNotes.kind, opts.kind),
                eq(oneOnOneNotes.version, opts.save.baseVersion),
              ),
            )
        : [{ text: '' }];
      const result = mergeNote(base?.text ?? '', current.text, opts.save.text, {
        mine: `Edit by ${names.get(opts.actor.personId) ?? 'someone'} at ${timeOf(opts.now)} UTC`,
        theirs: `Saved by ${names.get(current.authorId) ?? 'someone'} at ${timeOf(current.savedAt)} UTC`,
      });
      text = result.text;
      merged = true;
      conflicted = result.conflict;
    }
    if (current && text === current.text)
      return {
        text,
        version: currentVersion,
        savedBy: names.get(current.authorId) ?? null,
        savedAt: current.savedAt.toISOString(),
        merged,
        conflict: conflicted,
      };
    try {
      await db.insert(oneOnOneNotes).values({
        orgId: meeting.orgId,
        meetingId: meeting.id,
        kind: opts.kind,
        version: currentVersion + 1,
        text,
        authorId: opts.actor.personId,
        savedAt: opts.now,
      });
    } catch (err) {
      // Someone saved this very version first: merge against theirs.
      if (isUniqueViolation(err) && attempt < SAVE_ATTEMPTS) continue;
      if (isUniqueViolation(err)) throw conflict('Others keep saving this note; try again in a moment.');
      throw err;
    }
    return {
      text,
      version: currentVersion + 1,
      savedBy: names.get(opts.actor.personId) ?? null,
      savedAt: opts.now.toISOString(),
      merged,
      conflict: conflicted,
    };
  }
}

/** An action agreed in the meeting, owned by one of its two people. */
export async function addAction(
  db: Db,
  opts: { actor: Actor; meetingId: string; input: ActionInput },
): Promise<string> {
  const { meeting, series } = await meetingFor(db, opts.actor, opts.meetingId, 'oneOnOne.participate');
  requireParticipant(opts.actor, series);
  if (meeting.status === 'skipped')
    throw conflict('This meeting was skipped: agree the action in the next one.');
  if (opts.input.ownerId !== series.repId && opts.input.ownerId !== series.managerId)
    throw invalid('an action is owned by one of the two people in the one-on-one', 'ownerId');
  const [row] = await db
    .insert(oneOnOneActions)
    .values({
      orgId: meeting.orgId,
      seriesId: series.id,
      meetingId: meeting.id,
      text: opts.input.text,
      ownerId: opts.input.ownerId,
      dueOn: opts.input.dueOn ?? null,
      createdBy: opts.actor.personId,
    })
    .returning({ id: oneOnOneActions.id });
  if (!row) throw new Error('addAction: the insert returned no row');
  return row.id;
}

/** Ticks an action done (or not), from the meeting it was agreed in or any later one that shows it. */
export async function setActionDone(
  db: Db,
  opts: { actor: Actor; meetingId: string; actionId: string; done: boolean; now: Date },
): Promise<void> {
  const { series } = await meetingFor(db, opts.actor, opts.meetingId, 'oneOnOne.participate');
  requireParticipant(opts.actor, series);
  const [action] = await db
    .select()
    .from(oneOnOneActions)
    .where(
      and(
        eq(oneOnOneActions.orgId, series.orgId),
        eq(oneOnOneActions.seriesId, series.id),
        eq(oneOnOneActions.id, opts.actionId),
      ),
    );
  if (!action) throw notFound('No such action in this one-on-one.');
  await db
    .update(oneOnOneActions)
    .set({ doneAt: opts.done ? (action.doneAt ?? opts.now) : null })
    .where(and(eq(oneOnOneActions.orgId, action.orgId), eq(oneOnOneActions.id, action.id)));
}
