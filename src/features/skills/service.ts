import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { conflict, invalid, notFound } from '../../core/errors.js';
import {
  DEFAULT_MASTERY_RULES,
  type Evidence,
  type EvidenceSource,
  type MasteryRules,
} from '../../core/skillProfile.js';
import { DEFAULT_SKILLS } from '../../core/skills.js';
import type { Db } from '../../db/open.js';
import { skillEvidence, skillSettings, skillVersions, stageSkills } from '../../db/schema/skills.js';
import { isUniqueViolation, queryRows } from '../../db/sql.js';
import { listPeopleBrief } from '../people/service.js';
import type {
  EvidenceItem,
  MasteryRulesShape,
  NewSkill,
  Skill,
  SkillEdit,
  SkillFramework,
} from './contract.js';

/** The default framework as version 1 of each skill, for an organisation that has not edited it. */
const DEFAULT_FRAMEWORK: Skill[] = DEFAULT_SKILLS.map((s) => ({
  slug: s.slug,
  version: 1,
  name: s.name,
  description: s.description,
  rubric: [...s.rubric],
  retired: false,
}));

/** The current version of every skill, in the framework's order; retired skills included. */
export async function listSkills(db: Db, opts: { orgId: string }): Promise<Skill[]> {
  const rows = await queryRows<Skill & { position: number }>(
    db,
    sql`select distinct on (slug) slug, version, name, description, rubric, retired, position
        from skill_versions where org_id = ${opts.orgId}
        order by slug, version desc`,
  );
  if (rows.length === 0) return DEFAULT_FRAMEWORK.map((s) => ({ ...s, rubric: [...s.rubric] }));
  return rows
    .sort((a, b) => a.position - b.position)
    .map(({ position: _, ...s }) => ({ ...s, rubric: [...s.rubric] }));
}

/** The organisation's mastery rules: its own, or the defaults. */
export async function getMasteryRules(db: Db, opts: { orgId: string }): Promise<MasteryRules> {
  const [row] = await db
    .select({ rules: skillSettings.masteryRules })
    .from(skillSettings)
    .where(eq(skillSettings.orgId, opts.orgId));
  return { ...DEFAULT_MASTERY_RULES, ...(row?.rules as Partial<MasteryRules> | undefined) };
}

export async function setMasteryRules(
  db: Db,
  opts: { orgId: string; rules: MasteryRulesShape },
): Promise<MasteryRules> {
  await db
    .insert(skillSettings)
    .values({ orgId: opts.orgId, masteryRules: opts.rules })
    .onConflictDoUpdate({
      target: skillSettings.orgId,
      set: { masteryRules: opts.rules, updatedAt: new Date() },
    });
  return opts.rules;
}

export async function getFramework(db: Db, opts: { orgId: string }): Promise<SkillFramework> {
  const [skills, masteryRules, mapping] = await Promise.all([
    listSkills(db, opts),
    getMasteryRules(db, opts),
    db
      .select({ stage: stageSkills.stage, skill: stageSkills.skill })
      .from(stageSkills)
      .where(eq(stageSkills.orgId, opts.orgId))
      .orderBy(asc(stageSkills.stage)),
  ]);
  return { skills, masteryRules, stageSkills: mapping };
}

/** The organisation's stage → skill mapping for the diagnosis (stages it does not name keep the default). */
export async function stageSkillOverrides(db: Db, orgId: string): Promise<Record<string, string>> {
  const rows = await db
    .select({ stage: stageSkills.stage, skill: stageSkills.skill })
    .from(stageSkills)
    .where(eq(stageSkills.orgId, orgId));
  return Object.fromEntries(rows.map((r) => [r.stage, r.skill]));
}

/** The stage → skill mapping as an SQL expression that changes when it does (the diagnosis's cache key). */
export function stageSkillsVersion(orgId: string) {
  return sql`(select string_agg(stage || '=' || skill, ',' order by stage) from stage_skills where org_id = ${orgId})`;
}

