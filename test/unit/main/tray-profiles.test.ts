import { describe, expect, it } from 'vitest';
import type { ProfilesState } from '../../../src/shared/dashboard';
import { profileMenuItems, profileTooltipLine } from '../../../src/main/services/tray-profiles';

const state = (patch: Partial<ProfilesState> = {}): ProfilesState => ({
  activeId: 'p-b',
  envToken: false,
  profiles: [
    { id: 'default', name: 'default', apiBaseUrl: 'https://api.devin.ai', identity: null, active: false },
    { id: 'p-b', name: 'Acme EU', apiBaseUrl: 'https://api.acme.devinenterprise.com', identity: null, active: true },
  ],
  ...patch,
});

describe('tray profiles', () => {
  it('offers one radio item per profile with the active one checked', () => {
    expect(profileMenuItems(state())).toEqual([
      { id: 'default', label: 'default', checked: false, enabled: true },
      { id: 'p-b', label: 'Acme EU', checked: true, enabled: true },
    ]);
  });

  it('disables switching while the environment token decides the account', () => {
    expect(profileMenuItems(state({ envToken: true })).every((i) => !i.enabled)).toBe(true);
  });

  it('names whose queue the tray shows', () => {
    expect(profileTooltipLine(state(), false)).toBe('Profile: Acme EU');
    expect(profileTooltipLine(state(), true)).toBe('Demo data');
    expect(profileTooltipLine(null, false)).toBeNull();
    expect(profileMenuItems(null)).toEqual([]);
  });
});
