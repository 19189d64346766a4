import { describe, expect, it } from 'vitest';
import {
  ApiError,
  ApiSchemaError,
  classifyNetworkError,
  describePermission,
  errorFromResponse,
  ForbiddenError,
  InvalidRequestError,
  isRetryable,
  NotFoundError,
  OfflineError,
  parsePermission,
  parseRetryAfter,
  problemDetail,
  RateLimitedError,
  RedirectedError,
  ServerError,
  TimeoutError,
  toAppError,
  UnauthorizedError,
} from '../../../src/main/services/api-errors';

const NOW = Date.UTC(2026, 10, 18, 12, 0, 0);
const ENDPOINT = 'GET /v3/enterprise/consumption/daily';
const problem = (status: number, detail: unknown) =>
  JSON.stringify({ type: 'about:blank', title: 'T', status, detail });

describe('parseRetryAfter', () => {
  it('reads delay-seconds relative to now', () => {
    expect(parseRetryAfter('7', NOW)).toBe(NOW + 7000);
    expect(parseRetryAfter(' 0 ', NOW)).toBe(NOW);
  });

  it('reads an HTTP-date, never earlier than now', () => {
    expect(parseRetryAfter('Wed, 18 Nov 2026 12:00:30 GMT', NOW)).toBe(NOW + 30_000);
    expect(parseRetryAfter('Wed, 18 Nov 2026 11:00:00 GMT', NOW)).toBe(NOW);
  });

  it('gives null when absent or unreadable', () => {
    expect(parseRetryAfter(null, NOW)).toBeNull();
    expect(parseRetryAfter(undefined, NOW)).toBeNull();
    expect(parseRetryAfter('soon', NOW)).toBeNull();
    expect(parseRetryAfter('-5', NOW)).toBeNull();
  });
});

describe('parsePermission', () => {
  it.each([
    ['Service user lacks permission ViewAccountConsumption', 'ViewAccountConsumption'],
    ['Missing permission: ManageBilling', 'ManageBilling'],
    ['This endpoint requires the ViewAccountMetrics permission', 'ViewAccountMetrics'],
    ["permissions 'ViewAccountSessions' required", 'ViewAccountSessions'],
  ])('finds the permission in %j', (detail, expected) => {
    expect(parsePermission(detail)).toBe(expected);
  });

  it('gives null when no permission is named', () => {
    expect(parsePermission('Forbidden')).toBeNull();
    expect(parsePermission('Enterprise plan required')).toBeNull();
    expect(parsePermission(null)).toBeNull();
  });
});

describe('describePermission', () => {
  it('names the older alias of a renamed permission, and the current names of an old one', () => {
    expect(describePermission('ViewAccountConsumption')).toBe(
      'ViewAccountConsumption (older name: ManageBilling)',
    );
    expect(describePermission('ManageAccountMembership')).toBe(
      'ManageAccountMembership (current name: ViewAccountMembership)',
    );
    expect(describePermission('ManageBilling')).toContain('ViewAccountConsumption');
    expect(describePermission('ViewAccountMetrics')).toBe('ViewAccountMetrics');
  });
});

describe('problemDetail', () => {
  it('reads ProblemDetail, FastAPI validation lists and bare titles', () => {
    expect(problemDetail(problem(404, 'Session devin-1 not found'))).toBe('Session devin-1 not found');
    expect(
      problemDetail(
        JSON.stringify({
          detail: [{ loc: ['query', 'first'], msg: 'Input should be less than or equal to 200' }],
        }),
      ),
    ).toBe('query.first: Input should be less than or equal to 200');
    expect(problemDetail(JSON.stringify({ title: 'Bad Gateway' }))).toBe('Bad Gateway');
    expect(problemDetail('<html>502</html>')).toBeNull();
    expect(problemDetail('null')).toBeNull();
  });
});