/** Writes the default framework as the organisation's own (version 1), once, before its first edit. */
async function materialise(db: Db, orgId: string): Promise<void> {
  await db
    .insert(skillVersions)
    .values(
      DEFAULT_FRAMEWORK.map((s, position) => ({
        orgId,
        slug: s.slug,
        version: 1,
        name: s.name,
        description: s.description,
        rubric: s.rubric,
        retired: false,
        position,
      })),
    )
    .onConflictDoNothing();
}

/** Edits a skill (name, description, rubric, retired): a new version; ratings keep theirs. */
export async function editSkill(
  db: Db,
  opts: { orgId: string; actorId: string | null; slug: string; edit: SkillEdit },
): Promise<Skill> {
  return db.transaction(async (tx) => {
    await materialise(tx, opts.orgId);
    const [current] = await tx
      .select()
      .from(skillVersions)
      .where(and(eq(skillVersions.orgId, opts.orgId), eq(skillVersions.slug, opts.slug)))
      .orderBy(desc(skillVersions.version))
      .limit(1);
    if (!current) throw notFound(`No skill "${opts.slug}" in this organisation's framework.`);
    const [row] = await insertOnce(
      tx
        .insert(skillVersions)
        .values({
          orgId: opts.orgId,
          slug: opts.slug,
          version: current.version + 1,
          name: opts.edit.name,
          description: opts.edit.description,
          rubric: opts.edit.rubric,
          retired: opts.edit.retired ?? current.retired,
          position: current.position,
          createdBy: opts.actorId,
        })
        .returning(),
    );
    if (!row) throw new Error('editSkill: the insert returned no row');
    return present(row);
  });
}

/** Adds a skill of the organisation's own at the end of the framework. */
export async function addSkill(
  db: Db,
  opts: { orgId: string; actorId: string | null; skill: NewSkill },
): Promise<Skill> {
  return db.transaction(async (tx) => {
    await materialise(tx, opts.orgId);
    const [taken] = await queryRows<{ position: number; exists: boolean }>(
      tx,
      sql`select coalesce(max(position), -1)::int + 1 as position,
            bool_or(slug = ${opts.skill.slug}) as exists
          from skill_versions where org_id = ${opts.orgId}`,
    );
    if (taken?.exists) throw conflict(`The framework already has a skill "${opts.skill.slug}".`, 'slug');
    const [row] = await tx
      .insert(skillVersions)
      .values({
        orgId: opts.orgId,
        slug: opts.skill.slug,
        version: 1,
        name: opts.skill.name,
        description: opts.skill.description,
        rubric: opts.skill.rubric,
        retired: false,
        position: taken?.position ?? 0,
        createdBy: opts.actorId,
      })
      .returning();
    if (!row) throw new Error('addSkill: the insert returned no row');
    return present(row);
  });
}

/** Two edits of one skill at once would write the same version: the later is told, not failed. */
async function insertOnce<T>(query: Promise<T>): Promise<T> {
  try {
    return await query;
  } catch (err) {
    if (isUniqueViolation(err))
      throw conflict('Someone else changed this skill at the same moment; reload it and edit again.');
    throw err;
  }
}

function present(row: typeof skillVersions.$inferSelect): Skill {
  return {
    slug: row.slug,
    version: row.version,
    name: row.name,
    description: row.description,
    rubric: [...row.rubric],
    retired: row.retired,
  };
}

/** Replaces the organisation's stage → skill mapping; every skill named must be in the framework. */
export async function setStageSkills(
  db: Db,
  opts: { orgId: string; mapping: { stage: string; skill: string }[] },
): Promise<SkillFramework['stageSkills']> {
  const known = new Set((await listSkills(db, opts)).filter((s) => !s.retired).map((s) => s.slug));
  for (const [i, m] of opts.mapping.entries())
    if (!known.has(m.skill))
      throw invalid(
        `"${m.skill}" is not a skill of the framework (${[...known].join(', ')})`,
        `mapping.${i}.skill`,
      );
  await db.transaction(async (tx) => {
    await tx.delete(stageSkills).where(eq(stageSkills.orgId, opts.orgId));
    if (opts.mapping.length > 0)
      await tx
        .insert(stageSkills)
        .values(opts.mapping.map((m) => ({ orgId: opts.orgId, stage: m.stage, skill: m.skill })))
        .onConflictDoUpdate({
          target: [stageSkills.orgId, stageSkills.stage],
          set: { skill: sql`excluded.skill` },
        });
  });
  return opts.mapping;
}

