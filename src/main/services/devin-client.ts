/**
 * Devin v3 REST client: the only code that talks to the API. One method per endpoint the dashboard reads;
 * every answer is parsed with the shared zod schemas, lists are followed to the last page, and transient
 * failures (429, 5xx, timeouts, dropped connections) are retried with exponential backoff and full jitter.
 * Failures surface as the typed errors of api-errors.ts; the token never appears in any of them.
 */
import type { z } from 'zod';
import {
  acuLimitSchema,
  activeUsersSeriesSchema,
  consumptionCycleSchema,
  consumptionResponseSchema,
  organizationSchema,
  prMetricsSchema,
  paginated,
  queueResponseSchema,
  selfSchema,
  serviceUserSchema,
  sessionSchema,
  userSchema,
  type ActiveUsersBucket,
  type ApiAcuLimit,
  type ApiOrganization,
  type ApiSelf,
  type ApiServiceUser,
  type ApiSession,
  type ApiUser,
  type ConsumptionCycle,
  type ConsumptionResponse,
  type QueueResponse,
  type PrMetrics,
  type TimeWindow,
} from '../../shared/devin-api';
import { secretRedactor } from '../../shared/redact';
import {
  ApiSchemaError,
  CancelledError,
  errorFromResponse,
  InvalidBaseUrlError,
  isRedirectRejection,
  isRetryable,
  MalformedTokenError,
  offlineError,
  classifyNetworkError,
  RateLimitedError,
  redirectedError,
  ResponseTooLargeError,
  TimeoutError,
  UnauthorizedError,
} from './api-errors';
import { createLimiter, type Limiter } from './limiter';
import type { PageInfo } from './sync-progress';
import { silentLogger, type Logger } from './logger';
import { clipIssueText, formatIssuePath } from './zod-issues';

export type { TimeWindow };

export interface DevinClientOptions {
  /** e.g. https://api.devin.ai (the caller applies DEVIN_API_BASE_URL); a trailing slash is fine. */
  baseUrl: string;
  /** The token, or a getter read before every request (null = no token set). */
  token: string | (() => string | null);
  fetch?: typeof fetch;
  /** Per attempt, including reading the body. */
  timeoutMs?: number;
  /**
   * Largest answer body read, in bytes (default 20 MB; the biggest real page is far below 1 MB). A longer body,
   * whatever its Content-Length says, is abandoned with ResponseTooLargeError.
   */
  maxResponseBytes?: number;
  /** Extra attempts after the first for retryable failures. */
  retries?: number;
  backoffBaseMs?: number;
  /** Longest `Retry-After` the client waits for; a longer one fails at once with RateLimitedError. */
  maxRetryAfterMs?: number;
  /** `first` sent to list endpoints (1–200). */
  pageSize?: number;
  log?: Logger;
  /** Cancels every request of this client. */
  signal?: AbortSignal;
  /**
   * Most HTTP requests in flight at once (default 8). Bounded per request, not per paginated list, so a long
   * cursor chain never holds a slot while it waits and fan-outs pack tightly; backoff waits hold no slot.
   */
  concurrency?: number;
}

export interface SessionListFilter {
  createdAfter?: number;
  createdBefore?: number;
  updatedAfter?: number;
  updatedBefore?: number;
  orgIds?: string[];
  userIds?: string[];
}

export type QueryValue = string | number | boolean | readonly string[] | null | undefined;
export type Query = Record<string, QueryValue>;

const MAX_BACKOFF_MS = 30_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 20 * 1024 * 1024;
/** An error answer is only quoted (300 characters of its detail), so a little of it is enough. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;
/** What fetch refuses in a header value: NUL, CR, LF, and anything outside Latin-1. */
const headerUnsafe = (value: string): boolean =>
  [...value].some((ch) => {
    const code = ch.codePointAt(0) ?? 0;
    return code === 0 || code === 0x0a || code === 0x0d || code > 0xff;
  });

