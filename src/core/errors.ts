/**
 * Domain errors: features throw these, the HTTP edge maps them to problem+json and the CLI to exit
 * codes. They carry no HTTP status on purpose — the domain does not know it is served over HTTP.
 */
export type AppErrorCode =
  | 'invalid' // the input breaks a rule (a field, a value, a combination)
  | 'not_found' // no such thing in this organisation (also used for other organisations' things)
  | 'forbidden' // it exists, but the actor may not do this
  | 'conflict' // it clashes with what is stored (duplicate email, slug taken)
  | 'unauthenticated' // no valid session or token
  | 'rate_limited'; // too many attempts

export interface FieldIssue {
  /** Where the problem is, e.g. `email` or `people.3.role`. */
  path: string;
  message: string;
}

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly issues: FieldIssue[];
  /** Seconds after which a rate-limited action may be tried again. */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    code: AppErrorCode,
    message: string,
    opts: { issues?: FieldIssue[]; retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.issues = opts.issues ?? [];
    this.retryAfterSeconds = opts.retryAfterSeconds;
  }
}

export const invalid = (message: string, path?: string): AppError =>
  new AppError('invalid', message, path ? { issues: [{ path, message }] } : {});
export const notFound = (message: string): AppError => new AppError('not_found', message);
export const forbidden = (message: string): AppError => new AppError('forbidden', message);
export const conflict = (message: string, path?: string): AppError =>
  new AppError('conflict', message, path ? { issues: [{ path, message }] } : {});

/** A schema's refusal as a domain error: every issue with its field path (`where` prefixes it, e.g. `body`). */
export function invalidInput(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
  where?: string,
): AppError {
  const fields = issues.map((i) => ({
    path: [...(where ? [where] : []), ...i.path.map(String)].join('.'),
    message: i.message,
  }));
  return new AppError('invalid', fields.map((f) => `${f.path}: ${f.message}`).join('; ') || 'not valid', {
    issues: fields,
  });
}