describe('errorFromResponse', () => {
  const from = (status: number, body = '', retryAfter: string | null = null) =>
    errorFromResponse({ endpoint: ENDPOINT, status, body, retryAfter, nowMs: NOW });

  it.each([
    [401, UnauthorizedError, 'AUTH_INVALID'],
    [403, ForbiddenError, 'PERMISSION_DENIED'],
    [404, NotFoundError, 'NOT_FOUND'],
    [422, InvalidRequestError, 'BAD_INPUT'],
    [400, InvalidRequestError, 'BAD_INPUT'],
    [302, RedirectedError, 'REDIRECTED'],
    [307, RedirectedError, 'REDIRECTED'],
    [429, RateLimitedError, 'RATE_LIMITED'],
    [500, ServerError, 'SERVER_ERROR'],
    [503, ServerError, 'SERVER_ERROR'],
  ] as const)('maps %i to its class and code', (status, cls, code) => {
    const err = from(status);
    expect(err).toBeInstanceOf(cls);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe(code);
    expect(err.status).toBe(status);
    expect(err.endpoint).toBe(ENDPOINT);
    expect(err.toAppError().code).toBe(code);
  });

  it('names the permission to grant, with its older name', () => {
    const err = from(403, problem(403, 'Service user lacks permission ViewAccountConsumption'));
    expect(err).toBeInstanceOf(ForbiddenError);
    expect((err as ForbiddenError).permission).toBe('ViewAccountConsumption');
    expect(err.message).toContain(
      'Grant the service user ViewAccountConsumption (older name: ManageBilling)',
    );
    expect(err.toAppError()).toMatchObject({
      code: 'PERMISSION_DENIED',
      permission: 'ViewAccountConsumption',
    });
  });

  it('leaves permission out of the AppError when the 403 does not name one', () => {
    const app = from(403, problem(403, 'Enterprise plan required')).toAppError();
    expect(app.code).toBe('PERMISSION_DENIED');
    expect('permission' in app).toBe(false);
  });

  it('carries Retry-After as retryAt', () => {
    const err = from(429, '', '12') as RateLimitedError;
    expect(err.retryAt).toBe(NOW + 12_000);
    expect(err.toAppError().retryAt).toBe(NOW + 12_000);
    expect((from(429) as RateLimitedError).retryAt).toBeNull();
  });

  it('says a redirect is not followed and points at the base URL, naming only where it led', () => {
    const err = errorFromResponse({
      endpoint: ENDPOINT,
      status: 301,
      body: '',
      retryAfter: null,
      location: 'https://login.example.com/sso?next=/v3',
      nowMs: NOW,
    });
    expect(err.message).toBe(
      `${ENDPOINT} answered with a redirect (301 to https://login.example.com), which is not followed: check the API base URL (DEVIN_API_BASE_URL).`,
    );
  });

  it('scrubs the configured token from the body before quoting or cutting it', () => {
    // Not token-shaped (no cog_ prefix), so only the caller's scrub knows it; placed past the 300-character cut.
    const secret = 'Zq9+/=Secret+Value/With=Signs';
    const scrub = (t: string) => t.split(secret).join('[REDACTED]');
    const detail = `${'x'.repeat(290)} ${secret}`;
    const err = errorFromResponse({ endpoint: ENDPOINT, status: 400, body: problem(400, detail), retryAfter: null, nowMs: NOW, scrub });
    expect(err.message).not.toContain(secret.slice(0, 6));
    expect(err.message).toContain('[RED');
  });

  it('never repeats a token-shaped string from the body', () => {
    const token = 'cog_abcdefghijklmnopqrstuvwxyz012345';
    for (const status of [400, 401, 403, 404, 429, 500]) {
      const err = from(status, problem(status, `token ${token} is bad; header was Bearer ${token}`));
      expect(JSON.stringify({ ...err, message: err.message, stack: err.stack })).not.toContain(token);
    }
  });
});

describe('classifyNetworkError', () => {
  const fetchFailed = (code: string) =>
    Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(code), { code }) });

  it('reads codes from the error or its causes', () => {
    expect(classifyNetworkError(fetchFailed('ECONNREFUSED'))).toBe('refused');
    expect(classifyNetworkError(fetchFailed('ENOTFOUND'))).toBe('dns');
    expect(classifyNetworkError(fetchFailed('EAI_AGAIN'))).toBe('dns');
    expect(classifyNetworkError(fetchFailed('ECONNRESET'))).toBe('reset');
    expect(classifyNetworkError(fetchFailed('UND_ERR_SOCKET'))).toBe('reset');
    expect(classifyNetworkError(fetchFailed('ENETUNREACH'))).toBe('network');
  });

  it('treats a body cut short as a reset', () => {
    expect(classifyNetworkError(new TypeError('terminated'))).toBe('reset');
    expect(classifyNetworkError(new TypeError('fetch failed'))).toBe('network');
  });
});

describe('isRetryable', () => {
  it('retries rate limits, 5xx, timeouts and resets only', () => {
    const ctx = { endpoint: ENDPOINT };
    expect(isRetryable(new RateLimitedError('x', ctx, null))).toBe(true);
    expect(isRetryable(new ServerError('x', ctx))).toBe(true);
    expect(isRetryable(new TimeoutError('x', ctx))).toBe(true);
    expect(isRetryable(new OfflineError('x', ctx, 'reset'))).toBe(true);
    expect(isRetryable(new OfflineError('x', ctx, 'refused'))).toBe(false);
    expect(isRetryable(new UnauthorizedError('x', ctx))).toBe(false);
    expect(isRetryable(new InvalidRequestError('x', ctx))).toBe(false);
    expect(isRetryable(new ApiSchemaError('x', ctx, 'items[0].acus_consumed'))).toBe(false);
    expect(isRetryable(new Error('x'))).toBe(false);
  });
});

describe('toAppError', () => {
  it('keeps the code of API errors and turns anything else into a redacted INTERNAL error', () => {
    expect(toAppError(new NotFoundError('gone', { endpoint: ENDPOINT, status: 404 }))).toEqual({
      code: 'NOT_FOUND',
      message: 'gone',
    });
    const app = toAppError(new Error('boom with cog_secretsecretsecret in it'));
    expect(app.code).toBe('INTERNAL');
    expect(app.message).not.toContain('cog_secretsecretsecret');
    expect(toAppError('plain string').message).toBe('plain string');
  });
});

describe('toAppError for errors from other services', () => {
  it('keeps an application error code carried by a plain error, and redacts the message', () => {
    const map = toAppError;
    const err = Object.assign(new Error('token cog_secret_value_123456 comes from the environment'), { code: 'BAD_INPUT' });
    expect(map(err)).toEqual({ code: 'BAD_INPUT', message: 'token [REDACTED] comes from the environment' });
    expect(map(Object.assign(new Error('no such file'), { code: 'ENOENT' })).code).toBe('INTERNAL');
  });
});
