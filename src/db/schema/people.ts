import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  foreignKey,
  index,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { ROLES } from '../../core/roles.js';
import { orgs } from './orgs.js';

export const roleEnum = pgEnum('role', ROLES);

/**
 * People of an organisation and their reporting line. Keys include `org_id` so the table can be
 * distributed by organisation; the manager link is a same-org foreign key.
 */
export const people = pgTable(
  'people',
  {
    orgId: uuid()
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    id: uuid().notNull().defaultRandom(),
    /** Stored lower-cased; unique within the organisation. */
    email: text().notNull(),
    name: text().notNull(),
    role: roleEnum().notNull(),
    managerId: uuid(),
    team: text(),
    startDate: date({ mode: 'string' }),
    active: boolean().notNull().default(true),
    /**
     * When the person's current spell as an active member began, if they ever left and came back:
     * sessions and API tokens issued before it do not work (a reactivation brings none back).
     */
    activeSince: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    unique('people_org_email_unique').on(t.orgId, t.email),
    foreignKey({
      columns: [t.orgId, t.managerId],
      foreignColumns: [t.orgId, t.id],
      name: 'people_manager_fk',
    }),
    index('people_org_manager_idx').on(t.orgId, t.managerId),
    index('people_email_idx').on(t.email),
    check('people_not_own_manager', sql`${t.managerId} is null or ${t.managerId} <> ${t.id}`),
    check('people_email_lower', sql`${t.email} = lower(${t.email})`),
  ],
);

/** Sign-in passwords, kept apart from people so that no people query can ever return a hash. */
export const passwords = pgTable(
  'passwords',
  {
    orgId: uuid().notNull(),
    personId: uuid().notNull(),
    /** `scrypt$N$r$p$salt$hash` (base64url parts). */
    hash: text().notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.personId] }),
    foreignKey({ columns: [t.orgId, t.personId], foreignColumns: [people.orgId, people.id] }).onDelete(
      'cascade',
    ),
  ],
);
