import type { Role } from './roles.js';

/** Who is acting: the signed-in person (or the owner of an API token) within one organisation. */
export interface Actor {
  orgId: string;
  personId: string;
  role: Role;
  email: string;
  name: string;
  /** How the request proved who it is; cookie-authenticated writes also need the CSRF token. */
  via: 'session' | 'token' | 'cli';
}
