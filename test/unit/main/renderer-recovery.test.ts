import { describe, expect, it } from 'vitest';
import {
  afterRendererGone,
  errorPageUrl,
  INITIAL_RECOVERY,
  recoveredUrl,
  RELOAD_WINDOW_MS,
} from '../../../src/main/services/renderer-recovery';

const T0 = 1_800_000_000_000;

describe('afterRendererGone', () => {
  it.each(['crashed', 'oom', 'killed', 'abnormal-exit', 'launch-failed', 'memory-eviction'])(
    'reloads after the first %s',
    (reason) => {
      expect(afterRendererGone(reason, INITIAL_RECOVERY, T0)).toEqual({
        action: 'reload',
        state: { reloadedAt: T0 },
      });
    },
  );

  it('shows the error page when it dies again soon after the reload', () => {
    const first = afterRendererGone('crashed', INITIAL_RECOVERY, T0);
    const second = afterRendererGone('crashed', first.state, T0 + 30_000);
    expect(second.action).toBe('error-page');
    // And keeps showing it: no reload loop however often it dies.
    expect(afterRendererGone('oom', second.state, T0 + 60_000).action).toBe('error-page');
  });

  it('reloads again when the previous recovery is long past', () => {
    const first = afterRendererGone('crashed', INITIAL_RECOVERY, T0);
    expect(afterRendererGone('crashed', first.state, T0 + RELOAD_WINDOW_MS)).toEqual({
      action: 'reload',
      state: { reloadedAt: T0 + RELOAD_WINDOW_MS },
    });
  });

  it('does nothing on a clean exit, and never reloads a bundle that failed its integrity check', () => {
    expect(afterRendererGone('clean-exit', INITIAL_RECOVERY, T0)).toEqual({
      action: 'none',
      state: INITIAL_RECOVERY,
    });
    expect(afterRendererGone('integrity-failure', INITIAL_RECOVERY, T0).action).toBe('error-page');
  });
});

describe('recovery URLs', () => {
  it('flags the reloaded page, keeping its path and other parameters', () => {
    expect(recoveredUrl('app://dashboard/index.html')).toBe('app://dashboard/index.html?recovered=1');
    expect(recoveredUrl('http://localhost:5173/?x=1')).toBe('http://localhost:5173/?x=1&recovered=1');
    expect(recoveredUrl('app://dashboard/index.html?recovered=1')).toBe(
      'app://dashboard/index.html?recovered=1',
    );
  });

  it('builds a script-free error page that names the reason, escaped', () => {
    const url = errorPageUrl('<img src=x onerror=alert(1)>');
    expect(url.startsWith('data:text/html;charset=utf-8,')).toBe(true);
    const html = decodeURIComponent(url.slice(url.indexOf(',') + 1));
    expect(html).not.toMatch(/<script|<img/i);
    expect(html).toContain('&lt;img src=x');
    expect(html).toContain("default-src 'none'");
    expect(html).toContain('Open logs folder');
  });
});
