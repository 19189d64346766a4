/**
 * Limits and budgets of the billing cycle that contains the range's last day: per scope the limit and/or budget,
 * use, a bar with the alert thresholds, the projection with its band and the run-out date. The enterprise first;
 * with one organization selected, the enterprise and that organization. Budgets can be set inline.
 */
import { memo, useEffect, useId, useMemo, useRef, useState } from 'react';
import { currentBillingDay } from '../../../../shared/billing-day';
import type { Budget } from '../../../../shared/dashboard';
import type { LimitsReport, ScopeSpend } from '../../../../shared/spend';
import { EmptyState, ErrorNote, Skeleton } from '../../components/Feedback';
import { Panel } from '../../components/Panel';
import { TableScroll } from '../../components/TableScroll';
import { SpacerRow, useVirtualRows } from '../../components/VirtualRows';
import { formatAcus, formatDay, formatUsd, NO_VALUE } from '../../lib/format';
import { budgetDraftKey, useBudgetDrafts } from '../../stores/budget-drafts';
import { useLimitsStore } from '../../stores/limits';
import { useQueryStore } from '../../stores/query';
import { useSessionsStore } from '../../stores/sessions';
import { useSettingsStore } from '../../stores/settings';
import { useUiStore } from '../../stores/ui';
import { BUDGET_HINT, parseBudgetAmount, withBudget } from '../settings/settings-form';
import { LIMIT_SORT_LABELS, LIMIT_SORTS, sortScopes, visibleScopes, type LimitSort } from './rows';

const pct = (value: number | null) => (value === null ? NO_VALUE : `${value.toLocaleString(undefined, { maximumFractionDigits: 1 })} %`);

export function LimitsPanel() {
  const to = useQueryStore((s) => s.to);
  const orgId = useQueryStore((s) => s.orgId);
  const report = useLimitsStore((s) => s.data);
  const error = useLimitsStore((s) => s.error);
  const loading = useLimitsStore((s) => s.loading);
  const request = useLimitsStore((s) => s.request);
  const limitsRequest = useUiStore((s) => s.limitsRequest);
  const [sort, setSort] = useState<LimitSort>('scope');
  const sortId = useId();
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    void request(to);
  }, [to, request]);

  useEffect(() => {
    if (limitsRequest > 0) ref.current?.scrollIntoView({ block: 'start' });
  }, [limitsRequest]);

  const rows = useMemo(() => (report ? sortScopes(visibleScopes(report.scopes, orgId), sort) : []), [report, orgId, sort]);

  return (
    <div ref={ref}>
      <Panel
        testId="limits-panel"
        title="Limits and budgets"
        busy={loading}
        actions={
          <>
            <label htmlFor={sortId}>Sort</label>
            <select id={sortId} value={sort} onChange={(e) => setSort(e.target.value as LimitSort)}>
              {LIMIT_SORTS.map((s) => (
                <option key={s} value={s}>
                  {LIMIT_SORT_LABELS[s]}
                </option>
              ))}
            </select>
          </>
        }
      >
        {error ? <ErrorNote error={error} prefix="Could not load limits" /> : null}
        {!report ? (
          error ? null : (
            <Skeleton lines={4} label="Loading limits" />
          )
        ) : (
          <>
            <CycleLabel report={report} />
            {report.limitsError ? (
              <p className="error-note" role="alert" data-testid="limits-error">
                ACU limits unavailable: {report.limitsError.message} Budgets and use are still shown.
              </p>
            ) : null}
            {rows.length === 0 ? <EmptyState>No scopes to show yet.</EmptyState> : <LimitsTable report={report} rows={rows} />}
          </>
        )}
      </Panel>
    </div>
  );
}

function CycleLabel({ report }: { report: LimitsReport }) {
  const { cycle } = report;
  return (
    <p className="limits-cycle" data-testid="cycle-label" data-source={cycle.source} data-cycle-from={cycle.from}>
      {cycle.source === 'contract' ? 'Billing cycle' : 'Calendar month (no contract cycles available)'} {formatDay(cycle.from, 'd MMM yyyy')} –{' '}
      {formatDay(cycle.to, 'd MMM yyyy')}
      {report.past ? ' · ended' : ` · day ${report.dayOfCycle} of ${report.daysInCycle}`}
    </p>
  );
}

