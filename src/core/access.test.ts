import { describe, expect, it } from 'vitest';
import { authorize, can, POLICY, RULE_NAMES, scopeFor } from './access.js';
import { AppError } from './errors.js';
import { ROLES } from './roles.js';

describe('access policy', () => {
  it('lets admins and leaders read every profile, managers their subtree, reps only themselves', () => {
    expect(can('admin', 'person.read', 'outside')).toBe(true);
    expect(can('leader', 'person.read', 'outside')).toBe(true);
    expect(can('manager', 'person.read', 'below')).toBe(true);
    expect(can('manager', 'person.read', 'self')).toBe(true);
    expect(can('manager', 'person.read', 'outside')).toBe(false);
    expect(can('manager', 'person.read', 'above')).toBe(false);
    expect(can('rep', 'person.read', 'self')).toBe(true);
    expect(can('rep', 'person.read', 'outside')).toBe(false);
    expect(can('rep', 'person.read', 'above')).toBe(false);
  });

  it('keeps private one-on-one notes to their author and the managers above the author', () => {
    // target = the note's author
    expect(can('manager', 'oneOnOne.privateNote.read', 'self')).toBe(true);
    expect(can('leader', 'oneOnOne.privateNote.read', 'below')).toBe(true);
    expect(can('admin', 'oneOnOne.privateNote.read', 'outside')).toBe(false);
    // the rep the meeting was with stands below the author
    expect(can('rep', 'oneOnOne.privateNote.read', 'above')).toBe(false);
    expect(can('manager', 'oneOnOne.privateNote.read', 'outside')).toBe(false);
  });

  it('shows an improvement plan to the rep, the managers above the rep and admins only', () => {
    expect(can('rep', 'pip.read', 'self')).toBe(true);
    expect(can('rep', 'pip.read', 'outside')).toBe(false);
    expect(can('manager', 'pip.read', 'below')).toBe(true);
    expect(can('manager', 'pip.read', 'outside')).toBe(false);
    expect(can('leader', 'pip.read', 'below')).toBe(true);
    expect(can('leader', 'pip.read', 'outside')).toBe(false);
    expect(can('admin', 'pip.read', 'outside')).toBe(true);
  });

  it('reserves people administration to admins', () => {
    for (const role of ROLES) {
      expect(can(role, 'person.create')).toBe(role === 'admin');
      expect(can(role, 'person.update', 'below')).toBe(role === 'admin');
    }
  });

  it('gives every rule a scope for every role, and target-less rules only all or nobody', () => {
    for (const rule of RULE_NAMES) {
      for (const role of ROLES) {
        const scope = scopeFor(role, rule);
        expect(['all', 'selfAndBelow', 'self', 'nobody']).toContain(scope);
        if (POLICY[rule].target === 'none') expect(['all', 'nobody']).toContain(scope);
      }
    }
  });

  describe('authorize (records)', () => {
    const org = 'org-1';
    const code = (fn: () => void): string => {
      try {
        fn();
        return 'allowed';
      } catch (err) {
        return err instanceof AppError ? err.code : 'other';
      }
    };

    it('lets only a token’s owner revoke it, whatever their role', () => {
      for (const role of ROLES) {
        expect(
          code(() => authorize({ orgId: org, role }, 'token.revoke', { orgId: org, owner: 'self' })),
        ).toBe('allowed');
        for (const owner of ['below', 'above', 'outside', 'nobody'] as const)
          expect(code(() => authorize({ orgId: org, role }, 'token.revoke', { orgId: org, owner }))).toBe(
            'forbidden',
          );
      }
    });

    it('lets admins read any import, also one started from the command line (no owner)', () => {
      expect(
        code(() =>
          authorize({ orgId: org, role: 'admin' }, 'importJob.read', { orgId: org, owner: 'nobody' }),
        ),
      ).toBe('allowed');
      expect(
        code(() =>
          authorize({ orgId: org, role: 'leader' }, 'importJob.read', { orgId: org, owner: 'self' }),
        ),
      ).toBe('forbidden');
    });

    it('answers "not found" for another organisation’s record, even to its owner’s counterpart', () => {
      expect(
        code(() =>
          authorize({ orgId: org, role: 'admin' }, 'importJob.read', { orgId: 'org-2', owner: 'nobody' }),
        ),
      ).toBe('not_found');
    });

    it('refuses to authorise a record against a rule that does not target records', () => {
      expect(
        code(() => authorize({ orgId: org, role: 'admin' }, 'person.read', { orgId: org, owner: 'self' })),
      ).toBe('other');
    });
  });
});
