/**
 * The simulator's outcomes over real HTTP: PR states, PRs shared by parent/child sessions and retries, origins,
 * tags, playbooks, and `/metrics/prs` and `/metrics/sessions` agreeing with the sessions it serves (recomputed
 * here from the raw records, not with the simulator's own helpers).
 */
import { describe, expect, it } from 'vitest';
import { billingDayOf, currentBillingDay, rangeWindow } from '../../src/shared/billing-day';
import type { SimSession } from '../../src/main/simulator';
import { FIXED_NOW, simGet, startTestSimulator, useSimulator } from '../helpers/simulator';

type Window = { timeAfter: number; timeBefore: number };
const qs = (w: Window) => `time_after=${w.timeAfter}&time_before=${w.timeBefore}`;
const isMerged = (state: string | null) => state !== null && state.toLowerCase() === 'merged';

/** Each PR once: first listing session (sessions are ascending), merged if any listing says so, else the last stated state. */
function prsByEventTime(sessions: readonly SimSession[]) {
  const prs = new Map<string, { first: SimSession; merged: boolean; state: string | null }>();
  for (const s of sessions) {
    for (const p of s.pull_requests) {
      const seen = prs.get(p.pr_url) ?? { first: s, merged: false, state: null };
      seen.merged ||= isMerged(p.pr_state);
      if (p.pr_state !== null) seen.state = p.pr_state.toLowerCase();
      prs.set(p.pr_url, seen);
    }
  }
  return [...prs.values()].map((p) => ({ ...p, state: p.merged ? 'merged' : p.state }));
}

describe('simulator outcomes', () => {
  const sim = useSimulator();
  const fullWindow = () => rangeWindow(billingDayOf(sim().data.firstDayStart), currentBillingDay(FIXED_NOW));

  it('PR states are open, merged, closed and null, in mixed case', () => {
    const states = new Set(sim().data.sessions.flatMap((s) => s.pull_requests.map((p) => p.pr_state)));
    expect(states).toContain(null);
    for (const base of ['open', 'merged', 'closed']) expect(states).toContain(base);
    expect([...states].some((x) => x !== null && x !== x.toLowerCase())).toBe(true);
  });

  it('children point to their parent, are created after it, and share one of its PRs', () => {
    const { data } = sim();
    const parents = data.sessions.filter((s) => s.child_session_ids.length > 0);
    expect(parents.length).toBeGreaterThan(20);
    for (const parent of parents) {
      for (const id of parent.child_session_ids) {
        const child = data.session(id)!;
        expect(child.parent_session_id).toBe(parent.session_id);
        expect(child.created_at).toBeGreaterThan(parent.created_at);
        expect(child.org_id).toBe(parent.org_id);
        const urls = new Set(parent.pull_requests.map((p) => p.pr_url));
        expect(child.pull_requests.some((p) => urls.has(p.pr_url))).toBe(true);
      }
    }
    const withParent = data.sessions.filter((s) => s.parent_session_id !== null);
    expect(withParent.length).toBe(parents.length);
  });

  it('has every origin bucket, an unknown origin, more than ten tags and several playbooks', () => {
    const { sessions } = sim().data;
    const origins = new Set(sessions.map((s) => s.origin));
    for (const o of ['webapp', 'slack', 'teams', 'api', 'linear', 'jira', 'scheduled']) expect(origins).toContain(o);
    const documented = new Set(['webapp', 'slack', 'teams', 'api', 'linear', 'jira', 'scheduled', 'automation', 'cli', 'desktop', 'other']);
    expect([...origins].some((o) => !documented.has(o))).toBe(true);
    expect(new Set(sessions.flatMap((s) => s.tags)).size).toBeGreaterThan(10);
    expect(new Set(sessions.map((s) => s.playbook_id).filter((p) => p !== null)).size).toBeGreaterThanOrEqual(3);
  });

  it('/metrics/prs counts every PR once, by its event time, with the latest state', async () => {
    const { data } = sim();
    const prs = prsByEventTime(data.sessions);
    const full = fullWindow();
    const half = { timeAfter: full.timeAfter + Math.floor((full.timeBefore - full.timeAfter) / 2), timeBefore: full.timeBefore };
    const org = data.orgs[0]!.org_id;
    for (const [w, orgId] of [[full, null], [half, null], [half, org]] as const) {
      const inWindow = prs.filter(
        (p) => p.first.updated_at >= w.timeAfter && p.first.updated_at < w.timeBefore && (orgId === null || p.first.org_id === orgId),
      );
      const { status, body } = await simGet(sim(), `/v3/enterprise/metrics/prs?${qs(w)}${orgId ? `&org_ids=${orgId}` : ''}`);
      expect(status).toBe(200);
      expect(body).toMatchObject({
        prs_created_count: inWindow.length,
        prs_merged_count: inWindow.filter((p) => p.state === 'merged').length,
        prs_opened_count: inWindow.filter((p) => p.state === 'open').length,
        prs_closed_count: inWindow.filter((p) => p.state === 'closed').length,
      });
    }
    const listings = data.sessions.reduce((n, s) => n + s.pull_requests.length, 0);
    expect(prs.length).toBeLessThan(listings); // shared PRs exist and count once
  });

  it('/metrics/sessions counts merged-PR sessions case-insensitively, scheduled under automation, and filters by playbook', async () => {
    const { data } = sim();
    const w = fullWindow();
    const inWindow = data.sessions.filter((s) => s.created_at >= w.timeAfter && s.created_at < w.timeBefore);
    const { body } = await simGet(sim(), `/v3/enterprise/metrics/sessions?${qs(w)}`);
    const m = body as { sessions_created_count: number; sessions_with_merged_prs_count: number; sessions_created_with_playbook_count: number; sessions_created_by_origin: Record<string, number> };
    expect(m.sessions_created_count).toBe(inWindow.length);
    expect(m.sessions_with_merged_prs_count).toBe(inWindow.filter((s) => s.pull_requests.some((p) => isMerged(p.pr_state))).length);
    expect(m.sessions_created_with_playbook_count).toBe(inWindow.filter((s) => s.playbook_id !== null).length);
    expect(m.sessions_created_by_origin.automation).toBe(inWindow.filter((s) => s.origin === 'automation' || s.origin === 'scheduled').length);
    expect(m.sessions_created_by_origin).not.toHaveProperty('scheduled');

    const playbook = inWindow.find((s) => s.playbook_id !== null)!.playbook_id!;
    const filtered = await simGet(sim(), `/v3/enterprise/metrics/sessions?${qs(w)}&playbook_id=${playbook}`);
    expect((filtered.body as { sessions_created_count: number }).sessions_created_count).toBe(inWindow.filter((s) => s.playbook_id === playbook).length);
  });

  it('new sessions from advance get outcomes too; the same seed gives the same outcomes', async () => {
    const a = await startTestSimulator({ seed: 9, sessions: 300 });
    const b = await startTestSimulator({ seed: 9, sessions: 300 });
    try {
      const pick = (s: SimSession) => [s.origin, s.tags, s.playbook_id, s.pull_requests, s.parent_session_id, s.child_session_ids];
      expect(a.data.sessions.map(pick)).toEqual(b.data.sessions.map(pick));
      const { created } = a.control.advance({ newSessions: 20 });
      const documented = new Set(['webapp', 'slack', 'teams', 'api', 'linear', 'jira', 'scheduled', 'automation', 'cli', 'desktop', 'zapier']);
      for (const id of created) expect(documented).toContain(a.data.session(id)!.origin);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
