/**
 * The large-enterprise preset end to end through the client: sizes as specified, every session paged
 * exactly once, and per-org sums matching the sessions at this scale. (Timings belong to the benchmark.)
 */
import { describe, expect, it } from 'vitest';
import { LARGE_ENTERPRISE_PRESET } from '../../src/main/simulator';
import { DevinClient } from '../../src/main/services/devin-client';
import { startTestSimulator } from '../helpers/simulator';

describe('large enterprise preset', () => {
  it('serves 40 orgs, 2,000 users and 50,000 sessions consistently', async () => {
    const sim = await startTestSimulator({ ...LARGE_ENTERPRISE_PRESET });
    try {
      const { data } = sim;
      expect([data.orgs.length, data.users.length, data.sessions.length]).toEqual([40, 2000, 50_000]);
      const client = new DevinClient({ baseUrl: sim.url, token: sim.token });
      const sessions = await client.listSessions({});
      expect(sessions).toHaveLength(50_000);
      expect(new Set(sessions.map((s) => s.session_id)).size).toBe(50_000);
      expect(client.requestCount).toBe(250);

      const window = { timeAfter: data.firstDayStart, timeBefore: data.now + 86_400 };
      const perOrg = new Map<string, number>();
      for (const s of sessions) perOrg.set(s.org_id, (perOrg.get(s.org_id) ?? 0) + s.acus_consumed);
      let orgTotal = 0;
      for (const org of data.orgs) {
        const c = await client.getOrgConsumption(org.org_id, window);
        expect(c.total_acus).toBeCloseTo(perOrg.get(org.org_id) ?? 0, 4);
        orgTotal += c.total_acus;
      }
      const ent = await client.getEnterpriseConsumption(window);
      expect(ent.total_acus - orgTotal).toBeCloseTo(data.otherProductAcus(window), 4);

      // Incremental sync shape: a recent updated_after window returns exactly the recently updated sessions.
      const since = data.now - 3 * 3600;
      const recent = await client.listSessions({ updatedAfter: since });
      expect(recent.map((s) => s.session_id).sort()).toEqual(
        data.sessions
          .filter((s) => s.updated_at >= since)
          .map((s) => s.session_id)
          .sort(),
      );
    } finally {
      await sim.close();
    }
  });
});
