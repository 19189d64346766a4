import { describe, expect, it } from 'vitest';
import { decideRunawayAlerts, runawayNotifications } from '../../../src/main/services/runaway-alerts';
import type { RunawaySession } from '../../../src/shared/outcomes';

const session = (id: string, status = 'running'): RunawaySession => ({
  sessionId: id,
  orgId: 'org-a',
  userId: 'user-1',
  title: `Session ${id}`,
  status,
  createdAt: 0,
  acus: 40,
  reason: "40 ACUs ≥ 80 % of the org's 50-ACU session limit",
});

describe('decideRunawayAlerts', () => {
  it('announces a running session that crossed the rule since the last sync, once', () => {
    const first = decideRunawayAlerts({ enabled: true, previouslyFlagged: new Set(['a']), flagged: [session('a'), session('b'), session('c', 'exit')] });
    expect(first.alerts).toEqual([{ sessionId: 'b', title: 'Runaway session: Session b', body: "40 ACUs ≥ 80 % of the org's 50-ACU session limit" }]);
    const again = decideRunawayAlerts({ enabled: true, previouslyFlagged: first.flagged, flagged: [session('a'), session('b')] });
    expect(again.alerts).toEqual([]);
  });

  it('says nothing when off (the default), or on the first sync, which only sets the baseline', () => {
    expect(decideRunawayAlerts({ enabled: false, previouslyFlagged: new Set(), flagged: [session('a')] }).alerts).toEqual([]);
    const baseline = decideRunawayAlerts({ enabled: true, previouslyFlagged: null, flagged: [session('a')] });
    expect(baseline.alerts).toEqual([]);
    expect([...baseline.flagged]).toEqual(['a']);
  });
});

describe('runawayNotifications', () => {
  it('one notification per alert up to three, then one summary naming the first three', () => {
    const alerts = (n: number) => decideRunawayAlerts({ enabled: true, previouslyFlagged: new Set(), flagged: 'abcde'.slice(0, n).split('').map((id) => session(id)) }).alerts;
    expect(runawayNotifications(alerts(3))).toEqual(alerts(3).map(({ title, body }) => ({ title, body })));
    expect(runawayNotifications(alerts(5))).toEqual([{ title: '5 runaway sessions', body: 'Session a; Session b; Session c; …' }]);
  });
});
