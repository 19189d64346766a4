import { describe, expect, it, vi } from 'vitest';
import { isAllowedExternalUrl, isAllowedPrUrl, openExternalSafely, tenantWebHosts } from '../../../src/main/services/external-links';

const noEnv: NodeJS.ProcessEnv = {};

describe('isAllowedExternalUrl', () => {
  it.each([
    'https://app.devin.ai/sessions/5f2c9a1e7b3d4c08',
    'https://app.devin.ai',
    'https://acme.devinenterprise.com/sessions/1',
    'https://app.acme.devinenterprise.com/',
    'HTTPS://APP.DEVIN.AI/sessions/x',
  ])('allows %s', (url) => {
    expect(isAllowedExternalUrl(url, noEnv)).toBe(true);
  });

  it.each([
    ['javascript:', 'javascript:alert(1)'],
    ['javascript: dressed as the host', 'javascript://app.devin.ai/%0aalert(1)'],
    ['file:', 'file:///etc/passwd'],
    ['UNC-ish file', 'file://server/share/x.exe'],
    ['plain http', 'http://app.devin.ai/sessions/1'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['custom scheme', 'ms-msdt:/id PCWDiagnostic'],
    ['credentials', 'https://user:pass@app.devin.ai/'],
    ['user only', 'https://app.devin.ai@evil.example/'],
    ['look-alike suffix', 'https://app.devin.ai.evil.example/'],
    ['look-alike prefix', 'https://evil-app.devin.ai.example/'],
    ['other devin subdomain', 'https://docs.devin.ai/'],
    ['bare enterprise domain', 'https://devinenterprise.com/'],
    ['enterprise look-alike', 'https://evildevinenterprise.com/'],
    ['enterprise as subdomain of evil', 'https://x.devinenterprise.com.evil.example/'],
    ['trailing dot', 'https://app.devin.ai./'],
    ['non-default port', 'https://app.devin.ai:8443/'],
    ['homograph (Cyrillic a)', 'https://\u0430pp.devin.ai/'],
    ['backslash trick', 'https:\\\\evil.example\\app.devin.ai'],
    ['not a URL', 'app.devin.ai/sessions/1'],
    ['empty', ''],
    ['too long', `https://app.devin.ai/${'a'.repeat(3000)}`],
  ])('refuses %s', (_name, url) => {
    expect(isAllowedExternalUrl(url, noEnv)).toBe(false);
  });

  it.each([[null], [undefined], [42], [{ href: 'https://app.devin.ai/' }], [new URL('https://app.devin.ai/')], [['https://app.devin.ai/']]])(
    'refuses the non-string %s',
    (value) => {
      expect(isAllowedExternalUrl(value, noEnv)).toBe(false);
    },
  );

  it("allows the tenant web app of DEVIN_API_BASE_URL, and only with it set", () => {
    const env = { DEVIN_API_BASE_URL: 'https://api.devin.acme.example/' };
    expect(isAllowedExternalUrl('https://app.devin.acme.example/sessions/1', env)).toBe(true);
    expect(isAllowedExternalUrl('https://devin.acme.example/sessions/1', env)).toBe(true);
    expect(isAllowedExternalUrl('https://app.devin.acme.example/sessions/1', noEnv)).toBe(false);
    expect(isAllowedExternalUrl('https://evil.acme.example/', env)).toBe(false);
  });
});

describe('tenantWebHosts', () => {
  it('derives hosts from https base URLs only', () => {
    expect(tenantWebHosts('https://api.acme.example')).toEqual(['app.acme.example', 'acme.example']);
    expect(tenantWebHosts('https://devin.internal.example')).toEqual(['devin.internal.example']);
    expect(tenantWebHosts('http://127.0.0.1:4010')).toEqual([]);
    expect(tenantWebHosts('https://api.com')).toEqual([]);
    expect(tenantWebHosts('not a url')).toEqual([]);
    expect(tenantWebHosts(undefined)).toEqual([]);
  });
});

describe('openExternalSafely', () => {
  it('opens an allowed URL, normalised', async () => {
    const open = vi.fn(async (_url: string) => undefined);
    await expect(openExternalSafely('HTTPS://app.devin.ai/sessions/1', open, noEnv)).resolves.toBe(true);
    expect(open).toHaveBeenCalledExactlyOnceWith('https://app.devin.ai/sessions/1');
  });

  it.each(['javascript:alert(1)', 'file:///C:/Windows/System32/calc.exe', 'http://app.devin.ai/', 'https://evil.example/', 7, null])(
    'never calls the opener for %s',
    async (url) => {
      const open = vi.fn(async (_url: string) => undefined);
      await expect(openExternalSafely(url, open, noEnv)).resolves.toBe(false);
      expect(open).not.toHaveBeenCalled();
    },
  );
});

describe('isAllowedPrUrl', () => {
  const returned = ['git.acme-internal.example'];

  it.each([
    'https://github.com/acme/web/pull/812',
    'https://gitlab.com/acme/web/-/merge_requests/7',
    'https://bitbucket.org/acme/web/pull-requests/3',
    'https://dev.azure.com/acme/web/_git/web/pullrequest/9',
    'HTTPS://GITHUB.COM/acme/web/pull/1',
    'https://git.acme-internal.example/web/pulls/4',
  ])('allows %s', (url) => {
    expect(isAllowedPrUrl(url, returned)).toBe(true);
  });

  it.each([
    ['plain http', 'http://github.com/acme/web/pull/1'],
    ['javascript:', 'javascript:alert(1)'],
    ['credentials', 'https://user:token@github.com/acme/web/pull/1'],
    ['user only', 'https://github.com@evil.example/acme/web/pull/1'],
    ['look-alike suffix', 'https://github.com.evil.example/acme/web/pull/1'],
    ['look-alike prefix', 'https://evil-github.com/acme/web/pull/1'],
    ['subdomain of a forge', 'https://gist.github.com/x'],
    ['trailing dot', 'https://github.com./acme/web/pull/1'],
    ['non-default port', 'https://github.com:8443/acme/web/pull/1'],
    ['homograph (Cyrillic i)', 'https://g\u0456thub.com/acme/web/pull/1'],
    ['a host the API never returned', 'https://git.other-company.example/web/pulls/4'],
    ['look-alike of a returned host', 'https://git.acme-internal.example.evil.example/web/pulls/4'],
    ['not a URL', 'github.com/acme/web/pull/1'],
    ['too long', `https://github.com/${'a'.repeat(3000)}`],
  ])('refuses %s', (_name, url) => {
    expect(isAllowedPrUrl(url, returned)).toBe(false);
  });

  it('a returned host counts only when given', () => {
    expect(isAllowedPrUrl('https://git.acme-internal.example/web/pulls/4', [])).toBe(false);
  });

  it('opens an allowed PR URL through openExternalSafely, and never a refused one', async () => {
    const open = vi.fn(async (_url: string) => undefined);
    await expect(openExternalSafely('https://github.com/acme/web/pull/1', open, noEnv)).resolves.toBe(true);
    await expect(openExternalSafely('https://git.acme-internal.example/web/pulls/4', open, noEnv, returned)).resolves.toBe(true);
    await expect(openExternalSafely('https://git.acme-internal.example/web/pulls/4', open, noEnv)).resolves.toBe(false);
    await expect(openExternalSafely('https://github.com.evil.example/x', open, noEnv, returned)).resolves.toBe(false);
    expect(open.mock.calls.map(([u]) => u)).toEqual(['https://github.com/acme/web/pull/1', 'https://git.acme-internal.example/web/pulls/4']);
  });
});
