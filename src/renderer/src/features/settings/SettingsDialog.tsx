import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { Settings } from '../../../../shared/dashboard';
import { ErrorNote, Skeleton } from '../../components/Feedback';
import { useSettingsStore } from '../../stores/settings';
import { useStatusStore } from '../../stores/status';
import { useUiStore } from '../../stores/ui';
import { useDashboardStore } from '../../stores/dashboard';
import { draftFrom, patchFromDraft, type DraftErrors, type OrgBudgetDraft, type SettingsDraft } from './settings-form';
import { ProfilesSection } from '../profiles/ProfilesSection';
import { TokenSection } from './TokenSection';

export function SettingsDialog() {
  const open = useUiStore((s) => s.settingsOpen);
  const close = useUiStore((s) => s.closeSettings);
  const settings = useSettingsStore((s) => s.settings);
  const loadError = useSettingsStore((s) => s.error);
  const token = useStatusStore((s) => s.data?.token ?? null);
  const titleId = useId();
  const dialogRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialogRef.current?.focus();
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') close();
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      previous?.focus();
    };
  }, [open, close]);

  if (!open) return null;
  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <div
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        data-testid="settings"
        ref={dialogRef}
        tabIndex={-1}
      >
        <header className="dialog-header">
          <h2 id={titleId}>Settings</h2>
          <button type="button" className="button-small" onClick={close} aria-label="Close settings">
            ×
          </button>
        </header>
        {token ? <TokenSection token={token} /> : null}
        <ProfilesSection />
        {settings ? (
          <SettingsForm settings={settings} />
        ) : loadError ? (
          <ErrorNote error={loadError} prefix="Could not load settings" />
        ) : (
          <Skeleton lines={4} label="Loading settings" />
        )}
      </div>
    </div>
  );
}

/** One budget row per known organization (and per budget of an organization the cache no longer lists). */
function OrgBudgets({ draft, onChange }: { draft: OrgBudgetDraft[]; onChange: (next: OrgBudgetDraft[]) => void }) {
  const orgs = useDashboardStore((s) => s.data?.organizations);
  const known = orgs ?? [];
  const rows = [...known.map((o) => ({ id: o.orgId, name: o.name })), ...draft.filter((d) => !known.some((o) => o.orgId === d.id)).map((d) => ({ id: d.id, name: d.id }))];
  const set = (id: string, patch: Partial<OrgBudgetDraft>) => {
    const current = draft.find((d) => d.id === id) ?? { id, amount: '', unit: 'usd' as const };
    onChange([...draft.filter((d) => d.id !== id), { ...current, ...patch }]);
  };
  if (rows.length === 0) return null;
  return (
    <div className="org-budgets" data-testid="org-budgets">
      {rows.map((o) => {
        const d = draft.find((x) => x.id === o.id);
        return (
          <span className="inline-fields" key={o.id}>
            <label htmlFor={`budget-${o.id}`}>{o.name}</label>
            <input id={`budget-${o.id}`} inputMode="decimal" placeholder="none" size={8} value={d?.amount ?? ''} onChange={(e) => set(o.id, { amount: e.target.value })} />
            <select aria-label={`${o.name} budget unit`} value={d?.unit ?? 'usd'} onChange={(e) => set(o.id, { unit: e.target.value as OrgBudgetDraft['unit'] })}>
              <option value="usd">USD</option>
              <option value="acus">ACUs</option>
            </select>
          </span>
        );
      })}
    </div>
  );
}

