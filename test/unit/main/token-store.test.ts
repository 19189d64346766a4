import { describe, expect, it } from 'vitest';
import { inspect } from 'node:util';
import { createLogger } from '../../../src/main/services/logger';
import {
  classifyKeychainError,
  createTokenStore,
  TokenFromEnvironmentError,
  type Keychain,
} from '../../../src/main/services/token-store';

const TOKEN = 'cog_test_token_abcdefghijklmnop';
const ENV_TOKEN = 'cog_env_token_zyxwvutsrqponmlk';

/** An in-memory keychain that can be told to fail each operation. */
function memoryKeychain(initial: string | null = null) {
  let value = initial;
  const failures: Partial<Record<'get' | 'set' | 'delete', Error>> = {};
  const calls: string[] = [];
  const keychain: Keychain = {
    async get() {
      calls.push('get');
      if (failures.get) throw failures.get;
      return value;
    },
    async set(token) {
      calls.push('set');
      if (failures.set) throw failures.set;
      value = token;
    },
    async delete() {
      calls.push('delete');
      if (failures.delete) throw failures.delete;
      value = null;
    },
  };
  return { keychain, failures, calls, value: () => value };
}

function capturingLog() {
  const lines: string[] = [];
  return { log: createLogger('test', (l) => lines.push(l), 'debug'), lines };
}

const NO_DBUS = new Error('The name org.freedesktop.secrets was not provided by any .service files');

describe('createTokenStore', () => {
  it('loads a stored token from the keychain', async () => {
    const kc = memoryKeychain(TOKEN);
    const store = createTokenStore({ keychain: kc.keychain, env: {} });
    await expect(store.load()).resolves.toEqual({ source: 'keychain', keychainAvailable: true, keychainMessage: null });
    expect(store.token()).toBe(TOKEN);
  });

  it('starts with no token when the keychain is empty', async () => {
    const store = createTokenStore({ keychain: memoryKeychain().keychain, env: {} });
    expect((await store.load()).source).toBe('none');
    expect(store.token()).toBeNull();
  });

  it('lets DEVIN_SERVICE_USER_TOKEN win and never writes it anywhere', async () => {
    const kc = memoryKeychain(TOKEN);
    const store = createTokenStore({ keychain: kc.keychain, env: { DEVIN_SERVICE_USER_TOKEN: `  ${ENV_TOKEN}\n` } });
    const state = await store.load();
    expect(state.source).toBe('env');
    expect(state.keychainAvailable).toBe(true);
    expect(store.token()).toBe(ENV_TOKEN);
    expect(kc.calls).toEqual(['get']);
    expect(kc.value()).toBe(TOKEN);
    // Saving or removing would silently fight the environment: refused, keychain untouched.
    await expect(store.save(TOKEN)).rejects.toBeInstanceOf(TokenFromEnvironmentError);
    await expect(store.remove()).rejects.toBeInstanceOf(TokenFromEnvironmentError);
    expect(kc.calls).toEqual(['get']);
    expect(store.token()).toBe(ENV_TOKEN);
  });

  it('ignores an empty DEVIN_SERVICE_USER_TOKEN', async () => {
    const store = createTokenStore({ keychain: memoryKeychain(TOKEN).keychain, env: { DEVIN_SERVICE_USER_TOKEN: '   ' } });
    expect((await store.load()).source).toBe('keychain');
  });

  it('saves to the keychain', async () => {
    const kc = memoryKeychain();
    const store = createTokenStore({ keychain: kc.keychain, env: {} });
    await store.load();
    await expect(store.save(TOKEN)).resolves.toEqual({ source: 'keychain', keychainAvailable: true, keychainMessage: null });
    expect(kc.value()).toBe(TOKEN);
    expect(store.token()).toBe(TOKEN);
  });

  it('keeps the token in memory with an actionable message when the keychain is unreachable', async () => {
    const kc = memoryKeychain();
    kc.failures.get = NO_DBUS;
    kc.failures.set = NO_DBUS;
    const store = createTokenStore({ keychain: kc.keychain, env: {}, platform: 'linux' });
    const loaded = await store.load();
    expect(loaded).toMatchObject({ source: 'none', keychainAvailable: false });
    expect(loaded.keychainMessage).toContain('gnome-keyring');
    expect(loaded.keychainMessage).toContain('KWallet');
    const saved = await store.save(TOKEN);
    expect(saved.source).toBe('memory');
    expect(saved.keychainAvailable).toBe(false);
    expect(saved.keychainMessage).toContain('memory for this session only');
    expect(store.token()).toBe(TOKEN);
    expect(kc.value()).toBeNull();
  });

  it('tries the keychain again on save after a failed probe (the user may have unlocked it)', async () => {
    const kc = memoryKeychain();
    kc.failures.get = new Error('Cannot create an item in a locked collection');
    const store = createTokenStore({ keychain: kc.keychain, env: {} });
    expect((await store.load()).keychainAvailable).toBe(false);
    expect((await store.save(TOKEN)).source).toBe('keychain');
    expect(kc.value()).toBe(TOKEN);
  });

  it('works without keytar at all: memory only, and says so', async () => {
    const store = createTokenStore({ keychain: null, env: {} });
    expect((await store.load()).keychainAvailable).toBe(false);
    const saved = await store.save(TOKEN);
    expect(saved).toMatchObject({ source: 'memory', keychainAvailable: false });
    expect(saved.keychainMessage).toContain('keytar');
    expect(store.token()).toBe(TOKEN);
  });

  it('removes only when asked: failures elsewhere never delete the stored token', async () => {
    const kc = memoryKeychain(TOKEN);
    const store = createTokenStore({ keychain: kc.keychain, env: {} });
    await store.load();
    kc.failures.set = new Error('Cannot create an item in a locked collection');
    await store.save('cog_replacement_token_000000');
    expect(kc.calls).not.toContain('delete');
    expect(kc.value()).toBe(TOKEN);
    const removed = await store.remove();
    expect(removed.source).toBe('none');
    expect(kc.calls).toContain('delete');
    expect(kc.value()).toBeNull();
    expect(store.token()).toBeNull();
  });

  it('forgets the token in memory even when the keychain delete fails, and says why', async () => {
    const kc = memoryKeychain(TOKEN);
    const store = createTokenStore({ keychain: kc.keychain, env: {}, platform: 'darwin' });
    await store.load();
    kc.failures.delete = new Error('User canceled the operation.');
    const removed = await store.remove();
    expect(removed).toMatchObject({ source: 'none', keychainAvailable: false });
    expect(removed.keychainMessage).toContain('denied');
    expect(store.token()).toBeNull();
  });

  it('never puts the token in its logs or its state', async () => {
    const kc = memoryKeychain();
    kc.failures.set = new Error(`setPassword failed for ${TOKEN}`);
    const { log, lines } = capturingLog();
    const store = createTokenStore({ keychain: kc.keychain, env: {}, log });
    await store.load();
    const state = await store.save(TOKEN);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toContain(TOKEN);
    expect(JSON.stringify(state)).not.toContain(TOKEN);
    expect(inspect(store.state(), { depth: 5 })).not.toContain(TOKEN);
  });
});