export class DevinClient {
  readonly #baseUrl: string;
  readonly #token: () => string | null;
  readonly #fetch: typeof fetch;
  readonly #timeoutMs: number;
  readonly #maxResponseBytes: number;
  readonly #retries: number;
  readonly #backoffBaseMs: number;
  readonly #maxRetryAfterMs: number;
  readonly #pageSize: number;
  readonly #log: Logger;
  readonly #signal: AbortSignal | undefined;
  readonly #limit: Limiter;
  #requestCount = 0;

  constructor(opts: DevinClientOptions) {
    this.#baseUrl = normalizeBaseUrl(opts.baseUrl);
    const { token } = opts;
    this.#token = typeof token === 'function' ? token : () => token;
    const f = opts.fetch ?? fetch;
    this.#fetch = (input, init) => f(input, init);
    this.#timeoutMs = opts.timeoutMs ?? 30_000;
    this.#maxResponseBytes = opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.#retries = Math.max(0, opts.retries ?? 3);
    this.#backoffBaseMs = opts.backoffBaseMs ?? 500;
    this.#maxRetryAfterMs = opts.maxRetryAfterMs ?? 60_000;
    this.#pageSize = Math.min(200, Math.max(1, opts.pageSize ?? 200));
    this.#log = opts.log ?? silentLogger;
    this.#signal = opts.signal;
    this.#limit = createLimiter(opts.concurrency ?? 8);
  }

  /** HTTP requests actually sent, retries included. */
  get requestCount(): number {
    return this.#requestCount;
  }

  getSelf(signal?: AbortSignal): Promise<ApiSelf> {
    return this.#get('GET /v3/self', '/v3/self', {}, selfSchema, signal);
  }

