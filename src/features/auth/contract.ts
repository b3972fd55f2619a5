import { z } from 'zod';
import { isPlainText, PLAIN_TEXT_MESSAGE } from '../../core/text.js';
import { Org } from '../orgs/contract.js';
import { password, Role } from '../people/contract.js';

export const LoginRequest = z
  .strictObject({
    email: z.string().trim().min(1, 'enter your email').max(254),
    password: z.string().min(1, 'enter your password').max(200),
    /** Only needed when the same email signs in to several organisations. */
    org: z.string().trim().max(40).optional(),
  })
  .meta({ id: 'LoginRequest' });
export type LoginRequest = z.infer<typeof LoginRequest>;

export const Me = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    role: Role,
    org: Org,
    /** Send back as `X-CSRF-Token` on every write made with the session cookie. */
    csrfToken: z.string().nullable(),
  })
  .meta({ id: 'Me' });
export type Me = z.infer<typeof Me>;

export const ChangePassword = z
  .strictObject({
    currentPassword: z.string().min(1, 'enter your current password').max(200),
    newPassword: password,
  })
  .meta({ id: 'ChangePassword' });
export type ChangePassword = z.infer<typeof ChangePassword>;

export const ApiToken = z
  .object({
    id: z.uuid(),
    name: z.string(),
    hint: z.string(),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .meta({ id: 'ApiToken' });
export type ApiToken = z.infer<typeof ApiToken>;

export const ApiTokenList = z.object({ tokens: z.array(ApiToken) }).meta({ id: 'ApiTokenList' });

export const ApiTokenCreate = z
  .strictObject({
    name: z
      .string()
      .trim()
      .min(1, 'name the token, e.g. "CRM sync"')
      .max(100)
      .refine(isPlainText, PLAIN_TEXT_MESSAGE),
  })
  .meta({ id: 'ApiTokenCreate' });

export const ApiTokenCreated = ApiToken.extend({
  /** Shown once: only its hash is stored. */
  token: z.string(),
}).meta({ id: 'ApiTokenCreated' });
export type ApiTokenCreated = z.infer<typeof ApiTokenCreated>;

export const TokenParams = z.strictObject({ tokenId: z.uuid() });
