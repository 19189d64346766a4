import { useProfilesStore } from '../../stores/profiles';

/** The header's account switcher. Disabled while DEVIN_SERVICE_USER_TOKEN decides the account. */
export function ProfileSelect() {
  const profiles = useProfilesStore((s) => s.profiles);
  const busy = useProfilesStore((s) => s.busy);
  const switchTo = useProfilesStore((s) => s.switchTo);
  if (!profiles) return null;
  const active = profiles.profiles.find((p) => p.active);
  const who = active?.identity ? (active.identity.principalName ?? active.identity.principalId) : null;
  return (
    <label className="field-inline">
      <span className="visually-hidden">Profile</span>
      <select
        data-testid="profile-select"
        value={profiles.activeId}
        disabled={busy || profiles.envToken}
        title={
          profiles.envToken
            ? 'The account follows DEVIN_SERVICE_USER_TOKEN'
            : who
              ? `Account: ${who} at ${active?.apiBaseUrl ?? ''}`
              : 'Profile'
        }
        onChange={(e) => void switchTo(e.target.value)}
      >
        {profiles.profiles.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
    </label>
  );
}
