/**
 * The text of `/__bridge/init.js`: defines `window.api` in a plain browser page, with the same shape as the
 * preload's (one method per invoke channel, plus `on`), carried over HTTP and SSE to the harness. The method
 * table is generated from the channel table (`invokeMethods`), so it cannot drift from what the preload exposes.
 */
import { EVENT_CHANNELS, invokeMethods } from '../../src/shared/ipc/channels';

export const BRIDGE_PREFIX = '/__bridge';

/** `origin` is the harness's own origin (`http://127.0.0.1:port`): the script may run in any frame. */
export function bridgeScript(origin: string): string {
  const methods = Object.fromEntries(
    Object.entries(invokeMethods).map(([channel, method]) => [method, channel]),
  );
  return `// Devin Usage Dashboard test bridge (test/harness). Never shipped.
(() => {
  if (Object.prototype.hasOwnProperty.call(window, 'api')) return;
  const base = ${JSON.stringify(origin + BRIDGE_PREFIX)};
  const methods = ${JSON.stringify(methods)};
  const events = ${JSON.stringify(EVENT_CHANNELS)};
  const api = {};
  for (const [method, channel] of Object.entries(methods)) {
    // Only the first argument is forwarded, as in the preload.
    api[method] = async (args) => {
      const res = await fetch(base + '/invoke/' + encodeURIComponent(channel), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ args }),
      });
      if (!res.ok) throw new Error('bridge: HTTP ' + res.status + ' for ' + channel);
      return res.json();
    };
  }
  const listeners = new Map();
  let source = null;
  const connect = () => {
    if (source) return;
    source = new EventSource(base + '/events');
    source.onmessage = (message) => {
      const { event, payload } = JSON.parse(message.data);
      for (const listener of [...(listeners.get(event) ?? [])]) listener(payload);
    };
  };
  api.on = (event, listener) => {
    if (!events.includes(event)) throw new Error('Unknown event: ' + String(event));
    if (typeof listener !== 'function') throw new Error('listener must be a function');
    connect();
    const set = listeners.get(event) ?? new Set();
    listeners.set(event, set);
    // A fresh wrapper per subscription, so subscribing the same function twice needs two unsubscribes (like ipcRenderer.on).
    const wrapped = (payload) => listener(payload);
    set.add(wrapped);
    return () => { set.delete(wrapped); };
  };
  Object.defineProperty(window, 'api', { value: Object.freeze(api), enumerable: true });
})();
`;
}
