/** A problem+json error from the API, with field paths for validation errors. */
export class ApiError extends Error {
  readonly status: number;
  readonly errors: { path: string; message: string }[];
  constructor(status: number, message: string, errors: { path: string; message: string }[] = []) {
    super(message);
    this.status = status;
    this.errors = errors;
  }
  /** Field errors keyed by the last segment of their path (`body.email` → `email`), for forms. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.errors) {
      const key = e.path.replace(/^(body|query|params)\./, '');
      out[key] ??= e.message;
    }
    return out;
  }
}

let csrfToken: string | null = null;

/** The session's CSRF token, learnt from `/api/me` or sign-in; sent on every write. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? null : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'Cannot reach the Touchline server. Check your connection and try again.');
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (!response.ok) {
    const problem = (data ?? {}) as { detail?: string; errors?: { path: string; message: string }[] };
    throw new ApiError(
      response.status,
      problem.detail ?? `The server answered ${response.status}.`,
      problem.errors,
    );
  }
  return data as T;
}

/**
 * Uploads a form with a file, reporting upload progress (fetch cannot). Resolves with the JSON
 * answer; rejects with an ApiError carrying the server's problem details.
 */
export function upload<T>(
  path: string,
  form: FormData,
  onProgress: (sent: number, total: number) => void,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.total);
    xhr.onerror = () => reject(new ApiError(0, 'The upload failed: check your connection and try again.'));
    xhr.onload = () => {
      let data: unknown;
      try {
        data = JSON.parse(xhr.responseText);
      } catch {
        data = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(data as T);
      const problem = (data ?? {}) as { detail?: string; errors?: { path: string; message: string }[] };
      reject(
        new ApiError(xhr.status, problem.detail ?? `The server answered ${xhr.status}.`, problem.errors),
      );
    };
    xhr.send(form);
  });
}
