/**
 * The renderer's only door to main: one method per invoke channel, plus `on` for the declared events.
 * No raw ipcRenderer, no send/sendSync, no channel the table does not name. Arguments are not validated
 * here: main parses every one with its schema. Runs sandboxed, so this is bundled into one CommonJS file
 * whose only require is 'electron'; it imports the zod-free channel table only (src/shared/ipc/channels).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  API_KEY,
  invokeMethods,
  isEventChannel,
  type DashboardApi,
  type EventChannel,
  type EventPayloads,
  type InvokeMethods,
} from '../shared/ipc/channels';

type IpcLike = Pick<typeof ipcRenderer, 'invoke' | 'on' | 'removeListener'>;

function invokers(ipc: IpcLike): InvokeMethods {
  const methods: Record<string, (args?: unknown) => Promise<unknown>> = {};
  for (const [channel, method] of Object.entries(invokeMethods)) {
    // Only the first argument is forwarded: extra arguments a caller sneaks in never reach main.
    methods[method] = (args?: unknown) => ipc.invoke(channel, args);
  }
  // Built from the same table DashboardApi is derived from, so every key is there by construction.
  return methods as InvokeMethods;
}

export function buildApi(ipc: IpcLike): DashboardApi {
  const on = <E extends EventChannel>(
    event: E,
    listener: (payload: EventPayloads[E]) => void,
  ): (() => void) => {
    if (!isEventChannel(event)) throw new Error(`Unknown event: ${String(event)}`);
    if (typeof listener !== 'function') throw new Error('listener must be a function');
    // The IpcRendererEvent (with its sender) stays here; the page only gets the payload.
    const wrapped = (_event: IpcRendererEvent, payload: EventPayloads[E]) => listener(payload);
    ipc.on(event, wrapped);
    return () => {
      ipc.removeListener(event, wrapped);
    };
  };
  return Object.freeze({ ...invokers(ipc), on } satisfies DashboardApi);
}

contextBridge.exposeInMainWorld(API_KEY, buildApi(ipcRenderer));
