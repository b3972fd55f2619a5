import { z } from 'zod';
import { isPlainText, PLAIN_TEXT_MESSAGE } from '../../core/text.js';

export const orgSlug = z
  .string()
  .trim()
  .regex(
    /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/,
    'use 1–40 lower-case letters, digits and inner hyphens, e.g. "acme-sales"',
  );

export const currencyCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{3}$/, 'use a three-letter ISO 4217 currency code, e.g. USD');

export const Org = z
  .object({
    id: z.uuid(),
    slug: z.string(),
    name: z.string(),
    currency: z.string(),
  })
  .meta({ id: 'Org' });
export type Org = z.infer<typeof Org>;

export const OrgCreate = z.strictObject({
  slug: orgSlug,
  name: z.string().trim().min(1).max(200).refine(isPlainText, PLAIN_TEXT_MESSAGE).optional(),
  currency: currencyCode.optional(),
});
export type OrgCreate = z.infer<typeof OrgCreate>;

/** `/api/org`: the caller's organisation. */
export const OrgAnswer = z.object({ org: Org }).meta({ id: 'OrgAnswer' });
export type OrgAnswer = z.infer<typeof OrgAnswer>;
