import { useId, useState, type FormEvent } from 'react';
import type { TokenState } from '../../../../shared/dashboard';
import { tokenSchema } from '../../../../shared/ipc/schemas';
import { api, call } from '../../api';
import { useProfilesStore } from '../../stores/profiles';
import { useStatusStore } from '../../stores/status';

const SOURCE_TEXT: Record<TokenState['source'], string> = {
  keychain: 'Stored in the OS keychain.',
  env: 'Read from an environment variable: change it there (read-only here).',
  memory: 'Kept in memory for this session only: it will be gone when the app quits.',
  none: 'No token yet.',
};

/** The token goes to main once and the input is cleared; it is never read back. */
export function TokenSection({ token }: { token: TokenState }) {
  const setToken = useStatusStore((s) => s.setToken);
  const profile = useProfilesStore((s) => s.profiles?.profiles.find((p) => p.active) ?? null);
  const [input, setInput] = useState('');
  // The API host is checked together with the token (Devin Enterprise tenants have their own).
  const [host, setHost] = useState<string | null>(null);
  const hostId = useId();
  const [message, setMessage] = useState<{ kind: 'error' | 'ok'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const inputId = useId();
  const readOnly = token.source === 'env';

  const save = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const parsed = tokenSchema.safeParse(input);
    if (!parsed.success) {
      setMessage({ kind: 'error', text: parsed.error.issues[0]?.message ?? 'That is not a Devin v3 token.' });
      return;
    }
    setInput('');
    setBusy(true);
    const apiBaseUrl = host !== null && host.trim() !== '' && host.trim() !== profile?.apiBaseUrl ? host.trim() : undefined;
    const res = await call(() => api().saveToken({ token: parsed.data, ...(apiBaseUrl ? { apiBaseUrl } : {}) }));
    setBusy(false);
    if (res.ok) {
      setToken(res.data);
      setHost(null);
      setMessage({
        kind: 'ok',
        text: res.data.source === 'memory' ? 'Token saved for this session.' : 'Token saved.',
      });
    } else setMessage({ kind: 'error', text: res.error.message });
  };

  const remove = async (): Promise<void> => {
    setBusy(true);
    const res = await call(() => api().removeToken());
    setBusy(false);
    if (res.ok) {
      setToken(res.data);
      setMessage({ kind: 'ok', text: 'Token removed.' });
    } else setMessage({ kind: 'error', text: res.error.message });
  };

  return (
    <fieldset className="settings-group">
      <legend>Devin API token{profile ? ` — profile “${profile.name}”` : ''}</legend>
      <p data-testid="token-source" data-source={token.source}>
        {SOURCE_TEXT[token.source]}
      </p>
      {/* Irrelevant while the environment supplies the token; main's message already says what to do. */}
      {!token.keychainAvailable && !readOnly ? (
        <p className="warning-text">
          The OS keychain is unavailable:{' '}
          {token.keychainMessage ?? 'a token you enter is kept in memory for this session only.'}
        </p>
      ) : null}
      {readOnly ? null : (
        <form className="token-form" onSubmit={(e) => void save(e)}>
          <label htmlFor={inputId}>{token.source === 'none' ? 'Token' : 'New token'}</label>
          <input
            id={inputId}
            type="password"
            autoComplete="off"
            spellCheck={false}
            placeholder="cog_…"
            value={input}
            onChange={(e) => setInput(e.target.value)}
            aria-invalid={message?.kind === 'error'}
          />
          <label htmlFor={hostId}>API base URL</label>
          <input
            id={hostId}
            spellCheck={false}
            value={host ?? profile?.apiBaseUrl ?? ''}
            onChange={(e) => setHost(e.target.value)}
          />
          <button type="submit" className="button-primary" disabled={busy || input.trim() === ''}>
            {token.source === 'none' ? 'Save token' : 'Replace token'}
          </button>
          {token.source === 'keychain' || token.source === 'memory' ? (
            <button type="button" className="button-danger" onClick={() => void remove()} disabled={busy}>
              Remove token
            </button>
          ) : null}
        </form>
      )}
      {message ? (
        <p
          className={message.kind === 'error' ? 'field-error' : 'ok-text'}
          role={message.kind === 'error' ? 'alert' : 'status'}
        >
          {message.text}
        </p>
      ) : null}
    </fieldset>
  );
}
