/**
 * The tray's Profiles submenu as data (the Electron tray draws it): one radio item per profile, the active one
 * checked; all disabled while DEVIN_SERVICE_USER_TOKEN decides the account, since switching would change nothing.
 */
import type { ProfilesState } from '../../shared/dashboard';

export interface ProfileMenuItem {
  id: string;
  label: string;
  checked: boolean;
  enabled: boolean;
}

export function profileMenuItems(state: ProfilesState | null): ProfileMenuItem[] {
  if (!state) return [];
  return state.profiles.map((p) => ({ id: p.id, label: p.name, checked: p.id === state.activeId, enabled: !state.envToken }));
}

/** The tooltip line naming whose queue the tray shows. */
export function profileTooltipLine(state: ProfilesState | null, demo: boolean): string | null {
  if (demo) return 'Demo data';
  const active = state?.profiles.find((p) => p.id === state.activeId);
  return active ? `Profile: ${active.name}` : null;
}