/** Rows drawn beyond the box (styles.css `.limits-scroll`) on each side. */
const LIMITS_OVERSCAN = 8;

/** One row per scope (hundreds for a large enterprise): only the rows around the box's viewport are rendered. */
const LimitsTable = memo(function LimitsTable({ report, rows }: { report: LimitsReport; rows: ScopeSpend[] }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const { items, before, after } = useVirtualRows(rows.length, scrollRef, LIMITS_OVERSCAN);
  return (
    <TableScroll label="Limits and budgets table" className="limits-scroll" ref={scrollRef}>
      <table className="data-table limits-table" aria-rowcount={rows.length + 1}>
        <thead>
          <tr aria-rowindex={1}>
            <th scope="col">Scope</th>
            <th scope="col" className="num">
              Limit
            </th>
            <th scope="col">Budget</th>
            <th scope="col" className="num">
              Used
            </th>
            <th scope="col">% used</th>
            <th scope="col" className="num">
              {report.past ? 'Final' : 'Projected (range)'}
            </th>
            <th scope="col">Runs out</th>
            <th scope="col" className="num" title="Sessions a limit stopped this cycle">
              Stopped
            </th>
          </tr>
        </thead>
        <tbody>
          <SpacerRow height={before} />
          {items.map(({ index }) => {
            const s = rows[index]!;
            return <LimitRow key={`${s.scope}:${s.id ?? ''}`} s={s} report={report} index={index} />;
          })}
          <SpacerRow height={after} />
        </tbody>
      </table>
    </TableScroll>
  );
});

function LimitRow({ s, report, index }: { s: ScopeSpend; report: LimitsReport; index: number }) {
  const label = s.scope === 'enterprise' ? 'Enterprise' : (s.name ?? s.id ?? '');
  return (
    <tr data-testid="limit-row" data-scope={s.scope} data-id={s.id ?? ''} aria-rowindex={index + 2}>
      <th scope="row">
        {label}
        {s.scope !== 'enterprise' ? <span className="muted"> {s.scope === 'org' ? 'org' : 'user'}</span> : null}
      </th>
      <td className="num" data-col="limit">
        {s.limitAcus === null ? NO_VALUE : formatAcus(s.limitAcus)}
      </td>
      <td data-col="budget">{s.scope === 'user' ? NO_VALUE : <BudgetCell s={s} />}</td>
      <td className="num" data-col="used">
        {formatAcus(s.usedAcus)}
      </td>
      <td data-col="pct">
        <UsageBar s={s} thresholds={report.thresholds} />
      </td>
      <td className="num" data-col="projected">
        {formatAcus(s.projectedAcus)}
        {report.past ? null : (
          <span className="muted">
            {' '}
            ({formatAcus(s.projectedLowAcus)}–{formatAcus(s.projectedHighAcus)})
          </span>
        )}
      </td>
      <td data-col="run-out">{s.runOutDate === null ? NO_VALUE : formatDay(s.runOutDate, 'd MMM yyyy')}</td>
      <td className="num" data-col="stopped">
        {s.stoppedSessions === 0 ? (
          '0'
        ) : (
          <button type="button" className="link-button" title="Show these sessions" onClick={() => showStopped(s, report)}>
            {s.stoppedSessions}
          </button>
        )}
      </td>
    </tr>
  );
}

/** Filters the sessions table to the sessions a limit stopped in this scope and cycle, and brings it into view. */
function showStopped(s: ScopeSpend, report: LimitsReport) {
  const today = currentBillingDay();
  useQueryStore.getState().setCustomRange({ from: report.cycle.from, to: report.cycle.to < today ? report.cycle.to : today });
  useQueryStore.getState().setOrg(s.scope === 'org' ? s.id : null);
  const sessions = useSessionsStore.getState();
  sessions.setUserFilter(s.scope === 'user' ? s.id : null, s.name);
  sessions.setStoppedByLimitFilter(true);
  document.querySelector('[data-testid="sessions-table"]')?.scrollIntoView({ block: 'start' });
}

