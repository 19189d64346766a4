import { useId, useState, type FormEvent } from 'react';
import { PROFILE_NAME_MAX, profileNameSchema, type ProfileInfo } from '../../../../shared/dashboard';
import { useProfilesStore } from '../../stores/profiles';

type Message = { kind: 'error' | 'ok'; text: string } | null;

/** Settings → Profiles: add, rename and remove named accounts. Removal asks first: it deletes data. */
export function ProfilesSection() {
  const profiles = useProfilesStore((s) => s.profiles);
  const add = useProfilesStore((s) => s.add);
  const busy = useProfilesStore((s) => s.busy);
  const [name, setName] = useState('');
  const [apiBaseUrl, setApiBaseUrl] = useState('');
  const [message, setMessage] = useState<Message>(null);
  const ids = { name: useId(), url: useId() };
  if (!profiles) return null;

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const parsed = profileNameSchema.safeParse(name);
    if (!parsed.success) {
      setMessage({ kind: 'error', text: parsed.error.issues[0]?.message ?? 'Not a profile name' });
      return;
    }
    const res = await add({ name: parsed.data, ...(apiBaseUrl.trim() ? { apiBaseUrl: apiBaseUrl.trim() } : {}) });
    if (res.ok) {
      setName('');
      setApiBaseUrl('');
      setMessage({ kind: 'ok', text: `Profile "${parsed.data}" added: switch to it in the header, then save its token.` });
    } else setMessage({ kind: 'error', text: res.error.message });
  };

  return (
    <fieldset className="settings-group" data-testid="profiles-section">
      <legend>Profiles</legend>
      <ul className="profile-list">
        {profiles.profiles.map((p) => (
          <ProfileRow key={p.id} profile={p} onMessage={setMessage} />
        ))}
      </ul>
      <form className="profile-add" onSubmit={(e) => void submit(e)}>
        <label htmlFor={ids.name}>New profile</label>
        <input id={ids.name} value={name} maxLength={PROFILE_NAME_MAX} placeholder="e.g. Acme production" onChange={(e) => setName(e.target.value)} />
        <label htmlFor={ids.url}>API base URL (optional)</label>
        <input id={ids.url} value={apiBaseUrl} placeholder="https://api.devin.ai" spellCheck={false} onChange={(e) => setApiBaseUrl(e.target.value)} />
        <button type="submit" className="button-small" disabled={busy || name.trim() === ''}>
          Add profile
        </button>
      </form>
      {message ? (
        <p className={message.kind === 'error' ? 'field-error' : 'ok-text'} role={message.kind === 'error' ? 'alert' : 'status'}>
          {message.text}
        </p>
      ) : null}
    </fieldset>
  );
}

function ProfileRow({ profile, onMessage }: { profile: ProfileInfo; onMessage: (m: Message) => void }) {
  const rename = useProfilesStore((s) => s.rename);
  const remove = useProfilesStore((s) => s.remove);
  const busy = useProfilesStore((s) => s.busy);
  const [editing, setEditing] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const who = profile.identity ? `${profile.identity.principalName ?? profile.identity.principalId} · ${profile.apiBaseUrl}` : profile.apiBaseUrl;

  const saveName = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (editing === null) return;
    const res = await rename(profile.id, editing);
    if (res.ok) {
      setEditing(null);
      onMessage(null);
    } else onMessage({ kind: 'error', text: res.error.message });
  };

  const confirmRemove = async (): Promise<void> => {
    const res = await remove(profile.id);
    setConfirming(false);
    onMessage(res.ok ? { kind: 'ok', text: `Profile "${profile.name}" removed with its token and cached data.` } : { kind: 'error', text: res.error.message });
  };

  return (
    <li className="profile-row" data-testid="profile-row" data-id={profile.id}>
      {editing === null ? (
        <span className="profile-name">
          {profile.name}
          {profile.active ? <span className="profile-active"> (active)</span> : null}
          <span className="muted"> {who}</span>
        </span>
      ) : (
        <form className="profile-rename" onSubmit={(e) => void saveName(e)}>
          <input aria-label={`New name for ${profile.name}`} value={editing} maxLength={PROFILE_NAME_MAX} autoFocus onChange={(e) => setEditing(e.target.value)} />
          <button type="submit" className="button-small" disabled={busy}>
            Save
          </button>
          <button type="button" className="button-small" onClick={() => setEditing(null)}>
            Cancel
          </button>
        </form>
      )}
      {editing === null && !confirming ? (
        <span className="profile-actions">
          <button type="button" className="button-small" onClick={() => setEditing(profile.name)} disabled={busy}>
            Rename
          </button>
          <button type="button" className="button-small button-danger" onClick={() => setConfirming(true)} disabled={busy}>
            Remove
          </button>
        </span>
      ) : null}
      {confirming ? (
        <span className="profile-confirm" role="alert">
          Remove "{profile.name}"? Its token and every cached figure of this account are deleted.{' '}
          <button type="button" className="button-small button-danger" onClick={() => void confirmRemove()} disabled={busy}>
            Remove profile
          </button>
          <button type="button" className="button-small" onClick={() => setConfirming(false)}>
            Keep it
          </button>
        </span>
      ) : null}
    </li>
  );
}
