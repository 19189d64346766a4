import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isTrustedSender } from '../../../src/main/services/ipc-dispatch';

const RENDERER = pathToFileURL('/opt/Devin Usage Dashboard/resources/app.asar/out/renderer/index.html').href;
const DEV = 'http://localhost:5173/';
const trusted = new Set([3]);

describe('isTrustedSender', () => {
  it('accepts our window showing our page (query and hash ignored)', () => {
    expect(isTrustedSender({ webContentsId: 3, frameUrl: RENDERER }, trusted, [RENDERER])).toBe(true);
    expect(isTrustedSender({ webContentsId: 3, frameUrl: `${RENDERER}?x=1#/cost` }, trusted, [RENDERER])).toBe(true);
  });

  it('rejects a web contents we did not create, even on our page', () => {
    expect(isTrustedSender({ webContentsId: 4, frameUrl: RENDERER }, trusted, [RENDERER])).toBe(false);
    expect(isTrustedSender({ webContentsId: 3, frameUrl: RENDERER }, new Set(), [RENDERER])).toBe(false);
  });

  it('rejects a foreign URL in our window', () => {
    for (const url of ['https://app.devin.ai/', 'https://evil.example/index.html', 'about:blank', 'data:text/html,x', 'devtools://devtools/bundled/x.html']) {
      expect(isTrustedSender({ webContentsId: 3, frameUrl: url }, trusted, [RENDERER]), url).toBe(false);
    }
  });

  it('rejects another local file, a sibling with the same name, and a path traversal look-alike', () => {
    const other = [
      pathToFileURL('/tmp/evil/index.html').href,
      pathToFileURL('/opt/Devin Usage Dashboard/resources/app.asar/out/renderer/other.html').href,
      RENDERER.replace('/out/renderer/index.html', '/out/renderer/../../evil/out/renderer/index.html'),
      RENDERER.replace('file:///', 'file://remote-host/'),
    ];
    for (const url of other) expect(isTrustedSender({ webContentsId: 3, frameUrl: url }, trusted, [RENDERER]), url).toBe(false);
  });

  it('rejects a missing or unparsable frame URL', () => {
    expect(isTrustedSender({ webContentsId: 3, frameUrl: null }, trusted, [RENDERER])).toBe(false);
    expect(isTrustedSender({ webContentsId: 3, frameUrl: undefined }, trusted, [RENDERER])).toBe(false);
    expect(isTrustedSender({ webContentsId: 3, frameUrl: 'not a url' }, trusted, [RENDERER])).toBe(false);
  });

  it('matches the dev server by origin only when it is in the allowed list', () => {
    expect(isTrustedSender({ webContentsId: 3, frameUrl: 'http://localhost:5173/src/x' }, trusted, [DEV])).toBe(true);
    expect(isTrustedSender({ webContentsId: 3, frameUrl: 'http://localhost:5173/' }, trusted, [RENDERER])).toBe(false);
    expect(isTrustedSender({ webContentsId: 3, frameUrl: 'http://localhost:5174/' }, trusted, [DEV])).toBe(false);
    expect(isTrustedSender({ webContentsId: 3, frameUrl: 'https://localhost:5173/' }, trusted, [DEV])).toBe(false);
    expect(isTrustedSender({ webContentsId: 3, frameUrl: RENDERER }, trusted, [DEV])).toBe(false);
  });

  it('trusts nothing when no page is allowed', () => {
    expect(isTrustedSender({ webContentsId: 3, frameUrl: RENDERER }, trusted, [])).toBe(false);
  });
});
