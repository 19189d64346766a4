/** The spend alerts that fired (each once per scope, cycle and threshold), newest first, with acknowledge. */
import { useEffect } from 'react';
import type { SpendAlert } from '../../../../shared/spend';
import { EmptyState, ErrorNote } from '../../components/Feedback';
import { Panel } from '../../components/Panel';
import { formatAcus, formatDateTime, formatDay } from '../../lib/format';
import { useLimitsStore } from '../../stores/limits';

const scopeName = (a: SpendAlert) => (a.scope === 'enterprise' ? 'Enterprise' : (a.name ?? a.scopeId ?? a.scope));

function what(a: SpendAlert): string {
  return a.kind === 'used'
    ? `${a.threshold} % of ${formatAcus(a.targetAcus)} ACUs`
    : `projected past ${formatAcus(a.targetAcus)} ACUs${a.runOutDate ? ` by ${formatDay(a.runOutDate, 'd MMM')}` : ''}`;
}

export function AlertsPanel() {
  const alerts = useLimitsStore((s) => s.alerts);
  const error = useLimitsStore((s) => s.alertsError);
  const requestAlerts = useLimitsStore((s) => s.requestAlerts);
  const acknowledge = useLimitsStore((s) => s.acknowledge);

  useEffect(() => {
    void requestAlerts();
  }, [requestAlerts]);

  const open = alerts.filter((a) => a.acknowledgedAt === null).map((a) => a.id);
  return (
    <Panel
      testId="alerts-panel"
      title="Spend alerts"
      actions={
        open.length > 0 ? (
          <button type="button" className="button-small" onClick={() => void acknowledge(open)}>
            Acknowledge all ({open.length})
          </button>
        ) : null
      }
    >
      {error ? <ErrorNote error={error} prefix="Could not load alerts" /> : null}
      {alerts.length === 0 ? (
        <EmptyState>No alerts yet. They fire once per scope, cycle and threshold.</EmptyState>
      ) : (
        <table className="data-table alerts-table">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Scope</th>
              <th scope="col">Alert</th>
              <th scope="col" className="num">
                Value (ACUs)
              </th>
              <th scope="col">
                <span className="visually-hidden">Acknowledged</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {alerts.map((a) => (
              <tr key={a.id} data-testid="alert-row" data-scope={a.scope} data-id={a.scopeId ?? ''} data-threshold={a.threshold} data-kind={a.kind}>
                <td>{formatDateTime(a.firedAt)}</td>
                <th scope="row">{scopeName(a)}</th>
                <td>{what(a)}</td>
                <td className="num">{formatAcus(a.valueAcus)}</td>
                <td>
                  {a.acknowledgedAt === null ? (
                    <button type="button" className="button-small" onClick={() => void acknowledge([a.id])}>
                      Acknowledge
                    </button>
                  ) : (
                    <span className="muted">Acknowledged</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  );
}
