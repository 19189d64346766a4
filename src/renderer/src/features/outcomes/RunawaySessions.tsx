/** Sessions whose ACUs reach the runaway rule, with the reason (issue 10; rule in shared/outcomes.ts). */
import { memo } from 'react';
import { ErrorNote, Skeleton } from '../../components/Feedback';
import { Panel } from '../../components/Panel';
import { TableScroll } from '../../components/TableScroll';
import { formatAcus, formatDateTime } from '../../lib/format';
import { useOutcomesStore } from '../../stores/outcomes';

const SHOWN = 25;

export const RunawaySessions = memo(function RunawaySessions() {
  const data = useOutcomesStore((s) => s.data);
  const error = useOutcomesStore((s) => s.error);
  const runaway = data?.runaway ?? [];
  const count = data?.runawayCount ?? 0;
  return (
    <Panel testId="runaway-sessions" title={data ? `Runaway sessions (${count.toLocaleString()})` : 'Runaway sessions'}>
      {!data ? (
        error ? <ErrorNote error={error} prefix="Could not load outcomes" /> : <Skeleton lines={3} label="Loading" />
      ) : count === 0 ? (
        <p className="muted">No session in this range reached the rule.</p>
      ) : (
        // Focusable so a keyboard can scroll it (it holds no control of its own); named for that stop.
        <TableScroll label="Runaway sessions table">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Session</th>
                <th scope="col">Created</th>
                <th scope="col" className="num">ACUs</th>
                <th scope="col">Why</th>
              </tr>
            </thead>
            <tbody>
              {runaway.slice(0, SHOWN).map((r) => (
                <tr key={r.sessionId} data-session-id={r.sessionId}>
                  <td className="cell-title" title={r.sessionId}>{r.title ?? r.sessionId}</td>
                  <td>{formatDateTime(r.createdAt)}</td>
                  <td className="num">{formatAcus(r.acus)}</td>
                  <td>{r.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {count > SHOWN ? <p className="muted">The {SHOWN} largest of {count.toLocaleString()}.</p> : null}
        </TableScroll>
      )}
    </Panel>
  );
});
