import { useEffect, useLayoutEffect } from 'react';
import { AcusByUserChart } from './features/users/AcusByUserChart';
import { DemoStrip, OfflineBanner, RecoveredBanner } from './features/banners/Banners';
import { CostView } from './features/cost/CostView';
import { AlertsPanel } from './features/limits/AlertsPanel';
import { LimitsPanel } from './features/limits/LimitsPanel';
import { DailyAcusChart } from './features/daily-acus/DailyAcusChart';
import { Header } from './features/header/Header';
import { OutcomesPanel } from './features/outcomes/OutcomesPanel';
import { RunawaySessions } from './features/outcomes/RunawaySessions';
import { WhereAcusGo } from './features/outcomes/WhereAcusGo';
import { SessionsTable } from './features/sessions/SessionsTable';
import { SettingsDialog } from './features/settings/SettingsDialog';
import { useShortcuts } from './features/shortcuts/useShortcuts';
import { SummaryCards } from './features/summary/SummaryCards';
import { connectToMain } from './stores/connect';
import { loadInitialData } from './stores/initial-data';
import { useDashboardStore } from './stores/dashboard';
import { useOutcomesStore } from './stores/outcomes';
import { useQueryStore } from './stores/query';
import { useSessionsStore } from './stores/sessions';

export function App() {
  const from = useQueryStore((s) => s.from);
  const to = useQueryStore((s) => s.to);
  const orgId = useQueryStore((s) => s.orgId);
  useShortcuts();

  // The first screen in one round trip (main.tsx has usually asked already). A layout effect runs before the
  // panels' own effects, which then find their first query asked for. Events keep everything current afterwards.
  useLayoutEffect(() => {
    loadInitialData();
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
        <LimitsPanel />
        <AlertsPanel />
        {/* outcomes (issue 10) */}
        <OutcomesPanel />
        <div className="grid-2">
          <WhereAcusGo />
          <RunawaySessions />
        </div>
        <SessionsTable />
      </main>
      <SettingsDialog />
    </div>
  );
}
