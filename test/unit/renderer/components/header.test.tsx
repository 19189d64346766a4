import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  CUSTOM_RANGE_DEBOUNCE_MS,
  DateRangePicker,
} from '../../../../src/renderer/src/features/header/DateRangePicker';
import { handleShortcut } from '../../../../src/renderer/src/features/shortcuts/useShortcuts';
import { lastDays } from '../../../../src/shared/billing-day';
import { useDashboardStore } from '../../../../src/renderer/src/stores/dashboard';
import { useQueryStore } from '../../../../src/renderer/src/stores/query';
import { useUiStore } from '../../../../src/renderer/src/stores/ui';
import { installFakeApi, makeDashboard, type FakeApi } from '../fake-api';

let fake: FakeApi;
beforeEach(() => {
  fake = installFakeApi();
});

const presetSelect = (): HTMLSelectElement =>
  within(screen.getByTestId('date-range')).getByRole('combobox') as HTMLSelectElement;
const optionLabels = (): string[] => [...presetSelect().options].map((o) => o.text);

describe('DateRangePicker', () => {
  it('hides the billing-cycle presets while no cycle is known', () => {
    render(<DateRangePicker />);
    expect(optionLabels()).toEqual(['Last 7 days', 'Last 30 days', 'Last 90 days', 'Custom']);
  });

  it('offers the billing-cycle presets once cycles are known', async () => {
    const today = lastDays(1).to;
    fake.state.dashboard = (q) =>
      makeDashboard(q, {
        cycles: [
          { from: '2000-01-01', to: today },
          { from: '1999-12-01', to: '1999-12-31' },
        ],
      });
    await useDashboardStore.getState().load({ from: today, to: today, orgId: null });
    render(<DateRangePicker />);
    expect(optionLabels()).toContain('Current billing cycle');
    expect(optionLabels()).toContain('Previous billing cycle');
    fireEvent.change(presetSelect(), { target: { value: 'previous-cycle' } });
    expect(useQueryStore.getState()).toMatchObject({
      preset: 'previous-cycle',
      from: '1999-12-01',
      to: '1999-12-31',
    });
  });

  it('applies a preset at once', () => {
    render(<DateRangePicker />);
    fireEvent.change(presetSelect(), { target: { value: 'last7' } });
    expect(useQueryStore.getState()).toMatchObject({ preset: 'last7', ...lastDays(7) });
  });

  it('validates custom dates inline and applies a valid range after a pause', () => {
    vi.useFakeTimers();
    render(<DateRangePicker />);
    fireEvent.change(presetSelect(), { target: { value: 'custom' } });
    const from = screen.getByLabelText('From');
    const to = screen.getByLabelText('To');

    fireEvent.change(from, { target: { value: '2025-03-10' } });
    fireEvent.change(to, { target: { value: '2025-03-01' } });
    expect(screen.getByRole('alert').textContent).toMatch(/on or before/);
    expect(from.getAttribute('aria-invalid')).toBe('true');

    fireEvent.change(to, { target: { value: '2026-03-20' } });
    expect(screen.getByRole('alert').textContent).toMatch(/at most 366 days/);
    act(() => {
      vi.advanceTimersByTime(CUSTOM_RANGE_DEBOUNCE_MS * 2);
    });
    expect(useQueryStore.getState().preset).toBe('last30');

    fireEvent.change(to, { target: { value: '2025-03-20' } });
    expect(screen.queryByRole('alert')).toBeNull();
    act(() => {
      vi.advanceTimersByTime(CUSTOM_RANGE_DEBOUNCE_MS - 1);
    });
    expect(useQueryStore.getState().preset).toBe('last30');
    act(() => {
      vi.advanceTimersByTime(1);
    });
    expect(useQueryStore.getState()).toMatchObject({
      preset: 'custom',
      from: '2025-03-10',
      to: '2025-03-20',
    });
  });
});

describe('keyboard shortcuts', () => {
  const press = (init: KeyboardEventInit, target: EventTarget = document.body): KeyboardEvent => {
    const e = new KeyboardEvent('keydown', { ...init, bubbles: true, cancelable: true });
    Object.defineProperty(e, 'target', { value: target });
    handleShortcut(e);
    return e;
  };

  it('refreshes on Ctrl+R and ⌘+R, keeping the page from reloading', async () => {
    expect(press({ key: 'r', ctrlKey: true }).defaultPrevented).toBe(true);
    expect(press({ key: 'R', metaKey: true }).defaultPrevented).toBe(true);
    await vi.waitFor(() => expect(fake.callsOf('syncNow').length).toBeGreaterThanOrEqual(1));
  });

  it('opens Settings on Ctrl+,', () => {
    expect(press({ key: ',', ctrlKey: true }).defaultPrevented).toBe(true);
    expect(useUiStore.getState().settingsOpen).toBe(true);
  });

  it('picks presets with 1–3, but not while typing', () => {
    press({ key: '1' });
    expect(useQueryStore.getState().preset).toBe('last7');
    press({ key: '3' });
    expect(useQueryStore.getState().preset).toBe('last90');
    press({ key: '2' }, document.createElement('input'));
    expect(useQueryStore.getState().preset).toBe('last90');
    const checkbox = document.createElement('input');
    checkbox.type = 'checkbox';
    press({ key: '1' }, checkbox);
    expect(useQueryStore.getState().preset).toBe('last7');
  });

  it('ignores 4 while the current billing cycle is unknown', () => {
    const e = press({ key: '4' });
    expect(e.defaultPrevented).toBe(false);
    expect(useQueryStore.getState().preset).toBe('last30');
  });
});
