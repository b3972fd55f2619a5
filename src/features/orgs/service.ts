import { asc, eq } from 'drizzle-orm';
import { AppError, conflict, invalid, notFound } from '../../core/errors.js';
import type { Db } from '../../db/open.js';
import { orgs } from '../../db/schema/orgs.js';
import { isUniqueViolation } from '../../db/sql.js';
import { type Org, OrgCreate } from './contract.js';

function present(row: typeof orgs.$inferSelect): Org {
  return { id: row.id, slug: row.slug, name: row.name, currency: row.currency };
}

/** Creates an organisation; `db` may be a transaction, so the org and its first admin land together. */
export async function createOrg(db: Db, input: OrgCreate): Promise<Org> {
  const parsed = OrgCreate.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalid(
      issue ? `${issue.path.join('.') || 'slug'}: ${issue.message}` : 'invalid organisation',
      'slug',
    );
  }
  const { slug, name, currency } = parsed.data;
  try {
    const [row] = await db
      .insert(orgs)
      .values({ slug, name: name ?? slug, currency: currency ?? 'USD' })
      .returning();
    if (!row) throw new Error('insert returned no row');
    return present(row);
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(`an organisation with slug "${slug}" already exists`, 'slug');
    throw err;
  }
}

export async function listOrgs(db: Db): Promise<Org[]> {
  const rows = await db.select().from(orgs).orderBy(asc(orgs.slug));
  return rows.map(present);
}

export async function getOrg(db: Db, opts: { orgId: string }): Promise<Org> {
  const [row] = await db.select().from(orgs).where(eq(orgs.id, opts.orgId));
  if (!row) throw notFound('no such organisation');
  return present(row);
}

export async function findOrgBySlug(db: Db, slug: string): Promise<Org | undefined> {
  const [row] = await db.select().from(orgs).where(eq(orgs.slug, slug));
  return row ? present(row) : undefined;
}

/**
 * The organisation a command works on: the one named, or the only one there is. With several and
 * none named, the error lists them so the user can pick.
 */
export async function resolveOrg(db: Db, slug: string | undefined): Promise<Org> {
  if (slug) {
    const org = await findOrgBySlug(db, slug);
    if (!org) throw new AppError('invalid', `no organisation "${slug}"; see \`touchline org list\``);
    return org;
  }
  const all = await listOrgs(db);
  if (all.length === 1 && all[0]) return all[0];
  if (all.length === 0)
    throw new AppError('invalid', 'no organisation yet: run `touchline demo` or `touchline org create SLUG`');
  throw new AppError(
    'invalid',
    `several organisations exist; choose one with --org (${all.map((o) => o.slug).join(', ')})`,
  );
}

/** Deletes an organisation and everything it owns (by cascade; its CRM rows by the trigger of migration 0005). */
export async function deleteOrg(db: Db, opts: { orgId: string }): Promise<void> {
  await db.delete(orgs).where(eq(orgs.id, opts.orgId));
}
