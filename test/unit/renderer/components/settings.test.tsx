import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { TokenState } from '../../../../src/shared/dashboard';
import { fail } from '../../../../src/shared/ipc/result';
import { SettingsDialog } from '../../../../src/renderer/src/features/settings/SettingsDialog';
import { useSettingsStore } from '../../../../src/renderer/src/stores/settings';
import { useStatusStore } from '../../../../src/renderer/src/stores/status';
import { useUiStore } from '../../../../src/renderer/src/stores/ui';
import { installFakeApi, makeStatus, type FakeApi } from '../fake-api';

let fake: FakeApi;
beforeEach(() => {
  fake = installFakeApi();
});

async function openSettings(token?: Partial<TokenState>): Promise<HTMLElement> {
  if (token) fake.state.status = makeStatus({ token: { ...fake.state.status.token, ...token } });
  await Promise.all([useStatusStore.getState().load(), useSettingsStore.getState().load()]);
  useUiStore.getState().openSettings();
  render(<SettingsDialog />);
  return screen.getByTestId('settings');
}

const VALID_TOKEN = 'cog_abcdefghijklmnop';

describe('Settings: token', () => {
  it('sends a new token once, clears the input and shows where it is kept', async () => {
    const dialog = await openSettings({ source: 'none' });
    expect(within(dialog).getByTestId('token-source').textContent).toBe('No token yet.');
    const input = within(dialog).getByLabelText('Token') as HTMLInputElement;
    expect(input.type).toBe('password');
    fireEvent.change(input, { target: { value: VALID_TOKEN } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save token' }));
    expect(input.value).toBe('');
    await waitFor(() => expect(within(dialog).getByTestId('token-source').dataset.source).toBe('keychain'));
    expect(fake.callsOf('saveToken')).toEqual([{ token: VALID_TOKEN }]);
  });

  it('rejects an old apk_ key inline without sending it', async () => {
    const dialog = await openSettings({ source: 'none' });
    fireEvent.change(within(dialog).getByLabelText('Token'), { target: { value: 'apk_user_abcdefghijkl' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save token' }));
    expect(within(dialog).getByRole('alert').textContent).toMatch(/starts with cog_/);
    expect(fake.callsOf('saveToken')).toEqual([]);
  });

  it('replaces and removes a stored token', async () => {
    const dialog = await openSettings({ source: 'keychain' });
    expect(within(dialog).getByRole('button', { name: 'Replace token' })).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove token' }));
    await waitFor(() => expect(within(dialog).getByTestId('token-source').dataset.source).toBe('none'));
    expect(fake.callsOf('removeToken')).toHaveLength(1);
  });

  it('is read-only when the token comes from the environment', async () => {
    const dialog = await openSettings({ source: 'env' });
    expect(within(dialog).getByTestId('token-source').textContent).toMatch(/environment variable/);
    expect(within(dialog).queryByRole('button', { name: /token/i })).toBeNull();
    expect(within(dialog).queryByLabelText(/token/i)).toBeNull();
  });

  it('explains a memory-only token when the keychain is unavailable', async () => {
    const dialog = await openSettings({
      source: 'memory',
      keychainAvailable: false,
      keychainMessage: 'no Secret Service: install and unlock gnome-keyring',
    });
    expect(within(dialog).getByTestId('token-source').textContent).toMatch(/memory for this session only/);
    expect(dialog.textContent).toContain('install and unlock gnome-keyring');
  });

  it('says nothing about the keychain while the environment supplies the token', async () => {
    const dialog = await openSettings({ source: 'env', keychainAvailable: false, keychainMessage: 'no Secret Service' });
    expect(dialog.textContent).not.toContain('keychain is unavailable');
  });
});

describe('Settings: preferences', () => {
  it('saves the changed fields', async () => {
    const dialog = await openSettings();
    fireEvent.change(within(dialog).getByLabelText('Price per ACU (USD)'), { target: { value: '2.25' } });
    fireEvent.click(within(dialog).getByLabelText('Launch at login'));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save settings' }));
    await within(dialog).findByText('Saved');
    expect(fake.callsOf('updateSettings')).toEqual([{ acuRateUsd: 2.25, launchAtLogin: true }]);
  });

  it('runaway notifications: off by default, saved when ticked, not offered while notifications are off', async () => {
    const dialog = await openSettings();
    const box = within(dialog).getByLabelText<HTMLInputElement>('Notify when a running session turns runaway');
    expect(box.checked).toBe(false);
    fireEvent.click(box);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save settings' }));
    await within(dialog).findByText('Saved');
    expect(fake.callsOf('updateSettings')).toEqual([{ runawayNotifications: true }]);
    fireEvent.change(within(dialog).getByLabelText(/^Notifications/), { target: { value: 'off' } });
    expect(box.disabled).toBe(true);
  });

  it('shows validation errors inline and sends nothing', async () => {
    const dialog = await openSettings();
    fireEvent.change(within(dialog).getByLabelText(/Check the queue every/), { target: { value: '10' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save settings' }));
    expect(within(dialog).getByRole('alert').textContent).toMatch(/30 to 3600/);
    expect(fake.callsOf('updateSettings')).toEqual([]);
  });

  it('shows main’s message when it rejects the update', async () => {
    fake.api.updateSettings = async () =>
      fail('INTERNAL', 'could not write settings.json: read-only file system');
    const dialog = await openSettings();
    fireEvent.click(within(dialog).getByLabelText('Launch at login'));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save settings' }));
    expect((await within(dialog).findByRole('alert')).textContent).toContain('read-only file system');
  });

  it('closes on Escape', async () => {
    await openSettings();
    fireEvent.keyDown(window, { key: 'Escape' });
    expect(useUiStore.getState().settingsOpen).toBe(false);
    await waitFor(() => expect(screen.queryByTestId('settings')).toBeNull());
  });
});
