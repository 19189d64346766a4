/**
 * A small in-memory `window.api` implementing DashboardApi, for renderer tests. It answers like main would
 * (Results, sessions filtered/sorted/paged, settings validated with the shared schema) and records calls;
 * a test replaces a method when it needs a delay or a failure.
 */
import { addDaysTo, eachDay } from '../../../src/shared/billing-day';
import {
  DEFAULT_SETTINGS,
  settingsPatchSchema,
  type AppStatus,
  type CostData,
  type DashboardData,
  type DashboardQuery,
  type DatasetFreshness,
  type ProfilesState,
  type SessionRow,
  type SessionsPage,
  type SessionsPageQuery,
  type Settings,
} from '../../../src/shared/dashboard';
import { DATASETS } from '../../../src/shared/dashboard';
import type { DashboardApi, EventChannel, EventPayloads } from '../../../src/shared/ipc/channels';
import { fail, ok, type Result } from '../../../src/shared/ipc/result';
import type { LimitsReport, SpendAlert } from '../../../src/shared/spend';
import type { OutcomeTotals, OutcomesResult } from '../../../src/shared/outcomes';

/** 2025-06-15 12:00 UTC: billing day 2025-06-15. */
export const NOW = Date.UTC(2025, 5, 15, 12, 0);

export function makeStatus(patch: Partial<AppStatus> = {}): AppStatus {
  const datasets: DatasetFreshness[] = DATASETS.map((dataset) => ({
    dataset,
    lastSuccessAt: NOW - 60_000,
    lastAttemptAt: NOW - 60_000,
    error: null,
  }));
  return {
    mode: 'live',
    token: { source: 'keychain', keychainAvailable: true, keychainMessage: null },
    account: null,
    backgroundError: null,
    syncing: false,
    lastSync: null,
    datasets,
    queue: { level: 'normal', queueSize: 3, checkedAt: NOW - 30_000, reason: null },
    online: true,
    cacheUpgrade: null,
    ...patch,
  };
}

export function makeProfiles(): ProfilesState {
  return {
    activeId: 'default',
    envToken: false,
    profiles: [{ id: 'default', name: 'default', apiBaseUrl: 'https://api.devin.ai', identity: null, active: true }],
  };
}

export function makeDashboard(query: DashboardQuery, patch: Partial<DashboardData> = {}): DashboardData {
  const days = eachDay(query.from, query.to);
  const acusByDay = days.map((date, i) => ({ date, acus: 10 + (i % 5) }));
  const orgs = [
    { orgId: 'org-a', name: 'Alpha', maxCycleAcuLimit: null },
    { orgId: 'org-b', name: 'Beta', maxCycleAcuLimit: 500 },
  ];
  return {
    query,
    asOf: NOW - 60_000,
    totals: { sessions: 120, acus: 300, activeUsers: { dau: 4.5, wau: 12, mau: 20, source: 'metrics' } },
    previous: { sessions: 100, acus: 250, activeUsers: { dau: 4, wau: 10, mau: 18, source: 'metrics' } },
    acusByDay,
    acusByDayByOrg:
      query.orgId === null
        ? orgs.map((o, k) => ({
            orgId: o.orgId,
            name: o.name,
            points: days.map((date, i) => ({ date, acus: 4 + k + (i % 3) })),
          }))
        : [],
    acusByUser: [
      { userId: 'u-ada', name: 'Ada', acus: 120, sessions: 40 },
      { userId: 'u-bob', name: 'Bob', acus: 80, sessions: 30 },
      { userId: 'u-cy', name: 'Cy', acus: 60, sessions: 25 },
    ],
    otherUsers: { users: 0, acus: 0, sessions: 0 },
    acusByOrg: orgs.map((o, k) => ({ orgId: o.orgId, name: o.name, acus: 150 - k * 50 })),
    unattributedAcus: query.orgId === null ? 12.5 : 0,
    organizations: orgs,
    cycles: [
      { from: '2025-06-01', to: '2025-06-30' },
      { from: '2025-05-01', to: '2025-05-31' },
    ],
    ...patch,
  };
}

export function makeCost(orgId: string | null, patch: Partial<CostData> = {}): CostData {
  const last30 = eachDay(addDaysTo('2025-06-15', -29), '2025-06-15').map((date, i) => ({
    date,
    acus: 5 + (i % 4),
  }));
  return {
    orgId,
    monthlyByOrg: [
      { month: '2025-05', orgId: 'org-a', name: 'Alpha', acus: 400 },
      { month: '2025-05', orgId: 'org-b', name: 'Beta', acus: 100 },
      { month: '2025-06', orgId: 'org-a', name: 'Alpha', acus: 210 },
      { month: '2025-06', orgId: 'org-b', name: 'Beta', acus: 90 },
    ],
    last30Days: last30,
    monthToDate: { month: '2025-06', acus: 300, daysElapsed: 15, daysInMonth: 30 },
    asOf: NOW - 60_000,
    ...patch,
  };
}

