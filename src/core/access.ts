import type { Actor } from './actor.js';
import { AppError } from './errors.js';
import type { Role } from './roles.js';

/**
 * The one access policy. Every route names a rule from this table; the server resolves where the
 * target stands relative to the actor in the reporting line and asks `can`. Lists ask `scopeFor`
 * and filter with it, so a list never shows what a single read would refuse.
 *
 * A rule's target is a person named in the URL (`person`: the server checks before the handler), a
 * record that the service loads (`record`: a plan, a meeting, an import; the service calls
 * `authorize` with where the record's owner stands), or nothing (`none`: the role decides).
 *
 * Pure: the caller supplies the relation (found with one query over the reporting line).
 */

/** Where a target person stands relative to the actor. Other organisations never get this far. */
export type Relation =
  | 'self' // the actor themself
  | 'below' // reports to the actor, directly or further down (the actor's subtree)
  | 'above' // one of the actor's managers, at any height
  | 'outside'; // anyone else in the organisation

export type RuleTarget = 'person' | 'record' | 'none';

/** Which targets a role reaches with a rule. `all` and `nobody` also serve rules without a target. */
export type Scope = 'all' | 'selfAndBelow' | 'self' | 'nobody';

interface Rule {
  /** What the rule protects, for the reader and for the authorisation-matrix test. */
  describe: string;
  /** What the rule is checked against: a person in the URL, a record the service loads, or nothing. */
  target: RuleTarget;
  scope: Record<Role, Scope>;
}

const everyone: Record<Role, Scope> = { admin: 'all', leader: 'all', manager: 'all', rep: 'all' };
const adminOnly: Record<Role, Scope> = { admin: 'all', leader: 'nobody', manager: 'nobody', rep: 'nobody' };

