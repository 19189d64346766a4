import { Suspense, useEffect, useLayoutEffect, type ReactNode } from 'react';
import { PanelPlaceholder } from './components/Panel';
import { AcusByUserChart } from './features/users/AcusByUserChart';
import { DemoStrip, OfflineBanner, RecoveredBanner } from './features/banners/Banners';
import { CostView } from './features/cost/CostView';
import { DailyAcusChart } from './features/daily-acus/DailyAcusChart';
import { Header } from './features/header/Header';
import { useShortcuts } from './features/shortcuts/useShortcuts';
import { SummaryCards } from './features/summary/SummaryCards';
import { lazyComponent, type LazyComponent } from './lib/lazy';
import { nivoCharts } from './lib/nivo';
import { connectToMain } from './stores/connect';
import { loadInitialData } from './stores/initial-data';
import { useDashboardStore } from './stores/dashboard';
import { useOutcomesStore } from './stores/outcomes';
import { useQueryStore } from './stores/query';
import { useSessionsStore } from './stores/sessions';

// Below the fold, or closed at start: each in a chunk of its own (preloaded by index.html, evaluated before the
// first render: root.tsx), so the code every window evaluates first is smaller.
const LimitsPanel = lazyComponent(() => import('./features/limits/LimitsPanel').then((m) => m.LimitsPanel));
const AlertsPanel = lazyComponent(() => import('./features/limits/AlertsPanel').then((m) => m.AlertsPanel));
const OutcomesPanel = lazyComponent(() => import('./features/outcomes/OutcomesPanel').then((m) => m.OutcomesPanel));
const WhereAcusGo = lazyComponent(() => import('./features/outcomes/WhereAcusGo').then((m) => m.WhereAcusGo));
const RunawaySessions = lazyComponent(() => import('./features/outcomes/RunawaySessions').then((m) => m.RunawaySessions));
const SessionsTable = lazyComponent(() => import('./features/sessions/SessionsTable').then((m) => m.SessionsTable));
const SettingsDialog = lazyComponent(() => import('./features/settings/SettingsDialog').then((m) => m.SettingsDialog));

/** Every chunk App renders from: root.tsx loads them before the first render, so no panel waits behind a fallback. */
export const appChunks: LazyComponent<object>[] = [
  LimitsPanel,
  AlertsPanel,
  OutcomesPanel,
  WhereAcusGo,
  RunawaySessions,
  SessionsTable,
  SettingsDialog,
  ...nivoCharts,
];

/**
 * A lazily loaded panel, with its placeholder while the code loads; `offscreen`: a long panel below the fold,
 * whose layout and paint the browser skips while it is off screen.
 */
function Later({
  title,
  size = 'panel',
  offscreen = false,
  children,
}: {
  title: string;
  size?: 'table' | 'panel';
  offscreen?: boolean;
  children: ReactNode;
}) {
  const panel = <Suspense fallback={<PanelPlaceholder title={title} size={size} />}>{children}</Suspense>;
  return offscreen ? <div className="offscreen-skipped">{panel}</div> : panel;
}

export function App() {
  const from = useQueryStore((s) => s.from);
  const to = useQueryStore((s) => s.to);
  const orgId = useQueryStore((s) => s.orgId);
  useShortcuts();

  // The first screen in one round trip (main.tsx has usually asked already). A layout effect runs before the
  // panels' own effects, which then find their first query asked for. Events keep everything current afterwards.
  useLayoutEffect(() => {
    void loadInitialData();
    return connectToMain();
  }, []);

  // Main answers from its SQLite cache, so a query change is applied straight away.
  useEffect(() => {
    void useDashboardStore.getState().request({ from, to, orgId });
    useSessionsStore.getState().setBase({ from, to, orgId });
    // Outcomes (issue 10) last: main answers in arrival order, and its query is the slowest of the three.
    void useOutcomesStore.getState().request({ from, to, orgId });
  }, [from, to, orgId]);

  return (
    <div className="app">
      <Header />
      <DemoStrip />
      <RecoveredBanner />
      <OfflineBanner />
      <main className="content">
        <SummaryCards />
        <DailyAcusChart />
        <div className="grid-2">
          <AcusByUserChart />
          <CostView />
        </div>
        <Later title="Limits and budgets" offscreen>
          <LimitsPanel />
        </Later>
        <Later title="Spend alerts" offscreen>
          <AlertsPanel />
        </Later>
        {/* outcomes (issue 10) */}
        <Later title="Outcomes" offscreen>
          <OutcomesPanel />
        </Later>
        <div className="grid-2 offscreen-skipped">
          <Later title="Where ACUs go">
            <WhereAcusGo />
          </Later>
          <Later title="Runaway sessions">
            <RunawaySessions />
          </Later>
        </div>
        <Later title="Sessions" size="table" offscreen>
          <SessionsTable />
        </Later>
      </main>
      <Suspense fallback={null}>
        <SettingsDialog />
      </Suspense>
    </div>
  );
}