describe('classifyKeychainError', () => {
  it.each([
    ['The name org.freedesktop.secrets was not provided by any .service files', 'unavailable'],
    ['Cannot autolaunch D-Bus without X11 $DISPLAY', 'unavailable'],
    ['Could not connect: No such file or directory', 'unavailable'],
    ['The keychain did not answer within 5000 ms (read)', 'unavailable'],
    ['Cannot create an item in a locked collection', 'locked'],
    ['User canceled the operation.', 'denied'],
    ['Access is denied.', 'denied'],
    ["Cannot find module 'keytar'", 'missing'],
    ['libsecret-1.so.0: cannot open shared object file: No such file or directory', 'missing'],
    ['something odd', 'failed'],
  ] as const)('%s → %s', (message, problem) => {
    expect(classifyKeychainError(new Error(message), 'linux').problem).toBe(problem);
  });

  it('words the fix for the platform', () => {
    expect(classifyKeychainError(NO_DBUS, 'linux').message).toMatch(/install and unlock gnome-keyring or another Secret Service provider \(KWallet on KDE\)/);
    expect(classifyKeychainError(new Error('locked'), 'darwin').message).toContain('Keychain Access');
  });

  it('redacts a token that appears in the raw error', () => {
    expect(classifyKeychainError(new Error(`odd ${TOKEN}`)).message).not.toContain(TOKEN);
  });
});

describe('environment token shape', () => {
  it.each([
    ['a pasted label', 'token: cog_abcdefghijklmnop'],
    ['a legacy key', 'apk_user_abcdefghijklmnop'],
    ['a line break inside', 'cog_abcdef\nghijklmnop'],
  ])('warns once, without the value, on %s and still uses it', async (_name, token) => {
    const { log, lines } = capturingLog();
    const store = createTokenStore({ keychain: null, env: { DEVIN_SERVICE_USER_TOKEN: token }, log });
    await store.load();
    await store.load();
    expect(store.token()).toBe(token.trim());
    expect(store.state().source).toBe('env');
    const warnings = lines.filter((l) => l.includes('does not look like a Devin v3 token'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/ warn \[test\] DEVIN_SERVICE_USER_TOKEN does not look like/);
    expect(lines.join('\n')).not.toContain('abcdefghijklmnop');
    expect(lines.join('\n')).not.toContain('ghijklmnop');
  });

  it('says nothing about a cog_ token', async () => {
    const { log, lines } = capturingLog();
    await createTokenStore({ keychain: null, env: { DEVIN_SERVICE_USER_TOKEN: ENV_TOKEN }, log }).load();
    expect(lines.filter((l) => l.includes('does not look like'))).toEqual([]);
  });
});
