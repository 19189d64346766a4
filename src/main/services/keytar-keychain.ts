/**
 * The OS keychain through keytar (macOS Keychain, Windows Credential Manager, Secret Service on Linux).
 * keytar is a native module loaded on first use, so a missing or broken build surfaces as a keychain
 * error the token store turns into "keychain unavailable", not as a crash at startup. Every call has a
 * timeout because a Secret Service that never answers (or a prompt nobody sees) would otherwise hang.
 */
import { createRequire } from 'node:module';
import type * as KeytarModule from 'keytar';
import { KEYCHAIN_ACCOUNT } from './account/paths';
import type { Keychain } from './token-store';

export const KEYCHAIN_SERVICE = 'devin-usage-dashboard';
const DEFAULT_TIMEOUT_MS = 5_000;

type Keytar = Pick<typeof KeytarModule, 'getPassword' | 'setPassword' | 'deletePassword'>;

export function createKeytarKeychain(opts: { service?: string; account?: string; timeoutMs?: number } = {}): Keychain {
  const service = opts.service ?? KEYCHAIN_SERVICE;
  const account = opts.account ?? KEYCHAIN_ACCOUNT;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let keytar: Keytar | null = null;

  // require, not import(): keytar is CommonJS around a native addon, and the CJS loader is the one that
  // redirects to app.asar.unpacked in packaged builds. A failed load is not cached, so it is retried on
  // the next call (e.g. after the user installs libsecret).
  const load = async (): Promise<Keytar> => (keytar ??= createRequire(import.meta.url)('keytar') as Keytar);

  const withTimeout = <T>(what: string, run: (k: Keytar) => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`The keychain did not answer within ${timeoutMs} ms (${what})`)), timeoutMs);
      load()
        .then(run)
        .then(resolve, reject)
        .finally(() => clearTimeout(timer));
    });

  return {
    get: () => withTimeout('read', (k) => k.getPassword(service, account)),
    set: (token) => withTimeout('write', (k) => k.setPassword(service, account, token)),
    delete: () => withTimeout('delete', (k) => k.deletePassword(service, account).then(() => undefined)),
  };
}
