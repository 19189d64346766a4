/** What the ACUs bought: merged PRs, merge rate, ACUs and $ per merged PR, per org/user, weekly (issue 10). */
import { memo, useMemo, useState } from 'react';
import { toCsv } from '../../../../shared/csv';
import type { OutcomeTotals, WeeklyOutcome } from '../../../../shared/outcomes';
import { ExportCsvButton } from '../../components/ExportCsvButton';
import { ErrorNote, Skeleton } from '../../components/Feedback';
import { Panel } from '../../components/Panel';
import { changeVsPrevious, formatAcus, formatCount, formatUsd, NO_VALUE } from '../../lib/format';
import { useOutcomesStore } from '../../stores/outcomes';
import { selectRate, useSettingsStore } from '../../stores/settings';

const pct = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });
/** Tables list this many rows; the CSV export has them all. */
const TABLE_ROWS = 50;

function OutcomeCard({ testId, title, value, current, previous }: { testId: string; title: string; value: string; current: number | null; previous: number | null }) {
  const change = changeVsPrevious(current, previous);
  const label = change.pct === null ? 'No earlier period to compare with' : `${change.text} vs the previous period`;
  return (
    <div className="card" data-testid={testId}>
      <h3>{title}</h3>
      <p className="card-value">{value}</p>
      <span className={`change change-${change.direction}`} title={label} aria-label={label}>
        {change.text}
      </span>
    </div>
  );
}

type Row = OutcomeTotals & { id: string; name: string };
type SortKey = 'name' | 'mergedPrs' | 'openedPrs' | 'sessionAcus' | 'acusPerMergedPr';
const COLUMNS: { key: SortKey; label: string; numeric: boolean }[] = [
  { key: 'name', label: 'Name', numeric: false },
  { key: 'mergedPrs', label: 'Merged PRs', numeric: true },
  { key: 'openedPrs', label: 'Opened PRs', numeric: true },
  { key: 'sessionAcus', label: 'ACUs', numeric: true },
  { key: 'acusPerMergedPr', label: 'ACUs / merged PR', numeric: true },
];

