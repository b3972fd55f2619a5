/** The four roles of an organisation, from the widest view to the narrowest. */
export const ROLES = ['admin', 'leader', 'manager', 'rep'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Administrator',
  leader: 'Sales leader',
  manager: 'Sales manager',
  rep: 'Sales rep',
};

/** Reps carry quota and coach no one; every other role may have people reporting to them. */
export function canHaveReports(role: Role): boolean {
  return role !== 'rep';
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
