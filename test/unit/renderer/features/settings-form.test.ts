import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../../src/shared/dashboard';
import { draftFrom, patchFromDraft } from '../../../../src/renderer/src/features/settings/settings-form';

const current = { ...DEFAULT_SETTINGS, acuRateUsd: 2 };

describe('patchFromDraft', () => {
  it('sends only what changed', () => {
    const draft = { ...draftFrom(current), rate: '2.25', notifications: 'off' as const };
    expect(patchFromDraft(draft, current)).toEqual({
      ok: true,
      patch: { acuRateUsd: 2.25, notifications: 'off' },
    });
    expect(patchFromDraft(draftFrom(current), current)).toEqual({ ok: true, patch: {} });
  });

  it('clears the rate when the field is emptied', () => {
    expect(patchFromDraft({ ...draftFrom(current), rate: '  ' }, current)).toEqual({
      ok: true,
      patch: { acuRateUsd: null },
    });
  });

  it('explains each invalid field', () => {
    const r = patchFromDraft(
      { ...draftFrom(current), rate: '-1', autoRefreshMinutes: '1.5', queuePollSeconds: '29' },
      current,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.keys(r.errors).sort()).toEqual(['autoRefreshMinutes', 'queuePollSeconds', 'rate']);
    expect(r.errors.queuePollSeconds).toMatch(/30/);
  });

  it('accepts the queue-poll floor of 30 seconds and auto-refresh off', () => {
    const r = patchFromDraft(
      { ...draftFrom(current), queuePollSeconds: '30', autoRefreshMinutes: '0' },
      current,
    );
    expect(r).toEqual({ ok: true, patch: { queuePollSeconds: 30, autoRefreshMinutes: 0 } });
  });
});
