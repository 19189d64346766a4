import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type AppStatus } from '../../../src/shared/dashboard';
import { buildDiagnostics, type DiagnosticsInput } from '../../../src/main/services/diagnostics';

// Deliberately not token-shaped, so only the configured-token scrub can hide it.
const TOKEN = 'Tok+en/With=Signs_0123456789abcdef';
const EMAIL = 'ana.ruiz@example.com';
const NOW = Date.UTC(2026, 10, 18, 12, 0, 0);

function input(): DiagnosticsInput {
  const status: AppStatus = {
    mode: 'live',
    token: { source: 'keychain', keychainAvailable: false, keychainMessage: `Keyring locked for ${EMAIL}` },
    account: null,
    backgroundError: { code: 'OFFLINE', message: `scheduled sync for ${EMAIL} failed` },
    syncing: false,
    lastSync: {
      startedAt: NOW - 5000,
      finishedAt: NOW - 1000,
      kind: 'incremental',
      requests: 12,
      updated: ['consumption'],
      failed: [{ dataset: 'sessions', error: { code: 'SERVER_ERROR', message: `echoed ${encodeURIComponent(TOKEN)} for ${EMAIL}` } }],
    },
    datasets: [
      { dataset: 'consumption', lastSuccessAt: NOW - 1000, lastAttemptAt: NOW - 1000, error: null },
      {
        dataset: 'members',
        lastSuccessAt: null,
        lastAttemptAt: NOW - 1000,
        error: { code: 'PERMISSION_DENIED', message: `Bearer ${TOKEN} lacks ViewAccountMembership (${EMAIL})` },
      },
    ],
    queue: { level: 'unknown', queueSize: null, checkedAt: NOW - 2000, reason: `offline; token ${Buffer.from(TOKEN).toString('base64')}` },
    online: false,
    cacheUpgrade: null,
  };
  return {
    app: { name: 'Devin Usage Dashboard', version: '1.2.3' },
    versions: { electron: '45.4.0', chrome: '142.0.0.0', node: '22.23.0' },
    os: { platform: 'linux', release: '6.1.0', arch: 'x64' },
    settings: { ...DEFAULT_SETTINGS, acuRateUsd: 2.25, ...({ token: TOKEN, contact: EMAIL } as object) },
    status,
    logDir: '/home/ana/.config/Devin Usage Dashboard/logs',
    lastErrors: [`failed as ${TOKEN}`, { code: 'INTERNAL', message: `mail ${EMAIL}` }],
    secrets: [TOKEN],
    now: NOW,
  };
}

describe('buildDiagnostics', () => {
  it('names versions, OS, settings, dataset freshness and the last errors', () => {
    const text = buildDiagnostics(input());
    expect(text).toContain('Devin Usage Dashboard 1.2.3');
    expect(text).toContain('electron: 45.4.0  chrome: 142.0.0.0  node: 22.23.0');
    expect(text).toContain('os: linux 6.1.0 (x64)');
    expect(text).toContain('  acuRateUsd: 2.25');
    expect(text).toContain('  autoRefreshMinutes: 15');
    expect(text).toMatch(/ {2}consumption +last ok 2026-11-18T11:59:59\.000Z/);
    expect(text).toMatch(/ {2}members +last ok never .* failed: PERMISSION_DENIED/);
    expect(text).toContain('sessions: SERVER_ERROR: echoed [REDACTED] for [email]');
    expect(text).toContain('logs: /home/ana/.config/Devin Usage Dashboard/logs');
  });

  it('never contains the token (in any encoding) or an e-mail address, even when given them', () => {
    const text = buildDiagnostics(input());
    for (const form of [TOKEN, encodeURIComponent(TOKEN), Buffer.from(TOKEN).toString('base64').slice(0, 20), 'Tok+en', EMAIL, 'example.com']) {
      expect(text).not.toContain(form);
    }
    // Unknown settings fields are not copied at all.
    expect(text).not.toMatch(/^\s+(token|contact):/m);
  });

  it('works before the core has a status', () => {
    const text = buildDiagnostics({ app: { name: 'D', version: '0' }, settings: DEFAULT_SETTINGS, status: null });
    expect(text).toContain(`node: ${process.versions.node}`);
    expect(text).toContain('last errors:\n  none');
  });
});
