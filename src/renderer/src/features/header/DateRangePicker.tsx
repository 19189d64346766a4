import { useEffect, useId, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { currentBillingDay } from '../../../../shared/billing-day';
import { formatDay } from '../../lib/format';
import {
  cycleRanges,
  PRESET_LABELS,
  PRESETS,
  validateCustomRange,
  type DayRange,
  type PresetId,
} from '../../lib/range';
import { useDashboardStore } from '../../stores/dashboard';
import { useQueryStore } from '../../stores/query';

const NO_CYCLES: DayRange[] = [];
/** Typing a date fires a change per keystroke; wait for a pause before querying. */
export const CUSTOM_RANGE_DEBOUNCE_MS = 400;

export function DateRangePicker() {
  const { preset, from, to } = useQueryStore(
    useShallow((s) => ({ preset: s.preset, from: s.from, to: s.to })),
  );
  const choosePreset = useQueryStore((s) => s.choosePreset);
  const setCustomRange = useQueryStore((s) => s.setCustomRange);
  const cycles = useDashboardStore((s) => s.data?.cycles ?? NO_CYCLES);
  const [customOpen, setCustomOpen] = useState(preset === 'custom');
  // A preset picked elsewhere (keys 1–4) closes the custom inputs: adjust state while rendering.
  const [seenPreset, setSeenPreset] = useState(preset);
  if (seenPreset !== preset) {
    setSeenPreset(preset);
    setCustomOpen(preset === 'custom');
  }

  const known = cycleRanges(cycles, currentBillingDay());
  const offered = PRESETS.filter(
    (p) =>
      p === preset ||
      (p === 'current-cycle'
        ? known.current !== null
        : p === 'previous-cycle'
          ? known.previous !== null
          : true),
  );
  const selected: PresetId = customOpen ? 'custom' : preset;

  const onSelect = (value: PresetId): void => {
    if (value === 'custom') {
      setCustomOpen(true);
      return;
    }
    setCustomOpen(false);
    choosePreset(value, cycles);
  };

  return (
    <div className="date-range" data-testid="date-range">
      <label className="field-inline">
        <span className="visually-hidden">Date range</span>
        <select value={selected} onChange={(e) => onSelect(e.target.value as PresetId)}>
          {offered.map((p) => (
            <option key={p} value={p}>
              {PRESET_LABELS[p]}
            </option>
          ))}
        </select>
      </label>
      {customOpen ? (
        <CustomRange initial={{ from, to }} onApply={setCustomRange} />
      ) : (
        <span className="range-label">
          {formatDay(from)} – {formatDay(to, 'd MMM yyyy')}
        </span>
      )}
    </div>
  );
}

function CustomRange({ initial, onApply }: { initial: DayRange; onApply: (range: DayRange) => void }) {
  const [draft, setDraft] = useState(initial);
  const errorId = useId();
  const check = validateCustomRange(draft.from, draft.to);

  useEffect(() => {
    const result = validateCustomRange(draft.from, draft.to);
    if (!result.ok) return;
    const timer = setTimeout(() => onApply(result.range), CUSTOM_RANGE_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [draft.from, draft.to, onApply]);

  const invalid = !check.ok;
  return (
    <span className="custom-range">
      <label className="field-inline">
        <span className="visually-hidden">From</span>
        <input
          type="date"
          aria-label="From"
          value={draft.from}
          aria-invalid={invalid}
          aria-describedby={invalid ? errorId : undefined}
          onChange={(e) => setDraft((d) => ({ ...d, from: e.target.value }))}
        />
      </label>
      <span aria-hidden="true">–</span>
      <label className="field-inline">
        <span className="visually-hidden">To</span>
        <input
          type="date"
          aria-label="To"
          value={draft.to}
          aria-invalid={invalid}
          aria-describedby={invalid ? errorId : undefined}
          onChange={(e) => setDraft((d) => ({ ...d, to: e.target.value }))}
        />
      </label>
      {!check.ok ? (
        <span id={errorId} className="field-error" role="alert">
          {check.message}
        </span>
      ) : null}
    </span>
  );
}
