import { describe, expect, it } from 'vitest';
import { InvalidBaseUrlError, UnauthorizedError, type ApiError } from '../../../src/main/services/api-errors';
import {
  backoffDelay,
  buildUrl,
  DevinClient,
  normalizeBaseUrl,
} from '../../../src/main/services/devin-client';

describe('normalizeBaseUrl', () => {
  it('accepts https and drops trailing slashes', () => {
    expect(normalizeBaseUrl('https://api.devin.ai')).toBe('https://api.devin.ai');
    expect(normalizeBaseUrl('https://api.devin.ai/')).toBe('https://api.devin.ai');
    expect(normalizeBaseUrl(' https://api.acme.devinenterprise.com/prefix// ')).toBe(
      'https://api.acme.devinenterprise.com/prefix',
    );
  });

  it('accepts plain http only on loopback', () => {
    expect(normalizeBaseUrl('http://127.0.0.1:4100/')).toBe('http://127.0.0.1:4100');
    expect(normalizeBaseUrl('http://localhost:8080')).toBe('http://localhost:8080');
    expect(normalizeBaseUrl('http://[::1]:9000')).toBe('http://[::1]:9000');
  });

  it.each([
    'http://api.devin.ai',
    'http://10.0.0.5:8080',
    'http://127.0.0.1.evil.example',
    'ftp://api.devin.ai',
    'not a url',
    'https://user:pw@api.devin.ai',
  ])('rejects %s', (url) => {
    expect(() => normalizeBaseUrl(url)).toThrow(InvalidBaseUrlError);
  });

  it('says why in the error', () => {
    expect(() => normalizeBaseUrl('http://api.devin.ai')).toThrow(/must use https:\/\/.*localhost/);
    expect(() => new DevinClient({ baseUrl: 'http://api.devin.ai', token: 'cog_x' })).toThrow(
      InvalidBaseUrlError,
    );
  });
});

describe('buildUrl', () => {
  it('sends arrays as repeated keys and skips missing values', () => {
    const url = new URL(
      buildUrl('https://api.devin.ai', '/v3/enterprise/sessions', {
        org_ids: ['org-a', 'org-b'],
        user_ids: [],
        created_after: 100,
        created_before: undefined,
        after: null,
        first: 200,
      }),
    );
    expect(url.pathname).toBe('/v3/enterprise/sessions');
    expect(url.searchParams.getAll('org_ids')).toEqual(['org-a', 'org-b']);
    expect(url.searchParams.has('user_ids')).toBe(false);
    expect(url.searchParams.get('created_after')).toBe('100');
    expect(url.searchParams.has('created_before')).toBe(false);
    expect(url.searchParams.has('after')).toBe(false);
  });

  it('encodes values and leaves no "?" without parameters', () => {
    expect(buildUrl('https://h', '/v3/self')).toBe('https://h/v3/self');
    expect(new URL(buildUrl('https://h', '/p', { after: 'a+b/c=&d' })).searchParams.get('after')).toBe(
      'a+b/c=&d',
    );
  });
});

describe('backoffDelay', () => {
  it('is full jitter under an exponentially growing, capped ceiling', () => {
    expect(backoffDelay(0, 500, () => 0)).toBe(0);
    expect(backoffDelay(0, 500, () => 0.999)).toBe(499);
    expect(backoffDelay(3, 500, () => 0.5)).toBe(2000);
    expect(backoffDelay(20, 500, () => 0.999)).toBeLessThan(30_000);
    expect(backoffDelay(20, 500, () => 0.999)).toBeGreaterThan(29_000);
  });
});

describe('DevinClient without a token', () => {
  it('fails with AUTH_INVALID before sending anything', async () => {
    let calls = 0;
    const client = new DevinClient({
      baseUrl: 'https://api.devin.ai',
      token: () => null,
      fetch: async () => {
        calls += 1;
        return new Response('{}');
      },
    });
    await expect(client.getSelf()).rejects.toBeInstanceOf(UnauthorizedError);
    expect(calls).toBe(0);
    expect(client.requestCount).toBe(0);
  });

  it('reads the token getter before every request', async () => {
    const seen: string[] = [];
    let token = 'cog_first_token_value';
    const client = new DevinClient({
      baseUrl: 'https://api.devin.ai',
      token: () => token,
      fetch: async (_url, init) => {
        seen.push(new Headers(init?.headers).get('authorization') ?? '');
        return new Response(JSON.stringify({ queue_size: 0, status: 'normal' }));
      },
    });
    await client.getQueue();
    token = 'cog_second_token_value';
    await client.getQueue();
    expect(seen).toEqual(['Bearer cog_first_token_value', 'Bearer cog_second_token_value']);
    expect(client.requestCount).toBe(2);
  });
});

describe('DevinClient with a fetch that rejects on a redirect (Electron net.fetch under redirect: manual)', () => {
  it.each([
    new Error("Attempted to redirect, but redirect policy was 'manual'"),
    new TypeError('fetch failed', { cause: new Error('net::ERR_UNSAFE_REDIRECT') }),
  ])('answers REDIRECTED with "check the API base URL", not OFFLINE (%s)', async (rejection) => {
    let calls = 0;
    const client = new DevinClient({
      baseUrl: 'https://api.devin.ai',
      token: 'cog_redirect_token_value',
      retries: 3,
      fetch: async () => {
        calls += 1;
        throw rejection;
      },
    });
    const err = await client.getSelf().then(
      () => null,
      (e: unknown) => e as ApiError,
    );
    expect(err?.toAppError()).toEqual({
      code: 'REDIRECTED',
      message: 'GET /v3/self answered with a redirect, which is not followed: check the API base URL (DEVIN_API_BASE_URL).',
    });
    expect(calls).toBe(1);
  });
});
