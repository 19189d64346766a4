/**
 * The renderer's only door to main: one method per invoke channel of the contract, plus `on` for the
 * declared events. No raw ipcRenderer, no send/sendSync, no channel the contract does not name.
 * Runs sandboxed, so this is bundled into one CommonJS file whose only require is 'electron'.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { API_KEY, EVENT_CHANNELS, invokeChannels, type DashboardApi, type EventChannel } from '../shared/ipc/contract';

type IpcLike = Pick<typeof ipcRenderer, 'invoke' | 'on' | 'removeListener'>;

export function buildApi(ipc: IpcLike): DashboardApi {
  const methods: Record<string, (args?: unknown) => Promise<unknown>> = {};
  for (const [channel, { method }] of Object.entries(invokeChannels)) {
    // Only the first argument is forwarded: extra arguments a caller sneaks in never reach main.
    methods[method] = (args?: unknown) => ipc.invoke(channel, args);
  }
  const on = (event: EventChannel, listener: (payload: unknown) => void): (() => void) => {
    if (!(EVENT_CHANNELS as readonly string[]).includes(event)) throw new Error(`Unknown event: ${String(event)}`);
    if (typeof listener !== 'function') throw new Error('listener must be a function');
    // The IpcRendererEvent (with its sender) stays here; the page only gets the payload.
    const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipc.on(event, wrapped);
    return () => {
      ipc.removeListener(event, wrapped);
    };
  };
  return Object.freeze({ ...methods, on }) as unknown as DashboardApi;
}

contextBridge.exposeInMainWorld(API_KEY, buildApi(ipcRenderer));
