/**
 * Typed failures of the Devin API client, so sync and the UI can tell a bad token, a missing permission,
 * a rate limit, an outage and an unreadable answer apart. Every message is built from our own words plus
 * redacted server text: no error, cause or stack ever carries the token.
 */
import { PERMISSION_OLD_NAMES, problemSchema } from '../../shared/devin-api';
import { APP_ERROR_CODES, type AppError, type AppErrorCode } from '../../shared/ipc/result';
import { redact } from '../../shared/redact';

export interface ApiErrorContext {
  /** Method and path template, e.g. `GET /v3/enterprise/sessions`. */
  endpoint: string | null;
  status?: number | null;
}

export abstract class ApiError extends Error {
  abstract readonly code: AppErrorCode;
  readonly endpoint: string | null;
  readonly status: number | null;

  constructor(message: string, ctx: ApiErrorContext) {
    super(redact(message));
    this.endpoint = ctx.endpoint;
    this.status = ctx.status ?? null;
  }

  toAppError(): AppError {
    return { code: this.code, message: this.message };
  }
}

export class UnauthorizedError extends ApiError {
  override readonly name = 'UnauthorizedError';
  readonly code = 'AUTH_INVALID';
}

export class ForbiddenError extends ApiError {
  override readonly name = 'ForbiddenError';
  readonly code = 'PERMISSION_DENIED';
  /** The permission the API named, when it named one. */
  readonly permission: string | null;

  constructor(message: string, ctx: ApiErrorContext, permission: string | null) {
    super(message, ctx);
    this.permission = permission;
  }

  override toAppError(): AppError {
    return { ...super.toAppError(), ...(this.permission ? { permission: this.permission } : {}) };
  }
}

export class NotFoundError extends ApiError {
  override readonly name = 'NotFoundError';
  readonly code = 'NOT_FOUND';
}

/** Any other 4xx (400, 405, 422…): the request itself was wrong, so retrying cannot help. */
export class InvalidRequestError extends ApiError {
  override readonly name = 'InvalidRequestError';
  readonly code = 'BAD_INPUT';
}

export class RateLimitedError extends ApiError {
  override readonly name = 'RateLimitedError';
  readonly code = 'RATE_LIMITED';
  /** Epoch ms from `Retry-After`; null when the API did not say. */
  readonly retryAt: number | null;

  constructor(message: string, ctx: ApiErrorContext, retryAt: number | null) {
    super(message, ctx);
    this.retryAt = retryAt;
  }

  override toAppError(): AppError {
    return { ...super.toAppError(), ...(this.retryAt !== null ? { retryAt: this.retryAt } : {}) };
  }
}

export class ServerError extends ApiError {
  override readonly name = 'ServerError';
  readonly code = 'SERVER_ERROR';
}

export class TimeoutError extends ApiError {
  override readonly name = 'TimeoutError';
  readonly code = 'TIMEOUT';
}

export type OfflineReason = 'refused' | 'dns' | 'reset' | 'network';

export class OfflineError extends ApiError {
  override readonly name = 'OfflineError';
  readonly code = 'OFFLINE';
  readonly reason: OfflineReason;

  constructor(message: string, ctx: ApiErrorContext, reason: OfflineReason) {
    super(message, ctx);
    this.reason = reason;
  }
}

export class ApiSchemaError extends ApiError {
  override readonly name = 'ApiSchemaError';
  readonly code = 'API_SCHEMA';
  /** Path of the offending field, e.g. `items[3].acus_consumed`; null for unparseable JSON. */
  readonly field: string | null;

  constructor(message: string, ctx: ApiErrorContext, field: string | null) {
    super(message, ctx);
    this.field = field;
  }
}

export class CancelledError extends ApiError {
  override readonly name = 'CancelledError';
  readonly code = 'CANCELLED';
}

/** A 2xx answer longer than the client's cap: the read stopped there, so a huge or endless body cannot exhaust memory. */
export class ResponseTooLargeError extends ApiError {
  override readonly name = 'ResponseTooLargeError';
  readonly code = 'RESPONSE_TOO_LARGE';
}

