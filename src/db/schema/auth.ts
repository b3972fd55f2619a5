import {
  bigserial,
  foreignKey,
  index,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { orgs } from './orgs.js';
import { people } from './people.js';

/**
 * Server-side sessions. The cookie holds `<org id>.<secret>`; only the secret's SHA-256 is stored,
 * so a leaked table does not hand out sessions, and lookups carry the organisation key.
 */
export const sessions = pgTable(
  'sessions',
  {
    orgId: uuid()
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    secretHash: text().notNull(),
    personId: uuid().notNull(),
    /** Sent back by the browser in `X-CSRF-Token` on every write made with the cookie. */
    csrfToken: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.secretHash] }),
    foreignKey({ columns: [t.orgId, t.personId], foreignColumns: [people.orgId, people.id] }).onDelete(
      'cascade',
    ),
    index('sessions_expires_idx').on(t.expiresAt),
  ],
);

/** Personal API tokens for scripts: shown once, stored hashed, revocable. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    orgId: uuid()
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    id: uuid().notNull().defaultRandom(),
    personId: uuid().notNull(),
    name: text().notNull(),
    secretHash: text().notNull(),
    /** The first characters of the token, so a person can tell their tokens apart. */
    hint: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('api_tokens_secret_idx').on(t.orgId, t.secretHash),
    foreignKey({ columns: [t.orgId, t.personId], foreignColumns: [people.orgId, people.id] }).onDelete(
      'cascade',
    ),
  ],
);

/**
 * Failed sign-ins by email, to slow down password guessing per account. Not tenant-owned: a
 * sign-in happens before we know the organisation.
 */
export const loginFailures = pgTable(
  'login_failures',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    email: text().notNull(),
    at: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index('login_failures_email_at_idx').on(t.email, t.at)],
);