// Memoised, like the weekly table: the panel's busy flag flips on every org or range change, and only the data
// that answers the change should re-render hundreds of cells.
const OutcomeTable = memo(function OutcomeTable({ testId, label, rows, rate, fileName }: { testId: string; label: string; rows: Row[]; rate: number | null; fileName: string }) {
  const [sort, setSort] = useState<{ key: SortKey; dir: 1 | -1 }>({ key: 'mergedPrs', dir: -1 });
  const sorted = useMemo(() => {
    const value = (r: Row) => (sort.key === 'name' ? r.name.toLowerCase() : (r[sort.key] ?? -1));
    return [...rows].sort((a, b) => {
      const x = value(a);
      const y = value(b);
      return (x < y ? -1 : x > y ? 1 : 0) * sort.dir || (a.id < b.id ? -1 : 1);
    });
  }, [rows, sort]);
  const csv = () =>
    toCsv(
      ['id', 'name', 'merged_prs', 'opened_prs', 'session_acus', 'acus_per_merged_pr', 'cost_usd_per_merged_pr'],
      sorted.map((r) => [r.id, r.name, r.mergedPrs, r.openedPrs, r.sessionAcus, r.acusPerMergedPr, r.acusPerMergedPr === null || rate === null ? null : Math.round(r.acusPerMergedPr * rate * 100) / 100]),
    );
  return (
    <div className="outcome-table" data-testid={testId}>
      <div className="outcome-table-head">
        <h3>{label}</h3>
        <ExportCsvButton disabled={rows.length === 0} fileName={fileName} build={csv} />
      </div>
      <div className="table-scroll">
        <table className="data-table">
          <thead>
            <tr>
              {COLUMNS.map((c) => {
                const active = sort.key === c.key;
                return (
                  <th key={c.key} scope="col" className={c.numeric ? 'num' : undefined} aria-sort={active ? (sort.dir === 1 ? 'ascending' : 'descending') : 'none'}>
                    <button type="button" className="sort-button" onClick={() => setSort({ key: c.key, dir: active ? (sort.dir === 1 ? -1 : 1) : c.numeric ? -1 : 1 })}>
                      {c.label}
                      <span aria-hidden="true" className="sort-arrow">{active ? (sort.dir === 1 ? '▲' : '▼') : ''}</span>
                    </button>
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {sorted.slice(0, TABLE_ROWS).map((r) => (
              <tr key={r.id}>
                <td>{r.name}</td>
                <td className="num">{formatCount(r.mergedPrs)}</td>
                <td className="num">{formatCount(r.openedPrs)}</td>
                <td className="num">{formatAcus(r.sessionAcus)}</td>
                <td className="num">{r.acusPerMergedPr === null ? NO_VALUE : formatAcus(r.acusPerMergedPr)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {rows.length > TABLE_ROWS ? <p className="muted">Showing {TABLE_ROWS} of {rows.length.toLocaleString()}; the CSV has all.</p> : null}
    </div>
  );
});

const WeeklyOutcomes = memo(function WeeklyOutcomes({ weekly }: { weekly: WeeklyOutcome[] }) {
  const maxWeek = Math.max(1, ...weekly.map((w) => w.acus));
  const maxMerged = Math.max(1, ...weekly.map((w) => w.mergedPrs));
  return (
    <div className="weekly-outcomes" data-testid="weekly-outcomes">
      <h3>Weekly merged PRs and ACUs</h3>
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">Week of</th>
            <th scope="col" className="num">Merged PRs</th>
            <th scope="col" className="num">ACUs</th>
          </tr>
        </thead>
        <tbody>
          {weekly.map((w) => (
            <tr key={w.weekStart}>
              <td>{w.weekStart}</td>
              <td className="num">
                <span className="bar bar-merged" style={{ width: `${(w.mergedPrs / maxMerged) * 60}px` }} aria-hidden="true" /> {formatCount(w.mergedPrs)}
              </td>
              <td className="num">
                <span className="bar bar-acus" style={{ width: `${(w.acus / maxWeek) * 60}px` }} aria-hidden="true" /> {formatAcus(w.acus)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
});

// Memoised: it reads its stores, so a re-render of the page around it (every org or range change) skips it.
export const OutcomesPanel = memo(function OutcomesPanel() {
  const data = useOutcomesStore((s) => s.data);
  const error = useOutcomesStore((s) => s.error);
  const loading = useOutcomesStore((s) => s.loading);
  const rate = useSettingsStore(selectRate);
  const byOrg = useMemo(() => (data?.byOrg ?? []).map((r) => ({ ...r, id: r.orgId })), [data]);
  const byUser = useMemo(() => (data?.byUser ?? []).map((r) => ({ ...r, id: r.userId })), [data]);

  if (!data) {
    return (
      <Panel testId="outcomes-panel" title="Outcomes">
        {error ? <ErrorNote error={error} prefix="Could not load outcomes" /> : <Skeleton lines={4} label="Loading outcomes" />}
      </Panel>
    );
  }
  const t = data.totals;
  const p = data.previous;
  const cost = (x: number | null) => (x === null || rate === null ? null : x * rate);
  const api = data.prMetrics;
  const range = `${data.query.from}_${data.query.to}`;
  return (
    <Panel testId="outcomes-panel" title="Outcomes" busy={loading}>
      {error ? <ErrorNote error={error} prefix="Could not refresh outcomes" /> : null}
      <div className="cards">
        <OutcomeCard testId="outcome-merged-prs" title="Merged PRs" value={formatCount(t.mergedPrs)} current={t.mergedPrs} previous={p.mergedPrs} />
        <OutcomeCard testId="outcome-merge-rate" title="Merge rate" value={t.mergeRate === null ? NO_VALUE : pct.format(t.mergeRate)} current={t.mergeRate} previous={p.mergeRate} />
        <OutcomeCard testId="outcome-acus-per-pr" title="ACUs per merged PR" value={t.acusPerMergedPr === null ? NO_VALUE : formatAcus(t.acusPerMergedPr)} current={t.acusPerMergedPr} previous={p.acusPerMergedPr} />
        <OutcomeCard testId="outcome-cost-per-pr" title="$ per merged PR" value={formatUsd(cost(t.acusPerMergedPr))} current={cost(t.acusPerMergedPr)} previous={cost(p.acusPerMergedPr)} />
      </div>
      <p className="muted" data-testid="outcome-counts">
        {formatCount(t.openedPrs)} PRs opened by {formatCount(t.sessions)} sessions ({formatAcus(t.sessionAcus)} ACUs); {formatCount(t.sessionsWithMergedPr)} sessions list a merged PR.
      </p>
      <p className="muted" data-testid="pr-metrics-note">
        {api.status === 'ok'
          ? api.differs
            ? `The API reports ${formatCount(api.apiMergedPrs)} merged PRs. ${api.reason ?? ''}`
            : `The API's merged-PR count (${formatCount(api.apiMergedPrs)}) agrees within 5 %.`
          : api.reason}
      </p>
      <WeeklyOutcomes weekly={data.weekly} />
      <div className="grid-2">
        <OutcomeTable testId="outcomes-by-org" label="By organization" rows={byOrg} rate={rate} fileName={`outcomes-by-org_${range}.csv`} />
        <OutcomeTable testId="outcomes-by-user" label="By user" rows={byUser} rate={rate} fileName={`outcomes-by-user_${range}.csv`} />
      </div>
    </Panel>
  );
});
