/**
 * Where the Devin token lives: the OS keychain when it works, otherwise this process's memory only
 * (never a plain-text file). DEVIN_SERVICE_USER_TOKEN overrides both and is never written anywhere.
 * The token itself never appears in a log line, an error or the state sent to the renderer.
 */
import type { TokenState } from '../../shared/dashboard';
import { redact } from '../../shared/redact';
import { silentLogger, type Logger } from './logger';

/** One secret slot in the OS keychain (keytar in the app, an in-memory double in tests). */
export interface Keychain {
  get(): Promise<string | null>;
  set(token: string): Promise<void>;
  delete(): Promise<void>;
}

export interface TokenStore {
  /** Probes the keychain once and reads the token; DEVIN_SERVICE_USER_TOKEN wins (source `env`). */
  load(): Promise<TokenState>;
  /** The current token (memory). Only main's API client calls this. */
  token(): string | null;
  /** Stores in the keychain; if that fails, keeps the token in memory for this session and says why. */
  save(token: string): Promise<TokenState>;
  /** Forgets the token (keychain and memory). Only on the user's request or a confirmed 401. */
  remove(): Promise<TokenState>;
  state(): TokenState;
}

export const TOKEN_ENV = 'DEVIN_SERVICE_USER_TOKEN';

/** Thrown when the token comes from the environment and the user tries to change it here. */
export class TokenFromEnvironmentError extends Error {
  readonly code = 'BAD_INPUT';
  constructor() {
    super(`The token comes from the ${TOKEN_ENV} environment variable; unset it to save or remove a token in the app.`);
    this.name = 'TokenFromEnvironmentError';
  }
}

/** A Devin v3 service-user token: `cog_` and printable characters only. */
export const looksLikeDevinToken = (token: string): boolean => /^cog_[\x21-\x7e]+$/.test(token);

export type KeychainProblem = 'missing' | 'unavailable' | 'locked' | 'denied' | 'failed';

/** Sorts a keychain failure into what the user can do about it, with wording for their platform. */
export function classifyKeychainError(
  err: unknown,
  platform: NodeJS.Platform = process.platform,
): { problem: KeychainProblem; message: string } {
  const raw = redact(err instanceof Error ? err.message : String(err));
  const text = raw.toLowerCase();
  const notRemembered = 'The token is kept in memory for this session only and will not be remembered after you quit.';
  const say = (problem: KeychainProblem, why: string) => ({ problem, message: `${why} ${notRemembered}` });

  if (/libsecret|shared object/.test(text)) {
    return say('missing', 'Keychain support needs libsecret: install it (Debian/Ubuntu: libsecret-1-0), then restart the app.');
  }
  if (/cannot find module|keytar\.node|module did not self-register|was compiled against/.test(text)) {
    return say('missing', 'Keychain support (keytar) could not be loaded in this build.');
  }
  if (/locked|unlock/.test(text)) {
    return say('locked', platform === 'darwin'
      ? 'Your login keychain is locked: unlock it in Keychain Access, then save the token again.'
      : 'Your keyring is locked: unlock it (for GNOME, in Passwords and Keys / Seahorse), then save the token again.');
  }
  if (/denied|not allowed|cancel|dismissed|user interaction is not allowed|authorization/.test(text)) {
    return say('denied', platform === 'darwin'
      ? 'Access to the keychain was denied: allow Devin Usage Dashboard in the keychain prompt, then save the token again.'
      : 'Access to the keychain was denied: allow the request in your keyring prompt, then save the token again.');
  }
  if (
    /org\.freedesktop\.secrets|secret service|d-?bus|could not connect|autolaunch|no such (file|interface|object)|\$display|did not answer/.test(
      text,
    )
  ) {
    return say('unavailable', platform === 'linux'
      ? 'No keychain is reachable: install and unlock gnome-keyring or another Secret Service provider (KWallet on KDE), make sure a D-Bus session is running, then restart the app.'
      : 'The system keychain did not answer; restart the app to try again.');
  }
  return say('failed', `The keychain reported an error (${raw}).`);
}

export function createTokenStore(opts: { keychain: Keychain | null; env?: NodeJS.ProcessEnv; log?: Logger; platform?: NodeJS.Platform }): TokenStore {
  const env = opts.env ?? process.env;
  const log = opts.log ?? silentLogger;
  const platform = opts.platform ?? process.platform;
  const keychain = opts.keychain;
  let current: string | null = null;
  let state: TokenState = { source: 'none', keychainAvailable: keychain !== null, keychainMessage: null };

  let warnedEnvShape = false;
  const envToken = (): string | null => {
    const token = env[TOKEN_ENV]?.trim() || null;
    // Still used (the API has the last word), but a pasted label or a line break is easier to spot from this line.
    if (token && !looksLikeDevinToken(token) && !warnedEnvShape) {
      warnedEnvShape = true;
      log.warn(`${TOKEN_ENV} does not look like a Devin v3 token (cog_ followed by printable characters); using it anyway`);
    }
    return token;
  };

  const unavailable = (err: unknown): Pick<TokenState, 'keychainAvailable' | 'keychainMessage'> => {
    const { problem, message } = classifyKeychainError(err, platform);
    log.warn(`keychain ${problem}`, { error: err });
    return { keychainAvailable: false, keychainMessage: message };
  };

  const noKeychain = (): Pick<TokenState, 'keychainAvailable' | 'keychainMessage'> =>
    unavailable(new Error('Cannot find module keytar'));

  return {
    async load() {
      // The probe runs even with an environment token, so the settings view can tell whether saving would work.
      let stored: string | null = null;
      let probe: Pick<TokenState, 'keychainAvailable' | 'keychainMessage'>;
      if (!keychain) probe = noKeychain();
      else {
        try {
          stored = await keychain.get();
          probe = { keychainAvailable: true, keychainMessage: null };
        } catch (err) {
          probe = unavailable(err);
        }
      }
      const fromEnv = envToken();
      current = fromEnv ?? stored;
      state = { source: fromEnv ? 'env' : stored ? 'keychain' : 'none', ...probe };
      log.info('token loaded', { source: state.source, keychainAvailable: state.keychainAvailable });
      return state;
    },

    token: () => current,

    async save(token) {
      if (state.source === 'env') throw new TokenFromEnvironmentError();
      // Tried again on every save even after a failed probe: the user may have unlocked the keyring since.
      if (keychain) {
        try {
          await keychain.set(token);
          current = token;
          state = { source: 'keychain', keychainAvailable: true, keychainMessage: null };
          log.info('token saved to the keychain');
          return state;
        } catch (err) {
          current = token;
          state = { source: 'memory', ...unavailable(err) };
          return state;
        }
      }
      current = token;
      state = { source: 'memory', ...noKeychain() };
      return state;
    },

    async remove() {
      if (state.source === 'env') throw new TokenFromEnvironmentError();
      current = null;
      let probe: Pick<TokenState, 'keychainAvailable' | 'keychainMessage'> = {
        keychainAvailable: state.keychainAvailable,
        keychainMessage: state.keychainMessage,
      };
      if (keychain) {
        try {
          await keychain.delete();
          probe = { keychainAvailable: true, keychainMessage: null };
        } catch (err) {
          // The in-memory token is gone either way; a copy left in the keychain would come back next launch.
          probe = unavailable(err);
        }
      }
      state = { source: 'none', ...probe };
      log.info('token removed');
      return state;
    },

    state: () => state,
  };
}
