/** Starts and stops Devin API simulators for tests: fixed clock, port 0, state reset between tests. */
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../src/main/simulator';

/** Wednesday 2026-11-18 17:30 UTC: mid billing day, so "today" has both past and future hours. */
export const FIXED_NOW = Date.UTC(2026, 10, 18, 17, 30);

export function startTestSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  return startSimulator({ now: FIXED_NOW, ...options });
}

/**
 * One simulator for the whole file (generation is the slow part); faults, latency, permissions and stats
 * are reset after every test. Call the returned getter inside tests.
 */
export function useSimulator(options: SimulatorOptions = {}): () => Simulator {
  let sim: Simulator | undefined;
  beforeAll(async () => {
    sim = await startTestSimulator(options);
  });
  afterEach(() => {
    sim?.control.clearFaults();
    sim?.control.setLatency(options.latencyMs ?? 0);
    sim?.control.setPermissions(options.permissions ?? 'all');
    sim?.control.resetStats();
  });
  afterAll(async () => {
    await sim?.close();
  });
  return () => {
    if (!sim) throw new Error('The simulator has not started');
    return sim;
  };
}

/** A raw authenticated GET against the simulator (for checking the simulator itself, without the client). */
export async function simGet(
  sim: Simulator,
  pathAndQuery: string,
  token: string = sim.token,
): Promise<{ status: number; body: unknown; headers: Headers }> {
  const res = await fetch(`${sim.url}${pathAndQuery}`, { headers: { authorization: `Bearer ${token}` } });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // keep the raw text (malformed-json faults)
  }
  return { status: res.status, body, headers: res.headers };
}

/** Follows every page of a simulator list endpoint with raw requests. */
export async function simGetAll<T>(sim: Simulator, path: string, query = '', first = 200): Promise<T[]> {
  const items: T[] = [];
  let after: string | null = null;
  do {
    const sep = path.includes('?') || query ? '&' : '?';
    const url: string = `${path}${query ? `?${query}` : ''}${sep}first=${first}${after ? `&after=${encodeURIComponent(after)}` : ''}`;
    const { status, body } = await simGet(sim, url);
    if (status !== 200) throw new Error(`GET ${url} answered ${status}: ${JSON.stringify(body)}`);
    const page = body as { items: T[]; end_cursor: string | null; has_next_page: boolean };
    items.push(...page.items);
    after = page.has_next_page ? page.end_cursor : null;
  } while (after);
  return items;
}