const STATUSES = ['exit', 'running', 'error', 'suspended'];

/** `count` sessions with distinct, predictable values per index. */
export function makeSessions(count: number): SessionRow[] {
  return Array.from({ length: count }, (_, i) => ({
    sessionId: `s-${i}`,
    title: `Session ${i}`,
    userId: i % 2 === 0 ? 'u-ada' : 'u-bob',
    userName: i % 2 === 0 ? 'Ada' : 'Bob',
    orgId: 'org-a',
    orgName: 'Alpha',
    status: STATUSES[i % STATUSES.length] ?? 'exit',
    createdAt: NOW - i * 60_000,
    updatedAt: NOW - i * 60_000 + 30_000,
    durationSeconds: 60 + i,
    acus: (i % 10) + 0.5,
    url: `https://app.devin.ai/sessions/${i}`,
    origin: i % 3 === 0 ? 'slack' : 'webapp',
    tags: i % 4 === 0 ? ['backend'] : [],
    prs: i % 5 === 0 ? [{ url: `https://github.com/acme/web/pull/${i}`, state: 'merged' }] : [],
  }));
}

const SORT_KEYS: Record<NonNullable<SessionsPageQuery['sort']>, (r: SessionRow) => string | number> = {
  created_at: (r) => r.createdAt,
  acus: (r) => r.acus,
  duration: (r) => r.durationSeconds,
  title: (r) => r.title ?? '',
  user: (r) => r.userName ?? '',
  org: (r) => r.orgName ?? '',
  status: (r) => r.status,
};

function pageOf(all: readonly SessionRow[], q: SessionsPageQuery): SessionsPage {
  const matching = all.filter(
    (r) => (!q.userId || r.userId === q.userId) && (!q.status || r.status === q.status),
  );
  const key = SORT_KEYS[q.sort ?? 'created_at'];
  const sign = (q.direction ?? 'desc') === 'asc' ? 1 : -1;
  const sorted = [...matching].sort((a, b) => (key(a) < key(b) ? -sign : key(a) > key(b) ? sign : 0));
  const offset = q.offset ?? 0;
  return {
    total: sorted.length,
    offset,
    rows: sorted.slice(offset, offset + (q.limit ?? 100)),
    statuses: [...new Set(all.map((r) => r.status))].sort(),
  };
}

export interface FakeState {
  status: AppStatus;
  settings: Settings;
  sessions: SessionRow[];
  dashboard: (q: DashboardQuery) => DashboardData;
  cost: (orgId: string | null) => CostData;
  profiles: ProfilesState;
  limits: (day: string | undefined) => LimitsReport;
  alerts: SpendAlert[];
  outcomes: (q: DashboardQuery) => OutcomesResult;
}

export interface Call {
  method: string;
  args: unknown;
}

type Listener = (payload: never) => void;

export interface FakeApi {
  api: DashboardApi;
  state: FakeState;
  calls: Call[];
  callsOf(method: keyof DashboardApi): unknown[];
  emit<E extends EventChannel>(event: E, payload: EventPayloads[E]): void;
  listenerCount(event: EventChannel): number;
}

/** A limits report: the enterprise at 62 % of its limit, one org over, one without a limit. */
export function makeLimits(patch: Partial<LimitsReport> = {}): LimitsReport {
  const scope = (s: Partial<LimitsReport['scopes'][number]>): LimitsReport['scopes'][number] => ({
    scope: 'org',
    id: null,
    name: null,
    limitAcus: null,
    budgetUsd: null,
    budgetAcus: null,
    budgetNote: null,
    usedAcus: 0,
    usedPct: null,
    projectedAcus: 0,
    projectedLowAcus: 0,
    projectedHighAcus: 0,
    runOutDate: null,
    crossed: [],
    projectedOver: false,
    stoppedSessions: 0,
    ...s,
  });
  return {
    cycle: { from: '2025-06-05', to: '2025-07-04', source: 'contract' },
    asOf: NOW - 60_000,
    dayOfCycle: 11,
    daysInCycle: 30,
    past: false,
    rateUsdPerAcu: null,
    thresholds: [50, 80, 100],
    scopes: [
      scope({ scope: 'enterprise', limitAcus: 2000, usedAcus: 1240, usedPct: 62, projectedAcus: 2380.5, projectedLowAcus: 2150, projectedHighAcus: 2610.2, runOutDate: '2025-06-27', crossed: [50], projectedOver: true }),
      scope({ id: 'org-a', name: 'Alpha', usedAcus: 300, projectedAcus: 800, projectedLowAcus: 700, projectedHighAcus: 900 }),
      scope({ id: 'org-b', name: 'Beta', limitAcus: 500, usedAcus: 510, usedPct: 102, projectedAcus: 1300, projectedLowAcus: 1200, projectedHighAcus: 1400, runOutDate: '2025-06-14', crossed: [50, 80, 100], projectedOver: true, stoppedSessions: 3 }),
    ],
    limitsError: null,
    ...patch,
  };
}

