import { describe, expect, it } from 'vitest';
import {
  createRequestTally,
  progressFigures,
  startEstimate,
  updateEstimate,
} from '../../../src/main/services/sync-progress';
import { syncTooltipLine } from '../../../src/main/services/tray-sync';
import { remainingText, syncProgressText } from '../../../src/shared/sync-progress-text';
import type { SyncProgress } from '../../../src/shared/dashboard';

const page = (items: number, hasNext: boolean, total: number | null = null) => ({ items, hasNext, total });

describe('request tally', () => {
  it('counts planned plain requests, and expects no more of a dataset than it made once it ends', () => {
    const t = createRequestTally();
    t.plan('queue', 1);
    t.plan('org_consumption', 4);
    expect(t.counts()).toEqual({ done: 0, expected: 5 });
    t.request('org_consumption');
    t.request('org_consumption');
    expect(t.counts()).toEqual({ done: 2, expected: 5 });
    t.settle('org_consumption'); // failed after two of four
    expect(t.counts()).toEqual({ done: 2, expected: 3 });
  });

  it('replaces a plan (the cached org count, then the synced list)', () => {
    const t = createRequestTally();
    t.plan('org_consumption', 3);
    t.plan('org_consumption', 10);
    expect(t.counts().expected).toBe(10);
  });

  it('expects one page more of a chain while it has a next page', () => {
    const t = createRequestTally();
    const onPage = t.chain('sessions');
    expect(t.counts()).toEqual({ done: 0, expected: 1 });
    onPage(page(200, true));
    onPage(page(200, true));
    expect(t.counts()).toEqual({ done: 2, expected: 3 });
    onPage(page(12, false));
    expect(t.counts()).toEqual({ done: 3, expected: 3 });
  });

  it('before any sibling finished, expects each chain to be as long as the longest so far', () => {
    const t = createRequestTally();
    const [a, b] = [t.chain('sessions'), t.chain('sessions'), t.chain('sessions')];
    for (let i = 0; i < 4; i++) a!(page(200, true));
    b!(page(200, true));
    // a: 4 read, 5 expected; b and the unstarted chain: 4 each, as long as a so far
    expect(t.counts()).toEqual({ done: 5, expected: 5 + 4 + 4 });
  });

  it('uses the total where the API gives one', () => {
    const t = createRequestTally();
    const onPage = t.chain('sessions');
    onPage(page(200, true, 1000));
    expect(t.counts()).toEqual({ done: 1, expected: 5 });
  });

  it('expects an unfinished chain to take as many pages as its finished siblings did on average', () => {
    const t = createRequestTally();
    const slices = [t.chain('sessions'), t.chain('sessions'), t.chain('sessions'), t.chain('sessions')];
    for (let i = 0; i < 5; i++) slices[0]!(page(200, i < 4)); // 5 pages
    for (let i = 0; i < 3; i++) slices[1]!(page(200, i < 2)); // 3 pages
    slices[2]!(page(200, true));
    // finished: 5 + 3; slice 2 (1 page, more to come) and slice 3 (none yet) each expect round(8 / 2) = 4
    expect(t.counts()).toEqual({ done: 9, expected: 5 + 3 + 4 + 4 });
    // Siblings are per dataset: another dataset's chain expects only one page more.
    t.chain('members');
    expect(t.counts().expected).toBe(17);
  });

  it('a settled dataset ends its chains where they stopped', () => {
    const t = createRequestTally();
    const onPage = t.chain('sessions');
    t.chain('sessions');
    onPage(page(200, true));
    t.settle('sessions');
    expect(t.counts()).toEqual({ done: 1, expected: 1 });
  });
});

describe('rate and remaining time', () => {
  it('says nothing before a second and two requests, then the average so far', () => {
    let e = startEstimate(0);
    e = updateEstimate(e, 1, 500);
    expect(e.rate).toBeNull();
    expect(progressFigures({ done: 1, expected: 10 }, e)).toEqual({ percent: 10, etaSeconds: null });
    e = updateEstimate(e, 4, 2000);
    expect(e.rate).toBe(2);
    expect(progressFigures({ done: 4, expected: 10 }, e)).toEqual({ percent: 40, etaSeconds: 3 });
  });

  it('smooths: a burst moves the rate a little, a lasting change moves it all the way', () => {
    let e = updateEstimate(startEstimate(0), 30, 30_000); // 1 request/s
    expect(e.rate).toBe(1);
    e = updateEstimate(e, 38, 30_010); // 8 pages in 10 ms
    expect(e.rate).toBeGreaterThan(1);
    expect(e.rate).toBeLessThan(2);
    // then 5 requests/s for a minute
    for (let t = 31_000; t <= 90_000; t += 1000) e = updateEstimate(e, e.done + 5, t);
    expect(e.rate).toBeGreaterThan(4.9);
    expect(e.rate).toBeLessThan(5.1);
  });

  it('forgets a slow start quickly while the sync is young', () => {
    // 2 requests in the first second (the lists the fan-out waits on), then 20/s
    let e = updateEstimate(startEstimate(0), 2, 1000);
    expect(e.rate).toBe(2);
    for (let t = 1250; t <= 4000; t += 250) e = updateEstimate(e, e.done + 5, t);
    expect(e.rate).toBeGreaterThan(15);
  });

  it('ignores samples out of order', () => {
    const e = updateEstimate(startEstimate(0), 10, 10_000);
    expect(updateEstimate(e, 11, 9_000)).toBe(e);
    expect(updateEstimate(e, 9, 11_000)).toBe(e);
  });

  it('never says 100 % before the end, since more pages may turn up', () => {
    expect(progressFigures({ done: 10, expected: 10 }, startEstimate(0)).percent).toBe(99);
    expect(progressFigures({ done: 0, expected: 0 }, startEstimate(0)).percent).toBe(0);
  });

  it('never goes back below what was shown, though the expected total grew', () => {
    expect(progressFigures({ done: 30, expected: 100 }, startEstimate(0), 42).percent).toBe(42);
    expect(progressFigures({ done: 50, expected: 100 }, startEstimate(0), 42).percent).toBe(50);
  });
});

describe('progress text', () => {
  it('reads as a percentage and roughly the time left', () => {
    expect(syncProgressText({ percent: 42, etaSeconds: 70 })).toBe('Syncing… 42 % · about 1 min left');
    expect(syncProgressText({ percent: 42, etaSeconds: null })).toBe('Syncing… 42 %');
    expect(remainingText(10)).toBe('less than a minute left');
    expect(remainingText(44 * 60 + 50)).toBe('about 45 min left');
    expect(remainingText(3600)).toBe('about 1 h left');
    expect(remainingText(2 * 3600 + 600)).toBe('about 2 h 10 min left');
  });

  it('puts the same line in the tray tooltip while a sync runs, and none after', () => {
    const p: SyncProgress = { phase: 'request', done: 2, total: 9, percent: 42, etaSeconds: 70 };
    expect(syncTooltipLine(p)).toBe('Syncing… 42 % · about 1 min left');
    expect(syncTooltipLine({ ...p, phase: 'done', percent: 100, etaSeconds: 0 })).toBeNull();
    expect(syncTooltipLine(null)).toBeNull();
  });
});
