import { z } from 'zod';
import { ROLES } from '../../core/roles.js';
import { isPlainText, PLAIN_TEXT_MESSAGE } from '../../core/text.js';

export const Role = z.enum(ROLES, { error: `use one of ${ROLES.join(', ')}` });

const email = z
  .email('enter an email address such as maria@example.com')
  .max(254)
  .transform((s) => s.toLowerCase());
const personName = z.string().trim().min(1, 'enter a name').max(200).refine(isPlainText, PLAIN_TEXT_MESSAGE);
const team = z.string().trim().max(100).refine(isPlainText, PLAIN_TEXT_MESSAGE).nullable();
const startDate = z.iso.date('use a date such as 2026-03-01').nullable();
export const password = z
  .string()
  .min(10, 'use at least 10 characters')
  .max(200, 'use at most 200 characters');

export const Person = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    role: Role,
    managerId: z.uuid().nullable(),
    managerName: z.string().nullable(),
    team: z.string().nullable(),
    startDate: z.string().nullable(),
    active: z.boolean(),
    /** People who report to this person directly (their team). */
    directReports: z.number().int(),
  })
  .meta({ id: 'Person' });
export type Person = z.infer<typeof Person>;

export const PeopleList = z.object({ people: z.array(Person) }).meta({ id: 'PeopleList' });
export type PeopleList = z.infer<typeof PeopleList>;

export const PersonCreate = z
  .strictObject({
    email,
    name: personName,
    role: Role,
    managerId: z.uuid().nullable().optional(),
    team: team.optional(),
    startDate: startDate.optional(),
    /** Optional: without one, the person cannot sign in until an admin sets it. */
    password: password.optional(),
  })
  .meta({ id: 'PersonCreate' });
export type PersonCreate = z.infer<typeof PersonCreate>;

export const PersonUpdate = z
  .strictObject({
    name: personName.optional(),
    role: Role.optional(),
    managerId: z.uuid().nullable().optional(),
    team: team.optional(),
    startDate: startDate.optional(),
    active: z.boolean().optional(),
  })
  .meta({ id: 'PersonUpdate' });
export type PersonUpdate = z.infer<typeof PersonUpdate>;

export const PersonParams = z.strictObject({ id: z.uuid() });

export const PeopleQuery = z.strictObject({
  /** `team`: only the people reporting directly to `managerId` (default: the caller). */
  managerId: z.uuid().optional(),
  includeInactive: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
});

/** An admin sets a person's password (`PUT /api/people/:id/password`, `touchline people set-password`). */
export const SetPassword = z.strictObject({ password }).meta({ id: 'SetPassword' });
export type SetPassword = z.infer<typeof SetPassword>;
