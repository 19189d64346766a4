/**
 * Expected failures cross IPC as values: Electron keeps only `message` of thrown errors, so a code
 * the renderer can act on (re-enter the token, wait for the rate limit…) has to travel as data.
 */
export const APP_ERROR_CODES = [
  'AUTH_INVALID', // 401: the token is wrong, expired or revoked
  'PERMISSION_DENIED', // 403: the token lacks a permission (named in `permission` when the API says which)
  'NOT_FOUND',
  'RATE_LIMITED', // 429: `retryAt` says when the next attempt is due
  'SERVER_ERROR', // 5xx
  'TIMEOUT',
  'OFFLINE', // DNS failure, refused connection, no network
  'API_SCHEMA', // the API answered with a body we cannot read
  'RESPONSE_TOO_LARGE', // the API's answer passed the client's size cap; the rest was not read
  'REDIRECTED', // the API answered with a redirect, which is never followed (the base URL is likely wrong)
  'BAD_INPUT', // arguments failed validation (IPC, CLI, settings)
  'CACHE_ERROR',
  'CANCELLED',
  'ACCOUNT_UNKNOWN', // a token whose account (/v3/self) could not be told and is not remembered
  'FORBIDDEN_SENDER',
  'INTERNAL',
] as const;
export type AppErrorCode = (typeof APP_ERROR_CODES)[number];

export interface AppError {
  code: AppErrorCode;
  message: string;
  /** Epoch ms at which a rate-limited request may be retried. */
  retryAt?: number;
  /** The permission a 403 named, when it named one. */
  permission?: string;
}

export type Result<T> = { ok: true; data: T } | { ok: false; error: AppError };

export const ok = <T>(data: T): Result<T> => ({ ok: true, data });
export const fail = (code: AppErrorCode, message: string, extra: Partial<AppError> = {}): Result<never> => ({
  ok: false,
  error: { code, message, ...extra },
});