  getEnterpriseConsumption(w: TimeWindow, signal?: AbortSignal): Promise<ConsumptionResponse> {
    return this.#get(
      'GET /v3/enterprise/consumption/daily',
      '/v3/enterprise/consumption/daily',
      windowQuery(w),
      consumptionResponseSchema,
      signal,
    );
  }

  getOrgConsumption(orgId: string, w: TimeWindow, signal?: AbortSignal): Promise<ConsumptionResponse> {
    return this.#get(
      'GET /v3/enterprise/consumption/daily/organizations/{org_id}',
      `/v3/enterprise/consumption/daily/organizations/${encodeURIComponent(orgId)}`,
      windowQuery(w),
      consumptionResponseSchema,
      signal,
    );
  }

  /** One user's consumption: spend control asks it only for users with an ACU limit (few), never for all users. */
  getUserConsumption(userId: string, w: TimeWindow, signal?: AbortSignal): Promise<ConsumptionResponse> {
    return this.#get(
      'GET /v3/enterprise/consumption/daily/users/{user_id}',
      `/v3/enterprise/consumption/daily/users/${encodeURIComponent(userId)}`,
      windowQuery(w),
      consumptionResponseSchema,
      signal,
    );
  }

  listConsumptionCycles(signal?: AbortSignal): Promise<ConsumptionCycle[]> {
    return this.#list(
      'GET /v3/enterprise/consumption/cycles',
      '/v3/enterprise/consumption/cycles',
      {},
      consumptionCycleSchema,
      signal,
    );
  }

  /** Every matching session, newest first, following all pages. */
  listSessions(f: SessionListFilter, signal?: AbortSignal, onPage?: (page: PageInfo) => void): Promise<ApiSession[]> {
    const all: ApiSession[] = [];
    return this.eachSessionsPage(
      f,
      (items, info) => {
        all.push(...items);
        onPage?.(info);
      },
      signal,
    ).then(() => all);
  }

  /** The same list handed over page by page as it arrives, so a caller that stores pages holds one at a time. */
  eachSessionsPage(f: SessionListFilter, onPage: (page: ApiSession[], info: PageInfo) => void, signal?: AbortSignal): Promise<void> {
    return this.#eachPage(
      'GET /v3/enterprise/sessions',
      '/v3/enterprise/sessions',
      {
        created_after: f.createdAfter,
        created_before: f.createdBefore,
        updated_after: f.updatedAfter,
        updated_before: f.updatedBefore,
        org_ids: f.orgIds,
        user_ids: f.userIds,
      },
      sessionSchema,
      onPage,
      signal,
    );
  }

  listOrganizations(signal?: AbortSignal): Promise<ApiOrganization[]> {
    return this.#list(
      'GET /v3/enterprise/organizations',
      '/v3/enterprise/organizations',
      {},
      organizationSchema,
      signal,
    );
  }

  /** Users with direct role assignments plus those who get access only through IdP groups, de-duplicated by user_id. */
  async listUsers(signal?: AbortSignal): Promise<ApiUser[]> {
    const [direct, idp] = await Promise.all([
      this.#list('GET /v3/enterprise/members/users', '/v3/enterprise/members/users', {}, userSchema, signal),
      this.#list(
        'GET /v3/enterprise/members/idp-users',
        '/v3/enterprise/members/idp-users',
        {},
        userSchema,
        signal,
      ),
    ]);
    const byId = new Map<string, ApiUser>();
    for (const user of [...direct, ...idp]) if (!byId.has(user.user_id)) byId.set(user.user_id, user);
    return [...byId.values()];
  }

  listServiceUsers(signal?: AbortSignal): Promise<ApiServiceUser[]> {
    return this.#list(
      'GET /v3/enterprise/members/service-users',
      '/v3/enterprise/members/service-users',
      {},
      serviceUserSchema,
      signal,
    );
  }

  getQueue(signal?: AbortSignal): Promise<QueueResponse> {
    return this.#get('GET /v3/enterprise/queue', '/v3/enterprise/queue', {}, queueResponseSchema, signal);
  }

  getActiveUsers(
    kind: 'dau' | 'wau' | 'mau',
    w: TimeWindow,
    signal?: AbortSignal,
  ): Promise<ActiveUsersBucket[]> {
    const path = `/v3/enterprise/metrics/${kind}`;
    return this.#get(`GET ${path}`, path, windowQuery(w), activeUsersSeriesSchema, signal);
  }

  /** PRs Devin authored, counted by PR event time (outcomes compares it with its own count by session creation). */
  getPrMetrics(w: TimeWindow, orgId: string | null, signal?: AbortSignal): Promise<PrMetrics> {
    const query = orgId === null ? windowQuery(w) : { ...windowQuery(w), org_ids: orgId };
    return this.#get('GET /v3/enterprise/metrics/prs', '/v3/enterprise/metrics/prs', query, prMetricsSchema, signal);
  }

  listAcuLimits(signal?: AbortSignal): Promise<ApiAcuLimit[]> {
    return this.#list(
      'GET /v3/enterprise/consumption/acu-limits/devin',
      '/v3/enterprise/consumption/acu-limits/devin',
      {},
      acuLimitSchema,
      signal,
    );
  }

  // ---- plumbing ------------------------------------------------------------------------------------

  async #get<T>(
    endpoint: string,
    path: string,
    query: Query,
    schema: z.ZodType<T>,
    signal: AbortSignal | undefined,
    urgent = false,
  ): Promise<T> {
    const json = await this.#request(endpoint, buildUrl(this.#baseUrl, path, query), signal, urgent);
    const parsed = schema.safeParse(json);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    // Keys and messages can quote the answer (an unrecognized key), so they are cut short and scrubbed of the token.
    const scrub = secretRedactor([this.#token()]);
    const field = scrub(formatIssuePath(issue?.path ?? []));
    const err = new ApiSchemaError(
      `${endpoint} answered with an unexpected shape at ${field}: ${clipIssueText(scrub(issue?.message ?? 'invalid'))}`,
      { endpoint, status: 200 },
      field,
    );
    this.#log.warn(err.message);
    throw err;
  }

  async #list<T>(
    endpoint: string,
    path: string,
    query: Query,
    item: z.ZodType<T>,
    signal: AbortSignal | undefined,
  ): Promise<T[]> {
    const all: T[] = [];
    await this.#eachPage(endpoint, path, query, item, (page) => void all.push(...page), signal);
    return all;
  }

  async #eachPage<T>(
    endpoint: string,
    path: string,
    query: Query,
    item: z.ZodType<T>,
    onPage: (page: T[], info: PageInfo) => void,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    const schema = paginated(item) as unknown as z.ZodType<{
      items: T[];
      end_cursor?: string | null;
      has_next_page: boolean;
      total?: number | null;
    }>;
    let after: string | undefined;
    for (;;) {
      // Later pages jump the request queue: a cursor chain is serial, so every wait on it lengthens the whole list.
      const page = await this.#get(
        endpoint,
        path,
        { ...query, first: this.#pageSize, after },
        schema,
        signal,
        after !== undefined,
      );
      onPage(page.items, { items: page.items.length, hasNext: page.has_next_page && !!page.end_cursor, total: page.total ?? null });
      if (!page.has_next_page || !page.end_cursor) return;
      if (page.end_cursor === after) {
        throw new ApiSchemaError(
          `${endpoint} returned the same page cursor twice`,
          { endpoint, status: 200 },
          'end_cursor',
        );
      }
      after = page.end_cursor;
    }
  }

  /** One logical request: attempts, backoff between retryable failures, cancellation at every step. */
  async #request(endpoint: string, url: string, signal: AbortSignal | undefined, urgent = false): Promise<unknown> {
    for (let attempt = 0; ; attempt++) {
      if (this.#signal?.aborted || signal?.aborted)
        throw new CancelledError(`${endpoint} was cancelled`, { endpoint });
      try {
        return await this.#limit(() => this.#attempt(endpoint, url, signal), urgent);
      } catch (err) {
        if (!isRetryable(err) || attempt >= this.#retries) throw err;
        const wait = this.#retryDelay(err as Error, attempt);
        this.#log.warn(`retrying ${endpoint} in ${wait} ms`, {
          attempt: attempt + 1,
          error: (err as Error).message,
        });
        await this.#sleep(wait, endpoint, signal);
      }
    }
  }

  #retryDelay(err: Error, attempt: number): number {
    if (err instanceof RateLimitedError && err.retryAt !== null) {
      const wait = err.retryAt - Date.now();
      // Waiting longer than the cap would stall a sync; the caller sees retryAt and can come back later.
      if (wait > this.#maxRetryAfterMs) throw err;
      return Math.max(0, wait);
    }
    return backoffDelay(attempt, this.#backoffBaseMs);
  }

  async #attempt(endpoint: string, url: string, signal: AbortSignal | undefined): Promise<unknown> {
    const token = this.#token();
    if (!token) throw new UnauthorizedError('No Devin API token is set.', { endpoint });
    if (headerUnsafe(token)) {
      throw new MalformedTokenError(
        'The token contains characters a header cannot carry (a line break or another control character): copy it again without them.',
        { endpoint },
      );
    }

    const timeout = AbortSignal.timeout(this.#timeoutMs);
    const combined = AbortSignal.any([
      timeout,
      ...[this.#signal, signal].filter((s): s is AbortSignal => s !== undefined),
    ]);
    const started = Date.now();
    this.#requestCount += 1;
    let res: Response;
    let body: string;
    try {
      res = await this.#fetch(url, {
        headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
        signal: combined,
        // A redirect is answered as an error rather than followed, so the token never travels to another host.
        redirect: 'manual',
      });
      const success = res.status >= 200 && res.status < 300;
      const read = await readBody(res, success ? this.#maxResponseBytes : MAX_ERROR_BODY_BYTES);
      if (read.truncated && success) {
        throw new ResponseTooLargeError(
          `${endpoint} answered with more than ${formatBytes(this.#maxResponseBytes)}; the rest was not read.`,
          { endpoint, status: res.status },
        );
      }
      body = read.text;
    } catch (err) {
      if (err instanceof ResponseTooLargeError) throw err;
      // Decide by which signal fired, not by the error: aborts and socket errors look alike.
      if (this.#signal?.aborted || signal?.aborted)
        throw new CancelledError(`${endpoint} was cancelled`, { endpoint });
      if (timeout.aborted)
        throw new TimeoutError(`${endpoint} did not answer within ${this.#timeoutMs} ms`, { endpoint });
      // Electron's net.fetch rejects on a redirect under `redirect: 'manual'` where Node's fetch answers 3xx.
      if (isRedirectRejection(err)) throw redirectedError(endpoint, null, null);
      const failure = offlineError(endpoint, classifyNetworkError(err));
      this.#log.debug(failure.message);
      throw failure;
    }
    this.#log.debug(`${endpoint} → ${res.status}`, { ms: Date.now() - started });

    if (res.status >= 200 && res.status < 300) {
      try {
        return JSON.parse(body) as unknown;
      } catch {
        throw new ApiSchemaError(
          `${endpoint} answered with malformed JSON (${body.length} characters)`,
          { endpoint, status: res.status },
          null,
        );
      }
    }
    throw errorFromResponse({
      endpoint,
      status: res.status,
      body,
      retryAfter: res.headers.get('retry-after'),
      location: res.headers.get('location'),
      nowMs: Date.now(),
      // The configured token in every form a server could echo it in, not only the shapes `redact` knows.
      scrub: secretRedactor([token]),
    });
  }

  #sleep(ms: number, endpoint: string, signal: AbortSignal | undefined): Promise<void> {
    const signals = [this.#signal, signal].filter((s): s is AbortSignal => s !== undefined);
    return new Promise((resolve, reject) => {
      const cancelled = signals.length > 0 ? AbortSignal.any(signals) : null;
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(new CancelledError(`${endpoint} was cancelled`, { endpoint }));
      };
      const timer = setTimeout(() => {
        cancelled?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      if (cancelled?.aborted) onAbort();
      else cancelled?.addEventListener('abort', onAbort, { once: true });
    });
  }
}

/**
 * Base URL with the trailing slash removed. Only https, or plain http to this machine (the simulator),
 * so the token never crosses a network unencrypted.
 */
export function normalizeBaseUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl.trim());
  } catch {
    throw new InvalidBaseUrlError(
      'The Devin API base URL is not a valid URL (expected e.g. https://api.devin.ai).',
      { endpoint: null },
    );
  }
  if (url.username || url.password) {
    throw new InvalidBaseUrlError('The Devin API base URL must not contain a user name or password.', {
      endpoint: null,
    });
  }
  const loopback =
    url.hostname === 'localhost' || url.hostname === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new InvalidBaseUrlError(
      `The Devin API base URL must use https:// (plain http:// is allowed only for localhost); got ${url.protocol}//${url.host}.`,
      { endpoint: null },
    );
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/**
 * Query string for an API call. Arrays are sent as repeated keys (`?org_ids=a&org_ids=b`), FastAPI's
 * default; the generated client joins them with commas instead. The simulator accepts both.
 */