export const POLICY = {
  'org.read': {
    describe: 'see your organisation’s name, currency and funnel',
    target: 'none',
    scope: everyone,
  },
  'people.list': {
    describe: 'list the people you can see (the list is filtered by the same scope as person.read)',
    target: 'none',
    scope: everyone,
  },
  'person.read': {
    describe: 'read a person’s profile',
    target: 'person',
    scope: { admin: 'all', leader: 'all', manager: 'selfAndBelow', rep: 'self' },
  },
  'person.create': { describe: 'add a person to the organisation', target: 'none', scope: adminOnly },
  'person.update': {
    describe: 'change a person’s role, manager, team, start date or active flag',
    target: 'person',
    scope: adminOnly,
  },
  'person.setPassword': { describe: 'set another person’s password', target: 'person', scope: adminOnly },
  'profile.update': { describe: 'change your own name or password', target: 'none', scope: everyone },
  'token.manage': {
    describe: 'create and list your own API tokens',
    target: 'none',
    scope: everyone,
  },
  'token.revoke': {
    describe: 'revoke an API token (record: the token; owner: the person it acts as)',
    target: 'record',
    scope: { admin: 'self', leader: 'self', manager: 'self', rep: 'self' },
  },
  'crm.import': { describe: 'import CRM data and list the imports', target: 'none', scope: adminOnly },
  'importJob.read': {
    describe: 'read an import’s report and rejected rows (record: the import; owner: who started it)',
    target: 'record',
    scope: adminOnly,
  },
  'crm.configure': {
    describe: 'change the funnel stages and the pipeline the diagnosis reads',
    target: 'none',
    scope: adminOnly,
  },
  'diagnosis.read': {
    describe: 'see a rep’s funnel diagnosis and KPIs (target: the rep)',
    target: 'person',
    scope: { admin: 'all', leader: 'all', manager: 'selfAndBelow', rep: 'self' },
  },
  'diagnosis.team': {
    describe: 'see the diagnosis of every rep below a manager (target: the manager)',
    target: 'person',
    scope: { admin: 'all', leader: 'all', manager: 'selfAndBelow', rep: 'nobody' },
  },
  'skills.read': {
    describe: 'see the skills framework: skills, rubrics and the stage → skill mapping',
    target: 'none',
    scope: everyone,
  },
  'skills.configure': {
    describe: 'add, edit and retire skills and their rubrics, and map stages to skills',
    target: 'none',
    scope: { admin: 'all', leader: 'all', manager: 'nobody', rep: 'nobody' },
  },
  /** Rating skills: a rep rates themself (a self-assessment); managers and leaders rate those below them. */
  'skills.assess': {
    describe: 'rate a person’s skills (target: the person rated; yourself: a self-assessment)',
    target: 'person',
    scope: { admin: 'nobody', leader: 'selfAndBelow', manager: 'selfAndBelow', rep: 'self' },
  },
  'development.read': {
    describe: 'see a rep’s skill profile, evidence and development plans (target: the rep)',
    target: 'person',
    scope: { admin: 'all', leader: 'all', manager: 'selfAndBelow', rep: 'self' },
  },
  'skills.team': {
    describe: 'see the skill matrix and coaching queue of the reps below a manager (target: the manager)',
    target: 'person',
    scope: { admin: 'all', leader: 'all', manager: 'selfAndBelow', rep: 'nobody' },
  },
  'plan.start': {
    describe: 'propose and start a rep’s development plan (target: the rep)',
    target: 'person',
    scope: { admin: 'nobody', leader: 'selfAndBelow', manager: 'selfAndBelow', rep: 'nobody' },
  },
  'plan.read': {
    describe: 'read a development plan (record: the plan; owner: its rep)',
    target: 'record',
    scope: { admin: 'all', leader: 'all', manager: 'selfAndBelow', rep: 'self' },
  },
  'plan.manage': {
    describe: 'edit, review and close a development plan (record: the plan; owner: its rep)',
    target: 'record',
    scope: { admin: 'nobody', leader: 'selfAndBelow', manager: 'selfAndBelow', rep: 'nobody' },
  },
  'plan.acknowledge': {
    describe: 'acknowledge your own development plan (record: the plan; owner: its rep)',
    target: 'record',
    scope: { admin: 'nobody', leader: 'nobody', manager: 'nobody', rep: 'self' },
  },
  'oneOnOne.start': {
    describe: 'start a one-on-one series with someone who reports to you (target: the person met)',
    target: 'person',
    scope: { admin: 'nobody', leader: 'selfAndBelow', manager: 'selfAndBelow', rep: 'nobody' },
  },
  'oneOnOne.read': {
    describe:
      'read a one-on-one: its agenda, KPI snapshot, shared notes and actions (record: the meeting or series; owner: the person met)',
    target: 'record',
    scope: { admin: 'all', leader: 'selfAndBelow', manager: 'selfAndBelow', rep: 'self' },
  },
  /** Writing in a meeting: the service also requires one of its two people (`requireParticipant`). */
  'oneOnOne.participate': {
    describe:
      'add talking points, shared notes and actions to a one-on-one you are in (record: the meeting; owner: the person met)',
    target: 'record',
    scope: { admin: 'nobody', leader: 'selfAndBelow', manager: 'selfAndBelow', rep: 'self' },
  },
  /** Running a series: the service also requires the manager who runs it (`requireSeriesManager`). */
  'oneOnOne.manage': {
    describe:
      'hold, skip or move a one-on-one, prepare it, write its private note, change its series (record: the meeting or series; owner: the person met)',
    target: 'record',
    scope: { admin: 'nobody', leader: 'selfAndBelow', manager: 'selfAndBelow', rep: 'nobody' },
  },
  'oneOnOne.team': {
    describe: 'see whether the managers below a manager hold their one-on-ones (target: the manager)',
    target: 'person',
    scope: { admin: 'all', leader: 'all', manager: 'selfAndBelow', rep: 'nobody' },
  },
  'oneOnOne.configure': {
    describe: 'choose the KPIs every one-on-one shows',
    target: 'none',
    scope: { admin: 'all', leader: 'all', manager: 'nobody', rep: 'nobody' },
  },
  'coachingQuestions.add': {
    describe: 'add a coaching question to your organisation’s bank',
    target: 'none',
    scope: { admin: 'all', leader: 'all', manager: 'all', rep: 'nobody' },
  },
  /**
   * Private one-on-one notes: the target is the note's author. Only the author and the managers
   * above the author read them — not admins, not the rep the meeting was with.
   */
  'oneOnOne.privateNote.read': {
    describe: 'read a private one-on-one note (target: its author)',
    target: 'person',
    scope: { admin: 'selfAndBelow', leader: 'selfAndBelow', manager: 'selfAndBelow', rep: 'selfAndBelow' },
  },
  'goals.read': {
    describe: 'see a person’s goals and their progress (target: the goals’ owner)',
    target: 'person',
    scope: { admin: 'all', leader: 'all', manager: 'selfAndBelow', rep: 'self' },
  },
  'goals.team': {
    describe: 'see the goal roll-up of the teams below a manager (target: the manager)',
    target: 'person',
    scope: { admin: 'all', leader: 'all', manager: 'selfAndBelow', rep: 'nobody' },
  },
  'goals.configure': {
    describe: 'set how goals are checked (the largest stretch before Attainable warns)',
    target: 'none',
    scope: { admin: 'all', leader: 'all', manager: 'nobody', rep: 'nobody' },
  },
  'goal.set': {
    describe: 'set a goal for a rep, or a team goal for yourself (target: the goal’s owner)',
    target: 'person',
    scope: { admin: 'nobody', leader: 'selfAndBelow', manager: 'selfAndBelow', rep: 'nobody' },
  },
  'goal.read': {
    describe: 'read a goal (record: the goal; owner: the rep, or the manager of a team goal)',
    target: 'record',
    scope: { admin: 'all', leader: 'all', manager: 'selfAndBelow', rep: 'self' },
  },
  'goal.manage': {
    describe:
      'edit, measure or close a goal (record: the goal; owner: the rep, or the manager of a team goal)',
    target: 'record',
    scope: { admin: 'nobody', leader: 'selfAndBelow', manager: 'selfAndBelow', rep: 'nobody' },
  },
  'pip.start': {
    describe: 'write a performance improvement plan for someone below you (target: the rep)',
    target: 'person',
    scope: { admin: 'nobody', leader: 'selfAndBelow', manager: 'selfAndBelow', rep: 'nobody' },
  },
  /**
   * A performance improvement plan: the rep on it, the managers above the rep, and admins — nobody
   * else, not another manager nor a leader outside that line.
   */
  'pip.read': {
    describe: 'read a performance improvement plan (record: the plan; owner: the rep on it)',
    target: 'record',
    scope: { admin: 'all', leader: 'selfAndBelow', manager: 'selfAndBelow', rep: 'self' },
  },
  'pip.manage': {
    describe:
      'edit a draft, submit it, record check-ins, extend or close a plan (record: the plan; owner: the rep on it)',
    target: 'record',
    scope: { admin: 'nobody', leader: 'selfAndBelow', manager: 'selfAndBelow', rep: 'nobody' },
  },
  /** The second pair of eyes: the service also requires someone above the plan's manager, or an admin. */
  'pip.review': {
    describe: 'review a plan before it starts (record: the plan; owner: the rep on it)',
    target: 'record',
    scope: { admin: 'all', leader: 'selfAndBelow', manager: 'selfAndBelow', rep: 'nobody' },
  },
  'pip.acknowledge': {
    describe: 'acknowledge receipt of your plan and respond to it (record: the plan; owner: the rep on it)',
    target: 'record',
    scope: { admin: 'nobody', leader: 'nobody', manager: 'nobody', rep: 'self' },
  },
} as const satisfies Record<string, Rule>;

