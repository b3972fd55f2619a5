import { and, asc, eq, isNull, or } from 'drizzle-orm';
import { SKILL_QUESTIONS, suggestQuestions } from '../../core/coachingQuestions.js';
import { invalid } from '../../core/errors.js';
import type { KpiId } from '../../core/kpis.js';
import { DEFAULT_MEETING_KPIS } from '../../core/kpis.js';
import type { Db } from '../../db/open.js';
import { coachingQuestions, oneOnOneSettings } from '../../db/schema/oneOnOnes.js';
import { listSkills } from '../skills/service.js';
import type { MeetingKpiSettings, QuestionBank, QuestionInput } from './contract.js';

/** What the organisation chose once for its one-on-ones: the KPI set; and its own coaching questions. */

export async function meetingKpis(db: Db, orgId: string): Promise<KpiId[]> {
  const [row] = await db.select().from(oneOnOneSettings).where(eq(oneOnOneSettings.orgId, orgId));
  return row ? (row.kpis as KpiId[]) : [...DEFAULT_MEETING_KPIS];
}

export async function setMeetingKpis(
  db: Db,
  opts: { orgId: string; settings: MeetingKpiSettings; now: Date },
): Promise<void> {
  await db
    .insert(oneOnOneSettings)
    .values({ orgId: opts.orgId, kpis: opts.settings.kpis, updatedAt: opts.now })
    .onConflictDoUpdate({
      target: oneOnOneSettings.orgId,
      set: { kpis: opts.settings.kpis, updatedAt: opts.now },
    });
}

/** The organisation's own questions on a skill (and those for any conversation). */
async function ownQuestions(db: Db, orgId: string, skill: string | undefined) {
  return db
    .select()
    .from(coachingQuestions)
    .where(
      and(
        eq(coachingQuestions.orgId, orgId),
        skill ? or(eq(coachingQuestions.skill, skill), isNull(coachingQuestions.skill)) : undefined,
      ),
    )
    .orderBy(asc(coachingQuestions.createdAt));
}

/** The bank: ours (core) then the organisation's own, for one skill or every skill. */
export async function questionBank(
  db: Db,
  opts: { orgId: string; skill?: string | undefined },
): Promise<QuestionBank> {
  const ours = Object.entries(SKILL_QUESTIONS)
    .filter(([skill]) => !opts.skill || skill === opts.skill)
    .flatMap(([skill, texts]) => texts.map((text) => ({ id: null, skill, text, own: false })));
  const own = (await ownQuestions(db, opts.orgId, opts.skill)).map((q) => ({
    id: q.id,
    skill: q.skill,
    text: q.text,
    own: true,
  }));
  return { questions: [...ours, ...own] };
}

export async function addQuestion(
  db: Db,
  opts: { orgId: string; actorId: string; input: QuestionInput },
): Promise<void> {
  if (opts.input.skill) {
    const skills = (await listSkills(db, { orgId: opts.orgId })).filter((s) => !s.retired);
    if (!skills.some((s) => s.slug === opts.input.skill))
      throw invalid(`"${opts.input.skill}" is not a current skill of the framework`, 'skill');
  }
  await db.insert(coachingQuestions).values({
    orgId: opts.orgId,
    skill: opts.input.skill,
    text: opts.input.text,
    createdBy: opts.actorId,
  });
}

/** 3–5 questions for a meeting: the organisation's own on the focus skill first, then ours on it. */
export async function questionsFor(db: Db, orgId: string, focusSkill: string | undefined): Promise<string[]> {
  const own = await ownQuestions(db, orgId, focusSkill);
  return suggestQuestions({ focusSkill, own: own.map((q) => q.text), count: 5 });
}