export function buildUrl(baseUrl: string, path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const v of value) params.append(key, v);
    else params.append(key, String(value));
  }
  const qs = params.toString();
  return `${baseUrl}${path}${qs ? `?${qs}` : ''}`;
}

/** Full-jitter exponential backoff: uniform in [0, min(cap, base·2^attempt)). */
export function backoffDelay(attempt: number, baseMs: number, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(MAX_BACKOFF_MS, baseMs * 2 ** attempt));
}

/**
 * The body as text, reading at most `limit` bytes: a declared Content-Length over it stops before reading, and the
 * count of bytes actually received stops an understated length or an endless chunked stream. Past the limit the
 * stream is cancelled, which closes the connection.
 */
async function readBody(res: Response, limit: number): Promise<{ text: string; truncated: boolean }> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (!res.body) return { text: '', truncated: false };
  if (declared > limit) {
    await res.body.cancel().catch(() => undefined);
    return { text: '', truncated: true };
  }
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { text: text + decoder.decode(), truncated: false };
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return { text: text + decoder.decode(value.subarray(0, value.byteLength - (size - limit))), truncated: true };
    }
    text += decoder.decode(value, { stream: true });
  }
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB` : `${bytes} bytes`;
}

function windowQuery(w: TimeWindow): Query {
  return { time_after: w.timeAfter, time_before: w.timeBefore };
}