/**
 * Records ratings of one person given together (an assessment, a ride-along's observations, a call
 * review): each a piece of evidence against the skill's current rubric. Every skill must be in the
 * framework and not retired. Returns the id the ratings share.
 */
export async function recordEvidence(
  db: Db,
  opts: {
    orgId: string;
    personId: string;
    authorId: string | null;
    source: EvidenceSource;
    observedOn: string;
    /** Evidence is of what happened: a day after this one is refused. */
    today: string;
    ratings: { skill: string; level: number; note?: string | undefined }[];
  },
): Promise<string> {
  if (opts.observedOn > opts.today)
    throw invalid(`${opts.observedOn} is in the future; rate what you have already seen`, 'observedOn');
  const skills = new Map((await listSkills(db, opts)).map((s) => [s.slug, s]));
  for (const [i, r] of opts.ratings.entries()) {
    const skill = skills.get(r.skill);
    if (!skill || skill.retired)
      throw invalid(
        `"${r.skill}" is not a current skill of the framework (${[...skills.values()]
          .filter((s) => !s.retired)
          .map((s) => s.slug)
          .join(', ')})`,
        `ratings.${i}.skill`,
      );
  }
  const seen = new Set<string>();
  for (const [i, r] of opts.ratings.entries()) {
    if (seen.has(r.skill)) throw invalid(`"${r.skill}" is rated twice`, `ratings.${i}.skill`);
    seen.add(r.skill);
  }
  const assessmentId = randomUUID();
  await db.insert(skillEvidence).values(
    opts.ratings.map((r) => ({
      orgId: opts.orgId,
      personId: opts.personId,
      skill: r.skill,
      skillVersion: skills.get(r.skill)?.version ?? 1,
      level: r.level,
      source: opts.source,
      observedOn: opts.observedOn,
      authorId: opts.authorId,
      note: r.note ?? null,
      assessmentId,
    })),
  );
  return assessmentId;
}

/** Every piece of evidence about these people, oldest first, with its author's name. */
export async function listEvidence(
  db: Db,
  opts: { orgId: string; personIds: readonly string[] },
): Promise<(EvidenceItem & { personId: string })[]> {
  if (opts.personIds.length === 0) return [];
  const rows = await db
    .select({
      id: skillEvidence.id,
      personId: skillEvidence.personId,
      skill: skillEvidence.skill,
      level: skillEvidence.level,
      source: skillEvidence.source,
      observedOn: skillEvidence.observedOn,
      authorId: skillEvidence.authorId,
      note: skillEvidence.note,
      assessmentId: skillEvidence.assessmentId,
    })
    .from(skillEvidence)
    .where(and(eq(skillEvidence.orgId, opts.orgId), inArray(skillEvidence.personId, [...opts.personIds])))
    .orderBy(asc(skillEvidence.observedOn), asc(skillEvidence.createdAt));
  const authors = new Set(rows.flatMap((r) => (r.authorId ? [r.authorId] : [])));
  const names =
    authors.size > 0
      ? new Map((await listPeopleBrief(db, opts.orgId, { ids: [...authors] })).map((p) => [p.id, p.name]))
      : new Map<string, string>();
  return rows.map(({ authorId, ...r }) => ({
    ...r,
    author: authorId ? (names.get(authorId) ?? null) : null,
  }));
}

/** The evidence as the pure profile rules read it. */
export const asEvidence = (items: readonly EvidenceItem[]): Evidence[] =>
  items.map((e) => ({ skill: e.skill, level: e.level, source: e.source, observedOn: e.observedOn }));
