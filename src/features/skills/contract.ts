import { z } from 'zod';
import { EVIDENCE_SOURCES } from '../../core/skillProfile.js';
import { MAX_LEVEL, MIN_LEVEL } from '../../core/skills.js';

const isoDate = z.iso.date('use a date such as 2026-11-22');
const level = z
  .number({ error: `use a whole level from ${MIN_LEVEL} to ${MAX_LEVEL}` })
  .int(`use a whole level from ${MIN_LEVEL} to ${MAX_LEVEL}`)
  .min(MIN_LEVEL, `use a whole level from ${MIN_LEVEL} to ${MAX_LEVEL}`)
  .max(MAX_LEVEL, `use a whole level from ${MIN_LEVEL} to ${MAX_LEVEL}`);
const words = (max: number, what: string) =>
  z.string().trim().min(1, `write the ${what}`).max(max, `keep the ${what} under ${max} characters`);

/** One skill of the framework, at its current version. */
export const Skill = z
  .object({
    slug: z.string(),
    version: z.number().int(),
    name: z.string(),
    description: z.string(),
    rubric: z.array(z.string()).length(5),
    retired: z.boolean(),
  })
  .meta({ id: 'Skill' });
export type Skill = z.infer<typeof Skill>;

const whole = (min: number, max: number, what: string) =>
  z
    .number({ error: `use a whole number from ${min} to ${max} for ${what}` })
    .int(`use a whole number from ${min} to ${max} for ${what}`)
    .min(min, `use a whole number from ${min} to ${max} for ${what}`)
    .max(max, `use a whole number from ${min} to ${max} for ${what}`);

/** When a skill counts as learned, applied and mastered (`core/skillProfile.ts` MasteryRules). */
export const MasteryRulesShape = z
  .strictObject({
    learnedLevel: whole(MIN_LEVEL, MAX_LEVEL, 'the level that counts as learned'),
    appliedLevel: whole(MIN_LEVEL, MAX_LEVEL, 'the level that counts as applied'),
    masteredLevel: whole(MIN_LEVEL, MAX_LEVEL, 'the level that counts as mastered'),
    masteredOccasions: whole(1, 20, 'the occasions mastery needs'),
    masteredSpanDays: whole(0, 365, 'the days mastery must span'),
  })
  .meta({ id: 'MasteryRules' });
export type MasteryRulesShape = z.infer<typeof MasteryRulesShape>;

export const SkillFramework = z
  .object({
    skills: z.array(Skill),
    masteryRules: MasteryRulesShape,
    /** The organisation's own stage → skill mapping for the diagnosis (the default covers the rest). */
    stageSkills: z.array(z.object({ stage: z.string(), skill: z.string() })),
  })
  .meta({ id: 'SkillFramework' });
export type SkillFramework = z.infer<typeof SkillFramework>;

const rubric = z
  .array(words(300, 'level’s description'), { error: 'describe each of the five levels' })
  .length(5, 'describe each of the five levels, 1 to 5');

/** An edit of a skill: a new version of it (ratings keep the version they were given against). */
export const SkillEdit = z
  .strictObject({
    name: words(60, 'name'),
    description: words(300, 'description'),
    rubric,
    retired: z.boolean().optional(),
  })
  .meta({ id: 'SkillEdit' });
export type SkillEdit = z.infer<typeof SkillEdit>;

export const NewSkill = SkillEdit.extend({
  slug: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9-]{1,39}$/, 'use 2–40 lower-case letters, digits and hyphens, e.g. "demo-skills"'),
}).meta({ id: 'NewSkill' });
export type NewSkill = z.infer<typeof NewSkill>;

export const SkillParams = z.strictObject({ slug: z.string() });

export const StageSkillsUpdate = z
  .strictObject({
    mapping: z.array(z.strictObject({ stage: words(60, 'stage'), skill: z.string().trim().min(1) })).max(40),
  })
  .meta({ id: 'StageSkillsUpdate' });
export type StageSkillsUpdate = z.infer<typeof StageSkillsUpdate>;

/**
 * Ratings given together: a manager's assessment of a rep, or the rep's self-assessment (which one
 * follows from who gives it). The rubric of each skill is the one shown on the form.
 */
export const AssessmentInput = z
  .strictObject({
    observedOn: isoDate.optional().describe('the day of the assessment (default today)'),
    ratings: z
      .array(z.strictObject({ skill: z.string().trim().min(1), level, note: words(500, 'note').optional() }))
      .min(1, 'rate at least one skill'),
  })
  .meta({ id: 'SkillRatings' });
export type AssessmentInput = z.infer<typeof AssessmentInput>;

export const AssessmentParams = z.strictObject({ personId: z.uuid() });

/** A piece of evidence as the profile lists it. */
export const EvidenceItem = z
  .object({
    id: z.uuid(),
    skill: z.string(),
    level: z.number().int(),
    source: z.enum(EVIDENCE_SOURCES),
    observedOn: z.string(),
    author: z.string().nullable(),
    note: z.string().nullable(),
    assessmentId: z.string().nullable(),
  })
  .meta({ id: 'EvidenceItem' });
export type EvidenceItem = z.infer<typeof EvidenceItem>;

export const AssessmentResult = z
  .object({ assessmentId: z.uuid(), source: z.enum(EVIDENCE_SOURCES), ratings: z.number().int() })
  .meta({ id: 'SkillRatingsResult' });
export type AssessmentResult = z.infer<typeof AssessmentResult>;