export function createFakeApi(init: Partial<FakeState> = {}): FakeApi {
  const state: FakeState = {
    status: makeStatus(),
    settings: { ...DEFAULT_SETTINGS },
    sessions: makeSessions(30),
    dashboard: (q) => makeDashboard(q),
    cost: (orgId) => makeCost(orgId),
    profiles: makeProfiles(),
    limits: () => makeLimits(),
    alerts: [],
    outcomes: (q) => makeOutcomes(q),
    ...init,
  };
  const calls: Call[] = [];
  const listeners = new Map<EventChannel, Set<Listener>>();
  const answer = async <T>(method: string, args: unknown, produce: () => Result<T>): Promise<Result<T>> => {
    calls.push({ method, args });
    return produce();
  };

  // Each part goes through the fake's own method (recorded, and replaced when a test replaces that method); one
  // that throws fails alone, as in main.
  const settle = <T>(part: () => Promise<Result<T>>): Promise<Result<T>> =>
    part().catch((err: unknown) => fail('INTERNAL', err instanceof Error ? err.message : String(err)));
  const api: DashboardApi = {
    getStatus: () => answer('getStatus', undefined, () => ok(state.status)),
    getInitialData: async (q) => {
      calls.push({ method: 'getInitialData', args: q });
      return ok({
        status: await settle(() => api.getStatus()),
        settings: await settle(() => api.getSettings()),
        profiles: await settle(() => api.listProfiles()),
        dashboard: await settle(() => api.getDashboard(q.dashboard)),
        cost: await settle(() => api.getCost(q.cost)),
        sessionsPage: await settle(() => api.getSessionsPage(q.sessionsPage)),
        limits: await settle(() => api.getLimits(q.limits)),
        alerts: await settle(() => api.listAlerts()),
      });
    },
    getDashboard: (q) => answer('getDashboard', q, () => ok(state.dashboard(q))),
    getDashboardUsers: (q) => answer('getDashboardUsers', q, () => ok(state.dashboard(q).acusByUser)),
    getSessionsPage: (q) => answer('getSessionsPage', q, () => ok(pageOf(state.sessions, q))),
    getCost: (q) => answer('getCost', q, () => ok(state.cost(q.orgId))),
    syncNow: (a) =>
      answer('syncNow', a, () =>
        ok({
          startedAt: NOW,
          finishedAt: NOW,
          kind: 'incremental' as const,
          requests: 1,
          updated: [],
          failed: [],
        }),
      ),
    cancelSync: () => answer('cancelSync', undefined, () => ok({ cancelled: true })),
    saveToken: (a) =>
      answer('saveToken', a, () => {
        state.status = { ...state.status, token: { ...state.status.token, source: 'keychain' } };
        return ok(state.status.token);
      }),
    removeToken: () =>
      answer('removeToken', undefined, () => {
        state.status = { ...state.status, token: { ...state.status.token, source: 'none' } };
        return ok(state.status.token);
      }),
    listProfiles: () => answer('listProfiles', undefined, () => ok(state.profiles)),
    addProfile: (a) =>
      answer('addProfile', a, () => {
        const id = `p-${state.profiles.profiles.length}`;
        const apiBaseUrl = a.apiBaseUrl ?? 'https://api.devin.ai';
        state.profiles = { ...state.profiles, profiles: [...state.profiles.profiles, { id, name: a.name, apiBaseUrl, identity: null, active: false }] };
        return ok(state.profiles);
      }),
    renameProfile: (a) =>
      answer('renameProfile', a, () => {
        state.profiles = { ...state.profiles, profiles: state.profiles.profiles.map((p) => (p.id === a.id ? { ...p, name: a.name } : p)) };
        return ok(state.profiles);
      }),
    removeProfile: (a) =>
      answer('removeProfile', a, () => {
        const profiles = state.profiles.profiles.filter((p) => p.id !== a.id);
        const activeId = profiles.some((p) => p.id === state.profiles.activeId) ? state.profiles.activeId : (profiles[0]?.id ?? 'default');
        state.profiles = { ...state.profiles, activeId, profiles: profiles.map((p) => ({ ...p, active: p.id === activeId })) };
        return ok(state.profiles);
      }),
    switchProfile: (a) =>
      answer('switchProfile', a, () => {
        state.profiles = { ...state.profiles, activeId: a.id, profiles: state.profiles.profiles.map((p) => ({ ...p, active: p.id === a.id })) };
        return ok(state.profiles);
      }),
    getSettings: () => answer('getSettings', undefined, () => ok(state.settings)),
    updateSettings: (patch) =>
      answer('updateSettings', patch, () => {
        const parsed = settingsPatchSchema.safeParse(patch);
        if (!parsed.success) return fail('BAD_INPUT', parsed.error.issues[0]?.message ?? 'invalid settings');
        state.settings = { ...state.settings, ...parsed.data };
        return ok(state.settings);
      }),
    saveCsv: (a) => answer('saveCsv', a, () => ok({ saved: true, path: `/tmp/${a.suggestedName}` })),
    openExternal: (a) => answer('openExternal', a, () => ok({ opened: true })),
    getLimits: (q) => answer('getLimits', q, () => ok(state.limits(q.day))),
    listAlerts: () => answer('listAlerts', undefined, () => ok(state.alerts)),
    acknowledgeAlerts: (a) =>
      answer('acknowledgeAlerts', a, () => {
        state.alerts = state.alerts.map((x) => (a.ids.includes(x.id) ? { ...x, acknowledgedAt: NOW } : x));
        return ok(state.alerts);
      }),
    getOutcomes: (q) => answer('getOutcomes', q, () => ok(state.outcomes(q))),
    on: (event, listener) => {
      const set = listeners.get(event) ?? new Set<Listener>();
      set.add(listener as Listener);
      listeners.set(event, set);
      return () => set.delete(listener as Listener);
    },
  };

  return {
    api,
    state,
    calls,
    callsOf: (method) => calls.filter((c) => c.method === method).map((c) => c.args),
    emit: (event, payload) => {
      for (const l of listeners.get(event) ?? []) (l as (p: typeof payload) => void)(payload);
    },
    listenerCount: (event) => listeners.get(event)?.size ?? 0,
  };
}

