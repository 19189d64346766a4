/**
 * The Playwright hooks into main (src/main/electron/test-hooks.ts) exist only under NODE_ENV=test: a
 * packaged app, or one started by hand, never exposes them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  installTestHooks,
  TEST_HOOKS_KEY,
  testHooksEnabled,
  type TestHooks,
} from '../../../src/main/electron/test-hooks';

const SAVED = process.env.NODE_ENV;
const hooks = { userDataDir: '/tmp/x' } as unknown as TestHooks;
const installed = () => Object.hasOwn(globalThis, TEST_HOOKS_KEY);

afterEach(() => {
  process.env.NODE_ENV = SAVED;
  delete (globalThis as Record<string, unknown>)[TEST_HOOKS_KEY];
});

describe('test hooks', () => {
  it.each([['production'], ['development'], [''], [undefined]])(
    'are not installed when NODE_ENV is %j',
    (value) => {
      if (value === undefined) delete process.env.NODE_ENV;
      else process.env.NODE_ENV = value;
      expect(testHooksEnabled()).toBe(false);
      installTestHooks(hooks);
      expect(installed()).toBe(false);
    },
  );

  it('are installed when NODE_ENV is test', () => {
    process.env.NODE_ENV = 'test';
    installTestHooks(hooks);
    expect(installed()).toBe(true);
    expect((globalThis as Record<string, unknown>)[TEST_HOOKS_KEY]).toBe(hooks);
  });
});
