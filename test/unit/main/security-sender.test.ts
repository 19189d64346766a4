import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, APP_ORIGIN } from '../../../src/main/services/app-protocol';
import { isTrustedSender } from '../../../src/main/services/ipc-dispatch';

const DEV = 'http://localhost:5173';
const trusted = new Set([3]);

describe('isTrustedSender', () => {
  it('accepts our window showing our app:// page (any path, query and hash)', () => {
    for (const url of [APP_ENTRY_URL, `${APP_ENTRY_URL}?recovered=1#/cost`, `${APP_ORIGIN}/`, `${APP_ORIGIN}/assets/x.js`]) {
      expect(isTrustedSender({ webContentsId: 3, frameUrl: url }, trusted, [APP_ORIGIN]), url).toBe(true);
    }
  });

  it('rejects a web contents we did not create, even on our page', () => {
    expect(isTrustedSender({ webContentsId: 4, frameUrl: APP_ENTRY_URL }, trusted, [APP_ORIGIN])).toBe(false);
    expect(isTrustedSender({ webContentsId: 3, frameUrl: APP_ENTRY_URL }, new Set(), [APP_ORIGIN])).toBe(false);
  });

  it('rejects a foreign URL in our window', () => {
    for (const url of ['https://app.devin.ai/', 'https://evil.example/index.html', 'about:blank', 'data:text/html,x', 'devtools://devtools/bundled/x.html']) {
      expect(isTrustedSender({ webContentsId: 3, frameUrl: url }, trusted, [APP_ORIGIN]), url).toBe(false);
    }
  });

  it('rejects another app:// host or port, and https with our host name', () => {
    for (const url of ['app://evil/index.html', 'app://dashboard:1/index.html', 'app://dashboard.evil/index.html', 'https://dashboard/index.html', 'app:///index.html']) {
      expect(isTrustedSender({ webContentsId: 3, frameUrl: url }, trusted, [APP_ORIGIN]), url).toBe(false);
    }
  });

  it('rejects every file:// page, including the renderer index.html the app used to load', () => {
    const rendererFile = pathToFileURL('/opt/Devin Usage Dashboard/resources/app.asar/out/renderer/index.html').href;
    for (const url of [rendererFile, pathToFileURL('/tmp/evil/index.html').href, 'file://remote-host/share/index.html']) {
      expect(isTrustedSender({ webContentsId: 3, frameUrl: url }, trusted, [APP_ORIGIN]), url).toBe(false);
      // A file: entry in the allowed list is ignored, not matched.
      expect(isTrustedSender({ webContentsId: 3, frameUrl: url }, trusted, [rendererFile]), url).toBe(false);
    }
  });

  it('rejects a missing or unparsable frame URL', () => {
    expect(isTrustedSender({ webContentsId: 3, frameUrl: null }, trusted, [APP_ORIGIN])).toBe(false);
    expect(isTrustedSender({ webContentsId: 3, frameUrl: undefined }, trusted, [APP_ORIGIN])).toBe(false);
    expect(isTrustedSender({ webContentsId: 3, frameUrl: 'not a url' }, trusted, [APP_ORIGIN])).toBe(false);
  });

  it('matches the dev server by origin only when it is in the allowed list', () => {
    expect(isTrustedSender({ webContentsId: 3, frameUrl: 'http://localhost:5173/src/x' }, trusted, [DEV])).toBe(true);
    expect(isTrustedSender({ webContentsId: 3, frameUrl: 'http://localhost:5173/' }, trusted, [APP_ORIGIN])).toBe(false);
    expect(isTrustedSender({ webContentsId: 3, frameUrl: 'http://localhost:5174/' }, trusted, [DEV])).toBe(false);
    expect(isTrustedSender({ webContentsId: 3, frameUrl: 'https://localhost:5173/' }, trusted, [DEV])).toBe(false);
    expect(isTrustedSender({ webContentsId: 3, frameUrl: APP_ENTRY_URL }, trusted, [DEV])).toBe(false);
  });

  it('trusts nothing when no origin is allowed', () => {
    expect(isTrustedSender({ webContentsId: 3, frameUrl: APP_ENTRY_URL }, trusted, [])).toBe(false);
  });
});
