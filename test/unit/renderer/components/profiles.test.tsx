import { fireEvent, render, screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { ProfileSelect } from '../../../../src/renderer/src/features/profiles/ProfileSelect';
import { ProfilesSection } from '../../../../src/renderer/src/features/profiles/ProfilesSection';
import { useProfilesStore } from '../../../../src/renderer/src/stores/profiles';
import { installFakeApi, type FakeApi } from '../fake-api';

let fake: FakeApi;
beforeEach(async () => {
  fake = installFakeApi();
  fake.state.profiles = {
    activeId: 'default',
    envToken: false,
    profiles: [
      { id: 'default', name: 'default', apiBaseUrl: 'https://api.devin.ai', identity: null, active: true },
      { id: 'p-eu', name: 'Acme EU', apiBaseUrl: 'https://api.acme.devinenterprise.com', identity: null, active: false },
    ],
  };
  await useProfilesStore.getState().load();
});

const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

describe('ProfileSelect', () => {
  it('lists the profiles with the active one selected, and switches through main', async () => {
    render(<ProfileSelect />);
    const select = screen.getByTestId('profile-select') as HTMLSelectElement;
    expect([...select.options].map((o) => o.text)).toEqual(['default', 'Acme EU']);
    expect(select.value).toBe('default');
    fireEvent.change(select, { target: { value: 'p-eu' } });
    await settle();
    expect(fake.callsOf('switchProfile')).toEqual([{ id: 'p-eu' }]);
    expect((screen.getByTestId('profile-select') as HTMLSelectElement).value).toBe('p-eu');
  });

  it('is disabled while the environment token decides the account', async () => {
    fake.state.profiles = { ...fake.state.profiles, envToken: true };
    await useProfilesStore.getState().load();
    render(<ProfileSelect />);
    expect((screen.getByTestId('profile-select') as HTMLSelectElement).disabled).toBe(true);
  });
});

describe('ProfilesSection', () => {
  it('adds a profile, refusing an empty name without asking main', async () => {
    render(<ProfilesSection />);
    fireEvent.change(screen.getByLabelText('New profile'), { target: { value: '   ' } });
    fireEvent.submit(screen.getByRole('button', { name: 'Add profile' }).closest('form')!);
    await settle();
    expect(screen.getByRole('alert').textContent).toMatch(/needs a name/);
    expect(fake.callsOf('addProfile')).toEqual([]);
    fireEvent.change(screen.getByLabelText('New profile'), { target: { value: 'Staging' } });
    fireEvent.change(screen.getByLabelText('API base URL (optional)'), { target: { value: 'https://api.staging.example' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add profile' }));
    await settle();
    expect(fake.callsOf('addProfile')).toEqual([{ name: 'Staging', apiBaseUrl: 'https://api.staging.example' }]);
    expect(screen.getAllByTestId('profile-row')).toHaveLength(3);
  });

  it('asks before removing a profile, and only then removes it', async () => {
    render(<ProfilesSection />);
    const row = screen.getAllByTestId('profile-row').find((r) => r.dataset.id === 'p-eu')!;
    fireEvent.click(within(row).getByRole('button', { name: 'Remove' }));
    expect(fake.callsOf('removeProfile')).toEqual([]);
    expect(within(row).getByRole('alert').textContent).toMatch(/token and every cached figure/);
    fireEvent.click(within(row).getByRole('button', { name: 'Keep it' }));
    expect(fake.callsOf('removeProfile')).toEqual([]);
    fireEvent.click(within(row).getByRole('button', { name: 'Remove' }));
    fireEvent.click(within(row).getByRole('button', { name: 'Remove profile' }));
    await settle();
    expect(fake.callsOf('removeProfile')).toEqual([{ id: 'p-eu' }]);
    expect(screen.getAllByTestId('profile-row')).toHaveLength(1);
  });

  it('renames a profile and shows main’s refusal', async () => {
    fake.api.renameProfile = async () => ({ ok: false, error: { code: 'BAD_INPUT', message: 'A profile named "Acme EU" already exists' } });
    render(<ProfilesSection />);
    const row = screen.getAllByTestId('profile-row').find((r) => r.dataset.id === 'default')!;
    fireEvent.click(within(row).getByRole('button', { name: 'Rename' }));
    fireEvent.change(within(row).getByLabelText('New name for default'), { target: { value: 'acme eu' } });
    fireEvent.click(within(row).getByRole('button', { name: 'Save' }));
    await settle();
    expect(screen.getByRole('alert').textContent).toBe('A profile named "Acme EU" already exists');
  });
});
