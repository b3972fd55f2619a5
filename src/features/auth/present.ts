import type { apiTokens } from '../../db/schema/auth.js';
import type { ApiToken } from './contract.js';

/**
 * An API token as its owner sees it: never the secret's hash. Only the owner reaches a token
 * (rule `token.revoke`, `listApiTokens`), so nothing here depends on who asks.
 */
export function presentApiToken(row: typeof apiTokens.$inferSelect): ApiToken {
  return {
    id: row.id,
    name: row.name,
    hint: row.hint,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}