export type RuleName = keyof typeof POLICY;

export const RULE_NAMES = Object.keys(POLICY) as RuleName[];

export function isRuleName(value: string): value is RuleName {
  return Object.hasOwn(POLICY, value);
}

export function ruleTarget(rule: RuleName): RuleTarget {
  return POLICY[rule].target;
}

export function scopeFor(role: Role, rule: RuleName): Scope {
  return POLICY[rule].scope[role];
}

export function scopeAllows(scope: Scope, relation: Relation): boolean {
  switch (scope) {
    case 'all':
      return true;
    case 'selfAndBelow':
      return relation === 'self' || relation === 'below';
    case 'self':
      return relation === 'self';
    case 'nobody':
      return false;
  }
}

/**
 * May an actor with this role apply the rule? For rules with a person target, pass where the target
 * stands; for rules without one, leave it out (a scope other than `nobody` then allows).
 */
export function can(role: Role, rule: RuleName, relation?: Relation): boolean {
  const scope = scopeFor(role, rule);
  if (POLICY[rule].target === 'none' || relation === undefined) return scope !== 'nobody';
  return scopeAllows(scope, relation);
}

/**
 * Where a record stands for the policy: its organisation and where its owner (the rep a plan is for,
 * the person a token acts as, whoever started an import) stands relative to the actor — `nobody`
 * when no person owns it (an import run from the command line).
 */
export interface RecordPlace {
  orgId: string;
  owner: Relation | 'nobody';
}

/**
 * The one check a service makes on a record it loaded, before it returns or changes it. Another
 * organisation's record is "not found" (its existence is not confirmed); a record the rule does not
 * reach is "forbidden". Only scope `all` reaches a record nobody owns.
 */
export function authorize(actor: Pick<Actor, 'orgId' | 'role'>, rule: RuleName, record: RecordPlace): void {
  if (POLICY[rule].target !== 'record') throw new Error(`authorize: rule ${rule} does not target a record`);
  if (record.orgId !== actor.orgId) throw new AppError('not_found', 'No such record in your organisation.');
  const scope = scopeFor(actor.role, rule);
  const allowed = record.owner === 'nobody' ? scope === 'all' : scopeAllows(scope, record.owner);
  if (!allowed)
    throw new AppError(
      'forbidden',
      `Your role does not allow you to ${POLICY[rule].describe.split(' (')[0]}.`,
    );
}
