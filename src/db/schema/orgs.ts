import { pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Organisations (tenants). The one table without `org_id`: every other table hangs off it. */
export const orgs = pgTable('orgs', {
  id: uuid().primaryKey().defaultRandom(),
  slug: text().notNull().unique(),
  name: text().notNull(),
  /** ISO 4217 code; money elsewhere is stored in this currency's minor units. */
  currency: text().notNull().default('USD'),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
