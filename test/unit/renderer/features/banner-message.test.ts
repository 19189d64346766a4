import { describe, expect, it } from 'vitest';
import type { AppStatus } from '../../../../src/shared/dashboard';
import type { AppError } from '../../../../src/shared/ipc/result';
import { bannerMessage } from '../../../../src/renderer/src/features/banners/banner-message';
import { formatClock, formatMoment } from '../../../../src/renderer/src/lib/format';
import { makeStatus, NOW } from '../fake-api';

const SYNCED = NOW - 3 * 3_600_000;

function failedSync(error: AppError, patch: Partial<AppStatus> = {}): AppStatus {
  return makeStatus({
    lastSync: {
      startedAt: NOW,
      finishedAt: NOW,
      kind: 'incremental',
      requests: 3,
      updated: [],
      failed: [{ dataset: 'consumption', error }],
    },
    ...patch,
  });
}

describe('bannerMessage', () => {
  it('says nothing while online and the last sync worked', () => {
    expect(bannerMessage(makeStatus(), SYNCED, NOW)).toBeNull();
    expect(bannerMessage(null, SYNCED, NOW)).toBeNull();
  });

  it('says offline and since when the data is', () => {
    const b = bannerMessage(makeStatus({ online: false }), SYNCED, NOW);
    expect(b?.text).toBe(`Offline — showing data synced ${formatMoment(SYNCED, NOW)}.`);
  });

  it('explains that nothing is cached when offline before the first sync', () => {
    const neverSynced = makeStatus({ online: false });
    neverSynced.datasets = neverSynced.datasets.map((d) => ({ ...d, lastSuccessAt: null }));
    expect(bannerMessage(neverSynced, null, NOW)?.text).toMatch(/nothing is cached yet/i);
  });

  it('names a rejected token and offers Settings', () => {
    const b = bannerMessage(failedSync({ code: 'AUTH_INVALID', message: '401' }), SYNCED, NOW);
    expect(b).toMatchObject({ tone: 'error', settings: true });
    expect(b?.text).toMatch(/rejected the token/);
  });

  it('names the missing permission', () => {
    const b = bannerMessage(
      failedSync({ code: 'PERMISSION_DENIED', message: '403', permission: 'ViewAccountMetrics' }),
      SYNCED,
      NOW,
    );
    expect(b?.text).toContain('ViewAccountMetrics');
  });

  it('says when a rate limit will be retried', () => {
    const retryAt = NOW + 5 * 60_000;
    const b = bannerMessage(failedSync({ code: 'RATE_LIMITED', message: '429', retryAt }), SYNCED, NOW);
    expect(b?.text).toContain(`retrying at ${formatClock(retryAt)}`);
  });

  it('prefers the most actionable cause when several datasets failed', () => {
    const status = failedSync({ code: 'SERVER_ERROR', message: '502' }, { online: false });
    status.datasets = status.datasets.map((d, i) =>
      i === 3 ? { ...d, error: { code: 'AUTH_INVALID', message: '401' } } : d,
    );
    expect(bannerMessage(status, SYNCED, NOW)?.text).toMatch(/rejected the token/);
  });

  it('asks for a token in live mode without one, but not in demo mode', () => {
    const none = { source: 'none' as const, keychainAvailable: true, keychainMessage: null };
    expect(bannerMessage(makeStatus({ token: none }), null, NOW)?.settings).toBe(true);
    expect(bannerMessage(makeStatus({ token: none, mode: 'demo' }), null, NOW)).toBeNull();
  });
});
