import type { ReactNode } from 'react';
import { ExportCsvButton } from '../../components/ExportCsvButton';
import { ErrorNote, Skeleton } from '../../components/Feedback';
import { Panel } from '../../components/Panel';
import { csvFileName, summaryCsv } from '../../lib/csv-exports';
import {
  changeVsPrevious,
  formatAcus,
  formatCost,
  formatCount,
  formatMean,
  NO_VALUE,
  type Change,
} from '../../lib/format';
import { useDashboardStore } from '../../stores/dashboard';
import { selectRate, selectRateSettled, useSettingsStore } from '../../stores/settings';
import { useUiStore } from '../../stores/ui';

const PLACEHOLDERS = [
  ['card-sessions', 'Sessions'],
  ['card-acus', 'ACUs'],
  ['card-cost', 'Cost'],
  ['card-active-users', 'Weekly active users'],
] as const;

function ChangeBadge({ change }: { change: Change }) {
  const label =
    change.pct === null ? 'No earlier period to compare with' : `${change.text} vs the previous period`;
  return (
    <span className={`change change-${change.direction}`} title={label} aria-label={label}>
      {change.text}
    </span>
  );
}

function Card({ testId, title, children }: { testId: string; title: string; children: ReactNode }) {
  return (
    <div className="card" data-testid={testId}>
      <h3>{title}</h3>
      {children}
    </div>
  );
}

export function SummaryCards() {
  const data = useDashboardStore((s) => s.data);
  const error = useDashboardStore((s) => s.error);
  const loading = useDashboardStore((s) => s.loading);
  const rate = useSettingsStore(selectRate);
  const rateSettled = useSettingsStore(selectRateSettled);
  const openSettings = useUiStore((s) => s.openSettings);

  const cards = (() => {
    if (!data) {
      return PLACEHOLDERS.map(([testId, title]) => (
        <Card key={testId} testId={testId} title={title}>
          {error ? <p className="card-value">{NO_VALUE}</p> : <Skeleton lines={2} />}
        </Card>
      ));
    }
    const { totals: now, previous: before } = data;
    const users = now.activeUsers;
    return [
      <Card key="sessions" testId="card-sessions" title="Sessions">
        <p className="card-value">{formatCount(now.sessions)}</p>
        <ChangeBadge change={changeVsPrevious(now.sessions, before.sessions)} />
      </Card>,
      <Card key="acus" testId="card-acus" title="ACUs">
        <p className="card-value">{formatAcus(now.acus)}</p>
        <ChangeBadge change={changeVsPrevious(now.acus, before.acus)} />
      </Card>,
      <Card key="cost" testId="card-cost" title="Cost">
        {!rateSettled ? (
          <Skeleton lines={2} />
        ) : rate === null ? (
          <button type="button" className="link-button" onClick={openSettings}>
            Set a $/ACU rate
          </button>
        ) : (
          <>
            <p className="card-value">{formatCost(now.acus, rate)}</p>
            <ChangeBadge change={changeVsPrevious(now.acus, before.acus)} />
          </>
        )}
      </Card>,
      <Card key="users" testId="card-active-users" title="Weekly active users">
        <div className="card-split">
          <p className="card-value">{formatMean(users.wau)}</p>
          <dl className="card-aside">
            <div>
              <dt>DAU</dt>
              <dd>{formatMean(users.dau)}</dd>
            </div>
            <div>
              <dt>MAU</dt>
              <dd>{formatCount(users.mau)}</dd>
            </div>
          </dl>
        </div>
        <ChangeBadge change={changeVsPrevious(users.wau, before.activeUsers.wau)} />
        {users.source === 'sessions' ? (
          <p className="card-note">Counted from people who created sessions in this organization.</p>
        ) : null}
      </Card>,
    ];
  })();

  return (
    <Panel
      testId="summary"
      title="Summary"
      busy={loading}
      className="summary"
      actions={
        <ExportCsvButton
          disabled={!data}
          fileName={csvFileName('summary', data?.query)}
          build={() => (data ? summaryCsv(data, rate) : '')}
        />
      }
    >
      {error ? <ErrorNote error={error} prefix="Could not load the dashboard" /> : null}
      <div className="cards">{cards}</div>
    </Panel>
  );
}