/** A 3xx answer: never followed (the token would travel to another URL), and usually a wrong base URL. */
export class RedirectedError extends ApiError {
  override readonly name = 'RedirectedError';
  readonly code = 'REDIRECTED';
}

/**
 * A token no HTTP header can carry (a newline, a control or non-Latin-1 character), caught before any request so it
 * is not mistaken for a network failure. Not an UnauthorizedError: the API never saw it, so nothing is deleted.
 */
export class MalformedTokenError extends ApiError {
  override readonly name = 'MalformedTokenError';
  readonly code = 'AUTH_INVALID';
}

/** A base URL the token must not be sent to (plain HTTP off this machine, or not a URL at all). */
export class InvalidBaseUrlError extends ApiError {
  override readonly name = 'InvalidBaseUrlError';
  readonly code = 'BAD_INPUT';
}

/** Failures worth another attempt: rate limits, server errors, timeouts and dropped connections. */
export function isRetryable(err: unknown): boolean {
  return (
    err instanceof RateLimitedError ||
    err instanceof ServerError ||
    err instanceof TimeoutError ||
    (err instanceof OfflineError && err.reason === 'reset')
  );
}

/** Any thrown value as an AppError for IPC/CLI; unknown errors become INTERNAL with a redacted message. */
export function toAppError(err: unknown): AppError {
  if (err instanceof ApiError) return err.toAppError();
  const message = redact(err instanceof Error ? err.message : String(err));
  // Other services' expected failures (token from the environment, keychain…) carry their code the same way.
  const code = (err as { code?: unknown } | null)?.code;
  return { code: isAppErrorCode(code) ? code : 'INTERNAL', message };
}

const isAppErrorCode = (code: unknown): code is AppErrorCode => (APP_ERROR_CODES as readonly unknown[]).includes(code);

/** `Retry-After` as epoch ms: delay-seconds or an HTTP-date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | null {
  if (value === null || value === undefined) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return nowMs + Number(text) * 1000;
  // All three HTTP-date forms start with a day name; without one, Date.parse would read "-5" as a year.
  if (!/^[A-Za-z]{3}/.test(text)) return null;
  const date = Date.parse(text);
  return Number.isNaN(date) ? null : Math.max(nowMs, date);
}

const PERMISSION_PATTERNS = [
  /\bpermissions?\b[\s:'"`(]*([A-Z][a-z]+(?:[A-Z][a-z]+)+)\b/, // "lacks permission ViewAccountConsumption"
  /\b([A-Z][a-z]+(?:[A-Z][a-z]+)+)\b['"`)]*\s+permission\b/, // "requires the ViewAccountMetrics permission"
];

/** The permission a 403 body names, if it names one (PascalCase, as in the Devin docs). */
export function parsePermission(detail: string | null | undefined): string | null {
  if (!detail) return null;
  for (const pattern of PERMISSION_PATTERNS) {
    const m = pattern.exec(detail);
    if (m?.[1]) return m[1];
  }
  return null;
}

/** "ViewAccountConsumption (older name: ManageBilling)" — the docs renamed some permissions, so name both. */
export function describePermission(permission: string): string {
  const old = PERMISSION_OLD_NAMES[permission];
  const current = Object.entries(PERMISSION_OLD_NAMES)
    .filter(([, o]) => o === permission)
    .map(([n]) => n);
  if (old) return `${permission} (older name: ${old})`;
  if (current.length > 0) return `${permission} (current name: ${current.join(' or ')})`;
  return permission;
}

/** The readable part of an error body: ProblemDetail/FastAPI `detail` (string or list of messages) or `title`. */
export function problemDetail(body: string): string | null {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return null;
  }
  const parsed = problemSchema.safeParse(json);
  if (!parsed.success) return null;
  const { detail, title } = parsed.data;
  if (typeof detail === 'string') return detail;
  if (Array.isArray(detail)) {
    const messages = detail.map((d) => {
      const { loc, msg } = (d ?? {}) as { loc?: unknown; msg?: unknown };
      return `${Array.isArray(loc) ? loc.join('.') + ': ' : ''}${typeof msg === 'string' ? msg : 'invalid'}`;
    });
    return messages.join('; ');
  }
  return typeof title === 'string' ? title : null;
}