const totals = (mergedPrs: number, openedPrs: number, sessionAcus: number): OutcomeTotals => ({
  sessions: 40,
  sessionAcus,
  openedPrs,
  mergedPrs,
  sessionsWithMergedPr: mergedPrs,
  acusPerMergedPr: mergedPrs === 0 ? null : sessionAcus / mergedPrs,
  mergeRate: openedPrs === 0 ? null : mergedPrs / openedPrs,
});

export function makeOutcomes(query: DashboardQuery, patch: Partial<OutcomesResult> = {}): OutcomesResult {
  return {
    query,
    totals: totals(12, 19, 310.5),
    previous: totals(10, 20, 300),
    byOrg: [{ orgId: 'org-a', name: 'Alpha', ...totals(8, 10, 200) }, { orgId: 'org-b', name: 'Beta', ...totals(4, 9, 110.5) }],
    byUser: [{ userId: 'user-1', name: 'Ana Ruiz', ...totals(12, 19, 310.5) }],
    weekly: [{ weekStart: query.from, mergedPrs: 12, acus: 310.5 }],
    acusByOrigin: [{ origin: 'slack', sessions: 11, acus: 200 }, { origin: 'other', sessions: 3, acus: 110.5 }],
    acusByTag: [{ tag: 'backend', sessions: 9, acus: 61.25 }],
    acusByPlaybook: [{ playbookId: null, sessions: 14, acus: 310.5 }],
    acusByOutcome: [{ outcome: 'merged_pr', sessions: 12, acus: 250 }, { outcome: 'no_pr', sessions: 2, acus: 60.5 }],
    runaway: [{ sessionId: 'devin-big', orgId: 'org-a', userId: 'user-1', title: 'Big one', status: 'exit', createdAt: NOW - 3600_000, acus: 48.5, reason: "48.5 ACUs ≥ 3 × the org's 30-day median of 4 ACUs" }],
    prHosts: ['github.com'],
    runawayCount: 1,
    prMetrics: { status: 'ok', apiMergedPrs: 12, apiCreatedPrs: 19, differs: false, reason: null },
    ...patch,
  };
}

/** Creates a fake and installs it as `window.api`. */
export function installFakeApi(init: Partial<FakeState> = {}): FakeApi {
  const fake = createFakeApi(init);
  window.api = fake.api;
  return fake;
}

/** A promise the test settles by hand (to hold a response back and release it later). */
export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