function SettingsForm({ settings }: { settings: Settings }) {
  const update = useSettingsStore((s) => s.update);
  const saving = useSettingsStore((s) => s.saving);
  const saveError = useSettingsStore((s) => s.saveError);
  const [draft, setDraft] = useState<SettingsDraft>(() => draftFrom(settings));
  const [errors, setErrors] = useState<DraftErrors>({});
  const [saved, setSaved] = useState(false);
  const ids = { rate: useId(), refresh: useId(), poll: useId(), notify: useId(), budget: useId(), unit: useId(), thresholds: useId() };

  const edit = <K extends keyof SettingsDraft>(key: K, value: SettingsDraft[K]): void => {
    setDraft((d) => ({ ...d, [key]: value }));
    setSaved(false);
  };

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const result = patchFromDraft(draft, settings);
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    if (Object.keys(result.patch).length === 0) {
      setSaved(true);
      return;
    }
    setSaved(await update(result.patch));
  };

  const fieldError = (key: keyof SettingsDraft, id: string) =>
    errors[key] ? (
      <span id={`${id}-error`} className="field-error" role="alert">
        {errors[key]}
      </span>
    ) : null;

  return (
    <form className="settings-form" onSubmit={(e) => void submit(e)} noValidate>
      <fieldset className="settings-group">
        <legend>Cost</legend>
        <label htmlFor={ids.rate}>Price per ACU (USD)</label>
        <input
          id={ids.rate}
          inputMode="decimal"
          placeholder="e.g. 2.25"
          value={draft.rate}
          onChange={(e) => edit('rate', e.target.value)}
          aria-invalid={errors.rate !== undefined}
          aria-describedby={errors.rate ? `${ids.rate}-error` : undefined}
        />
        {fieldError('rate', ids.rate)}
      </fieldset>
      <fieldset className="settings-group" data-testid="budgets-settings">
        <legend>Budgets</legend>
        <label htmlFor={ids.budget}>Enterprise budget per billing cycle (all products)</label>
        <span className="inline-fields">
          <input
            id={ids.budget}
            inputMode="decimal"
            placeholder="none"
            value={draft.enterpriseBudget}
            onChange={(e) => edit('enterpriseBudget', e.target.value)}
            aria-invalid={errors.enterpriseBudget !== undefined}
            aria-describedby={errors.enterpriseBudget ? `${ids.budget}-error` : undefined}
          />
          <select id={ids.unit} aria-label="Budget unit" value={draft.enterpriseBudgetUnit} onChange={(e) => edit('enterpriseBudgetUnit', e.target.value as SettingsDraft['enterpriseBudgetUnit'])}>
            <option value="usd">USD</option>
            <option value="acus">ACUs</option>
          </select>
        </span>
        {fieldError('enterpriseBudget', ids.budget)}
        <OrgBudgets draft={draft.orgBudgets} onChange={(next) => edit('orgBudgets', next)} />
        {fieldError('orgBudgets', ids.budget + '-orgs')}
        <label htmlFor={ids.thresholds}>Alert at (% of a limit or budget)</label>
        <input
          id={ids.thresholds}
          value={draft.alertThresholds}
          onChange={(e) => edit('alertThresholds', e.target.value)}
          aria-invalid={errors.alertThresholds !== undefined}
          aria-describedby={errors.alertThresholds ? `${ids.thresholds}-error` : undefined}
        />
        {fieldError('alertThresholds', ids.thresholds)}
        <p className="hint">Organization budgets compare with the organization&apos;s ACUs; they can also be set in the limits panel.</p>
      </fieldset>
      <fieldset className="settings-group">
        <legend>Syncing</legend>
        <label htmlFor={ids.refresh}>Auto-refresh every (minutes, 0 = off)</label>
        <input
          id={ids.refresh}
          inputMode="numeric"
          value={draft.autoRefreshMinutes}
          onChange={(e) => edit('autoRefreshMinutes', e.target.value)}
          aria-invalid={errors.autoRefreshMinutes !== undefined}
          aria-describedby={errors.autoRefreshMinutes ? `${ids.refresh}-error` : undefined}
        />
        {fieldError('autoRefreshMinutes', ids.refresh)}
        <label htmlFor={ids.poll}>Check the queue every (seconds, at least 30)</label>
        <input
          id={ids.poll}
          inputMode="numeric"
          value={draft.queuePollSeconds}
          onChange={(e) => edit('queuePollSeconds', e.target.value)}
          aria-invalid={errors.queuePollSeconds !== undefined}
          aria-describedby={errors.queuePollSeconds ? `${ids.poll}-error` : undefined}
        />
        {fieldError('queuePollSeconds', ids.poll)}
      </fieldset>
      <fieldset className="settings-group">
        <legend>System</legend>
        <label htmlFor={ids.notify}>Notifications (queue and spend alerts)</label>
        <select
          id={ids.notify}
          value={draft.notifications}
          onChange={(e) => edit('notifications', e.target.value as Settings['notifications'])}
        >
          <option value="all">Every change</option>
          <option value="elevated-high">Elevated and high only</option>
          <option value="off">Off</option>
        </select>
        <label className="toggle">
          <input
            type="checkbox"
            data-testid="runaway-notifications"
            checked={draft.runawayNotifications}
            disabled={draft.notifications === 'off'}
            onChange={(e) => edit('runawayNotifications', e.target.checked)}
          />
          Notify when a running session turns runaway
        </label>
        <label className="toggle">
          <input
            type="checkbox"
            checked={draft.launchAtLogin}
            onChange={(e) => edit('launchAtLogin', e.target.checked)}
          />
          Launch at login
        </label>
      </fieldset>
      {saveError ? <ErrorNote error={saveError} prefix="Not saved" /> : null}
      <div className="dialog-actions">
        {saved ? (
          <span className="ok-text" role="status">
            Saved
          </span>
        ) : null}
        <button type="submit" className="button-primary" disabled={saving}>
          {saving ? 'Saving…' : 'Save settings'}
        </button>
      </div>
    </form>
  );
}