export interface HttpFailure {
  endpoint: string;
  status: number;
  /** Response body text (may be cut short). */
  body: string;
  retryAfter: string | null;
  /** `Location` of a redirect. */
  location?: string | null;
  nowMs: number;
  /** Removes the token from server text (the raw body and what parsing it yields) before it is quoted or cut. */
  scrub?: (text: string) => string;
}

/** Maps a non-2xx answer to its typed error. */
export function errorFromResponse({ endpoint, status, body, retryAfter, location, nowMs, scrub = redact }: HttpFailure): ApiError {
  const ctx = { endpoint, status };
  const parsed = problemDetail(scrub(body));
  const detail = parsed === null ? null : scrub(parsed);
  const said = detail ? `: ${truncate(detail, 300)}` : '';
  if (status === 401) {
    return new UnauthorizedError(
      `The Devin API rejected the token (401 on ${endpoint}). Check that it is a valid, unexpired v3 token (starts with cog_).`,
      ctx,
    );
  }
  if (status === 403) {
    const permission = parsePermission(detail);
    const grant = permission
      ? `Grant the service user ${describePermission(permission)} and try again.`
      : 'Check the service user’s role and that the plan includes the Enterprise API.';
    return new ForbiddenError(
      `The token is not allowed to call ${endpoint} (403)${said}. ${grant}`,
      ctx,
      permission,
    );
  }
  if (status === 404) return new NotFoundError(`${endpoint} answered 404 Not Found${said}`, ctx);
  if (status === 429) {
    return new RateLimitedError(
      `${endpoint} is rate limited (429)${said}`,
      ctx,
      parseRetryAfter(retryAfter, nowMs),
    );
  }
  if (status >= 500) return new ServerError(`${endpoint} failed with ${status}${said}`, ctx);
  if (status >= 300 && status < 400) return redirectedError(endpoint, status, location ?? null);
  return new InvalidRequestError(`${endpoint} rejected the request (${status})${said}`, ctx);
}

/** Also for Electron's `net.fetch`, which rejects on a redirect under `redirect: 'manual'` instead of answering 3xx. */
export function redirectedError(endpoint: string, status: number | null, location: string | null): RedirectedError {
  const to = location && URL.canParse(location) ? ` to ${new URL(location).origin}` : '';
  const answered = status === null ? 'a redirect' : `a redirect (${status}${to})`;
  return new RedirectedError(
    `${endpoint} answered with ${answered}, which is not followed: check the API base URL (DEVIN_API_BASE_URL).`,
    { endpoint, status },
  );
}

/** True for a fetch rejection caused by a redirect (Electron's `net.fetch` under `redirect: 'manual'`). */
export function isRedirectRejection(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof Error && /redirect/i.test(e.message)) return true;
  }
  return false;
}

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL']);
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ECONNABORTED']);

/** Why a request got no HTTP answer, from the error codes fetch (undici) puts on the error or its causes. */
export function classifyNetworkError(err: unknown): OfflineReason {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code !== 'string') continue;
    if (code === 'ECONNREFUSED') return 'refused';
    if (DNS_CODES.has(code)) return 'dns';
    if (RESET_CODES.has(code)) return 'reset';
  }
  // undici reports a body cut short as a bare "terminated" TypeError.
  return err instanceof Error && /terminated|other side closed/i.test(err.message) ? 'reset' : 'network';
}

export function offlineError(endpoint: string, reason: OfflineReason): OfflineError {
  const why: Record<OfflineReason, string> = {
    refused: 'the connection was refused',
    dns: 'the host name could not be resolved',
    reset: 'the connection was reset',
    network: 'the network is unreachable',
  };
  return new OfflineError(
    `Could not reach the Devin API for ${endpoint}: ${why[reason]}.`,
    { endpoint },
    reason,
  );
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}