function UsageBar({ s, thresholds }: { s: ScopeSpend; thresholds: number[] }) {
  const target = s.limitAcus ?? s.budgetAcus;
  const projectedPct = target === null ? null : target === 0 ? 100 : (100 * s.projectedAcus) / target;
  return (
    <div className="usage">
      <span className={`usage-pct${s.usedPct !== null && s.usedPct >= 100 ? ' over' : ''}`}>{pct(s.usedPct)}</span>
      {s.usedPct === null ? null : (
        <div className="usage-bar" role="img" aria-label={`${pct(s.usedPct)} used${projectedPct === null ? '' : `, ${pct(projectedPct)} projected`}`}>
          {projectedPct === null ? null : <div className="usage-projected" style={{ width: `${Math.min(100, projectedPct)}%` }} />}
          <div className="usage-used" style={{ width: `${Math.min(100, s.usedPct)}%` }} />
          {thresholds
            .filter((t) => t <= 100)
            .map((t) => (
              <span key={t} className="usage-mark" style={{ left: `${t}%` }} title={`${t} %`} />
            ))}
        </div>
      )}
      {s.budgetNote ? <span className="muted">{s.budgetNote}</span> : null}
    </div>
  );
}

/** The budget of the enterprise or an organization, shown and edited in place (the draft outlives the row). */
function BudgetCell({ s }: { s: ScopeSpend }) {
  const settings = useSettingsStore((x) => x.settings);
  const update = useSettingsStore((x) => x.update);
  const saveError = useSettingsStore((x) => x.saveError);
  const reload = useLimitsStore((x) => x.reloadAll);
  const scope = s.scope as Budget['scope'];
  const current = settings?.budgets.find((b) => b.scope === scope && b.id === s.id) ?? null;
  const key = budgetDraftKey(scope, s.id);
  const draft = useBudgetDrafts((x) => x.drafts[key]);
  const edit = useBudgetDrafts((x) => x.edit);
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!draft?.focus) return;
    input.current?.focus();
    edit(key, { focus: false });
  }, [draft?.focus, edit, key]);

  const shown =
    current === null ? NO_VALUE : current.unit === 'usd' ? formatUsd(current.amount) : `${formatAcus(current.amount)} ACUs`;

  if (!draft) {
    return (
      <span className="budget">
        <span data-testid="budget-value">{shown}</span>{' '}
        <button
          type="button"
          className="link-button"
          disabled={!settings}
          onClick={() =>
            edit(key, { amount: current ? String(current.amount) : '', unit: current?.unit ?? 'usd', problem: null, focus: true })
          }
        >
          {current ? 'Edit' : 'Set'}
        </button>
      </span>
    );
  }

  const { amount, unit, problem } = draft;
  const save = async (value: number | null) => {
    if (!settings) return;
    if (await update({ budgets: withBudget(settings.budgets, scope, s.id, value, unit) })) {
      edit(key, null);
      await reload();
    }
  };
  const submit = () => {
    const value = parseBudgetAmount(amount);
    if (value === null) return edit(key, { problem: BUDGET_HINT });
    edit(key, { problem: null });
    void save(value);
  };

  return (
    <form
      className="budget-form"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      noValidate
    >
      <label htmlFor={inputId} className="visually-hidden">
        Budget per cycle
      </label>
      <input
        ref={input}
        id={inputId}
        inputMode="decimal"
        value={amount}
        onChange={(e) => edit(key, { amount: e.target.value })}
        aria-invalid={problem !== null}
        size={8}
      />
      <select aria-label="Budget unit" value={unit} onChange={(e) => edit(key, { unit: e.target.value as Budget['unit'] })}>
        <option value="usd">USD</option>
        <option value="acus">ACUs</option>
      </select>
      <button type="submit" className="button-small">
        Save
      </button>
      {current ? (
        <button type="button" className="button-small" onClick={() => void save(null)}>
          Remove
        </button>
      ) : null}
      <button type="button" className="button-small" onClick={() => edit(key, null)}>
        Cancel
      </button>
      {problem ? (
        <span className="field-error" role="alert">
          {problem}
        </span>
      ) : saveError ? (
        <span className="field-error" role="alert">
          Not saved: {saveError.message}
        </span>
      ) : null}
    </form>
  );
}
